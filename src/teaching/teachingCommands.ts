/**
 * `gradlens.compareLosses` (Squared Error versus Cross-Entropy, a Markdown page beside the editor) and
 * `gradlens.exportHandout` (the lecture handout, one HTML file written next to the model file, only
 * when asked). Both run the engine in the extension host on the model read again from the document,
 * in bounded steps that yield to the event loop, behind a cancellable progress notification.
 */
import * as vscode from 'vscode';
import { Network } from '../engine';
import type { Analysis } from '../analysis/types';
import { toNetworkSpec, type ModelFile } from '../model/types';
import { networkFromAnalysis } from './analysisNetwork';
import { analysisHoldsAllSamples, explainGradient } from './chainRule';
import { buildHandout, handoutTargets } from './handout';
import {
  currentAnalysis, noAnalysisMessage, targetDocument, type HostModels, type TeachingAnalyses, type TeachingDocuments,
} from './hostModel';
import { compareLosses, comparisonOutputKind, lossCurve, trainingCurves, type TrainingCurves } from './lossComparison';
import { lossComparisonMarkdown } from './lossComparisonMarkdown';
import { MarkdownPages } from './markdownPages';
import { pathKind, writeFilesAsked } from '../commands/safeWrite';

export const COMPARE_SCHEME = 'gradlens-compare';

export interface TeachingCommandDeps {
  readonly analyses: TeachingAnalyses;
  readonly documents: TeachingDocuments;
  readonly models: HostModels;
}

export interface CompareLossesDeps extends TeachingCommandDeps {
  /** Told of both training curves (the gradient panel overlays them). */
  readonly onCurves?: (uri: string, curves: TrainingCurves) => void;
}

const yieldToEventLoop = () => new Promise<void>((resolve) => setTimeout(resolve, 0));

/** The document's analysis and its model read in the host, when both describe the same text. */
async function analysedModel(deps: TeachingCommandDeps, arg: unknown): Promise<{ document: vscode.TextDocument; analysis: Analysis; model: ModelFile } | undefined> {
  const document = targetDocument(deps.documents, arg);
  if (!document) {
    void vscode.window.showInformationMessage('GradLens: open a model file (*.nn.json) first.');
    return undefined;
  }
  const { analysis, state } = await currentAnalysis(deps.analyses, document);
  const model = deps.models.load(document).session?.model;
  if (!analysis || !model) {
    void vscode.window.showWarningMessage(noAnalysisMessage(state));
    return undefined;
  }
  if (state?.version !== document.version) {
    void vscode.window.showInformationMessage('GradLens: the model file changed while it was analysed; run the command again in a moment.');
    return undefined;
  }
  return { document, analysis, model };
}

function modelBase(uri: vscode.Uri): string {
  return (uri.path.split('/').pop() ?? 'model').replace(/\.nn\.json$/i, '').replace(/\.json$/i, '');
}

