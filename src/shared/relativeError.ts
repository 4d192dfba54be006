/**
 * Relative error of two numbers that should agree:
 *
 *   rel(a, b) = |a − b| / max(|a|, |b|, floor)
 *
 * The gradient check uses floor 1e-8 (two gradients that are both essentially zero agree); the
 * teaching pages compare an engine value with the same formula multiplied out and use floor 0, so
 * only exact agreement of two zeros reads 0. NaN in, NaN out.
 */

/** The gradient check's floor: below it two values count as zero. */
export const RELATIVE_ERROR_FLOOR = 1e-8;

export function relativeError(a: number, b: number, floor = RELATIVE_ERROR_FLOOR): number {
  const scale = Math.max(Math.abs(a), Math.abs(b), floor);
  if (scale === 0) return 0;
  return Math.abs(a - b) / scale;
}
