/** Summary statistics of gradients and activations, over plain Float64Arrays. */

/** L2 norm, mean |g| and max |g| over one or more arrays taken together (the engine's own). */
export { gradientStats } from '../engine';

/** Mean, standard deviation, min, max and fraction of exact zeros of the values of a matrix. */
export function activationStats(values: Float64Array): { mean: number; std: number; min: number; max: number; fractionZero: number } {
  const n = values.length;
  if (n === 0) return { mean: 0, std: 0, min: 0, max: 0, fractionZero: 0 };
  let sum = 0, min = Infinity, max = -Infinity, zeros = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i];
    sum += v;
    if (v < min) min = v;
    if (v > max) max = v;
    if (v === 0) zeros++;
  }
  const mean = sum / n;
  let sq = 0;
  for (let i = 0; i < n; i++) sq += (values[i] - mean) ** 2;
  return { mean, std: Math.sqrt(sq / n), min, max, fractionZero: zeros / n };
}

/** Rows of a row-major array as nested arrays. */
export function toRows(data: Float64Array, rows: number, cols: number): number[][] {
  const out: number[][] = [];
  for (let r = 0; r < rows; r++) out.push(Array.from(data.subarray(r * cols, (r + 1) * cols)));
  return out;
}
