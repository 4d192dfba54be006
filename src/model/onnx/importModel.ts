/**
 * ONNX model + CSV data → model file text (`gradlens import`, the editor's Import ONNX Model…).
 * No file system here: the caller hands in the bytes, the CSV text and the readers.
 *
 * The loss, when not given: `cross-entropy` when the graph ends in Softmax or LogSoftmax or the target
 * column holds class labels (text, or class numbers for a network with several outputs), else `mse`.
 * Cross-entropy on a network that ends in a plain linear layer (PyTorch's CrossEntropyLoss takes
 * logits) puts softmax on that layer, as the loss would, and says so in a note.
 */
import * as l10n from '@vscode/l10n';
import { cellNumber, parseCsv } from '../csv';
import { isLossKind, LOSS_KINDS, type LossKind } from '../../shared/kinds';
import { graphToLayers } from './graphToLayers';
import type { ImportedNetwork } from './importedLayers';
import { modelFileText, needsLayerFormat, parameterCount, weightTensors } from './modelFileText';
import { encodeSafetensors } from '../safetensors';
import { decodeOnnxModel, OnnxError } from './onnxProto';
import type { ExternalDataReader } from './tensors';

export interface ImportRequest {
  readonly onnx: Uint8Array;
  readonly external?: ExternalDataReader;
  /** The CSV file's text, and its path as the model file will name it (relative to the model file). */
  readonly csvText: string;
  readonly csvPath: string;
  /** Target column (header name); default: the last column. */
  readonly target?: string;
  readonly loss?: string;
  readonly name: string;
  /**
   * Where the parameters go: `inline` in the model file, `file` in a safetensors file `weightsFile`
   * beside it; `auto` (default): inline up to {@link INLINE_PARAMETER_LIMIT} numbers, a file beyond.
   */
  readonly weights?: 'inline' | 'file' | 'auto';
  /** The weights file's path relative to the model file (used when the weights go to a file). */
  readonly weightsFile: string;
}

/** `auto` writes at most this many parameters inline; a larger network gets a weights file. */
export const INLINE_PARAMETER_LIMIT = 10_000;

export interface ImportResult {
  readonly text: string;
  readonly network: ImportedNetwork;
  readonly loss: LossKind;
  /** True when the file uses version 1.1 (layer types other than dense, or image inputs). */
  readonly layerFormat: boolean;
  /** What the person should know (the loss chosen and why, a softmax added, dropped Dropout). */
  readonly notes: readonly string[];
  /** When the parameters go to a weights file: its bytes (safetensors), to write at `request.weightsFile`. */
  readonly weightsBytes?: Uint8Array;
}

export function importOnnx(request: ImportRequest): ImportResult {
  if (request.loss !== undefined && !isLossKind(request.loss)) {
    throw new OnnxError(l10n.t("--loss is one of {0}, not '{1}'", LOSS_KINDS.join(', '), request.loss));
  }
  const network = graphToLayers(decodeOnnxModel(request.onnx), request.external);
  const notes: string[] = [];

  const parsed = parseCsv(request.csvText);
  if ('error' in parsed) throw new OnnxError(l10n.t("the data file '{0}' is not valid CSV: row {1}: {2}", request.csvPath, parsed.row, parsed.error));
  const { header, rows } = parsed.table;
  if (rows.length === 0) throw new OnnxError(l10n.t("the data file '{0}' has no data rows", request.csvPath));
  const names = header.map((h) => h.trim());
  const target = request.target ?? names[names.length - 1]!;
  const targetIndex = names.indexOf(target);
  if (targetIndex < 0) throw new OnnxError(l10n.t("the data file '{0}' has no column '{1}' (its columns: {2})", request.csvPath, target, names.join(', ')));
  const features = names.length - 1;
  const inputs = network.inputShape.reduce((a, b) => a * b, 1);
  if (features !== inputs) {
    throw new OnnxError(network.inputShape.length > 1
      ? l10n.t("the data file '{0}' has {1} columns besides the target '{2}', but the network takes {3} inputs ({4}, flattened channel-major)", request.csvPath, features, target, inputs, network.inputShape.join('×'))
      : l10n.t("the data file '{0}' has {1} columns besides the target '{2}', but the network takes {3} inputs", request.csvPath, features, target, inputs));
  }
  const cells = rows.map((r) => (r[targetIndex] ?? '').trim());
  const textLabels = cells.some((c) => cellNumber(c) === 'text');
  const classLabels = textLabels || network.outputs > 1;

  const loss = chooseLoss(request, network, target, textLabels, classLabels, notes);
  const parameters = parameterCount(network);
  const toFile = request.weights === 'file' || ((request.weights ?? 'auto') === 'auto' && parameters > INLINE_PARAMETER_LIMIT);
  if (toFile) notes.push(l10n.t('{0} parameters written to {1} (safetensors), named <layer>.<key>', parameters.toLocaleString('en-US'), String(request.weightsFile)));
  const text = modelFileText({
    name: request.name, network, loss, data: { csv: request.csvPath, target }, ...(toFile ? { weightsFile: request.weightsFile } : {}),
  });
  return {
    text, network, loss, layerFormat: needsLayerFormat(network), notes,
    ...(toFile ? { weightsBytes: encodeSafetensors(weightTensors(network)) } : {}),
  };
}

/**
 * The loss: the one asked for (refused when the graph ends in LogSoftmax and it is not cross-entropy),
 * else cross-entropy for a graph ending in Softmax/LogSoftmax or class labels, else mse; cross-entropy on
 * a last layer without activation puts softmax on it. Says what it chose and why in `notes`.
 */
function chooseLoss(request: ImportRequest, network: ImportedNetwork, target: string, textLabels: boolean, classLabels: boolean, notes: string[]): LossKind {
  let loss: LossKind;
  if (request.loss !== undefined) {
    loss = request.loss as LossKind;
    if (network.endsIn === 'LogSoftmax' && loss !== 'cross-entropy') {
      throw new OnnxError(l10n.t("the graph ends in LogSoftmax, which GradLens imports as softmax with the loss cross-entropy (PyTorch's NLLLoss), not {0}", loss));
    }
  } else if (network.endsIn) {
    loss = 'cross-entropy';
    notes.push(network.endsIn === 'LogSoftmax'
      ? l10n.t('loss cross-entropy: the graph ends in LogSoftmax (imported as softmax; LogSoftmax + NLLLoss is softmax + cross-entropy)')
      : l10n.t('loss cross-entropy: the graph ends in {0}', network.endsIn));
  } else if (classLabels) {
    loss = 'cross-entropy';
    notes.push(textLabels
      ? l10n.t("loss cross-entropy: the target column '{0}' holds class labels", target)
      : l10n.t("loss cross-entropy: the target column '{0}' holds class labels (numbers, for {1} outputs)", target, network.outputs));
  } else {
    loss = 'mse';
    notes.push(l10n.t("loss mse: the target column '{0}' holds numbers (give --loss to choose another)", target));
  }
  if (loss === 'cross-entropy' && !network.endsIn) {
    const last = network.layers[network.layers.length - 1]!;
    if ((last.type === 'dense' || last.type === 'conv2d' || last.type === 'batchnorm') && last.activation === undefined) {
      last.activation = 'softmax';
      notes.push(l10n.t("softmax added to the last layer '{0}': the graph ends in logits, and cross-entropy on logits is PyTorch's CrossEntropyLoss (softmax, then −ln of the target's probability)", last.name));
    }
  }
  return loss;
}
