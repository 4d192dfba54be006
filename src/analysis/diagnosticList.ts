/**
 * Every diagnostic of one model file, as plain data: the model reader's problems first (errors,
 * warnings, information), then the analysis's warnings, each with its range, severity, code, message
 * and obvious fix. The one mapping behind the editor's Problems panel (src/diagnostics/modelDiagnostics.ts
 * turns these into VS Code diagnostics) and the command-line tool's output and JSON, so both always list
 * the same things. No `vscode` import.
 */
import * as l10n from '@vscode/l10n';
import type { ModelDiagnostic, ModelSeverity, SourceRange } from '../model/types';
import type { DepthLevel } from '../shared/protocol';
import type { AnalysisOutcome, AnalysisWarning } from './types';
import { driveCode, driveMessage } from './warningText';

/** A text replacement that fixes a diagnostic (with `moreEdits`, several applied as one edit). */
export interface PlainQuickFix {
  readonly title: string;
  readonly range: SourceRange;
  readonly newText: string;
  readonly moreEdits?: readonly { readonly range: SourceRange; readonly newText: string }[];
}

export interface PlainDiagnostic {
  readonly range: SourceRange;
  readonly severity: ModelSeverity;
  readonly code: string;
  readonly message: string;
  /** `model`: the model reader's validation; `analysis`: a detector, the gradient check or training. */
  readonly origin: 'model' | 'analysis';
  readonly fix?: PlainQuickFix;
}

/** More problems than this in one file are summarised, so a mangled file cannot flood the Problems panel or a log. */
export const MAX_DIAGNOSTICS_PER_FILE = 500;

function fromModel(problem: ModelDiagnostic): PlainDiagnostic {
  const replacement = problem.data?.suggestion;
  const fix = replacement === undefined ? undefined
    : { title: problem.data?.fixTitle ?? l10n.t('Replace with {0}', replacement), range: problem.data?.fixRange ?? problem.range, newText: replacement };
  return { range: problem.range, severity: problem.severity, code: problem.code, message: problem.message, origin: 'model', ...(fix ? { fix } : {}) };
}

/** An analysis warning, worded for `depth` (at 1, Drive, without derivatives: same place, severity and fix). */
export function fromWarning(warning: AnalysisWarning, depth: DepthLevel = 3): PlainDiagnostic {
  // The engine's message already says what usually helps; the general fix text would repeat it.
  const message = (depth === 1 ? driveMessage(warning) : undefined) ?? warning.message;
  return {
    range: warning.range, severity: warning.severity, code: depth === 1 ? driveCode(warning.code) : warning.code, message, origin: 'analysis',
    ...(warning.quickFix ? { fix: { ...warning.quickFix } } : {}),
  };
}

/** Every diagnostic of one document: validation problems first, then the analysis's warnings, worded for `depth`. */
export function diagnosticList(outcome: AnalysisOutcome, depth: DepthLevel = 3): PlainDiagnostic[] {
  const all = [...outcome.diagnostics.map(fromModel), ...(outcome.analysis?.warnings ?? []).map((w) => fromWarning(w, depth))];
  if (all.length <= MAX_DIAGNOSTICS_PER_FILE) return all;
  const shown = all.slice(0, MAX_DIAGNOSTICS_PER_FILE - 1);
  const last = all[MAX_DIAGNOSTICS_PER_FILE - 1];
  return [...shown, {
    range: last.range, severity: 'error', code: 'too-many-problems', origin: last.origin,
    message: l10n.t('…and {0} more problems; fix the ones above first.', all.length - shown.length),
  }];
}
