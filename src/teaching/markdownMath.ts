/**
 * GradLens's Markdown-it plugin for VS Code's Markdown preview (the `markdown.markdownItPlugins`
 * contribution; `activate` returns `{ extendMarkdownIt }`): renders the fenced formula blocks of the
 * Explain pages ({@link MATH_FENCE}) with the bundled KaTeX, and leaves every other fence to the
 * renderer before it. Scoped to that one info string, so other people's Markdown is untouched and
 * nothing is rendered twice by VS Code's built-in math extension (which only reads `$…$`). The CSS and
 * fonts come from `markdown.previewStyles` (dist/katex/katex.min.css, fonts beside it). Works the
 * same in the Node and web extension hosts. Pure: no `vscode`.
 */
import { MATH_FENCE } from './mathMarkdown';
import { mathFenceHtml } from './mathHtml';

/** The part of a markdown-it instance this plugin uses (markdown-it's own types stay out of the bundle). */
export interface MarkdownItLike {
  readonly renderer: { rules: { fence?: FenceRule } };
}

interface FenceToken {
  readonly info: string;
  readonly content: string;
}

type FenceRule = (tokens: FenceToken[], index: number, options: unknown, env: unknown, self: { renderToken(tokens: FenceToken[], index: number, options: unknown): string }) => string;

/** Adds the formula fences to `md` and returns it, as VS Code expects of `extendMarkdownIt`. */
export function extendMarkdownIt<T extends MarkdownItLike>(md: T): T {
  const before = md.renderer.rules.fence;
  md.renderer.rules.fence = (tokens, index, options, env, self) => {
    const token = tokens[index];
    if (token.info.trim() === MATH_FENCE) {
      const html = mathFenceHtml(token.content);
      if (html !== undefined) return `${html}\n`;
    }
    return before ? before(tokens, index, options, env, self) : self.renderToken(tokens, index, options);
  };
  return md;
}
