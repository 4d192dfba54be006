/**
 * Run, Train, Step, Pause, Reset and Run Gradient Check: each acts on the model file given as
 * argument (a lens or the panel passes its uri) or on the current one.
 */
import * as vscode from 'vscode';
import type { DocumentAnalyses, DocumentState } from '../session/documentAnalyses';
import { snapshotOf, type ModelDocuments } from '../session/modelDocuments';
import { formatScientific, formatValue } from '../shared/format';
import { modelSeed, type LectureListener } from '../teaching/lectureTimeline';

export interface TrainingCommandDeps {
  readonly analyses: DocumentAnalyses;
  readonly documents: ModelDocuments;
  /** Told of every training run, step and reset (the lecture recorder). */
  readonly lecture?: LectureListener;
}

/** The loss and step counter of a state that is the document's current version. */
function trainedAt(state: DocumentState | undefined, document: vscode.TextDocument): { loss: number; step: number } | undefined {
  const a = state?.outcome?.analysis;
  return a && state?.version === document.version ? { loss: a.loss, step: a.step } : undefined;
}

/** A command argument may be a uri string, a `vscode.Uri` (editor title) or `{ uri }` (lenses). */
export function uriArgument(arg: unknown): string | undefined {
  if (typeof arg === 'string') return arg;
  if (arg instanceof vscode.Uri) return arg.toString();
  if (arg && typeof arg === 'object' && typeof (arg as { uri?: unknown }).uri === 'string') return (arg as { uri: string }).uri;
  return undefined;
}

function requireDocument(deps: TrainingCommandDeps, arg: unknown): vscode.TextDocument | undefined {
  const document = deps.documents.target(uriArgument(arg));
  if (!document) void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: open a model file (*.nn.json) first.'));
  return document;
}

function reportProblem(state: DocumentState | undefined): boolean {
  if (state?.error) {
    void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: {0}', state.error));
    return true;
  }
  if (state?.outcome && !state.outcome.analysis) {
    const errors = state.outcome.diagnostics.filter((d) => d.severity === 'error').length;
    void vscode.window.showWarningMessage(errors === 1
      ? vscode.l10n.t('GradLens: the model file has 1 problem; see the Problems panel.')
      : vscode.l10n.t('GradLens: the model file has {0} problems; see the Problems panel.', errors));
    return true;
  }
  return false;
}

async function setTraining(value: boolean): Promise<void> {
  await vscode.commands.executeCommand('setContext', 'gradlens.training', value);
}

export function registerTrainingCommands(deps: TrainingCommandDeps): vscode.Disposable[] {
  const { analyses } = deps;
  return [
    vscode.commands.registerCommand('gradlens.run', async (arg?: unknown) => {
      const document = requireDocument(deps, arg);
      if (!document) return;
      reportProblem(await analyses.analyse(snapshotOf(document), true));
    }),

    vscode.commands.registerCommand('gradlens.step', async (arg?: unknown) => {
      const document = requireDocument(deps, arg);
      if (!document) return;
      const state = await analyses.train(snapshotOf(document), { steps: 1 });
      const trained = reportProblem(state) ? undefined : trainedAt(state, document);
      if (trained) deps.lecture?.record(document.uri.toString(), { kind: 'step', ...trained });
    }),

    vscode.commands.registerCommand('gradlens.train', async (arg?: unknown, options?: { epochs?: number; learningRate?: number; steps?: number }) => {
      const document = requireDocument(deps, arg);
      if (!document) return;
      const uri = document.uri.toString();
      // An edited file starts over from its initial parameters (step 0).
      const stepBefore = trainedAt(analyses.get(uri), document)?.step ?? 0;
      await setTraining(true);
      try {
        const state = await vscode.window.withProgress(
          { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('GradLens: training'), cancellable: true },
          async (progress, token) => {
            token.onCancellationRequested(() => analyses.pause(uri));
            let reported = 0;
            const listener = analyses.onDidTrainingProgress((e) => {
              if (e.uri !== uri || e.totalSteps <= 0) return;
              const fraction = (e.step / e.totalSteps) * 100;
              const last = e.points[e.points.length - 1];
              progress.report({ increment: fraction - reported, message: `step ${e.step} of ${e.totalSteps}${last ? ` · loss ${formatValue(last.loss, 4)}` : ''}` });
              reported = fraction;
            });
            try {
              return await analyses.train(snapshotOf(document), options ?? {});
            } finally {
              listener.dispose();
            }
          });
        if (!reportProblem(state) && state?.outcome?.analysis) {
          const a = state.outcome.analysis;
          void vscode.window.setStatusBarMessage(`GradLens: loss ${formatValue(a.initialLoss, 4)} → ${formatValue(a.loss, 4)} after ${a.step} steps`, 5000);
          const trained = trainedAt(state, document);
          const seed = modelSeed(document.getText());
          if (trained) {
            deps.lecture?.record(uri, {
              kind: 'train', steps: trained.step - stepBefore, ...(options?.learningRate === undefined ? {} : { learningRate: options.learningRate }),
              ...(seed === undefined ? {} : { seed }), ...trained,
            });
          }
        }
      } finally {
        await setTraining(false);
      }
    }),

    vscode.commands.registerCommand('gradlens.pause', (arg?: unknown) => {
      const uri = uriArgument(arg) ?? deps.documents.current();
      if (uri) analyses.pause(uri);
    }),

    vscode.commands.registerCommand('gradlens.reset', async (arg?: unknown) => {
      const document = requireDocument(deps, arg);
      if (!document) return;
      if (!reportProblem(await analyses.reset(snapshotOf(document)))) deps.lecture?.record(document.uri.toString(), { kind: 'reset' });
    }),

    vscode.commands.registerCommand('gradlens.gradientCheck', async (arg?: unknown) => {
      const document = requireDocument(deps, arg);
      if (!document) return;
      const state = await analyses.analyse(snapshotOf(document));
      if (reportProblem(state) || !state?.outcome?.analysis) return;
      const check = state.outcome.analysis.gradcheck;
      const numbers = [check.status.toUpperCase(), formatScientific(check.maxRelError, 1), check.checked] as const;
      if (check.status === 'pass') void vscode.window.showInformationMessage(vscode.l10n.t('GradLens gradient check: {0} · largest relative error {1} over {2} entries', ...numbers));
      else void vscode.window.showWarningMessage(vscode.l10n.t('GradLens gradient check: {0} · largest relative error {1} over {2} entries. See the Problems panel for the layers concerned.', ...numbers));
    }),
  ];
}
