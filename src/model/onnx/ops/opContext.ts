/**
 * What every op mapper of ./ shares: the node it maps with the ways to reach its constant inputs
 * ({@link OpInput}, read-only), the chain of layers built so far ({@link ChainState}, which mappers
 * change), and the small checks several ops make (flat or image input, padding, window sizes,
 * weight types, layer names).
 */
import * as l10n from '@vscode/l10n';
import type { ImportedLayer } from '../importedLayers';
import { OnnxError, type OnnxNode } from '../onnxProto';
import { stringAttr } from '../constants';
import { DOUBLE, FLOAT, typeName, type Tensor } from '../tensors';

export type DenseLayer = Extract<ImportedLayer, { type: 'dense' }>;

/** One data node, as its mapper reads it. */
export interface OpInput {
  readonly node: OnnxNode;
  /** How messages name the node, e.g. `node '/3/Conv' (Conv)`. */
  readonly label: string;
  /** The name of the node's data input (the previous node's output). */
  readonly current: string;
  /** The ONNX default-domain opset the file declares. */
  readonly opset: number | undefined;
  /** The graph input's batch size (1 when it has none). */
  readonly batchDim: number;
  /** Input `k`, a constant (initializer or folded), or an {@link OnnxError} naming it as `what`. */
  constant(k: number, what: string): Tensor;
  /** Input `k` when the node names one (then it must be a constant). */
  optional(k: number): Tensor | undefined;
  /** The zeros a Pad node right before put around the image: [ph, pw] (the chain's shape is without them). */
  readonly padBefore?: readonly [number, number];
  /** The dense layer the node right before (a MatMul) made, waiting for its bias. */
  readonly matmulBefore?: DenseLayer;
}

/** The chain of layers as the nodes are mapped, in order. */
export interface ChainState {
  /** The shape of one sample's values after the last node: [features] or [channels, height, width]. */
  shape: number[];
  readonly layers: ImportedLayer[];
  /** Layer names given so far (names are unique). */
  readonly usedNames: Set<string>;
  /** Element types of the weights read ('float32', 'float64'). */
  readonly weightTypes: Set<string>;
  /** Set by MatMul: the dense layer an Add right after it gives its bias. */
  matmulDense?: DenseLayer;
  /** Set by Pad: zeros for the Conv or AveragePool that must follow. */
  pendingPad?: { readonly pad: [number, number]; readonly label: string };
}

/** Maps one data node: reads `op`, adds or changes layers and the shape in `chain`, or throws an {@link OnnxError}. */
export type OpMapper = (op: OpInput, chain: ChainState) => void;

/** The flat input's size, or an error when the values are still an image. */
export function flatInput(op: OpInput, chain: ChainState): number {
  if (chain.shape.length !== 1) throw new OnnxError(l10n.t('{0} needs flat inputs but gets an image of shape {1}; add Flatten before it', op.label, chain.shape.join('×')));
  return chain.shape[0]!;
}

/** The image input's [channels, height, width], or an error when the values are flat. */
export function imageInput(op: OpInput, chain: ChainState): [number, number, number] {
  const shape = chain.shape;
  if (shape.length !== 3) {
    throw new OnnxError(shape.length === 1
      ? l10n.t('{0} needs an image input [channels, height, width] but gets {1} flat values', op.label, String(shape[0]))
      : l10n.t('{0} needs an image input [channels, height, width] but gets {1}', op.label, shape.join('×')));
  }
  return shape as [number, number, number];
}

/** The node's own padding plus the zeros of a Pad node right before it. */
export function withPadBefore(op: OpInput, p: [number, number]): [number, number] {
  return op.padBefore ? [p[0] + op.padBefore[0], p[1] + op.padBefore[1]] : p;
}

/** A unique layer name: PyTorch's module name when it is not a number, else `type` and the number. */
export function layerName(op: OpInput, chain: ChainState, type: string, weightName: string | undefined): string {
  // PyTorch names a Sequential's modules 0, 1, ...: its initializers are '3.weight', its nodes '/3/Relu'.
  const base = weightName?.replace(/\.weight$/, '') ?? op.node.name?.split('/').filter(Boolean)[0] ?? '';
  let name = base === '' || /^\d+$/.test(base) ? `${type}${base}` : base;
  for (let k = 2; chain.usedNames.has(name); k++) name = `${base || type}_${k}`;
  chain.usedNames.add(name);
  return name;
}

/** Records a weight tensor's element type; anything but float32 and float64 is an error. */
export function checkWeightType(op: OpInput, chain: ChainState, t: Tensor): void {
  if (t.type !== FLOAT && t.type !== DOUBLE) throw new OnnxError(l10n.t('{0}: its weights are {1}; GradLens reads float32 and float64 weights', op.label, typeName(t.type)));
  chain.weightTypes.add(typeName(t.type));
}

/** A bias of `units` values, from as many or from one. */
export function broadcastBias(b: Tensor, units: number, label: string): number[] {
  if (b.values.length === units) return Array.from(b.values);
  if (b.values.length === 1) return new Array<number>(units).fill(b.values[0]!);
  throw new OnnxError(l10n.t('{0}: its bias has {1} values for {2} units', label, b.values.length, units));
}

/** Two numbers (height, width) of an attribute, or `fallback` twice when it is absent. */
export function pairOf(values: number[] | undefined, fallback: number, what: string): [number, number] {
  if (!values) return [fallback, fallback];
  if (values.length !== 2) throw new OnnxError(l10n.t('{0} has {1} numbers; GradLens imports 2-D images only', what, values.length));
  return [values[0]!, values[1]!];
}

/** ONNX's [top, left, bottom, right] pads as [ph, pw], when both sides are the same. */
export function symmetricPads(pads: number[] | undefined, label: string): [number, number] {
  if (!pads) return [0, 0];
  if (pads.length !== 4) throw new OnnxError(l10n.t('{0}: pads {1} are not for a 2-D image', label, JSON.stringify(pads)));
  const [top, left, bottom, right] = pads as [number, number, number, number];
  if (top !== bottom || left !== right) {
    throw new OnnxError(l10n.t("{0}: padding {1} is not the same on both sides; GradLens pads symmetrically (as PyTorch's padding=(ph, pw))", label, JSON.stringify(pads)));
  }
  return [top, left];
}

/** A window's output size along one axis: ⌊(size + 2·pad − kernel) / stride⌋ + 1, at least 1. */
export function outSize(size: number, kernel: number, stride: number, pad: number, label: string): number {
  const n = Math.floor((size + 2 * pad - kernel) / stride) + 1;
  if (n < 1) throw new OnnxError(l10n.t('{0}: a {1}-wide window does not fit an image {2} wide (padding {3})', label, kernel, size, pad));
  return n;
}

/** Refuses auto_pad other than NOTSET and VALID (GradLens imports explicit pads). */
export function checkAutoPad(node: OnnxNode, label: string): void {
  const mode = stringAttr(node, 'auto_pad');
  if (mode && mode !== 'NOTSET' && mode !== 'VALID') throw new OnnxError(l10n.t('{0} has auto_pad {1}; GradLens imports explicit pads', label, mode));
}

/** The shortest decimal that is the same float32 (attributes are float32: 0.1 arrives as 0.10000000149…). */
export function shortestFloat32(v: number): number {
  for (let p = 1; p <= 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === Math.fround(v)) return d;
  }
  return v;
}
