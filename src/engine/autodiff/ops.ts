/**
 * The autodiff ops, each with its forward and its backward rule side by side.
 *
 * Binary elementwise ops (add, sub, mul, div, pow) broadcast as NumPy does: shapes are aligned on
 * their last axes, and each axis must match or be 1 (or be missing). Their backward rules sum the
 * gradient over every broadcast axis, so each input gets a gradient of its own shape.
 * Softmax and log-softmax work over the last axis and subtract the row maximum first.
 * Shape errors name the op and both shapes.
 */
import type { CustomActivation } from '../spec';
import {
  asTensor, defineOp, shapeSize, shapeString, type Grad, type Shape, type Tensor, type TensorLike,
} from './tensor';

// ---------------------------------------------------------------------------------------------
// Broadcasting

/** The broadcast shape of `a` and `b`, or a clear error naming the op and both shapes. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const rank = Math.max(a.length, b.length);
  const out: number[] = new Array<number>(rank);
  for (let i = 0; i < rank; i++) {
    const da = a[a.length - rank + i] ?? 1;
    const db = b[b.length - rank + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new Error(`${op}: cannot broadcast shapes ${shapeString(a)} and ${shapeString(b)}`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * For every flat index of `outShape`, the flat index of the element of `inShape` that broadcasts
 * onto it (`inShape` must broadcast to `outShape`).
 */
export function broadcastIndex(outShape: Shape, inShape: Shape): Int32Array {
  const rank = outShape.length;
  const shift = rank - inShape.length;
  const strides = new Array<number>(rank).fill(0);
  let s = 1;
  for (let d = inShape.length - 1; d >= 0; d--) {
    strides[d + shift] = inShape[d] === 1 ? 0 : s;
    s *= inShape[d];
  }
  const size = shapeSize(outShape);
  const map = new Int32Array(size);
  const idx = new Array<number>(rank).fill(0);
  let pos = 0;
  for (let i = 0; i < size; i++) {
    map[i] = pos;
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      pos += strides[d];
      if (idx[d] < outShape[d]) break;
      pos -= strides[d] * outShape[d];
      idx[d] = 0;
    }
  }
  return map;
}

// ---------------------------------------------------------------------------------------------
// Elementwise binary ops with broadcasting

interface BinarySaved { readonly ma: Int32Array; readonly mb: Int32Array }

/** ∂out/∂x and ∂out/∂y at one element, given x, y and out. */
type Partial = (x: number, y: number, out: number) => number;

function binaryOp(name: string, f: (x: number, y: number) => number, dx: Partial, dy: Partial) {
  const record = defineOp({
    name,
    backward(g, node): (Grad | undefined)[] {
      const [a, b] = node.inputs;
      const { ma, mb } = node.saved as BinarySaved;
      const ga = a.requiresGrad ? new Float64Array(a.size) : undefined;
      const gb = b.requiresGrad ? new Float64Array(b.size) : undefined;
      for (let i = 0; i < g.length; i++) {
        const x = a.data[ma[i]], y = b.data[mb[i]], o = node.data[i];
        if (ga) ga[ma[i]] += g[i] * dx(x, y, o);
        if (gb) gb[mb[i]] += g[i] * dy(x, y, o);
      }
      return [ga && { shape: a.shape, data: ga }, gb && { shape: b.shape, data: gb }];
    },
  });
  return (x: TensorLike, y: TensorLike): Tensor => {
    const a = asTensor(x), b = asTensor(y);
    const shape = broadcastShapes(name, a.shape, b.shape);
    const ma = broadcastIndex(shape, a.shape), mb = broadcastIndex(shape, b.shape);
    const out = new Float64Array(ma.length);
    for (let i = 0; i < out.length; i++) out[i] = f(a.data[ma[i]], b.data[mb[i]]);
    return record(out, shape, [a, b], { ma, mb } satisfies BinarySaved);
  };
}

/** a + b, broadcasting. */
export const add = binaryOp('add', (x, y) => x + y, () => 1, () => 1);
/** a − b, broadcasting. */
export const sub = binaryOp('sub', (x, y) => x - y, () => 1, () => -1);
/** a · b elementwise, broadcasting. */
export const mul = binaryOp('mul', (x, y) => x * y, (_x, y) => y, (x) => x);
/** a / b elementwise, broadcasting. */
export const div = binaryOp('div', (x, y) => x / y, (_x, y) => 1 / y, (x, y) => -x / (y * y));
/** a ^ b elementwise, broadcasting; ∂/∂b = a^b · ln a is only computed when b needs a gradient. */
export const pow = binaryOp(
  'pow', (x, y) => Math.pow(x, y),
  (x, y) => (y === 0 ? 0 : y * Math.pow(x, y - 1)),
  (x, _y, o) => o * Math.log(x),
);

