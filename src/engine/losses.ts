/**
 * The four losses of docs/spec/model-file-v1.md, per sample, with their output deltas.
 * N = samples in the batch, K = outputs, o = output activation, z = output net, t = target.
 *
 * | loss                   | L_n (one sample's own loss)                | batch loss L          |
 * |------------------------|--------------------------------------------|-----------------------|
 * | squared                | ½ Σ_k (t − o)²                             | (1/N) Σ_n L_n         |
 * | mse                    | (1/K) Σ_k (t − o)²                         | (1/N) Σ_n L_n         |
 * | cross-entropy          | −Σ_k t ln o                                | (1/N) Σ_n L_n         |
 * | binary-cross-entropy   | −Σ_k [t ln o + (1 − t) ln(1 − o)]          | (1/N) Σ_n L_n         |
 *
 * Terms with t = 0 in t·ln o (and with t = 1 in (1 − t)·ln(1 − o)) count as 0, so a one-hot target
 * never multiplies 0 by ln 0.
 *
 * Output delta δ = ∂L_n/∂z (no 1/N factor):
 * - softmax output + cross-entropy: L_n = −Σ t_k log-softmax_k(z), computed stably, and
 *   δ = o·Σ_k t_k − t, which is the familiar o − t when the targets sum to 1;
 * - sigmoid output + binary-cross-entropy: L_n = Σ_k softplus(z) − t·z, computed stably, and δ = o − t;
 * - every other pairing: ∂L_n/∂o (squared: o − t; mse: (2/K)(o − t); cross-entropy: −t/o;
 *   binary-cross-entropy: −t/o + (1 − t)/(1 − o)), then back through the activation (f'(z), or the
 *   full softmax Jacobian-vector product).
 */
import { ACT_SIGMOID, ACT_SOFTMAX, activateBackward } from './activations';
import type { LossKind } from './spec';

/** The four loss kinds, in the order of model-file-v1. */
export const LOSS_KINDS: readonly LossKind[] = ['squared', 'mse', 'cross-entropy', 'binary-cross-entropy'];

/** True when the loss and the output activation combine into the stable gradient o − t. */
export function isCombined(kind: LossKind, outputCode: number): boolean {
  return (kind === 'cross-entropy' && outputCode === ACT_SOFTMAX)
    || (kind === 'binary-cross-entropy' && outputCode === ACT_SIGMOID);
}

/** ln(1 + e^x) without overflow. */
function softplus(x: number): number {
  return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
}

/**
 * One term of L_n, the contribution of output k (for the combined softmax case, `lse` is
 * max + ln Σ exp(z − max) of the row).
 */
export function lossTerm(kind: LossKind, combined: boolean, z: number, o: number, t: number, K: number, lse: number): number {
  switch (kind) {
    case 'squared': { const d = t - o; return 0.5 * d * d; }
    case 'mse': { const d = t - o; return (d * d) / K; }
    case 'cross-entropy':
      if (t === 0) return 0;
      return combined ? -t * (z - lse) : -t * Math.log(o);
    case 'binary-cross-entropy':
      if (combined) return softplus(z) - t * z;
      return -(t === 0 ? 0 : t * Math.log(o)) - (t === 1 ? 0 : (1 - t) * Math.log(1 - o));
    default:
      throw new Error(`unknown loss '${String(kind)}'`);
  }
}

/** max + ln Σ exp(z − max) over a row: the log of softmax's denominator. */
function logSumExp(z: Float64Array, off: number, K: number): number {
  let max = -Infinity;
  for (let k = 0; k < K; k++) if (z[off + k] > max) max = z[off + k];
  if (max === Infinity || max !== max) return max;
  let s = 0;
  for (let k = 0; k < K; k++) s += Math.exp(z[off + k] - max);
  return max + Math.log(s);
}

/**
 * Σ_n L_n over the first n rows (divide by n for the batch loss). When `perSample` is given,
 * L_n is stored there too. Written as one loop per case, with no calls per element, because the
 * gradient check calls it hundreds of times.
 */
