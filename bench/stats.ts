/** Order statistics of timing samples: medians and percentiles, nothing that assumes a normal law. */

/**
 * The q-quantile (0 ≤ q ≤ 1) of `values` by linear interpolation between the closest ranks
 * (type 7 of Hyndman and Fan, the default of R and NumPy). NaN for an empty list.
 */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return NaN;
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: q must be in [0, 1], got ${q}`);
  const sorted = [...values].sort((a, b) => a - b);
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos), hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The median: the middle value, or the mean of the two middle values. */
export function median(values: readonly number[]): number {
  return quantile(values, 0.5);
}

/** Median, 10th and 90th percentile, minimum and count of a list of samples. */
export interface Summary {
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
  readonly min: number;
  readonly samples: number;
}

export function summarize(values: readonly number[]): Summary {
  return {
    median: median(values),
    p10: quantile(values, 0.1),
    p90: quantile(values, 0.9),
    min: values.length === 0 ? NaN : Math.min(...values),
    samples: values.length,
  };
}
