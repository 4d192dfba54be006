/** Hands the lenses of `modelLenses` to VS Code, and refreshes them when an analysis, the depth or a setting changes. */
import * as vscode from 'vscode';
import type { DocumentAnalyses } from '../session/documentAnalyses';
import type { DepthLevelState } from '../teaching/depthLevel';
import { modelLenses } from './modelLenses';
import { stepThroughLens } from './stepThroughLens';
import type { PhaseView } from '../worker/teaching/stepThrough';

/** The stop on screen while a document is stepped through (the panel data source keeps it). */
export interface StepThroughViews {
  stepThroughView(uri: string): PhaseView | undefined;
  readonly onDidStepThrough: vscode.Event<{ uri: string }>;
}
import { lineStart } from '../ranges';

export class ModelCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly subscriptions: vscode.Disposable[];
  readonly onDidChangeCodeLenses = this.emitter.event;

  constructor(
    private readonly analyses: DocumentAnalyses,
    private readonly depth: DepthLevelState,
    private readonly enabled: () => boolean,
    private readonly stepThrough?: StepThroughViews,
  ) {
    this.subscriptions = [
      analyses.onDidChange(() => this.emitter.fire()),
      depth.onDidChange(() => this.emitter.fire()),
      ...(stepThrough ? [stepThrough.onDidStepThrough(() => this.emitter.fire())] : []),
    ];
  }

  /** Called by the configuration listener when `gradlens.codeLens.enabled` changes. */
  refresh(): void {
    this.emitter.fire();
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!this.enabled()) return [];
    const state = this.analyses.get(document.uri.toString());
    if (!state?.outcome || state.version !== document.version) return [];
    const { analysis, diagnostics } = state.outcome;
    if (analysis) {
      const uri = document.uri.toString();
      const lenses = modelLenses(uri, analysis, this.depth.current);
      const stop = stepThroughLens(uri, analysis, this.stepThrough?.stepThroughView(uri), this.depth.current);
      return stop ? [stop, ...lenses] : lenses;
    }
    const errors = diagnostics.filter((d) => d.severity === 'error');
    if (errors.length === 0) return [];
    const first = errors[0];
    const title = errors.length === 1
      ? vscode.l10n.t('✗ 1 problem to fix before GradLens can analyse this model (line {0})', first.range.start.line + 1)
      : vscode.l10n.t('✗ {0} problems to fix before GradLens can analyse this model (first: line {1})', errors.length, first.range.start.line + 1);
    return [new vscode.CodeLens(lineStart(first.range), { title, command: 'workbench.actions.view.problems' })];
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.emitter.dispose();
  }
}
