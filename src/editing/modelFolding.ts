/**
 * Folding ranges of a model file: every object and array that spans lines (so a large `weights`
 * matrix or inline data folds to one line), and runs of comment lines. A folding provider replaces
 * VS Code's indentation folding, so it gives every range indentation would have. Plain TypeScript,
 * no `vscode`: zero-based lines.
 */
import { createScanner, parseTree, type Node } from 'jsonc-parser';
import { Token } from './tokens';

export interface ModelFold {
  readonly start: number;
  readonly end: number;
  readonly comment: boolean;
}

/** Folds, sorted by start line (zero-based lines, both ends included in what folds away under the first). */
export function modelFolds(text: string): ModelFold[] {
  const lineOf = lineIndex(text);
  const folds: ModelFold[] = [];
  const root = parseTree(text, [], { allowTrailingComma: true, disallowComments: false });
  const visit = (node: Node): void => {
    if (node.type === 'object' || node.type === 'array') {
      const start = lineOf(node.offset);
      // Like VS Code's JSON folding: the closing bracket's line stays visible.
      const end = lineOf(node.offset + node.length - 1) - 1;
      if (end > start) folds.push({ start, end, comment: false });
    }
    node.children?.forEach(visit);
  };
  if (root) visit(root);
  folds.push(...commentFolds(text, lineOf));
  return folds.sort((a, b) => a.start - b.start || b.end - a.end);
}

function commentFolds(text: string, lineOf: (offset: number) => number): ModelFold[] {
  const folds: ModelFold[] = [];
  const scanner = createScanner(text, false);
  let run: { start: number; end: number } | undefined;
  const close = () => {
    if (run && run.end > run.start) folds.push({ ...run, comment: true });
    run = undefined;
  };
  for (let kind: number = scanner.scan(); kind !== Token.EndOfText; kind = scanner.scan() as number) {
    if (kind === Token.LineComment) {
      const line = lineOf(scanner.getTokenOffset());
      if (run && line === run.end + 1) run.end = line;
      else { close(); run = { start: line, end: line }; }
    } else if (kind === Token.BlockComment) {
      close();
      const start = lineOf(scanner.getTokenOffset());
      const end = lineOf(scanner.getTokenOffset() + scanner.getTokenLength());
      if (end > start) folds.push({ start, end, comment: true });
    } else if (kind !== Token.Whitespace && kind !== Token.LineBreak) {
      close();
    }
  }
  close();
  return folds;
}

/** A function from an offset to its zero-based line. */
function lineIndex(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return (offset) => {
    let low = 0;
    let high = starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (starts[mid] <= offset) low = mid;
      else high = mid - 1;
    }
    return low;
  };
}
