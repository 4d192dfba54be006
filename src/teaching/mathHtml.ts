/**
 * A {@link Formula} as HTML with KaTeX (the bundled `katex` package, no network): the rendered
 * formula inside a `role="math"` element whose `aria-label` is the formula's screen-reader words.
 * `htmlAndMathml` (the Explain pages, the panel) needs KaTeX's CSS and fonts and adds MathML; `mathml`
 * (the handout) needs neither, as browsers render MathML Core themselves. Pure: no `vscode`, no DOM.
 */
import katex from 'katex';
import type { Formula } from './formulas';
import { parseMathFence } from './mathMarkdown';
import { escapeHtml } from './text';

export interface MathHtmlOptions {
  /** A block of its own (display style) or inside a line. */
  readonly display?: boolean;
  readonly output?: 'htmlAndMathml' | 'mathml';
  /** Tests render with true; the views fall back to the formula's text instead of failing. */
  readonly throwOnError?: boolean;
}

/** The formula rendered by KaTeX, labelled for screen readers; its Unicode text when KaTeX cannot render it. */
export function formulaHtml(f: Formula, options: MathHtmlOptions = {}): string {
  const tag = options.display ? 'div' : 'span';
  let body: string;
  try {
    body = katex.renderToString(f.tex, { displayMode: options.display ?? false, output: options.output ?? 'htmlAndMathml', throwOnError: true, strict: 'error' });
  } catch (error) {
    if (options.throwOnError) throw error;
    body = escapeHtml(f.text.replace(/\*\*/g, ''));
  }
  return `<${tag} class="gradlens-math" role="math" aria-label="${escapeHtml(f.speech)}">${body}</${tag}>`;
}

/** A fenced formula block's content as HTML (display style); undefined when the content is not a formula. */
export function mathFenceHtml(content: string, options: Omit<MathHtmlOptions, 'display'> = {}): string | undefined {
  const f = parseMathFence(content);
  return f && formulaHtml(f, { ...options, display: true });
}
