/**
 * `gradlens.compareLosses` (Squared Error versus Cross-Entropy, a Markdown page beside the editor) and
 * `gradlens.exportHandout` (the lecture handout, one HTML file written next to the model file, only
 * when asked). The numbers and curves are worker requests (the worker trains in bounded slices and
 * stops when the progress notification's Cancel is pressed); here they become a page or a file.
 */
import * as vscode from 'vscode';
import type { Analysis } from '../analysis/types';
import { snapshotOf } from '../session/modelDocuments';
import { cancelSignalOf } from '../session/workerTeaching';
import { isProblem } from '../worker/workerProtocol';
import { buildHandout } from './handout';
import {
  currentAnalysis, noAnalysisMessage, targetDocument, type Teacher, type TeachingAnalyses, type TeachingDocuments,
} from './commandTargets';
import type { TrainingCurves } from '../worker/teaching/lossComparison';
import { lossComparisonMarkdown } from './lossComparisonMarkdown';
import { MarkdownPages } from './markdownPages';
import { pathKind, writeFilesAsked } from '../commands/safeWrite';
import { HOST_KIND } from '../platform/hostKind';
import type { RunComparison } from '../shared/runComparison';

function runComparisonOf(deps: ExportHandoutDeps, uri: string): { runComparison?: RunComparison } {
  const comparison = deps.runComparison?.(uri);
  return comparison ? { runComparison: comparison } : {};
}

export const COMPARE_SCHEME = 'gradlens-compare';

export interface TeachingCommandDeps {
  readonly analyses: TeachingAnalyses;
  readonly documents: TeachingDocuments;
  readonly teacher: Pick<Teacher, 'compareLosses' | 'handout'>;
}

export interface CompareLossesDeps extends TeachingCommandDeps {
  /** Told of both training curves (the gradient panel overlays them). */
  readonly onCurves?: (uri: string, curves: TrainingCurves) => void;
}

/** The document and its current analysis. */
export async function analysedDocument(deps: Pick<TeachingCommandDeps, 'analyses' | 'documents'>, arg: unknown): Promise<{ document: vscode.TextDocument; analysis: Analysis } | undefined> {
  const document = targetDocument(deps.documents, arg);
  if (!document) {
    void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: open a model file (*.nn.json) first.'));
    return undefined;
  }
  const { analysis, state } = await currentAnalysis(deps.analyses, document);
  if (!analysis) {
    void vscode.window.showWarningMessage(noAnalysisMessage(state));
    return undefined;
  }
  if (state?.version !== document.version) {
    void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: the model file changed while it was analysed; run the command again in a moment.'));
    return undefined;
  }
  return { document, analysis };
}

function modelBase(uri: vscode.Uri): string {
  return (uri.path.split('/').pop() ?? 'model').replace(/\.nn\.json$/i, '').replace(/\.json$/i, '');
}

/** The compare pages hold the text made when the command ran (training curves are too dear to redo on every refresh). */
export function registerCompareLosses(deps: CompareLossesDeps): vscode.Disposable[] {
  const texts = new Map<string, string>();
  const pages = new MarkdownPages(COMPARE_SCHEME, (uri) => texts.get(uri.toString()) ?? '# Squared error versus cross-entropy\n\nThis page has expired: run **GradLens: Compare Squared Error and Cross-Entropy** again.\n');
  const command = vscode.commands.registerCommand('gradlens.compareLosses', async (arg?: unknown) => {
    const found = await analysedDocument(deps, arg);
    if (!found) return undefined;
    const { document } = found;
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('GradLens: training under squared error and under cross-entropy'), cancellable: true },
      (_progress, token) => deps.teacher.compareLosses(snapshotOf(document), cancelSignalOf(token)).catch((error: Error) => ({ problem: error.message })),
    );
    if (isProblem(answer)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: {0}', answer.problem));
      return undefined;
    }
    const { comparison, curves } = answer;
    const uri = vscode.Uri.from({ scheme: COMPARE_SCHEME, path: `/${modelBase(document.uri)}/squared error vs cross-entropy.md`, query: JSON.stringify({ uri: document.uri.toString() }) });
    if (!curves.cancelled) deps.onCurves?.(document.uri.toString(), curves);
    // The formulas as KaTeX blocks, rendered by GradLens's Markdown-it plugin in the preview (as on the Explain pages).
    const text = lossComparisonMarkdown(comparison, { modelName: answer.modelName, step: answer.step, curves, math: 'katex' });
    texts.set(uri.toString(), text);
    await pages.show(uri, document.uri.toString());
    return text;
  });
  return [pages.register(), command, pages];
}

