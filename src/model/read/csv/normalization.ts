/**
 * Normalisation of the features, fitted on the training rows only and applied to training and test
 * rows alike: x' = (x − offset) / scale. "none" (default); "zscore" subtracts the training mean and
 * divides by the training standard deviation (population, 1/n; a constant column is only centred);
 * "minmax" maps the training minimum to 0 and maximum to 1 (a constant column becomes 0). Computed
 * without overflow, even for ±1e308 (see {@link fitNormalization}).
 */
import type { DataSet } from '../../../engine/spec';
import type { NormalizationSpec } from '../../types';
import type { NormalizeKind } from './keys';

/** A fitted normalisation: x' = (x / prescale − offset) / scale, per column. */
export interface FittedNormalization {
  readonly spec: NormalizationSpec;
  readonly prescale: Float64Array;
  readonly offset: Float64Array;
  readonly scale: Float64Array;
}

/**
 * Offsets and scales of a normalisation, fitted on the training rows, in units of each column's
 * `prescale`: a normalised value is (x / prescale − offset) / scale. The prescale is 1 (so the numbers are
 * exactly those of the plain formulas) unless a column holds values beyond 2^500, whose sums, squares or
 * differences could overflow (±1e308 would give an infinite mean or range, zeroing the column or making
 * it NaN): such a column is first divided by the power of two at or below its largest magnitude (its
 * values then lie within ±2); dividing by a power of two is exact, so nothing changes but the overflow.
 */
export function fitNormalization(
  kind: NormalizeKind, x: Float64Array, nFeatures: number, trainIdx: readonly number[],
): FittedNormalization | undefined {
  if (kind === 'none') return undefined;
  const n = trainIdx.length;
  const offset = new Float64Array(nFeatures);
  const scale = new Float64Array(nFeatures);
  const prescale = new Float64Array(nFeatures).fill(1);
  for (let t = 0; t < n; t++) {
    const base = trainIdx[t]! * nFeatures;
    for (let j = 0; j < nFeatures; j++) prescale[j] = Math.max(prescale[j]!, Math.abs(x[base + j]!));
  }
  for (let j = 0; j < nFeatures; j++) prescale[j] = prescale[j]! > 2 ** 500 ? 2 ** Math.floor(Math.log2(prescale[j]!)) : 1;
  const at = (t: number, j: number): number => x[trainIdx[t]! * nFeatures + j]! / prescale[j]!;
  if (kind === 'zscore') {
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < nFeatures; j++) offset[j] += at(t, j);
    }
    for (let j = 0; j < nFeatures; j++) offset[j] /= n;
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < nFeatures; j++) {
        const d = at(t, j) - offset[j]!;
        scale[j] += d * d;
      }
    }
    for (let j = 0; j < nFeatures; j++) {
      const sd = Math.sqrt(scale[j]! / n);
      scale[j] = sd > 0 ? sd : 1;
    }
  } else {
    const hi = new Float64Array(nFeatures).fill(-Infinity);
    offset.fill(Infinity);
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < nFeatures; j++) {
        const v = at(t, j);
        if (v < offset[j]!) offset[j] = v;
        if (v > hi[j]!) hi[j] = v;
      }
    }
    for (let j = 0; j < nFeatures; j++) scale[j] = hi[j]! > offset[j]! ? hi[j]! - offset[j]! : 1;
  }
  const spec = { kind, offset: Array.from(offset, (o, j) => o * prescale[j]!), scale: Array.from(scale, (s, j) => s * prescale[j]!) };
  return { spec, prescale, offset, scale };
}

/**
 * The rows `idx` as a data set: their features normalised by `fitted` (unchanged without it) and
 * their K target numbers copied.
 */
export function pickRows(
  x: Float64Array, y: Float64Array, nFeatures: number, K: number, idx: readonly number[], fitted: FittedNormalization | undefined,
): DataSet {
  const pre = fitted ? fitted.prescale : new Float64Array(nFeatures).fill(1);
  const off = fitted ? fitted.offset : new Float64Array(nFeatures);
  const sc = fitted ? fitted.scale : new Float64Array(nFeatures).fill(1);
  const inputs = new Float64Array(idx.length * nFeatures);
  const targets = new Float64Array(idx.length * K);
  for (let i = 0; i < idx.length; i++) {
    const src = idx[i]!;
    for (let j = 0; j < nFeatures; j++) inputs[i * nFeatures + j] = (x[src * nFeatures + j]! / pre[j]! - off[j]!) / sc[j]!;
    for (let k = 0; k < K; k++) targets[i * K + k] = y[src * K + k]!;
  }
  return { inputs: { rows: idx.length, cols: nFeatures, data: inputs }, targets: { rows: idx.length, cols: K, data: targets } };
}
