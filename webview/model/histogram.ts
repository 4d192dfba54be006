/** Equal-width histograms, for gradients and activations of one layer. */

export interface Histogram {
  /** bins + 1 bin edges, ascending. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}

/** The finite range of several value lists; a zero-width range is widened so it has bins. */
export function valueRange(...lists: readonly (readonly number[])[]): { min: number; max: number } | undefined {
  let min = Infinity;
  let max = -Infinity;
  for (const list of lists) for (const v of list) if (Number.isFinite(v)) { if (v < min) min = v; if (v > max) max = v; }
  if (min > max) return undefined;
  if (min === max) {
    const pad = min === 0 ? 1 : Math.abs(min) * 0.5;
    return { min: min - pad, max: max + pad };
  }
  return { min, max };
}

export function histogram(values: readonly number[], bins: number, range = valueRange(values)): Histogram {
  if (!range) return { edges: [], counts: [] };
  const width = (range.max - range.min) / bins;
  const edges = Array.from({ length: bins + 1 }, (_, i) => range.min + i * width);
  const counts = new Array<number>(bins).fill(0);
  for (const v of values) {
    if (!Number.isFinite(v) || v < range.min || v > range.max) continue;
    counts[Math.min(bins - 1, Math.floor((v - range.min) / width))]++;
  }
  return { edges, counts };
}

/** Centre of each bin, for labels. */
export function binCentres(h: Histogram): number[] {
  return h.counts.map((_, i) => (h.edges[i] + h.edges[i + 1]) / 2);
}
