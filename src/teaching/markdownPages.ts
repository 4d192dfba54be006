/**
 * Read-only Markdown pages in a scheme of their own (`gradlens-explain:`, `gradlens-compare:`), shown
 * with VS Code's built-in Markdown preview: no extra webview, Unicode math, and a refresh whenever
 * the numbers behind a page change.
 */
import * as vscode from 'vscode';

/** How a page's text is made; called each time VS Code asks (after a refresh). */
export type PageRenderer = (uri: vscode.Uri) => string | Promise<string>;

export class MarkdownPages implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.emitter.event;
  /** Pages shown so far, by uri text: the uri and the model file they belong to. */
  private readonly pages = new Map<string, { readonly uri: vscode.Uri; readonly owner: string }>();

  constructor(
    readonly scheme: string,
    private readonly render: PageRenderer,
    private readonly maxPages = 64,
  ) {}

  /** Registers the content provider; dispose the result to unregister. */
  register(): vscode.Disposable {
    return vscode.workspace.registerTextDocumentContentProvider(this.scheme, this);
  }

  async provideTextDocumentContent(uri: vscode.Uri): Promise<string> {
    try {
      return await this.render(uri);
    } catch (error) {
      return `# GradLens could not make this page\n\n${String((error as Error)?.message ?? error)}\n`;
    }
  }

  /** Remembers a page (for refreshes) and opens it in the Markdown preview beside the editor. */
  async show(uri: vscode.Uri, owner: string): Promise<void> {
    const key = uri.toString();
    const known = this.pages.has(key);
    this.pages.delete(key);
    this.pages.set(key, { uri, owner });
    while (this.pages.size > this.maxPages) this.pages.delete(this.pages.keys().next().value as string);
    if (known) this.emitter.fire(uri);
    await vscode.commands.executeCommand('markdown.showPreviewToSide', uri);
  }

  /** Asks VS Code to read again every page of one model file (all pages when `owner` is undefined). */
  refresh(owner?: string): void {
    for (const page of this.pages.values()) if (owner === undefined || page.owner === owner) this.emitter.fire(page.uri);
  }

  /** Forgets a page VS Code closed. */
  forget(uri: vscode.Uri): void {
    this.pages.delete(uri.toString());
  }

  /** Pages remembered, for tests. */
  get size(): number {
    return this.pages.size;
  }

  dispose(): void {
    this.pages.clear();
    this.emitter.dispose();
  }
}
