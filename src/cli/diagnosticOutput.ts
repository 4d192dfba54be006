/**
 * A file's diagnostics as the command-line tool prints them: one line each,
 * `FILE:LINE:COL: severity: message [code]` (the form editors and CI systems link to), with the
 * model-derived parts escaped and cut for the terminal; and as JSON objects with 1-based positions.
 */
import type { PlainDiagnostic } from '../analysis/diagnosticList';
import { cut, escapeTerminal } from '../shared/escape';

/** The longest message printed whole: our own messages are shorter; one quoting a huge name is cut. */
export const MAX_MESSAGE = 2000;

/** Model-derived text made safe for a terminal: control characters visible, text longer than `max` cut (with its length). */
export function safe(text: string, max?: number): string {
  return escapeTerminal(cut(text, max));
}

/** A diagnostic as JSON: the file as given, 1-based line and column (UTF-16 units, as VS Code counts). */
export interface JsonDiagnostic {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  readonly message: string;
}

export function jsonDiagnostic(file: string, d: PlainDiagnostic): JsonDiagnostic {
  return {
    file,
    line: d.range.start.line + 1, column: d.range.start.character + 1,
    endLine: d.range.end.line + 1, endColumn: d.range.end.character + 1,
    severity: d.severity, code: d.code, message: d.message,
  };
}

/** A problem of the file itself (unreadable, over a budget), at 1:1. */
export function fileProblem(code: string, message: string): PlainDiagnostic {
  const at = { line: 0, character: 0 };
  return { range: { start: at, end: at, startOffset: 0, endOffset: 0 }, severity: 'error', code, message, origin: 'model' };
}

export function diagnosticLine(file: string, d: PlainDiagnostic): string {
  const severity = d.severity === 'info' ? 'information' : d.severity;
  return `${safe(file)}:${d.range.start.line + 1}:${d.range.start.character + 1}: ${severity}: ${safe(d.message, MAX_MESSAGE)} [${safe(d.code)}]`;
}

export function diagnosticLines(file: string, diagnostics: readonly PlainDiagnostic[]): string {
  return diagnostics.map((d) => `${diagnosticLine(file, d)}\n`).join('');
}

/** Warnings count as failures under --strict; errors always do (they make the file invalid). */
export function hasWarnings(diagnostics: readonly PlainDiagnostic[]): boolean {
  return diagnostics.some((d) => d.severity === 'warning');
}