// ---------------------------------------------------------------------------------------------
// Elementwise unary ops

function unaryOp(name: string, f: (x: number) => number, df: (x: number, out: number) => number) {
  const record = defineOp({
    name,
    backward(g, node) {
      const [a] = node.inputs;
      const ga = new Float64Array(a.size);
      for (let i = 0; i < ga.length; i++) ga[i] = g[i] * df(a.data[i], node.data[i]);
      return [{ shape: a.shape, data: ga }];
    },
  });
  return (x: TensorLike): Tensor => {
    const a = asTensor(x);
    const out = new Float64Array(a.size);
    for (let i = 0; i < out.length; i++) out[i] = f(a.data[i]);
    return record(out, a.shape, [a]);
  };
}

/** −a. */
export const neg = unaryOp('neg', (x) => -x, () => -1);
/** e^a. */
export const exp = unaryOp('exp', Math.exp, (_x, o) => o);
/** ln a. */
export const log = unaryOp('log', Math.log, (x) => 1 / x);
/** tanh a. */
export const tanh = unaryOp('tanh', Math.tanh, (_x, o) => 1 - o * o);
/** 1 / (1 + e^−a), computed stably. */
export const sigmoid = unaryOp(
  'sigmoid',
  (x) => (x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x))),
  (_x, o) => o * (1 - o),
);
/** max(0, a); the derivative at 0 is taken as 0. */
export const relu = unaryOp('relu', (x) => (x < 0 ? 0 : x), (x) => (x > 0 ? 1 : 0));
/** a for a > 0, else 0.01·a; the derivative at 0 is taken as 0.01. */
export const leakyRelu = unaryOp('leaky-relu', (x) => (x < 0 ? 0.01 * x : x), (x) => (x > 0 ? 1 : 0.01));

const recordCustom = defineOp({
  name: 'custom-activation',
  backward(g, node) {
    const [a] = node.inputs;
    const df = (node.saved as CustomActivation).df;
    const ga = new Float64Array(a.size);
    for (let i = 0; i < ga.length; i++) ga[i] = g[i] * df(a.data[i]);
    return [{ shape: a.shape, data: ga }];
  },
});

/** A student's activation: f elementwise forward, and its `df` exactly as given on the way back. */
export function customActivation(x: TensorLike, act: CustomActivation): Tensor {
  const a = asTensor(x);
  const out = new Float64Array(a.size);
  for (let i = 0; i < out.length; i++) out[i] = act.f(a.data[i]);
  return recordCustom(out, a.shape, [a], act);
}

// ---------------------------------------------------------------------------------------------
// Matrix product

function matmulRaw(
  A: Float64Array, B: Float64Array, m: number, k: number, n: number, transA: boolean, transB: boolean,
): Float64Array {
  // C[i][j] = Σ_p A'[i][p] B'[p][j], with A' = A or Aᵀ, B' = B or Bᵀ (plain triple loop: reference code).
  const C = new Float64Array(m * n);
  for (let i = 0; i < m; i++) {
    for (let p = 0; p < k; p++) {
      const a = transA ? A[p * m + i] : A[i * k + p];
      if (a === 0) continue;
      for (let j = 0; j < n; j++) C[i * n + j] += a * (transB ? B[j * k + p] : B[p * n + j]);
    }
  }
  return C;
}

const recordMatmul = defineOp({
  name: 'matmul',
  backward(g, node) {
    const [a, b] = node.inputs;
    const [m, k] = a.shape, n = b.shape[1];
    return [
      a.requiresGrad ? { shape: a.shape, data: matmulRaw(g, b.data, m, n, k, false, true) } : undefined, // g·Bᵀ
      b.requiresGrad ? { shape: b.shape, data: matmulRaw(a.data, g, k, m, n, true, false) } : undefined, // Aᵀ·g
    ];
  },
});

