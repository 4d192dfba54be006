/**
 * Write Trained Weights for a model whose parameters are in a `weightsFile` (safetensors, beside the
 * model file): the file is rewritten with the trained numbers, named as the reader names them
 * (`<layer>.<key>`: weights and bias; batch norm's scale, shift, runningMean and runningVar), each
 * tensor F32 when every number is a float32 exactly, else F64 (nothing is rounded).
 *
 * Only when the person asks (the command, then a modal question: the file's old numbers are gone
 * afterwards, no Undo), and safely: the path keeps the reader's rules (inside the model file's folder),
 * no symbolic link anywhere on the way or at the file, the bytes go to a temporary file beside it that
 * is then renamed over it, so a failure never leaves half a file.
 */
import * as vscode from 'vscode';
import type { Analysis, LayerAnalysis } from '../analysis/types';
import { dataPathSegments, refusedDataPath } from '../model/dataFilePath';
import { encodeSafetensors, exactDtype, type NamedTensor } from '../model/safetensors';
import { pathKind } from './safeWrite';

/** The keys a layer writes to the weights file, in the reader's names. */
function layerTensors(layer: LayerAnalysis): NamedTensor[] {
  const isBatchNorm = layer.layered?.type === 'batchnorm';
  const shapes = layer.layered ? layer.layered.params.map((p) => ({ name: p.name, shape: [...p.shape] }))
    : [{ name: 'weights' as const, shape: [layer.units, layer.fanIn] }, { name: 'bias' as const, shape: [layer.units] }];
  const tensor = (key: string, shape: number[], values: number[]): NamedTensor =>
    ({ name: `${layer.name}.${key}`, dtype: exactDtype(values), shape, values: Float64Array.from(values) });
  const tensors = shapes.map(({ name, shape }) => {
    const values = ((name === 'weights' ? layer.weights.value : layer.bias.value) as unknown[]).flat(3) as number[];
    return tensor(isBatchNorm ? (name === 'weights' ? 'scale' : 'shift') : name, shape, values);
  });
  const { runningMean, runningVar } = layer.layered ?? {};
  if (isBatchNorm && runningMean && runningVar) {
    tensors.push(tensor('runningMean', [runningMean.length], runningMean), tensor('runningVar', [runningVar.length], runningVar));
  }
  return tensors;
}

/**
 * The weights file's path and new bytes for `analysis` (undefined when its model has no weights file),
 * or why it cannot be written: a layer that writes a parameter inline too.
 */
export function trainedWeightsFile(analysis: Analysis): { file: string; bytes: Uint8Array } | { error: string } | undefined {
  const file = analysis.layers.find((l) => l.source.weightsFile !== undefined)?.source.weightsFile;
  if (file === undefined) return undefined;
  // Every layer with parameters goes into the file (one the file lacked was initialised; it is trained now).
  const fromFile = analysis.layers.filter((l) => !l.layered || l.layered.params.length > 0);
  const tensors = fromFile.flatMap(layerTensors);
  const mixed = fromFile.find((l) => tensors.some((t) => t.name.startsWith(`${l.name}.`) && l.source.properties?.[t.name.slice(l.name.length + 1)] !== undefined));
  if (mixed) return { error: `layer '${mixed.name}' writes some parameters inline and reads others from ${file}: keep them in one place` };
  if (tensors.some((t) => !t.values.every(Number.isFinite))) return { error: 'a trained number is NaN or infinite (training diverged)' };
  return { file, bytes: encodeSafetensors(tensors) };
}

/** The file's URI beside `modelUri`, if no part of the way (folders, the file) is a symbolic link; else why not. */
async function weightsFileUri(modelUri: vscode.Uri, file: string): Promise<vscode.Uri | { error: string }> {
  const refused = refusedDataPath(file);
  if (refused) return { error: refused };
  let at = modelUri.with({ path: modelUri.path.slice(0, modelUri.path.lastIndexOf('/')) || '/' });
  for (const segment of dataPathSegments(file)) {
    at = vscode.Uri.joinPath(at, segment);
    const kind = await pathKind(at);
    if (kind === 'symlink') return { error: vscode.l10n.t('{0} is a symbolic link: GradLens does not write through links', segment) };
  }
  const kind = await pathKind(at);
  if (kind === 'other') return { error: vscode.l10n.t('{0} is not a regular file', file) };
  return at;
}

/**
 * Asks, then writes `bytes` over the weights file through a temporary file and a rename. Returns
 * whether it wrote; every refusal and failure is shown to the person.
 */
export async function writeTrainedWeightsFile(modelUri: vscode.Uri, file: string, bytes: Uint8Array, steps: number): Promise<boolean> {
  const target = await weightsFileUri(modelUri, file);
  if ('error' in target) {
    void vscode.window.showErrorMessage(vscode.l10n.t('GradLens could not write the weights: {0}. Nothing was written.', target.error));
    return false;
  }
  const write = vscode.l10n.t('Write');
  const answer = await vscode.window.showWarningMessage(
    vscode.l10n.t('Replace the numbers in {0} with the weights after {1} steps? The file is rewritten on disk (Undo cannot take it back).', file, steps),
    { modal: true }, write);
  if (answer !== write) return false;
  const temporary = target.with({ path: `${target.path}.gradlens-${Date.now().toString(36)}.tmp` });
  try {
    await vscode.workspace.fs.writeFile(temporary, bytes);
    if ((await pathKind(target)) === 'symlink') throw new Error(vscode.l10n.t('{0} became a symbolic link', file));
    await vscode.workspace.fs.rename(temporary, target, { overwrite: true });
  } catch (error) {
    await Promise.resolve(vscode.workspace.fs.delete(temporary)).catch(() => undefined);
    void vscode.window.showErrorMessage(vscode.l10n.t('GradLens could not write the weights: {0}. Nothing was written.', error instanceof Error ? error.message : String(error)));
    return false;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('GradLens wrote the weights after {0} steps into {1}.', steps, file));
  return true;
}
