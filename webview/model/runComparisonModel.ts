/**
 * Compare runs as the panel draws it (pure, no DOM): both runs' loss and accuracy curves as chart
 * points, each layer's gradient norms of both runs side by side, and the tables behind the charts.
 */
import { l10n } from '../../src/shared/l10n';
import type { ComparedRun, RunComparison, RunPoint } from '../../src/shared/runComparison';
import { runComparisonSummary, runComparisonTitle } from '../../src/shared/runComparisonText';
import { formatNumber } from './format';

export interface XY { readonly x: number; readonly y: number }

export interface RunComparisonView {
  readonly title: string;
  readonly summary: string;
  readonly baseLabel: string;
  readonly otherLabel: string;
  readonly loss: { readonly base: readonly XY[]; readonly other: readonly XY[]; readonly log: boolean };
  /** Absent unless the targets are classes. */
  readonly accuracy?: { readonly base: readonly XY[]; readonly other: readonly XY[] };
  readonly layers: readonly string[];
  /** ‖∂L/∂W‖ per layer: each run before the first step and after the last. */
  readonly gradients: { readonly baseStart: readonly number[]; readonly baseEnd: readonly number[]; readonly otherStart: readonly number[]; readonly otherEnd: readonly number[] };
  readonly steps: number;
}

function points(run: ComparedRun, value: (p: RunPoint) => number | undefined, log: boolean): XY[] {
  return run.points.flatMap((p) => {
    const y = value(p);
    return y === undefined || !Number.isFinite(y) || (log && y <= 0) ? [] : [{ x: p.step, y }];
  });
}

/** The card's data; `logScale`: the panel's log toggle (used when every loss is positive). */
export function runComparisonView(c: RunComparison, logScale: boolean): RunComparisonView {
  const log = logScale && [...c.base.points, ...c.other.points].every((p) => p.loss > 0);
  return {
    title: runComparisonTitle(c),
    summary: runComparisonSummary(c),
    baseLabel: c.base.label,
    otherLabel: c.other.label,
    loss: { base: points(c.base, (p) => p.loss, log), other: points(c.other, (p) => p.loss, log), log },
    ...(c.classification ? { accuracy: { base: points(c.base, (p) => p.accuracy, false), other: points(c.other, (p) => p.accuracy, false) } } : {}),
    layers: c.base.gradients.map((g) => g.layer),
    gradients: {
      baseStart: c.base.gradients.map((g) => g.startWeightNorm),
      baseEnd: c.base.gradients.map((g) => g.endWeightNorm),
      otherStart: c.other.gradients.map((g) => g.startWeightNorm),
      otherEnd: c.other.gradients.map((g) => g.endWeightNorm),
    },
    steps: c.steps,
  };
}

/** Rows of step, base value, other value (the runs are recorded at the same steps). */
export function curveRows(c: RunComparison, value: (p: RunPoint) => number | undefined): string[][] {
  return c.base.points.map((p, i) => [String(p.step), formatNumber(value(p), 6), formatNumber(c.other.points[i] && value(c.other.points[i]), 6)]);
}

/** Rows of layer and both runs' ‖∂L/∂W‖ at the start and the end. */
export function gradientRows(view: RunComparisonView): string[][] {
  const g = view.gradients;
  return view.layers.map((layer, i) => [layer, formatNumber(g.baseStart[i], 4), formatNumber(g.baseEnd[i], 4), formatNumber(g.otherStart[i], 4), formatNumber(g.otherEnd[i], 4)]);
}

export function gradientHeaders(view: RunComparisonView): string[] {
  return [l10n.t('layer'),
    l10n.t('{0}: start', view.baseLabel), l10n.t('{0}: end', view.baseLabel),
    l10n.t('{0}: start', view.otherLabel), l10n.t('{0}: end', view.otherLabel)];
}
