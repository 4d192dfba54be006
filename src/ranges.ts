/** Converts the model module's source ranges to VS Code ranges (both count lines and columns from 0). */
import * as vscode from 'vscode';
import type { SourceRange } from './model/types';

export function toRange(range: SourceRange): vscode.Range {
  return new vscode.Range(range.start.line, range.start.character, range.end.line, range.end.character);
}

/** The empty range at the start of a source range's first line, where a CodeLens belongs. */
export function lineStart(range: SourceRange): vscode.Range {
  return new vscode.Range(range.start.line, 0, range.start.line, 0);
}
