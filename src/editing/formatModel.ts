/**
 * Format Document for model files: jsonc-parser's `format` (comments kept where they stand), then,
 * when asked, short arrays of numbers written back on one line, the way teachers write weights and
 * data (`[[0.15, 0.20], [0.25, 0.30]]`, not one number per line).
 *
 * Stable: formatting a formatted text changes nothing. Each number keeps its own spelling (`0.20`
 * stays `0.20`). An array with a comment inside is never joined. Plain TypeScript, no `vscode`.
 */
import { applyEdits, createScanner, format, parseTree, type Node } from 'jsonc-parser';
import { Token } from './tokens';

export interface ModelFormatOptions {
  readonly tabSize: number;
  readonly insertSpaces: boolean;
  /** Line ending of the document. */
  readonly eol: '\n' | '\r\n';
  /** Keep arrays of numbers (and arrays of such arrays) on one line when they fit in `lineWidth`. */
  readonly keepShortNumberArrays: boolean;
  /** The widest line a joined array may make (columns, a tab counted as `tabSize`). */
  readonly lineWidth?: number;
}

export const DEFAULT_LINE_WIDTH = 100;

/** The formatted text of a model file (the text itself when it has nothing to change). */
export function formatModelText(text: string, options: ModelFormatOptions): string {
  const formatted = applyEdits(text, format(text, undefined, {
    tabSize: options.tabSize,
    insertSpaces: options.insertSpaces,
    eol: options.eol,
    // A file that ends its last line keeps doing so (the examples do); one that does not stays so.
    insertFinalNewline: /\n\s*$/.test(text),
    keepLines: false,
  }));
  return options.keepShortNumberArrays ? joinShortNumberArrays(formatted, options) : formatted;
}

/** One replacement that turns `text` into `formatted`: the changed middle only, so the cursor stays put elsewhere. */
export function minimalEdit(text: string, formatted: string): { offset: number; length: number; newText: string } | undefined {
  if (text === formatted) return undefined;
  let start = 0;
  const shorter = Math.min(text.length, formatted.length);
  while (start < shorter && text[start] === formatted[start]) start++;
  let end = 0;
  while (end < shorter - start && text[text.length - 1 - end] === formatted[formatted.length - 1 - end]) end++;
  return { offset: start, length: text.length - start - end, newText: formatted.slice(start, formatted.length - end) };
}

function joinShortNumberArrays(text: string, options: ModelFormatOptions): string {
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  if (!root) return text;
  const width = options.lineWidth ?? DEFAULT_LINE_WIDTH;
  const replacements: { offset: number; length: number; newText: string }[] = [];
  const visit = (node: Node): void => {
    if (node.type === 'array' && isNumberArray(node, 2) && !hasComment(text, node)) {
      const joined = oneLine(text, node);
      if (column(text, node.offset, options.tabSize) + joined.length + trailerLength(text, node) <= width) {
        replacements.push({ offset: node.offset, length: node.length, newText: joined });
        return;
      }
    }
    node.children?.forEach(visit);
  };
  visit(root);
  // Later replacements first, so the offsets of earlier ones stay right.
  let result = text;
  for (const r of replacements.sort((a, b) => b.offset - a.offset)) {
    result = result.slice(0, r.offset) + r.newText + result.slice(r.offset + r.length);
  }
  return result;
}

/** An array of numbers, or (depth > 1) an array of such arrays; an empty array counts. */
function isNumberArray(node: Node, depth: number): boolean {
  if (node.type !== 'array') return false;
  const children = node.children ?? [];
  return children.every((child) => child.type === 'number') || (depth > 1 && children.every((child) => isNumberArray(child, depth - 1)));
}

function oneLine(text: string, node: Node): string {
  if (node.type !== 'array') return text.slice(node.offset, node.offset + node.length);
  return `[${(node.children ?? []).map((child) => oneLine(text, child)).join(', ')}]`;
}

function hasComment(text: string, node: Node): boolean {
  const scanner = createScanner(text.slice(node.offset, node.offset + node.length), false);
  for (let kind: number = scanner.scan(); kind !== Token.EndOfText; kind = scanner.scan() as number) {
    if (kind === Token.LineComment || kind === Token.BlockComment) return true;
  }
  return false;
}

/** The column of `offset` on its line, a tab counted as tabSize columns. */
function column(text: string, offset: number, tabSize: number): number {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  let col = 0;
  for (let i = lineStart; i < offset; i++) col += text[i] === '\t' ? tabSize - (col % tabSize) : 1;
  return col;
}

/** What follows the array on its closing line (`,` or `}` …), which the joined line also carries. */
function trailerLength(text: string, node: Node): number {
  const end = node.offset + node.length;
  const lineEnd = text.indexOf('\n', end);
  return (lineEnd < 0 ? text.slice(end) : text.slice(end, lineEnd)).replace(/\r$/, '').length;
}
