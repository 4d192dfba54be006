/**
 * `"weightsFile": "lenet.safetensors"`: the model's parameters in a binary file beside it
 * (docs/spec/model-file-v1.1-layers.md, "Weights in a file", ours). The file is read through the
 * {@link DataFileReader} with the CSV files' path rules (inside the model file's folder, regular files,
 * size-capped), decoded by ../safetensors.ts, and each tensor fills one parameter of one layer:
 *
 *   tensor name = `<layer name>.<key>`, key being the model file's own key for that parameter:
 *   `weights` and `bias` (dense: [units, fan-in] and [units]; conv2d: [filters, channels, kh, kw] and
 *   [filters]), batch norm's `scale`, `shift`, `runningMean`, `runningVar` ([features or channels]).
 *
 * Every problem is a `weights-file-error` on the `weightsFile` value: the message names the tensor, the
 * layer and the shapes. A tensor that fills no parameter, or a parameter written both inline and in
 * the file, is an error too (it would silently be ignored otherwise).
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import * as C from '../codes';
import { refusedDataPath } from '../dataFilePath';
import { describe, type Reporter } from '../report';
import { decodeSafetensors, type NamedTensor } from '../safetensors';
import type { DataFileReader } from '../types';

/** The model file's keys a weights file can hold, per layer. */
export type ParameterKey = 'weights' | 'bias' | 'scale' | 'shift' | 'runningMean' | 'runningVar';

/** One parameter of one layer that the weights file may fill. */
export interface ParameterSlot {
  readonly layerIndex: number;
  readonly layer: string;
  readonly key: ParameterKey;
  readonly shape: readonly number[];
  /** True when the layer also writes this key inline (then the file must not hold it). */
  readonly inline: boolean;
}

/** A file's tensors by name, and the path as written. */
export interface WeightsFileContents {
  readonly file: string;
  readonly tensors: ReadonlyMap<string, NamedTensor>;
}

/** The tensor that fills `slot`: `<layer>.<key>`. */
export function tensorName(layer: string, key: ParameterKey): string {
  return `${layer}.${key}`;
}

/** Reads and decodes the file `node` names; undefined when it cannot (reported on `node`). */
export function readWeightsFile(r: Reporter, node: Node, dataFiles: DataFileReader | undefined): WeightsFileContents | undefined {
  if (node.type !== 'string') {
    r.error(node, C.WRONG_TYPE, l10n.t('weightsFile is the path of a safetensors file beside the model file, e.g. "model.safetensors", not {0}', describe(node)));
    return undefined;
  }
  const file = node.value as string;
  const fail = (why: string): undefined => {
    r.error(node, C.WEIGHTS_FILE_ERROR, l10n.t("cannot read the weights file '{0}': {1}", file, why));
    return undefined;
  };
  const refused = refusedDataPath(file);
  if (refused) return fail(refused);
  if (!dataFiles?.readBytes) return fail(l10n.t('weights files are read only beside a saved model file (save the file in a folder first)'));
  const read = dataFiles.readBytes(file);
  if ('error' in read) return fail(read.error);
  const decoded = decodeSafetensors(read.bytes);
  if ('error' in decoded) return fail(decoded.error);
  return { file, tensors: new Map(decoded.tensors.map((t) => [t.name, t])) };
}

function shapeText(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/**
 * The values of every slot the file fills (keyed by {@link tensorName}); undefined when a tensor does
 * not fit (a shape, a parameter also written inline, a tensor no layer takes: all reported on `node`).
 */
export function takeParameters(
  r: Reporter, node: Node, contents: WeightsFileContents, slots: readonly ParameterSlot[],
): Map<string, Float64Array> | undefined {
  const taken = new Map<string, Float64Array>();
  let ok = true;
  const fail = (message: string): void => {
    r.error(node, C.WEIGHTS_FILE_ERROR, `${contents.file}: ${message}`);
    ok = false;
  };
  for (const slot of slots) {
    const name = tensorName(slot.layer, slot.key);
    const tensor = contents.tensors.get(name);
    if (!tensor) continue;
    if (slot.inline) {
      fail(l10n.t("tensor '{0}' gives the {1} of layer '{2}', which the model file also writes inline: keep one of them", name, slot.key, slot.layer));
    } else if (shapeText(tensor.shape) !== shapeText(slot.shape)) {
      fail(l10n.t("tensor '{0}' has shape {1}, but the {2} of layer '{3}' has shape {4}", name, shapeText(tensor.shape), slot.key, slot.layer, shapeText(slot.shape)));
    } else if (!tensor.values.every(Number.isFinite)) {
      fail(l10n.t("tensor '{0}' holds a NaN or infinite number", name));
    } else if (slot.key === 'runningVar' && tensor.values.some((v) => v < 0)) {
      fail(l10n.t("tensor '{0}' holds variances: none may be negative", name));
    } else taken.set(name, tensor.values);
  }
  const expected = new Set(slots.map((s) => tensorName(s.layer, s.key)));
  const unused = [...contents.tensors.keys()].filter((name) => !expected.has(name));
  if (unused.length > 0) {
    const names = [...expected].slice(0, 6).map((n) => `'${n}'`).join(', ');
    const which = unused.length === 1
      ? l10n.t("tensor '{0}' fills no parameter of the model", unused[0]!)
      : l10n.t('tensors {0} fill no parameter of the model', `${unused.slice(0, 4).map((n) => `'${n}'`).join(', ')}${unused.length > 4 ? ', …' : ''}`);
    fail(names ? l10n.t('{0}: tensors are named <layer name>.<key>, e.g. {1}', which, names) : l10n.t('{0}: tensors are named <layer name>.<key>', which));
  }
  return ok ? taken : undefined;
}

/** Rows of a [rows, cols] tensor. */
export function asRows(values: Float64Array, rows: number, cols: number): number[][] {
  return Array.from({ length: rows }, (_, i) => Array.from(values.subarray(i * cols, (i + 1) * cols)));
}
