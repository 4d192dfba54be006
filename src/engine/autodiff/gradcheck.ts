/**
 * A numerical gradient check for autodiff expressions (after tinygrad's `gradcheck.py`):
 * central differences (f(x + h) − f(x − h)) / 2h on every input entry, compared with the gradients
 * `backward()` computes, by relative error |a − n| / max(|a|, |n|, 1e-8).
 */
import { type Tensor } from './tensor';
import { relativeError } from '../../shared/relativeError';

/** One input entry compared by `checkGradients`. */
export interface AutodiffCheckEntry {
  /** Which input (position in `inputs`) and which flat index in it. */
  readonly input: number;
  readonly index: number;
  readonly analytic: number;
  readonly numeric: number;
  readonly relError: number;
}

/** The outcome of `checkGradients`. */
export interface AutodiffCheckResult {
  readonly maxRelError: number;
  readonly entries: readonly AutodiffCheckEntry[];
}

/** |a − n| / max(|a|, |n|, 1e-8): two values that are both essentially zero agree (one definition, in src/shared). */
export { relativeError };

/**
 * Compares `backward()` gradients of the scalar `f(...inputs)` with central differences.
 * `f` must build its graph afresh from the inputs' current values each time it is called
 * (the check perturbs `inputs[i].data` in place and restores it).
 */
export function checkGradients(
  f: (...inputs: Tensor[]) => Tensor, inputs: readonly Tensor[], options: { readonly eps?: number } = {},
): AutodiffCheckResult {
  const eps = options.eps ?? 1e-6;
  const y = f(...inputs);
  if (y.size !== 1) throw new Error(`checkGradients: f must return one value, got shape [${y.shape.join(', ')}]`);
  y.backward();
  const analytic = inputs.map((t) => (t.grad ?? new Float64Array(t.size)).slice());
  const entries: AutodiffCheckEntry[] = [];
  let maxRelError = 0;
  inputs.forEach((t, k) => {
    for (let i = 0; i < t.size; i++) {
      const saved = t.data[i];
      t.data[i] = saved + eps;
      const plus = f(...inputs).item();
      t.data[i] = saved - eps;
      const minus = f(...inputs).item();
      t.data[i] = saved;
      const numeric = (plus - minus) / (2 * eps);
      const relError = relativeError(analytic[k][i], numeric);
      maxRelError = Math.max(maxRelError, relError);
      entries.push({ input: k, index: i, analytic: analytic[k][i], numeric, relError });
    }
  });
  return { maxRelError, entries };
}
