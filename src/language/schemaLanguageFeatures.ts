/**
 * Completion and hover from `schemas/nn.schema.json` for model files, with comments allowed.
 *
 * VS Code's own JSON server reports comments as errors in every language but `jsonc` (in 1.100 its
 * validation ignores the `jsonLanguageParticipants` "comments" flag), so instead of participating in
 * it GradLens runs the same library on its own language (see schemaLanguageService.ts). Validation
 * stays with GradLens's model reader, which reports every problem at its exact place.
 */
import * as vscode from 'vscode';
import type { CompletionItem as LspCompletionItem, MarkupContent, MarkedString } from 'vscode-json-languageservice';
import type { SchemaService } from './schemaLanguageService';

const INSERT_AS_SNIPPET = 2;

type LspRange = { start: { line: number; character: number }; end: { line: number; character: number } };

function toRange(range: LspRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The schema's Markdown as a MarkdownString that runs no command links and renders no HTML. */
function toMarkdown(content: string | MarkupContent | MarkedString | undefined): vscode.MarkdownString | undefined {
  if (content === undefined) return undefined;
  const markdown = typeof content === 'string' ? new vscode.MarkdownString(content)
    : 'kind' in content ? new vscode.MarkdownString(content.value)
      : new vscode.MarkdownString().appendCodeblock(content.value, content.language);
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return markdown;
}

/** Converts one completion item of the JSON language service to VS Code's. */
export function toCompletionItem(item: LspCompletionItem): vscode.CompletionItem {
  const result = new vscode.CompletionItem(item.label, item.kind !== undefined ? item.kind - 1 : undefined);
  const text = item.textEdit?.newText ?? item.insertText ?? item.label;
  result.insertText = item.insertTextFormat === INSERT_AS_SNIPPET ? new vscode.SnippetString(text) : text;
  if (item.textEdit && 'range' in item.textEdit) result.range = toRange(item.textEdit.range);
  result.detail = item.detail;
  result.documentation = toMarkdown(item.documentation);
  result.filterText = item.filterText;
  result.sortText = item.sortText;
  return result;
}

/**
 * Completion and hover for model files; `load` gives the schema service (loaded on first use), which
 * answers every call on the same document version from that version's one parse.
 */
export class SchemaLanguageFeatures implements vscode.CompletionItemProvider, vscode.HoverProvider {
  private service: SchemaService | undefined;

  constructor(private readonly load: () => SchemaService) {}

  /** Called by VS Code when the person asks for completion in a model file. */
  async provideCompletionItems(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
    const list = await this.schema().complete(document.uri.toString(), document.version, () => document.getText(), position);
    return (list?.items ?? []).map(toCompletionItem);
  }

  /** Called by VS Code on hover: the schema's description of the key or value under the pointer. */
  async provideHover(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.Hover | undefined> {
    const hover = await this.schema().hover(document.uri.toString(), document.version, () => document.getText(), position);
    if (!hover) return undefined;
    const parts = (Array.isArray(hover.contents) ? hover.contents : [hover.contents]).map(toMarkdown).filter((m): m is vscode.MarkdownString => !!m);
    return parts.length > 0 ? new vscode.Hover(parts, hover.range ? toRange(hover.range) : undefined) : undefined;
  }

  private schema(): SchemaService {
    this.service ??= this.load();
    return this.service;
  }
}
