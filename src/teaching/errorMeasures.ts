/**
 * McCaffrey's (2013) two error measures of outputs against targets: the mean cross-entropy and the
 * mean sum of squared errors, with the count of items classified right. Plain arithmetic on numbers
 * (no engine import), so the comparison page can state the published example's values.
 */
import type { ErrorMeasures } from '../shared/lossCurves';

export type { ErrorMeasures };

/**
 * Whether one item counts as right: its largest output sits where the target's largest value is (one
 * output: both on the same side of 0.5). This is a sample-level verdict; a per-output threshold
 * (|o − t| > 0.5) can disagree with it.
 */
export function isRight(o: ArrayLike<number>, t: ArrayLike<number>): boolean {
  let best = 0, bestT = 0;
  for (let k = 0; k < o.length; k++) {
    if (o[k] > o[best]) best = k;
    if (t[k] > t[bestT]) bestT = k;
  }
  return o.length === 1 ? (o[0] >= 0.5) === (t[0] >= 0.5) : best === bestT;
}

/**
 * The average cross-entropy and the average sum of squared errors of outputs against targets, as
 * McCaffrey computes them (a term with t = 0 counts 0, so a zero output there never gives ln 0).
 */
export function errorMeasures(outputs: readonly (ArrayLike<number>)[], targets: readonly (ArrayLike<number>)[]): ErrorMeasures {
  if (outputs.length !== targets.length) throw new Error(`${outputs.length} output rows but ${targets.length} target rows`);
  let ce = 0, se = 0, correct = 0;
  outputs.forEach((o, n) => {
    const t = targets[n];
    if (o.length !== t.length) throw new Error(`row ${n + 1}: ${o.length} outputs but ${t.length} targets`);
    for (let k = 0; k < o.length; k++) {
      if (t[k] !== 0) ce -= t[k] * Math.log(o[k]);
      const d = t[k] - o[k];
      se += d * d;
    }
    if (isRight(o, t)) correct++;
  });
  const N = outputs.length;
  return { items: N, meanCrossEntropy: ce / N, meanSquaredError: se / N, correct };
}