export function lossSum(
  kind: LossKind, outputCode: number,
  z: Float64Array, o: Float64Array, T: Float64Array, n: number, K: number,
  perSample?: Float64Array,
): number {
  const combined = isCombined(kind, outputCode);
  let total = 0;
  for (let r = 0; r < n; r++) {
    const off = r * K;
    let s = 0;
    switch (kind) {
      case 'squared':
        for (let k = 0; k < K; k++) { const d = T[off + k] - o[off + k]; s += 0.5 * d * d; }
        break;
      case 'mse':
        for (let k = 0; k < K; k++) { const d = T[off + k] - o[off + k]; s += (d * d) / K; }
        break;
      case 'cross-entropy':
        if (combined) {
          // −Σ t·(z − lse), lse = max + ln Σ e^(z − max)
          let max = -Infinity;
          for (let k = 0; k < K; k++) if (z[off + k] > max) max = z[off + k];
          let lse = max;
          if (max !== Infinity && max === max) {
            let e = 0;
            for (let k = 0; k < K; k++) e += Math.exp(z[off + k] - max);
            lse = max + Math.log(e);
          }
          for (let k = 0; k < K; k++) { const t = T[off + k]; if (t !== 0) s -= t * (z[off + k] - lse); }
        } else {
          for (let k = 0; k < K; k++) { const t = T[off + k]; if (t !== 0) s -= t * Math.log(o[off + k]); }
        }
        break;
      case 'binary-cross-entropy':
        if (combined) {
          // softplus(z) − t·z
          for (let k = 0; k < K; k++) {
            const x = z[off + k];
            const sp = x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
            s += sp - T[off + k] * x;
          }
        } else {
          for (let k = 0; k < K; k++) {
            const t = T[off + k], v = o[off + k];
            s -= (t === 0 ? 0 : t * Math.log(v)) + (t === 1 ? 0 : (1 - t) * Math.log(1 - v));
          }
        }
        break;
      default:
        throw new Error(`unknown loss '${String(kind)}'`);
    }
    if (perSample) perSample[r] = s;
    total += s;
  }
  return total;
}

/** The first (sample, unit) whose loss term is not finite, or undefined. */
export function firstNonFiniteLossTerm(
  kind: LossKind, outputCode: number,
  z: Float64Array, o: Float64Array, T: Float64Array, n: number, K: number,
): { sample: number; unit: number; value: number } | undefined {
  const combined = isCombined(kind, outputCode);
  const softmaxCE = combined && kind === 'cross-entropy';
  for (let r = 0; r < n; r++) {
    const off = r * K;
    const lse = softmaxCE ? logSumExp(z, off, K) : 0;
    for (let k = 0; k < K; k++) {
      const v = lossTerm(kind, combined, z[off + k], o[off + k], T[off + k], K, lse);
      if (v - v !== 0) return { sample: r, unit: k, value: v };
    }
  }
  return undefined;
}

/**
 * Writes δ = ∂L_n/∂z for the first n rows into `delta` (no 1/N factor).
 * `custom` is the output layer's custom activation, if any.
 */
export function outputDelta(
  kind: LossKind, outputCode: number, custom: Parameters<typeof activateBackward>[1],
  z: Float64Array, o: Float64Array, T: Float64Array, n: number, K: number, delta: Float64Array,
): void {
  const len = n * K;
  if (kind === 'cross-entropy' && outputCode === ACT_SOFTMAX) {
    for (let r = 0; r < n; r++) {
      const off = r * K;
      let tsum = 0;
      for (let k = 0; k < K; k++) tsum += T[off + k];
      for (let k = 0; k < K; k++) delta[off + k] = o[off + k] * tsum - T[off + k];
    }
    return;
  }
  if (kind === 'binary-cross-entropy' && outputCode === ACT_SIGMOID) {
    for (let i = 0; i < len; i++) delta[i] = o[i] - T[i];
    return;
  }
  switch (kind) {
    case 'squared':
      for (let i = 0; i < len; i++) delta[i] = o[i] - T[i];
      break;
    case 'mse': {
      const c = 2 / K;
      for (let i = 0; i < len; i++) delta[i] = c * (o[i] - T[i]);
      break;
    }
    case 'cross-entropy':
      for (let i = 0; i < len; i++) { const t = T[i]; delta[i] = t === 0 ? 0 : -t / o[i]; }
      break;
    case 'binary-cross-entropy':
      for (let i = 0; i < len; i++) {
        const t = T[i], v = o[i];
        delta[i] = (t === 0 ? 0 : -t / v) + (t === 1 ? 0 : (1 - t) / (1 - v));
      }
      break;
    default:
      throw new Error(`unknown loss '${String(kind)}'`);
  }
  activateBackward(outputCode, custom, z, o, delta, n, K);
}

/** L_n of one sample (outputs `o`, their nets `z`, targets `t`), exactly as the batch loss sums it. */
export function sampleLoss(kind: LossKind, outputCode: number, z: ArrayLike<number>, o: ArrayLike<number>, t: ArrayLike<number>): number {
  const K = o.length;
  return lossSum(kind, outputCode, Float64Array.from(z), Float64Array.from(o), Float64Array.from(t), 1, K);
}
