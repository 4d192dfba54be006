/**
 * Maps a document's diagnostics (src/analysis/diagnosticList.ts: validation problems and analysis
 * warnings, the same list the command-line tool prints) to VS Code diagnostics (source `gradlens`,
 * each with its code), together with the quick fix that goes with each one, when the fix is obvious.
 * At teaching depth 1 (Drive) a warning speaks without derivatives: same place, severity and quick fix.
 */
import * as vscode from 'vscode';
import type { AnalysisOutcome } from '../analysis/types';
import { diagnosticList, type PlainDiagnostic } from '../analysis/diagnosticList';
import type { DepthLevel } from '../shared/protocol';
import type { ModelSeverity } from '../model/types';
import { toRange } from '../ranges';

export { MAX_DIAGNOSTICS_PER_FILE } from '../analysis/diagnosticList';

/** A text replacement that fixes a diagnostic (with `moreEdits`, several applied as one edit). */
export interface QuickFix {
  readonly title: string;
  readonly range: vscode.Range;
  readonly newText: string;
  readonly moreEdits?: readonly { readonly range: vscode.Range; readonly newText: string }[];
}

export interface DiagnosticWithFix {
  readonly diagnostic: vscode.Diagnostic;
  readonly fix?: QuickFix;
}

const SEVERITY: Record<ModelSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function toVscode(plain: PlainDiagnostic): DiagnosticWithFix {
  const diagnostic = new vscode.Diagnostic(toRange(plain.range), plain.message, SEVERITY[plain.severity]);
  diagnostic.source = 'gradlens';
  diagnostic.code = plain.code;
  const more = plain.fix?.moreEdits?.map((e) => ({ range: toRange(e.range), newText: e.newText }));
  const fix = plain.fix ? { title: plain.fix.title, range: toRange(plain.fix.range), newText: plain.fix.newText, ...(more ? { moreEdits: more } : {}) } : undefined;
  return { diagnostic, fix };
}

/** Every diagnostic of one document: validation problems first, then the analysis's warnings, worded for `depth`. */
export function modelDiagnostics(outcome: AnalysisOutcome, depth: DepthLevel = 3): DiagnosticWithFix[] {
  return diagnosticList(outcome, depth).map(toVscode);
}
