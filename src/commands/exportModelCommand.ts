/**
 * GradLens: Export Model…: the editor's door to `gradlens export`. It asks for the format (a PyTorch
 * Python file or an ONNX file) and the weights (the model file's own, or trained for its `train`
 * settings first, as `--trained` does), asks the worker for the file (src/worker/exportRequest.ts: the
 * engine and the ONNX writer run there, never in the extension host), then for a place, beside the
 * model file by default. Nothing is written unless the person picks a place; a file that exists is
 * replaced only after the save dialog's own question; a symbolic link or a folder in the way is refused.
 * The file is written with `vscode.workspace.fs`, so this works in VS Code for the Web too.
 */
import * as vscode from 'vscode';
import type { AnalysisSettings } from '../analysis/settings';
import { EXPORT_EXTENSION, isExportProblem, type ExportedModel, type ExportFormat, type ExportOptions, type ExportProblem, type ExportWeights } from '../shared/modelExport';
import type { CancelSignal } from '../session/workerClient';
import { snapshotOf } from '../session/modelDocuments';
import { cancelSignalOf, toWorkerDocument } from '../session/workerTeaching';
import type { WorkerDocument } from '../worker/workerProtocol';
import { pathKind } from './safeWrite';
import { uriArgument } from './trainingCommands';

export interface ExportModelDeps {
  /** The model file a command is about (the given one, else the current one). */
  readonly documents: { target(uri?: string): vscode.TextDocument | undefined };
  /** The worker's `exportModel` request (src/session/workerClient.ts). */
  readonly exporter: { exportModel(document: WorkerDocument, options: ExportOptions, cancel?: CancelSignal): Promise<ExportedModel | ExportProblem> };
  readonly settings: () => AnalysisSettings;
}

interface Choice<T> extends vscode.QuickPickItem { readonly value: T }

function formatChoices(): Choice<ExportFormat>[] {
  return [
    { value: 'pytorch', label: vscode.l10n.t('PyTorch Python file'), description: '.py', detail: vscode.l10n.t('build_model(), load_data(), loss_fn() and make_optimizer(); run it with python to train in PyTorch') },
    { value: 'onnx', label: vscode.l10n.t('ONNX file'), description: '.onnx', detail: vscode.l10n.t('The network only (opset 13, float64 weights), for Netron and other ONNX tools') },
  ];
}

function weightsChoices(): Choice<ExportWeights>[] {
  return [
    { value: 'current', label: vscode.l10n.t('Current weights'), detail: vscode.l10n.t('As the model file gives them (or as GradLens initialises them from its seed)') },
    { value: 'trained', label: vscode.l10n.t('Trained weights'), detail: vscode.l10n.t('GradLens first trains a copy with the model\'s train settings (as gradlens export --trained does)') },
  ];
}

async function pick<T>(choices: Choice<T>[], title: string, placeHolder: string): Promise<T | undefined> {
  return (await vscode.window.showQuickPick(choices, { title, placeHolder, ignoreFocusOut: true }))?.value;
}

function fileName(uri: vscode.Uri): string {
  return uri.path.slice(uri.path.lastIndexOf('/') + 1);
}

/** `xor.nn.json` → `xor.py` beside it, as `gradlens export` names it without `-o`. */
function defaultTarget(model: vscode.Uri, format: ExportFormat): vscode.Uri | undefined {
  if (model.scheme === 'untitled') return undefined;
  const base = fileName(model).replace(/\.nn\.json$/i, '').replace(/\.json$/i, '') || 'model';
  return model.with({ path: `${model.path.slice(0, model.path.lastIndexOf('/'))}/${base}${EXPORT_EXTENSION[format]}` });
}

/** Asks the worker, with a notification that can cancel the training; a failure becomes a problem. */
async function exportedFile(deps: ExportModelDeps, document: vscode.TextDocument, options: ExportOptions): Promise<ExportedModel | ExportProblem> {
  const title = options.weights === 'trained'
    ? vscode.l10n.t('GradLens: training {0} and exporting it…', fileName(document.uri))
    : vscode.l10n.t('GradLens: exporting {0}…', fileName(document.uri));
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (_progress, token) =>
    deps.exporter.exportModel(toWorkerDocument(snapshotOf(document), deps.settings()), options, cancelSignalOf(token))
      .catch((error: unknown): ExportProblem => ({ problem: error instanceof Error ? error.message : String(error) })));
}

/** Writes the file where the person chose; false (and says why) when something else is in the way. */
async function write(target: vscode.Uri, model: vscode.Uri, bytes: Uint8Array): Promise<boolean> {
  const refuse = (why: string) => { void vscode.window.showErrorMessage(vscode.l10n.t('GradLens did not export to {0}: {1}', fileName(target), why)); return false; };
  if (target.toString() === model.toString()) return refuse(vscode.l10n.t('that is the model file itself.'));
  const kind = await pathKind(target);
  if (kind === 'symlink') return refuse(vscode.l10n.t('it is a symbolic link, and GradLens never writes through one.'));
  if (kind === 'other') return refuse(vscode.l10n.t('something that is not a regular file (a folder) is in the way.'));
  try {
    await vscode.workspace.fs.writeFile(target, bytes);
    return true;
  } catch (error) {
    return refuse(error instanceof Error ? error.message : String(error));
  }
}

async function offerToShow(target: vscode.Uri, exported: ExportedModel): Promise<void> {
  const open = vscode.l10n.t('Open');
  const reveal = vscode.l10n.t('Reveal');
  const what = exported.format === 'pytorch' ? vscode.l10n.t('a PyTorch script') : vscode.l10n.t('an ONNX model');
  const weights = exported.weights === 'trained' ? vscode.l10n.t('trained for {0} epochs', exported.epochs) : vscode.l10n.t('current weights');
  const message = vscode.l10n.t('GradLens exported {0} to {1} as {2} ({3} layers, {4}).', exported.modelName, fileName(target), what, exported.layers, weights);
  const answer = exported.format === 'pytorch'
    ? await vscode.window.showInformationMessage(message, open, reveal)
    : await vscode.window.showInformationMessage(message, reveal);
  if (answer === open) await vscode.window.showTextDocument(target);
  else if (answer === reveal) await vscode.commands.executeCommand('revealInExplorer', target);
}

export async function exportModel(deps: ExportModelDeps, arg?: unknown): Promise<void> {
  const document = deps.documents.target(uriArgument(arg));
  if (!document) {
    void vscode.window.showInformationMessage(vscode.l10n.t('GradLens: open a model file (*.nn.json) first.'));
    return;
  }
  const format = await pick(formatChoices(), vscode.l10n.t('Export Model: format'), vscode.l10n.t('Which file to write'));
  if (!format) return;
  const weights = await pick(weightsChoices(), vscode.l10n.t('Export Model: weights'), vscode.l10n.t('Which parameters the file holds'));
  if (!weights) return;
  const exported = await exportedFile(deps, document, { format, weights });
  if (isExportProblem(exported)) {
    void vscode.window.showErrorMessage(vscode.l10n.t('GradLens could not export {0}; nothing was written: {1}', fileName(document.uri), exported.problem));
    return;
  }
  const target = await vscode.window.showSaveDialog({
    title: vscode.l10n.t('Export Model: where to save'), defaultUri: defaultTarget(document.uri, format), saveLabel: vscode.l10n.t('Export'),
    filters: format === 'pytorch' ? { [vscode.l10n.t('Python file')]: ['py'] } : { [vscode.l10n.t('ONNX model')]: ['onnx'] },
  });
  if (!target) return;
  if (await write(target, document.uri, exported.bytes)) await offerToShow(target, exported);
}
