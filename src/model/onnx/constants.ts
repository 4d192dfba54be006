/**
 * Constant folding of the shape arithmetic ONNX exporters write beside the data path
 * (`x.view(x.size(0), -1)` becomes Shape → Gather → Unsqueeze → Concat → Reshape): nodes whose inputs
 * are all constants are evaluated here, on small integer or float tensors, so the importer sees only
 * the constant they produce. Ops: Constant, Identity, Shape (of a data tensor whose shape is known),
 * Gather, Unsqueeze, Squeeze, Concat, Cast, Slice, and Transpose of a constant matrix (PyTorch writes
 * `Linear(bias=False)` as Transpose(W) → MatMul).
 */
import * as l10n from '@vscode/l10n';
import { OnnxError, toInt, type OnnxAttribute, type OnnxNode } from './onnxProto';
import { INT64, readTensor, type ExternalDataReader, type Tensor } from './tensors';

export const CONSTANT_OPS = ['Constant', 'Identity', 'Gather', 'Unsqueeze', 'Squeeze', 'Concat', 'Cast', 'Slice', 'Transpose'] as const;

export function attribute(node: OnnxNode, name: string): OnnxAttribute | undefined {
  return node.attribute.find((a) => a.name === name);
}
export function intAttr(node: OnnxNode, name: string, fallback: number): number {
  const a = attribute(node, name);
  return a ? toInt(a.i, l10n.t('attribute {0}', name)) : fallback;
}
export function intsAttr(node: OnnxNode, name: string): number[] | undefined {
  const a = attribute(node, name);
  return a ? a.ints.map((v) => toInt(v, l10n.t('attribute {0}', name))) : undefined;
}
export function floatAttr(node: OnnxNode, name: string, fallback: number): number {
  const a = attribute(node, name);
  return a && a.f !== undefined ? a.f : fallback;
}
export function stringAttr(node: OnnxNode, name: string): string | undefined {
  const a = attribute(node, name);
  return a?.s ? new TextDecoder().decode(a.s) : undefined;
}

export function intTensor(values: readonly number[], shape: readonly number[] = [values.length]): Tensor {
  return { shape, values: Float64Array.from(values), type: INT64 };
}

function axisOf(axis: number, rank: number, what: string): number {
  const a = axis < 0 ? axis + rank : axis;
  if (a < 0 || a >= rank) throw new OnnxError(l10n.t('{0}: axis {1} is out of range for rank {2}', what, axis, rank));
  return a;
}

/** The node's constant output, given constant inputs. */
export function foldConstant(node: OnnxNode, label: string, inputs: readonly (Tensor | undefined)[], external?: ExternalDataReader): Tensor {
  const first = inputs[0];
  switch (node.op_type) {
    case 'Constant':
      return constantValue(node, label, external);
    case 'Identity':
    case 'Cast':
      return need(first, label);
    case 'Unsqueeze': {
      const t = need(first, label);
      const axes = intsAttr(node, 'axes') ?? (inputs[1] ? Array.from(inputs[1].values) : []);
      const shape = [...t.shape];
      for (const a of [...axes].map((x) => (x < 0 ? x + t.shape.length + axes.length : x)).sort((a, b) => a - b)) shape.splice(a, 0, 1);
      return { ...t, shape };
    }
    case 'Squeeze': {
      const t = need(first, label);
      const axes = intsAttr(node, 'axes') ?? (inputs[1] ? Array.from(inputs[1].values) : undefined);
      const drop = new Set((axes ?? t.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0)).map((a) => axisOf(a, t.shape.length, label)));
      return { ...t, shape: t.shape.filter((_, i) => !drop.has(i)) };
    }
    case 'Concat': {
      const all = inputs.map((t) => need(t, label));
      if (all.some((t) => t.shape.length !== 1)) throw new OnnxError(l10n.t('{0}: GradLens folds only Concat of 1-D constants (shapes)', label));
      const values = all.flatMap((t) => Array.from(t.values));
      return { shape: [values.length], values: Float64Array.from(values), type: all[0]?.type ?? INT64 };
    }
    case 'Gather':
      return foldGather(node, label, inputs);
    case 'Slice':
      return foldSlice(node, label, inputs);
    case 'Transpose': {
      const t = need(first, label);
      const perm = intsAttr(node, 'perm') ?? [1, 0];
      if (t.shape.length !== 2 || perm[0] !== 1 || perm[1] !== 0) throw new OnnxError(l10n.t('{0}: GradLens folds only the Transpose of a constant matrix', label));
      const [r, c] = t.shape as [number, number];
      const values = new Float64Array(r * c);
      for (let i = 0; i < r; i++) for (let j = 0; j < c; j++) values[j * r + i] = t.values[i * c + j]!;
      return { shape: [c, r], values, type: t.type };
    }
    default:
      throw new OnnxError(l10n.t('{0}: cannot fold {1}', label, node.op_type));
  }
}