/** The matrix product of a [m, k] and b [k, n]. */
export function matmul(x: TensorLike, y: TensorLike): Tensor {
  const a = asTensor(x), b = asTensor(y);
  if (a.rank !== 2 || b.rank !== 2) {
    throw new Error(`matmul: expects two 2-D tensors, got shapes ${shapeString(a.shape)} and ${shapeString(b.shape)}`);
  }
  const [m, k] = a.shape, [k2, n] = b.shape;
  if (k !== k2) {
    throw new Error(`matmul: inner dimensions differ: ${shapeString(a.shape)} × ${shapeString(b.shape)} (${k} ≠ ${k2})`);
  }
  return recordMatmul(matmulRaw(a.data, b.data, m, k, n, false, false), [m, n], [a, b]);
}

// ---------------------------------------------------------------------------------------------
// Softmax and log-softmax over the last axis

function lastAxis(op: string, a: Tensor): number {
  if (a.rank === 0) throw new Error(`${op}: needs at least one axis, got shape ${shapeString(a.shape)}`);
  return a.shape[a.rank - 1];
}

function softmaxRaw(x: Float64Array, cols: number): Float64Array {
  const y = new Float64Array(x.length);
  for (let off = 0; off < x.length; off += cols) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, x[off + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) { y[off + j] = Math.exp(x[off + j] - max); s += y[off + j]; }
    for (let j = 0; j < cols; j++) y[off + j] /= s;
  }
  return y;
}

const recordSoftmax = defineOp({
  name: 'softmax',
  backward(g, node) {
    const [a] = node.inputs;
    const cols = a.shape[a.rank - 1], y = node.data;
    const ga = new Float64Array(a.size);
    for (let off = 0; off < ga.length; off += cols) {
      let dot = 0;
      for (let j = 0; j < cols; j++) dot += g[off + j] * y[off + j];
      for (let j = 0; j < cols; j++) ga[off + j] = y[off + j] * (g[off + j] - dot);
    }
    return [{ shape: a.shape, data: ga }];
  },
});

/** softmax over the last axis: e^(x − max) / Σ e^(x − max). */
export function softmax(x: TensorLike): Tensor {
  const a = asTensor(x);
  return recordSoftmax(softmaxRaw(a.data, lastAxis('softmax', a)), a.shape, [a]);
}

const recordLogSoftmax = defineOp({
  name: 'log-softmax',
  backward(g, node) {
    const [a] = node.inputs;
    const cols = a.shape[a.rank - 1], y = node.data;
    const ga = new Float64Array(a.size);
    for (let off = 0; off < ga.length; off += cols) {
      let s = 0;
      for (let j = 0; j < cols; j++) s += g[off + j];
      for (let j = 0; j < cols; j++) ga[off + j] = g[off + j] - Math.exp(y[off + j]) * s;
    }
    return [{ shape: a.shape, data: ga }];
  },
});

/** log-softmax over the last axis: x − max − ln Σ e^(x − max). */
export function logSoftmax(x: TensorLike): Tensor {
  const a = asTensor(x);
  const cols = lastAxis('log-softmax', a);
  const y = new Float64Array(a.size);
  for (let off = 0; off < y.length; off += cols) {
    let max = -Infinity;
    for (let j = 0; j < cols; j++) max = Math.max(max, a.data[off + j]);
    let s = 0;
    for (let j = 0; j < cols; j++) s += Math.exp(a.data[off + j] - max);
    const lse = max + Math.log(s);
    for (let j = 0; j < cols; j++) y[off + j] = a.data[off + j] - lse;
  }
  return recordLogSoftmax(y, a.shape, [a]);
}

// ---------------------------------------------------------------------------------------------
// Reductions

function normaliseAxes(op: string, shape: Shape, axes: number | readonly number[] | undefined): number[] {
  if (axes === undefined) return shape.map((_, i) => i);
  const list = typeof axes === 'number' ? [axes] : [...axes];
  const out = list.map((ax) => {
    const a = ax < 0 ? ax + shape.length : ax;
    if (!Number.isInteger(a) || a < 0 || a >= shape.length) {
      throw new Error(`${op}: axis ${ax} is out of range for shape ${shapeString(shape)}`);
    }
    return a;
  });
  if (new Set(out).size !== out.length) throw new Error(`${op}: repeated axis in [${list.join(', ')}]`);
  return out;
}

interface ReduceSaved { readonly map: Int32Array; readonly scale: number }

