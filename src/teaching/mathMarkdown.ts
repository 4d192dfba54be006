/**
 * How a formula travels inside a teaching page's Markdown. In `text` mode (the default: the CLI, the
 * walkthrough, tests of the words) a formula is its Unicode text, as the pages always wrote it. In
 * `katex` mode (the Explain pages in VS Code's Markdown preview, the handout) it is a fenced block
 * of the info string {@link MATH_FENCE} holding the formula as JSON (TeX, text, speech): GradLens's
 * Markdown-it plugin (src/teaching/markdownMath.ts) and the handout's Markdown subset render exactly
 * these blocks with KaTeX, so nobody else's Markdown (and no `$…$`, which VS Code's own math
 * extension renders) is touched. Pure: no `vscode`.
 */
import type { Formula } from './formulas';

/** What a page does with its formulas. */
export type MathMode = 'text' | 'katex';

/** The info string of a fenced formula block. */
export const MATH_FENCE = 'gradlens-math';

/** A formula as page lines: `- text` (or `text` when `bullet` is false), or a fenced block with blank lines around it. */
export function formulaLines(f: Formula, mode: MathMode, bullet = true): string[] {
  if (mode === 'text') return [bullet ? `- ${f.text}` : f.text];
  return ['', `\`\`\`${MATH_FENCE}`, JSON.stringify({ tex: f.tex, text: f.text, speech: f.speech }), '```', ''];
}

/** The formula of a fenced block's content, or undefined when it is not one. */
export function parseMathFence(content: string): Formula | undefined {
  try {
    const value = JSON.parse(content) as Partial<Formula>;
    if (typeof value.tex === 'string' && typeof value.text === 'string' && typeof value.speech === 'string') return { tex: value.tex, text: value.text, speech: value.speech };
  } catch {
    // not a formula block
  }
  return undefined;
}

/** Joins page lines, folding the runs of blank lines that fenced formulas leave into one. */
export function joinPage(lines: readonly string[]): string {
  return lines.join('\n').replace(/\n{3,}/g, '\n\n');
}
