/**
 * The loss curve, kept bounded however long training runs: at most `max` stored points. When the
 * store is full, neighbouring pairs are merged (mean of the values, the later step), halving it, and
 * from then on every `stride` incoming points are merged into one. The newest, not yet complete bucket
 * is still shown, so the curve is always live up to the last step.
 */
import type { TrainingPoint } from '../../src/shared/analysis';

export interface LossSeries {
  readonly max: number;
  /** Completed buckets, each the mean of `stride` original points (older ones of more). */
  readonly points: readonly TrainingPoint[];
  /** Original points per new bucket. */
  readonly stride: number;
  /** Original points of the bucket being filled. */
  readonly pending: readonly TrainingPoint[];
  /** The last step seen; points at or before it are ignored (duplicates from snapshot + progress). */
  readonly lastStep: number;
  /** Original points received in all. */
  readonly total: number;
}

export const DEFAULT_MAX_POINTS = 2000;

export function emptySeries(max = DEFAULT_MAX_POINTS): LossSeries {
  if (max < 4 || max % 2 !== 0) throw new Error(`series size must be an even number >= 4, got ${max}`);
  return { max, points: [], stride: 1, pending: [], lastStep: -Infinity, total: 0 };
}

function mean(values: readonly (number | undefined)[]): number | undefined {
  let sum = 0;
  let n = 0;
  for (const v of values) if (v !== undefined) { sum += v; n++; }
  return n === 0 ? undefined : sum / n;
}

/** One point standing for several: the mean of each value (where present) at the last step. */
export function mergePoints(points: readonly TrainingPoint[]): TrainingPoint {
  const last = points[points.length - 1];
  const merged: { -readonly [K in keyof TrainingPoint]: TrainingPoint[K] } = {
    step: last.step, epoch: last.epoch, loss: mean(points.map((p) => p.loss)) ?? NaN,
  };
  const testLoss = mean(points.map((p) => p.testLoss));
  const accuracy = mean(points.map((p) => p.accuracy));
  const testAccuracy = mean(points.map((p) => p.testAccuracy));
  if (testLoss !== undefined) merged.testLoss = testLoss;
  if (accuracy !== undefined) merged.accuracy = accuracy;
  if (testAccuracy !== undefined) merged.testAccuracy = testAccuracy;
  return merged;
}

export function appendPoints(series: LossSeries, incoming: readonly TrainingPoint[]): LossSeries {
  const fresh = incoming.filter((p, i) => p.step > series.lastStep && (i === 0 || p.step > incoming[i - 1].step));
  if (fresh.length === 0) return series;
  let points = series.points.slice();
  let pending = series.pending.slice();
  let stride = series.stride;
  for (const p of fresh) {
    pending.push(p);
    if (pending.length < stride) continue;
    points.push(stride === 1 ? p : mergePoints(pending));
    pending = [];
    if (points.length >= series.max) {
      const halved: TrainingPoint[] = [];
      for (let i = 0; i + 1 < points.length; i += 2) halved.push(mergePoints([points[i], points[i + 1]]));
      points = halved;
      stride *= 2;
    }
  }
  return {
    max: series.max, points, stride, pending,
    lastStep: fresh[fresh.length - 1].step, total: series.total + fresh.length,
  };
}

export function seriesFrom(points: readonly TrainingPoint[], max = DEFAULT_MAX_POINTS): LossSeries {
  return appendPoints(emptySeries(max), points);
}

/** What the chart draws: the completed buckets and the bucket being filled. */
export function visiblePoints(series: LossSeries): readonly TrainingPoint[] {
  return series.pending.length === 0 ? series.points : [...series.points, mergePoints(series.pending)];
}
