/**
 * Weight initialisers. A layer without explicit `weights` is filled from its own random stream,
 * `createRng(seed, 'init:<layer index>')`, so one layer's explicit weights or size never shift
 * another layer's random numbers.
 *
 * Draw order: weights are drawn row-major, unit 0's incoming weights for inputs 0 … fanIn−1 first,
 * then unit 1's, and so on; one draw per weight:
 * - `"xavier"` (Glorot uniform): w = −limit + 2·limit·next(), limit = sqrt(6 / (fanIn + fanOut)),
 *   fanOut = the layer's units.
 * - `"he"` (He normal): w = sqrt(2 / fanIn) · normal().
 * - `{uniform: [lo, hi]}`: w = lo + (hi − lo) · next().
 * - `{normal: [mean, std]}`: w = mean + std · normal().
 * - `"zeros"`: w = 0, no draws.
 * Biases are never random: explicit `bias` (one number for all units, or one per unit), else 0.
 */
import { createRng } from './rng';
import type { InitSpec } from './spec';

/** The name of the random stream layer `layerIndex` initialises its weights from. */
export function initStreamName(layerIndex: number): string {
  return `init:${layerIndex}`;
}

/** Fills `units × fanIn` weights (row-major, row = a unit's incoming weights) as `init` says. */
export function initWeights(
  init: InitSpec, units: number, fanIn: number, seed: number, layerIndex: number,
): Float64Array {
  const w = new Float64Array(units * fanIn);
  if (init === 'zeros') return w;
  const rng = createRng(seed, initStreamName(layerIndex));
  if (init === 'xavier') {
    const limit = Math.sqrt(6 / (fanIn + units));
    for (let i = 0; i < w.length; i++) w[i] = -limit + 2 * limit * rng.next();
  } else if (init === 'he') {
    const std = Math.sqrt(2 / fanIn);
    for (let i = 0; i < w.length; i++) w[i] = std * rng.normal();
  } else if ('uniform' in init) {
    const [lo, hi] = init.uniform;
    for (let i = 0; i < w.length; i++) w[i] = lo + (hi - lo) * rng.next();
  } else if ('normal' in init) {
    const [mean, std] = init.normal;
    for (let i = 0; i < w.length; i++) w[i] = mean + std * rng.normal();
  } else {
    throw new Error(`unknown initialiser ${JSON.stringify(init)}`);
  }
  return w;
}
