/**
 * Data for the charts and for their table alternatives, as plain arrays. Log scales cannot draw
 * zero or negative values: those become `null` (a gap) in the chart, while tables show the number.
 */
import { hasNoParameters, layerDeltas } from './values';
import type { Analysis, TrainingPoint } from '../../src/shared/analysis';
import type { PhaseView } from '../../src/shared/protocol';
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
 * The step-through run on the loss chart: its own loss curve (the training-set loss after each
 * recorded step, which coincides with the session's curve when the session trained the same steps
 * from the initial weights), the step on screen as the segment from (step − 1, loss before) to
 * (step, loss after), which end of it the network on screen is at (the far end only at the update),
 * and the steps the chart's x-axis shows while stepping (the run's, at least ten wide).
 */
export interface StepThroughLoss {
  readonly run: readonly XY[];
  readonly segment: readonly XY[];
  /** 0: the parameters before the update (forward, loss, backward); 1: after it (update). */
  readonly at: 0 | 1;
  readonly xMin: number;
  readonly xMax: number;
}

export function stepThroughLoss(view: PhaseView, logScale: boolean): StepThroughLoss {
  const drawable = (y: number) => Number.isFinite(y) && (!logScale || y > 0);
  const run = view.runLoss.filter((p) => drawable(p.loss)).map((p) => ({ x: p.step, y: p.loss }));
  const segment = [{ x: view.step - 1, y: view.trainLossBefore }, { x: view.step, y: view.trainLossAfter }].filter((p) => drawable(p.y));
  const first = view.runLoss.length > 0 ? view.runLoss[0].step : view.step - 1;
  const last = view.runLoss.length > 0 ? view.runLoss[view.runLoss.length - 1].step : view.step;
  return { run, segment, at: view.phase === 'update' ? 1 : 0, xMin: first, xMax: Math.max(last, first + 10) };
}

export interface GradientFlowData {
  readonly labels: readonly string[];
  readonly mean: readonly number[];
  readonly max: readonly number[];
  /** Per layer: true when it has no parameters and its bars are the δ that passes through it (labelled `name (δ)`). */
  readonly passing: readonly boolean[];
}

function absStats(values: readonly number[]): { mean: number; max: number } {
  let sum = 0, max = 0, n = 0;
  for (const v of values) if (Number.isFinite(v)) { sum += Math.abs(v); max = Math.max(max, Math.abs(v)); n++; }
  return { mean: n === 0 ? 0 : sum / n, max };
}

/**
 * Mean and max |∂L/∂θ| per layer; a layer without parameters (model file 1.1) shows instead the mean and
 * max |δ| = |∂Lₙ/∂net| of the samples shown, the gradient that passes through it (where a max pool sends it,
 * where a ReLU stops it).
 */
export function gradientFlowData(analysis: Analysis): GradientFlowData {
  const passing = analysis.layers.map(hasNoParameters);
  const deltas = analysis.layers.map((l, i) => (passing[i] ? absStats(layerDeltas(l)) : undefined));
  return {
    labels: analysis.layers.map((l, i) => (passing[i] ? `${l.name} (δ)` : l.name)),
    mean: analysis.layers.map((l, i) => deltas[i]?.mean ?? l.stats.gradMeanAbs),
    max: analysis.layers.map((l, i) => deltas[i]?.max ?? l.stats.gradMaxAbs),
    passing,
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

/** Whether a histogram compares with the baseline: one is given, with its step, and its values differ from now. */
export function showsThen(now: readonly number[], then: readonly number[] | undefined, thenStep: number | undefined): then is readonly number[] {
  return then !== undefined && thenStep !== undefined && !sameValues(now, then);
}

/** Now and (when given and different) at the baseline, on one shared set of bins. */
export function histogramData(now: readonly number[], then: readonly number[] | undefined, thenStep: number | undefined, bins = 12): HistogramData {
  const range = valueRange(now, then ?? []);
  const current = histogram(now, bins, range);
  const showThen = showsThen(now, then, thenStep);
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
