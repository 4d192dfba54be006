/**
 * The few lines of markdown-it (the renderer of VS Code's Markdown preview; here from @vscode/vsce's
 * dependencies) the tests of GradLens's preview plugin use.
 */
declare module 'markdown-it' {
  interface Token { readonly info: string; readonly content: string }
  type FenceRule = (tokens: Token[], index: number, options: unknown, env: unknown, self: { renderToken(tokens: Token[], index: number, options: unknown): string }) => string;
  export default class MarkdownIt {
    constructor(options?: { html?: boolean });
    readonly renderer: { rules: { fence?: FenceRule } };
    render(source: string): string;
  }
}
