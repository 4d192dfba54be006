/**
 * Gradient size per layer over the course of training, one point per analysis (snapshot), bounded:
 * when full, every other older point is dropped (the first and the newest are always kept).
 * A lower step than the last one means the run was reset, and history starts again.
 */
import type { Analysis } from '../../src/shared/analysis';
import { layerGradients, layerOutputs } from './values';

export interface LayerStatsPoint {
  readonly step: number;
  readonly meanAbs: readonly number[];
  readonly maxAbs: readonly number[];
}

export interface LayerHistory {
  readonly max: number;
  readonly points: readonly LayerStatsPoint[];
}

export const DEFAULT_MAX_SNAPSHOTS = 200;

export function emptyLayerHistory(max = DEFAULT_MAX_SNAPSHOTS): LayerHistory {
  return { max, points: [] };
}

export function recordLayerStats(history: LayerHistory, analysis: Analysis): LayerHistory {
  const point: LayerStatsPoint = {
    step: analysis.step,
    meanAbs: analysis.layers.map((l) => l.stats.gradMeanAbs),
    maxAbs: analysis.layers.map((l) => l.stats.gradMaxAbs),
  };
  const last = history.points[history.points.length - 1];
  const sameShape = last !== undefined && last.meanAbs.length === point.meanAbs.length;
  if (!last || !sameShape || point.step < last.step) return { max: history.max, points: [point] };
  let points = point.step === last.step ? [...history.points.slice(0, -1), point] : [...history.points, point];
  if (points.length > history.max) points = points.filter((_, i) => i % 2 === 0 || i === points.length - 1);
  return { max: history.max, points };
}

/** The values of one analysis kept to draw "at the start" beside "now" in the histograms. */
export interface Baseline {
  readonly step: number;
  readonly activations: readonly (readonly number[])[];
  readonly gradients: readonly (readonly number[])[];
}

export function baselineOf(analysis: Analysis): Baseline {
  return {
    step: analysis.step,
    activations: analysis.layers.map(layerOutputs),
    gradients: analysis.layers.map(layerGradients),
  };
}
