/**
 * Batch norm layers as a table per feature or channel: the batch's mean and variance the training-mode
 * pass normalised with (the engine's, from the analysis), the running statistics evaluation uses, γ and β,
 * and the distribution before and after the layer (mean and standard deviation over the recorded samples'
 * values of that channel), so a student sees the layer centre and rescale each channel.
 */
import type { Analysis } from '../../src/shared/analysis';

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
}

/** Mean and (biased) standard deviation of group g (`size` consecutive values per group) over every row. */
function groupMoments(rows: readonly (readonly number[])[], g: number, size: number): { mean: number; std: number } {
  let sum = 0, n = 0;
  for (const row of rows) for (let i = g * size; i < (g + 1) * size; i++) { sum += row[i]; n++; }
  const mean = n === 0 ? NaN : sum / n;
  let sq = 0;
  for (const row of rows) for (let i = g * size; i < (g + 1) * size; i++) sq += (row[i] - mean) ** 2;
  return { mean, std: n === 0 ? NaN : Math.sqrt(sq / n) };
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
    const gamma = layer.weights.value as number[][];
    const beta = layer.bias.value as number[];
    views.push({
      layer: l, title: layer.name, unit: shape.length === 3 ? 'channel' : 'feature', samples: layer.out.length,
      rows: Array.from({ length: groups }, (_, g) => ({
        channel: g,
        batchMean: info.batchMean![g], batchVar: info.batchVar![g],
        ...(info.runningMean ? { runningMean: info.runningMean[g], runningVar: info.runningVar?.[g] } : {}),
        ...(gamma[g] !== undefined ? { gamma: gamma[g][0] } : {}),
        ...(beta[g] !== undefined ? { beta: beta[g] } : {}),
        before: groupMoments(before, g, size),
        after: groupMoments(layer.out, g, size),
      })),
    });
  });
  return views;
}