/** The compare pages hold the text made when the command ran (training curves are too dear to redo on every refresh). */
export function registerCompareLosses(deps: CompareLossesDeps): vscode.Disposable[] {
  const texts = new Map<string, string>();
  const pages = new MarkdownPages(COMPARE_SCHEME, (uri) => texts.get(uri.toString()) ?? '# Squared error versus cross-entropy\n\nThis page has expired: run **GradLens: Compare Squared Error and Cross-Entropy** again.\n');
  const command = vscode.commands.registerCommand('gradlens.compareLosses', async (arg?: unknown) => {
    const found = await analysedModel(deps, arg);
    if (!found) return undefined;
    const { document, analysis, model } = found;
    const current = networkFromAnalysis(analysis);
    if (!comparisonOutputKind(current)) {
      const last = analysis.layers[analysis.layers.length - 1];
      void vscode.window.showWarningMessage(`GradLens: cross-entropy compares probabilities, so the output layer must be sigmoid or softmax; "${last.name}" is ${last.activation}.`);
      return undefined;
    }
    const data = model.data.train;
    const comparison = compareLosses(current, data);
    const curves = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'GradLens: training under squared error and under cross-entropy', cancellable: true },
      (_progress, token) => {
        const signal = { aborted: false };
        token.onCancellationRequested(() => { signal.aborted = true; });
        return trainingCurves(Network.fromSpec(toNetworkSpec(model)), data, model.train, { signal, yieldToEventLoop, seed: model.seed });
      },
    );
    const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${modelBase(document.uri)}/squared error vs cross-entropy.md`, query: JSON.stringify({ uri: document.uri.toString() }) });
    if (!curves.cancelled) deps.onCurves?.(document.uri.toString(), curves);
    const text = lossComparisonMarkdown(comparison, { modelName: analysis.modelName, step: analysis.step, curves });
    texts.set(uri.toString(), text);
    await pages.show(uri, document.uri.toString());
    return text;
  });
  return [pages.register(), command, pages];
}

export function registerExportHandout(deps: TeachingCommandDeps): vscode.Disposable {
  return vscode.commands.registerCommand('gradlens.exportHandout', async (arg?: unknown) => {
    const found = await analysedModel(deps, arg);
    if (!found) return undefined;
    const { document, analysis, model } = found;
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'vscode-remote') {
      void vscode.window.showWarningMessage('GradLens: save the model file first; the handout is written next to it.');
      return undefined;
    }
    const base = modelBase(document.uri);
    const target = document.uri.with({ path: `${document.uri.path.replace(/[^/]*$/, '')}${base}.handout.html` });
    // Asked before the work: a link is refused, an existing handout needs 'Overwrite'; the path is looked
    // at again when the handout is written.
    const kind = await pathKind(target);
    if (kind === 'symlink' || kind === 'other') {
      void vscode.window.showErrorMessage(`GradLens: ${base}.handout.html is ${kind === 'symlink' ? 'a symbolic link: GradLens does not write through links (it would change the file the link points to)' : 'not a regular file'}. Nothing was written.`);
      return undefined;
    }
    if (kind === 'file') {
      const answer = await vscode.window.showWarningMessage(`${base}.handout.html already exists next to the model file. Overwrite it?`, { modal: true }, 'Overwrite');
      if (answer !== 'Overwrite') return undefined;
    }
    const data = model.data.train;
    const html = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'GradLens: making the lecture handout', cancellable: true },
      async (_progress, token) => {
        const signal = { aborted: false };
        token.onCancellationRequested(() => { signal.aborted = true; });
        const needsData = !analysisHoldsAllSamples(analysis);
        const explanations = handoutTargets(analysis).map((t) => explainGradient(analysis, t, {
          ...(needsData ? { data } : {}), ...(model.data.featureNames ? { featureNames: model.data.featureNames } : {}),
        }));
        const initial = Network.fromSpec(toNetworkSpec(model));
        const options = { signal, yieldToEventLoop, seed: model.seed, maxSteps: 500 };
        let extraCurve;
        if (analysis.history.length < 2) {
          const curve = await lossCurve(initial, data, model.loss, model.train, options);
          extraCurve = { points: curve.points, note: `A training run of ${curve.steps} steps from the initial weights, made for this handout${curve.note ? ` (${curve.note})` : ''}.` };
        }
        const current = networkFromAnalysis(analysis);
        const comparison = comparisonOutputKind(current)
          ? { comparison: compareLosses(current, data), curves: await trainingCurves(initial, data, model.train, options) }
          : undefined;
        if (signal.aborted) return undefined;
        return buildHandout({
          analysis, explanations, train: model.train,
          ...(comparison ? { comparison } : {}), ...(extraCurve ? { extraCurve } : {}),
          generatedAt: new Date().toISOString().slice(0, 10),
        });
      },
    );
    if (html === undefined) return undefined;
    const content = new TextEncoder().encode(html);
    if (!(await writeFilesAsked([{ uri: target, name: `${base}.handout.html`, content }], { overwriteAgreed: kind === 'file' }))) return undefined;
    const open = await vscode.window.showInformationMessage(`GradLens wrote ${base}.handout.html next to the model file.`, 'Open in Browser');
    if (open === 'Open in Browser') await vscode.env.openExternal(target);
    return target;
  });
}
