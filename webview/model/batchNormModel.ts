/**
 * Batch norm layers as a table per feature or channel: the batch's mean and variance the training-mode
 * pass normalised with (the engine's, from the analysis), the running statistics evaluation uses, γ and β,
 * and the distribution before and after the layer (mean and standard deviation over the recorded samples'
 * values of that channel), so a student sees the layer centre and rescale each channel; and those two
 * distributions as histograms, of one channel or of every channel pooled.
 *
 * "After" is the layer's own output γ·x̂ + β (`net` when the layer has an activation, else `out`), before any
 * activation the layer applies.
 */
import type { Analysis } from '../../src/shared/analysis';
import { histogram, valueRange } from './histogram';

export interface BatchNormRow {
  readonly channel: number;
  readonly batchMean: number;
  readonly batchVar: number;
  readonly runningMean?: number;
  readonly runningVar?: number;
  readonly gamma?: number;
  readonly beta?: number;
  readonly before: { readonly mean: number; readonly std: number };
  readonly after: { readonly mean: number; readonly std: number };
}

export interface BatchNormView {
  readonly layer: number;
  readonly title: string;
  /** `channel` for [C, H, W] inputs, `feature` for flat ones. */
  readonly unit: 'channel' | 'feature';
  readonly rows: readonly BatchNormRow[];
  /** Samples the before/after columns are taken over. */
  readonly samples: number;
  /** Values per channel per sample (H·W for a channel, 1 for a feature). */
  readonly groupSize: number;
  /** Per recorded sample, the layer's input and its output γ·x̂ + β, flat (channel-major). */
  readonly values: { readonly before: readonly (readonly number[])[]; readonly after: readonly (readonly number[])[] };
  /** The activation applied after the normalisation ('identity' when none). */
  readonly activation: string;
}

/** One distribution as a histogram, with the moments of the same values. */
export interface Distribution {
  /** bins + 1 ascending edges. */
  readonly edges: readonly number[];
  readonly counts: readonly number[];
  /** How many values were binned. */
  readonly count: number;
  readonly mean: number;
  /** Biased (population) standard deviation, as the table's. */
  readonly std: number;
}

/** Every value of group g (`size` consecutive values per group) over every row, row by row. */
function groupValues(rows: readonly (readonly number[])[], g: number, size: number): number[] {
  const out: number[] = [];
  for (const row of rows) for (let i = g * size; i < (g + 1) * size; i++) out.push(row[i]);
  return out;
}

/** Mean and (biased) standard deviation. */
function moments(values: readonly number[]): { mean: number; std: number } {
  let sum = 0;
  for (const v of values) sum += v;
  const n = values.length;
  const mean = n === 0 ? NaN : sum / n;
  let sq = 0;
  for (const v of values) sq += (v - mean) ** 2;
  return { mean, std: n === 0 ? NaN : Math.sqrt(sq / n) };
}

function groupMoments(rows: readonly (readonly number[])[], g: number, size: number): { mean: number; std: number } {
  return moments(groupValues(rows, g, size));
}

function distribution(values: readonly number[], bins: number): Distribution {
  const h = histogram(values, bins, valueRange(values));
  return { edges: h.edges, counts: h.counts, count: values.length, ...moments(values) };
}

/**
 * The values before and after the layer as histograms (each on its own range, `bins` equal bins): of one
 * channel (0-based), or with `channel` undefined of every channel pooled.
 */
export function batchNormDistributions(view: BatchNormView, channel: number | undefined, bins = 16): { before: Distribution; after: Distribution } {
  const pick = (rows: readonly (readonly number[])[]) => channel === undefined
    ? view.rows.flatMap((r) => groupValues(rows, r.channel, view.groupSize))
    : groupValues(rows, channel, view.groupSize);
  return { before: distribution(pick(view.values.before), bins), after: distribution(pick(view.values.after), bins) };
}

export function buildBatchNorm(analysis: Analysis): BatchNormView[] {
  const views: BatchNormView[] = [];
  analysis.layers.forEach((layer, l) => {
    const info = layer.layered;
    if (info?.type !== 'batchnorm' || !info.batchMean || !info.batchVar) return;
    const shape = info.inputShape;
    const groups = shape[0];
    const size = shape.slice(1).reduce((a, b) => a * b, 1);
    const before = l === 0 ? analysis.sampleInputs : analysis.layers[l - 1].out;
    // With an activation, `net` is γ·x̂ + β and `out` the activation of it; without one, only `out` is reported.
    const after = info.hasActivation && layer.net.length > 0 ? layer.net : layer.out;
    const gamma = layer.weights.value as number[][];
    const beta = layer.bias.value as number[];
    views.push({
      layer: l, title: layer.name, unit: shape.length === 3 ? 'channel' : 'feature', samples: after.length,
      groupSize: size, values: { before, after }, activation: info.hasActivation ? layer.activation : 'identity',
      rows: Array.from({ length: groups }, (_, g) => ({
        channel: g,
        batchMean: info.batchMean![g], batchVar: info.batchVar![g],
        ...(info.runningMean ? { runningMean: info.runningMean[g], runningVar: info.runningVar?.[g] } : {}),
        ...(gamma[g] !== undefined ? { gamma: gamma[g][0] } : {}),
        ...(beta[g] !== undefined ? { beta: beta[g] } : {}),
        before: groupMoments(before, g, size),
        after: groupMoments(after, g, size),
      })),
    });
  });
  return views;
}
