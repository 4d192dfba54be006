/**
 * Activation functions of the fused dense path, on rows of a row-major N×units Float64Array.
 * Each activation has its forward (out = f(net)) and backward (dL/dnet from dL/dout) side by side.
 * Elementwise activations use f'(net) (or the cheaper form in `out`); softmax uses the full
 * Jacobian-vector product dL/dnet_j = o_j (g_j − Σ_k g_k o_k); a custom activation uses its `df`
 * exactly as given, right or wrong.
 */
import type { ActivationSpec, CustomActivation } from './spec';

/** Numeric activation codes, so hot loops switch on a small integer. Code of `'linear'`. */
export const ACT_LINEAR = 0;
/** Code of `'sigmoid'`. */
export const ACT_SIGMOID = 1;
/** Code of `'tanh'`. */
export const ACT_TANH = 2;
/** Code of `'relu'`. */
export const ACT_RELU = 3;
/** Code of `'leaky-relu'`. */
export const ACT_LEAKY_RELU = 4;
/** Code of `'softmax'` (over each row, not elementwise). */
export const ACT_SOFTMAX = 5;
/** Code of a custom activation (its compiled f and df). */
export const ACT_CUSTOM = 6;

/** Slope of leaky-relu for negative inputs (model-file-v1). */
export const LEAKY_SLOPE = 0.01;

/** The numeric code of an activation spec. @throws Error for an unknown name. */
export function activationCode(spec: ActivationSpec): number {
  if (typeof spec === 'object') return ACT_CUSTOM;
  switch (spec) {
    case 'linear': return ACT_LINEAR;
    case 'sigmoid': return ACT_SIGMOID;
    case 'tanh': return ACT_TANH;
    case 'relu': return ACT_RELU;
    case 'leaky-relu': return ACT_LEAKY_RELU;
    case 'softmax': return ACT_SOFTMAX;
    default: throw new Error(`unknown activation '${String(spec)}'`);
  }
}

/** The display name of an activation: the built-in name or the custom activation's own name. */
export function activationName(spec: ActivationSpec): string {
  return typeof spec === 'object' ? spec.name : spec;
}

/** True for activations whose derivative jumps at 0 (relu, leaky-relu): the gradient check's kinks. */
export function isReluType(code: number): boolean {
  return code === ACT_RELU || code === ACT_LEAKY_RELU;
}

/** A numerically stable logistic function. */
export function sigmoid(x: number): number {
  if (x >= 0) return 1 / (1 + Math.exp(-x));
  const e = Math.exp(x);
  return e / (1 + e);
}

/** f(x) for one element of an elementwise activation (not softmax). */
export function activateScalar(code: number, custom: CustomActivation | undefined, x: number): number {
  switch (code) {
    case ACT_LINEAR: return x;
    case ACT_SIGMOID: return sigmoid(x);
    case ACT_TANH: return Math.tanh(x);
    case ACT_RELU: return x < 0 ? 0 : x; // NaN stays NaN
    case ACT_LEAKY_RELU: return x < 0 ? LEAKY_SLOPE * x : x;
    case ACT_CUSTOM: return (custom as CustomActivation).f(x);
    default: throw new Error(`activateScalar: activation code ${code} is not elementwise`);
  }
}

/** Softmax of one row `net[off .. off+len)` into `out`, numerically stable (subtracts the row max). */
export function softmaxRow(net: Float64Array, out: Float64Array, off: number, len: number): void {
  let max = -Infinity;
  for (let j = 0; j < len; j++) if (net[off + j] > max) max = net[off + j];
  // A row containing NaN or +Inf: let the NaN propagate rather than hide it.
  if (max === Infinity || max !== max) {
    for (let j = 0; j < len; j++) out[off + j] = NaN;
    return;
  }
  let sum = 0;
  for (let j = 0; j < len; j++) {
    const e = Math.exp(net[off + j] - max);
    out[off + j] = e;
    sum += e;
  }
  const inv = 1 / sum;
  for (let j = 0; j < len; j++) out[off + j] *= inv;
}

/** out = f(net) for the first n rows of an N×units matrix. */
export function activateForward(
  code: number, custom: CustomActivation | undefined,
  net: Float64Array, out: Float64Array, n: number, units: number,
): void {
  const len = n * units;
  switch (code) {
    case ACT_LINEAR:
      for (let i = 0; i < len; i++) out[i] = net[i];
      return;
    case ACT_SIGMOID:
      for (let i = 0; i < len; i++) out[i] = sigmoid(net[i]);
      return;
    case ACT_TANH:
      for (let i = 0; i < len; i++) out[i] = Math.tanh(net[i]);
      return;
    case ACT_RELU:
      for (let i = 0; i < len; i++) { const x = net[i]; out[i] = x < 0 ? 0 : x; }
      return;
    case ACT_LEAKY_RELU:
      for (let i = 0; i < len; i++) { const x = net[i]; out[i] = x < 0 ? LEAKY_SLOPE * x : x; }
      return;
    case ACT_SOFTMAX:
      for (let r = 0; r < n; r++) softmaxRow(net, out, r * units, units);
      return;
    case ACT_CUSTOM: {
      const f = (custom as CustomActivation).f;
      for (let i = 0; i < len; i++) out[i] = f(net[i]);
      return;
    }
    default:
      throw new Error(`activateForward: unknown activation code ${code}`);
  }
}

/**
 * In place: `g` holds dL/dout on entry and dL/dnet on return, for the first n rows.
 * Uses `net` and `out` of the same layer.
 */
export function activateBackward(
  code: number, custom: CustomActivation | undefined,
  net: Float64Array, out: Float64Array, g: Float64Array, n: number, units: number,
): void {
  const len = n * units;
  switch (code) {
    case ACT_LINEAR:
      return;
    case ACT_SIGMOID:
      for (let i = 0; i < len; i++) { const o = out[i]; g[i] *= o * (1 - o); }
      return;
    case ACT_TANH:
      for (let i = 0; i < len; i++) { const o = out[i]; g[i] *= 1 - o * o; }
      return;
    case ACT_RELU:
      for (let i = 0; i < len; i++) if (net[i] <= 0) g[i] = 0; // f'(0) = 0, as in TensorFlow
      return;
    case ACT_LEAKY_RELU:
      for (let i = 0; i < len; i++) if (net[i] <= 0) g[i] *= LEAKY_SLOPE;
      return;
    case ACT_SOFTMAX:
      for (let r = 0; r < n; r++) {
        const off = r * units;
        let dot = 0;
        for (let j = 0; j < units; j++) dot += g[off + j] * out[off + j];
        for (let j = 0; j < units; j++) g[off + j] = out[off + j] * (g[off + j] - dot);
      }
      return;
    case ACT_CUSTOM: {
      const df = (custom as CustomActivation).df;
      for (let i = 0; i < len; i++) g[i] *= df(net[i]);
      return;
    }
    default:
      throw new Error(`activateBackward: unknown activation code ${code}`);
  }
}

/**
 * f′(net) of one unit, as back-propagation uses it (`activateBackward` with ∂L/∂out = 1), for the
 * teaching views; undefined for softmax, whose slope is a Jacobian, not one number per unit.
 */
export function activationSlope(code: number, custom: CustomActivation | undefined, net: number, out: number): number | undefined {
  if (code === ACT_SOFTMAX) return undefined;
  const g = Float64Array.of(1);
  activateBackward(code, custom, Float64Array.of(net), Float64Array.of(out), g, 1, 1);
  return g[0];
}