export interface ExportHandoutDeps extends TeachingCommandDeps {
  /** The `gradlens.classicNames` setting, read at each export: the derivations use Mazur's names on the classic model. */
  readonly classicNames?: () => boolean;
  /** The document's last run comparison (Compare Runs…), printed as a section of the handout. */
  readonly runComparison?: (uri: string) => RunComparison | undefined;
}

export function registerExportHandout(deps: ExportHandoutDeps): vscode.Disposable {
  return vscode.commands.registerCommand('gradlens.exportHandout', async (arg?: unknown) => {
    const found = await analysedDocument(deps, arg);
    if (!found) return undefined;
    const { document, analysis } = found;
    if (document.uri.scheme !== 'file' && document.uri.scheme !== 'vscode-remote') {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: save the model file first; the handout is written next to it.'));
      return undefined;
    }
    const base = modelBase(document.uri);
    const target = document.uri.with({ path: `${document.uri.path.replace(/[^/]*$/, '')}${base}.handout.html` });
    // Asked before the work: a link is refused, an existing handout needs 'Overwrite'; the path is looked
    // at again when the handout is written.
    const kind = await pathKind(target);
    if (kind === 'symlink' || kind === 'other') {
      void vscode.window.showErrorMessage(kind === 'symlink'
        ? vscode.l10n.t('GradLens: {0}.handout.html is a symbolic link: GradLens does not write through links (it would change the file the link points to). Nothing was written.', base)
        : vscode.l10n.t('GradLens: {0}.handout.html is not a regular file. Nothing was written.', base));
      return undefined;
    }
    if (kind === 'file') {
      const overwrite = vscode.l10n.t('Overwrite');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('{0}.handout.html already exists next to the model file. Overwrite it?', base), { modal: true }, overwrite);
      if (answer !== overwrite) return undefined;
    }
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('GradLens: making the lecture handout'), cancellable: true },
      (_progress, token) => deps.teacher.handout(snapshotOf(document), cancelSignalOf(token)).catch((error: Error) => ({ problem: error.message })),
    );
    if (isProblem(answer)) {
      void vscode.window.showWarningMessage(vscode.l10n.t('GradLens: {0}', answer.problem));
      return undefined;
    }
    const html = answer.cancelled ? undefined : buildHandout({
      analysis, explanations: answer.explanations, train: answer.train,
      ...(answer.comparison ? { comparison: answer.comparison } : {}), ...(answer.extraCurve ? { extraCurve: answer.extraCurve } : {}),
      ...runComparisonOf(deps, document.uri.toString()),
      ...(answer.layeredExplanation ? { layeredExplanation: answer.layeredExplanation } : {}),
      ...(answer.comparisonProblem ? { comparisonProblem: answer.comparisonProblem } : {}),
      ...(answer.boundary ? { boundary: answer.boundary } : {}),
      generatedAt: new Date().toISOString().slice(0, 10),
      ...(deps.classicNames?.() ? { classicNames: true } : {}),
    });
    if (html === undefined) return undefined;
    const content = new TextEncoder().encode(html);
    if (!(await writeFilesAsked([{ uri: target, name: `${base}.handout.html`, content }], { overwriteAgreed: kind === 'file' }))) return undefined;
    if (HOST_KIND === 'web') {
      // A browser tab cannot open a file of the workspace: the handout is downloaded from the Explorer.
      const revealInExplorer = vscode.l10n.t('Reveal in Explorer');
      const reveal = await vscode.window.showInformationMessage(
        vscode.l10n.t('GradLens wrote {0}.handout.html next to the model file. In VS Code for the Web it cannot be opened in a browser tab from here: right-click it in the Explorer and choose Download, then open the downloaded file.', base),
        revealInExplorer);
      if (reveal === revealInExplorer) await vscode.commands.executeCommand('revealInExplorer', target);
      return target;
    }
    const openInBrowser = vscode.l10n.t('Open in Browser');
    const open = await vscode.window.showInformationMessage(vscode.l10n.t('GradLens wrote {0}.handout.html next to the model file.', base), openInBrowser);
    if (open === openInBrowser) await vscode.env.openExternal(target);
    return target;
  });
}
