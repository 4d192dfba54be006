/**
 * Maps validation problems and analysis warnings to VS Code diagnostics (source `gradlens`, each
 * with its code), together with the quick fix that goes with each one, when the fix is obvious. At
 * teaching depth 1 (Drive) a warning speaks without derivatives (`driveMessage`): same place, same
 * severity, same quick fix.
 */
import * as vscode from 'vscode';
import type { AnalysisOutcome, AnalysisWarning } from '../analysis/types';
import { driveCode, driveMessage } from '../analysis/warningText';
import type { DepthLevel } from '../shared/protocol';
import type { ModelDiagnostic, ModelSeverity } from '../model/types';
import { toRange } from '../ranges';

/** A text replacement that fixes a diagnostic. */
export interface QuickFix {
  readonly title: string;
  readonly range: vscode.Range;
  readonly newText: string;
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

function make(range: vscode.Range, message: string, severity: ModelSeverity, code: string): vscode.Diagnostic {
  const d = new vscode.Diagnostic(range, message, SEVERITY[severity]);
  d.source = 'gradlens';
  d.code = code;
  return d;
}

function fromModel(problem: ModelDiagnostic): DiagnosticWithFix {
  const range = toRange(problem.range);
  const diagnostic = make(range, problem.message, problem.severity, problem.code);
  const replacement = problem.data?.suggestion;
  const fix = replacement === undefined ? undefined : { title: problem.data?.fixTitle ?? `Replace with ${replacement}`, range: problem.data?.fixRange ? toRange(problem.data.fixRange) : range, newText: replacement };
  return { diagnostic, fix };
}

function fromWarning(warning: AnalysisWarning, depth: DepthLevel): DiagnosticWithFix {
  const range = toRange(warning.range);
  // The engine's message already says what usually helps; the general fix text would repeat it.
  const message = (depth === 1 ? driveMessage(warning) : undefined) ?? warning.message;
  const diagnostic = make(range, message, warning.severity, depth === 1 ? driveCode(warning.code) : warning.code);
  const fix = warning.quickFix
    ? { title: warning.quickFix.title, range: toRange(warning.quickFix.range), newText: warning.quickFix.newText }
    : undefined;
  return { diagnostic, fix };
}

/** More problems than this in one file are summarised, so a mangled file cannot flood the Problems panel. */
export const MAX_DIAGNOSTICS_PER_FILE = 500;

/** Every diagnostic of one document: validation problems first, then the analysis's warnings, worded for `depth`. */
export function modelDiagnostics(outcome: AnalysisOutcome, depth: DepthLevel = 3): DiagnosticWithFix[] {
  const all = [...outcome.diagnostics.map(fromModel), ...(outcome.analysis?.warnings ?? []).map((w) => fromWarning(w, depth))];
  if (all.length <= MAX_DIAGNOSTICS_PER_FILE) return all;
  const shown = all.slice(0, MAX_DIAGNOSTICS_PER_FILE - 1);
  const last = all[MAX_DIAGNOSTICS_PER_FILE - 1].diagnostic;
  const summary = make(last.range, `…and ${all.length - shown.length} more problems; fix the ones above first.`, 'error', 'too-many-problems');
  return [...shown, { diagnostic: summary }];
}