function reduceOp(name: string, isMean: boolean) {
  const record = defineOp({
    name,
    backward(g, node) {
      const [a] = node.inputs;
      const { map, scale } = node.saved as ReduceSaved;
      const ga = new Float64Array(a.size);
      for (let i = 0; i < ga.length; i++) ga[i] = g[map[i]] * scale;
      return [{ shape: a.shape, data: ga }];
    },
  });
  return (x: TensorLike, axes?: number | readonly number[], keepdims = false): Tensor => {
    const a = asTensor(x);
    const ax = normaliseAxes(name, a.shape, axes);
    const kept = a.shape.map((d, i) => (ax.includes(i) ? 1 : d));
    const outShape = keepdims ? kept : a.shape.filter((_, i) => !ax.includes(i));
    const map = broadcastIndex(a.shape, kept);
    let count = 1;
    for (const i of ax) count *= a.shape[i];
    const scale = isMean ? 1 / count : 1;
    const out = new Float64Array(shapeSize(outShape));
    for (let i = 0; i < a.size; i++) out[map[i]] += a.data[i];
    if (isMean) for (let i = 0; i < out.length; i++) out[i] *= scale;
    return record(out, outShape, [a], { map, scale } satisfies ReduceSaved);
  };
}

/** Sum over `axes` (all axes when omitted); `keepdims` keeps reduced axes as size 1. */
export const sum = reduceOp('sum', false);
/** Mean over `axes` (all axes when omitted); `keepdims` keeps reduced axes as size 1. */
export const mean = reduceOp('mean', true);

// ---------------------------------------------------------------------------------------------
// Shape ops

const recordReshape = defineOp({
  name: 'reshape',
  backward(g, node) {
    const [a] = node.inputs;
    return [{ shape: a.shape, data: g.slice() }];
  },
});

/** The same values in a new shape; one dimension may be −1 (inferred). */
export function reshape(x: TensorLike, shape: readonly number[]): Tensor {
  const a = asTensor(x);
  const unknown = shape.filter((d) => d === -1).length;
  if (unknown > 1) throw new Error(`reshape: at most one −1 allowed, got ${shapeString(shape)}`);
  let known = 1;
  for (const d of shape) if (d !== -1) known *= d;
  const resolved = shape.map((d) => (d === -1 ? (known === 0 ? 0 : a.size / known) : d));
  if (shapeSize(resolved) !== a.size || resolved.some((d) => !Number.isInteger(d) || d < 0)) {
    throw new Error(`reshape: cannot reshape ${shapeString(a.shape)} (${a.size} values) to ${shapeString(shape)}`);
  }
  return recordReshape(a.data.slice(), resolved, [a]);
}

function transposeRaw(data: Float64Array, shape: Shape, perm: readonly number[]): { data: Float64Array; shape: number[] } {
  const rank = shape.length;
  const outShape = perm.map((p) => shape[p]);
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let d = rank - 1; d >= 0; d--) { inStrides[d] = s; s *= shape[d]; }
  const strides = perm.map((p) => inStrides[p]);
  const out = new Float64Array(data.length);
  const idx = new Array<number>(rank).fill(0);
  let pos = 0;
  for (let i = 0; i < out.length; i++) {
    out[i] = data[pos];
    for (let d = rank - 1; d >= 0; d--) {
      idx[d]++;
      pos += strides[d];
      if (idx[d] < outShape[d]) break;
      pos -= strides[d] * outShape[d];
      idx[d] = 0;
    }
  }
  return { data: out, shape: outShape };
}

const recordTranspose = defineOp({
  name: 'transpose',
  backward(g, node) {
    const perm = node.saved as number[];
    const inverse = new Array<number>(perm.length);
    perm.forEach((p, i) => { inverse[p] = i; });
    const back = transposeRaw(g, node.shape, inverse);
    return [{ shape: back.shape, data: back.data }];
  },
});

/** Permutes the axes (default: reverses them, so a matrix is transposed). */
export function transpose(x: TensorLike, perm?: readonly number[]): Tensor {
  const a = asTensor(x);
  const p = perm ? [...perm] : a.shape.map((_, i) => a.rank - 1 - i);
  const sorted = [...p].sort((u, v) => u - v);
  if (p.length !== a.rank || sorted.some((v, i) => v !== i)) {
    throw new Error(`transpose: [${p.join(', ')}] is not a permutation of the axes of shape ${shapeString(a.shape)}`);
  }
  const r = transposeRaw(a.data, a.shape, p);
  return recordTranspose(r.data, r.shape, [a], p);
}