/** A Constant node's value: a tensor, ints or floats. */
function constantValue(node: OnnxNode, label: string, external: ExternalDataReader | undefined): Tensor {
  const value = attribute(node, 'value');
  if (value?.t) return readTensor(value.t, l10n.t('the value of {0}', label), external);
  const ints = attribute(node, 'value_ints') ?? attribute(node, 'value_int');
  if (ints) return ints.ints.length > 0 ? intTensor(ints.ints.map((v) => toInt(v, label))) : intTensor([toInt(ints.i, label)], []);
  const floats = attribute(node, 'value_floats') ?? attribute(node, 'value_float');
  if (floats) return floats.floats.length > 0 ? { shape: [floats.floats.length], values: Float64Array.from(floats.floats), type: 1 } : { shape: [], values: Float64Array.of(floats.f ?? 0), type: 1 };
  throw new OnnxError(l10n.t('{0} has no value GradLens can read (a tensor, ints or floats)', label));
}

/** Gather along axis 0 of a 1-D constant (a shape's entries). */
function foldGather(node: OnnxNode, label: string, inputs: readonly (Tensor | undefined)[]): Tensor {
  const data = need(inputs[0], label);
  const indices = need(inputs[1], label);
  if (data.shape.length !== 1 || intAttr(node, 'axis', 0) !== 0) throw new OnnxError(l10n.t('{0}: GradLens folds only Gather from 1-D constants (shapes)', label));
  const values = Array.from(indices.values, (i) => {
    const k = i < 0 ? i + data.shape[0]! : i;
    if (k < 0 || k >= data.shape[0]!) throw new OnnxError(l10n.t('{0}: index {1} is out of range', label, i));
    return data.values[k]!;
  });
  return { shape: indices.shape, values: Float64Array.from(values), type: data.type };
}

/** Slice with step 1 of a 1-D constant (a shape's entries). */
function foldSlice(node: OnnxNode, label: string, inputs: readonly (Tensor | undefined)[]): Tensor {
  const data = need(inputs[0], label);
  if (data.shape.length !== 1) throw new OnnxError(l10n.t('{0}: GradLens folds only Slice of 1-D constants (shapes)', label));
  const starts = intsAttr(node, 'starts') ?? Array.from(need(inputs[1], label).values);
  const ends = intsAttr(node, 'ends') ?? Array.from(need(inputs[2], label).values);
  const steps = inputs[4] ? Array.from(inputs[4].values) : [1];
  if (steps[0] !== 1) throw new OnnxError(l10n.t('{0}: GradLens folds only Slice with step 1', label));
  const n = data.shape[0]!;
  const clamp = (v: number) => Math.max(0, Math.min(n, v < 0 ? v + n : v));
  const values = Array.from(data.values).slice(clamp(starts[0]!), clamp(ends[0]!));
  return { shape: [values.length], values: Float64Array.from(values), type: data.type };
}

function need(t: Tensor | undefined, label: string): Tensor {
  if (!t) throw new OnnxError(l10n.t('{0} lacks an input it needs', label));
  return t;
}
