/**
 * Data for the charts and for their table alternatives, as plain arrays. Log scales cannot draw
 * zero or negative values: those become `null` (a gap) in the chart, while tables show the number.
 */
import type { Analysis, TrainingPoint } from '../../src/analysis/types';
import { binCentres, histogram, valueRange } from './histogram';
import type { LayerHistory } from './layerHistory';
import { visiblePoints, type LossSeries } from './lossSeries';

export interface XY { readonly x: number; readonly y: number }

export function forLog(value: number | undefined): number | null {
  return value !== undefined && Number.isFinite(value) && value > 0 ? value : null;
}

function xy(points: readonly TrainingPoint[], pick: (p: TrainingPoint) => number | undefined, log: boolean): XY[] {
  const out: XY[] = [];
  for (const p of points) {
    const v = pick(p);
    if (v === undefined || !Number.isFinite(v) || (log && v <= 0)) continue;
    out.push({ x: p.step, y: v });
  }
  return out;
}

export interface LossChartData {
  readonly points: readonly TrainingPoint[];
  readonly loss: readonly XY[];
  readonly testLoss: readonly XY[];
  readonly accuracy: readonly XY[];
  readonly testAccuracy: readonly XY[];
  /** Original points received, and how many each drawn point stands for (at most). */
  readonly total: number;
  readonly stride: number;
}

export function lossChartData(series: LossSeries, logScale: boolean): LossChartData {
  const points = visiblePoints(series);
  return {
    points,
    loss: xy(points, (p) => p.loss, logScale),
    testLoss: xy(points, (p) => p.testLoss, logScale),
    accuracy: xy(points, (p) => p.accuracy, false),
    testAccuracy: xy(points, (p) => p.testAccuracy, false),
    total: series.total,
    stride: series.stride,
  };
}

/**
 * A vertical mark at `step` across the loss chart (two points spanning the drawn losses), for the
 * step the step-through timeline is on; empty when nothing is drawn. `fallback` (the step-through's
 * own loss) gives a single point when the chart holds no loss yet.
 */
export function stepMarker(data: LossChartData, step: number, fallback?: number): XY[] {
  const ys = [...data.loss, ...data.testLoss].map((p) => p.y);
  if (ys.length === 0) return fallback !== undefined && Number.isFinite(fallback) ? [{ x: step, y: fallback }] : [];
  const lo = Math.min(...ys);
  const hi = Math.max(...ys);
  return [{ x: step, y: lo }, { x: step, y: hi }];
}

export interface GradientFlowData {
  readonly labels: readonly string[];
  readonly mean: readonly number[];
  readonly max: readonly number[];
}

export function gradientFlowData(analysis: Analysis): GradientFlowData {
  return {
    labels: analysis.layers.map((l) => l.name),
    mean: analysis.layers.map((l) => l.stats.gradMeanAbs),
    max: analysis.layers.map((l) => l.stats.gradMaxAbs),
  };
}

export interface LayerHistoryData {
  readonly steps: readonly number[];
  readonly layers: readonly { readonly label: string; readonly meanAbs: readonly number[] }[];
}

export function layerHistoryData(history: LayerHistory, layerNames: readonly string[]): LayerHistoryData {
  return {
    steps: history.points.map((p) => p.step),
    layers: layerNames.map((label, i) => ({ label, meanAbs: history.points.map((p) => p.meanAbs[i] ?? NaN) })),
  };
}

export interface HistogramData {
  readonly labels: readonly number[];
  readonly now: readonly number[];
  readonly then?: readonly number[];
  readonly thenStep?: number;
  readonly count: number;
}

/** Now and (when given and different) at the baseline, on one shared set of bins. */
export function histogramData(now: readonly number[], then: readonly number[] | undefined, thenStep: number | undefined, bins = 12): HistogramData {
  const range = valueRange(now, then ?? []);
  const current = histogram(now, bins, range);
  const showThen = then !== undefined && thenStep !== undefined && !sameValues(now, then);
  return {
    labels: binCentres(current),
    now: current.counts,
    ...(showThen ? { then: histogram(then, bins, range).counts, thenStep } : {}),
    count: now.length,
  };
}

function sameValues(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
