/**
 * The step-through bar as plain data: which phase of which step, which layer, what changed, which
 * buttons work, where the timeline scrubber stands, and which layers the diagram lights up.
 * Pure: the renderer only draws what this says; the messages it sends are built here too.
 */
import type {
  DepthLevel, PanelToHostMessage, PhaseView, StepThroughAction, TrainingCurves,
} from '../../src/shared/protocol';
import { formatNumber } from './format';
import { DRIVE, formatIn } from '../../src/shared/format';
import type { XY } from './chartData';

export const PHASE_NAMES = { forward: 'Forward', loss: 'Loss', backward: 'Backward', update: 'Update' } as const;

export interface StepThroughBarView {
  readonly phase: PhaseView['phase'];
  /** "Forward", "Loss", "Backward", "Update". */
  readonly phaseName: string;
  /** `layer 2 of 3: "hidden"`, or what the phase covers when it is not one layer. */
  readonly layerText: string;
  /** The recorder's own title and sentence with the numbers. */
  readonly title: string;
  readonly detail: string;
  /** Short lines of what this stop changed (with numbers); from depth 3 (Repair) every weight's gradient or update too. */
  readonly changes: readonly string[];
  /** Depth 4 (Derive): the stop's computation written out for unit 1 of sample 1; empty below. */
  readonly derivation: readonly string[];
  /** `stop 3 of 8`. */
  readonly position: string;
  readonly canPrevious: boolean;
  readonly canNext: boolean;
  readonly canStepBack: boolean;
  readonly canStepForward: boolean;
  /** The range input: recorded steps from `min` to `max`, on `value`. */
  readonly timeline: { readonly min: number; readonly max: number; readonly value: number; readonly disabled: boolean; readonly label: string };
  /** Layers the diagram highlights (the phase's layer; the output layer at the loss; all at the update). */
  readonly highlightLayers: readonly number[];
}

function list(values: readonly number[], max = 4): string {
  const shown = values.slice(0, max).map((v) => formatNumber(v, 4)).join(', ');
  return `[${shown}${values.length > max ? ', …' : ''}]`;
}

/** A decimal without an exponent (Drive reads 0.000498, not 5e-4). */
function plainNumber(v: number): string {
  return formatIn(v, DRIVE);
}

function changesOf(view: PhaseView, depth: DepthLevel): string[] {
  const sample = `sample ${view.sample + 1}`;
  // Level 1 (Drive) never shows a derivative: the backward pass is named, not computed.
  if (depth === 1 && (view.backward || view.layered?.backward)) return [];
  if (view.layered?.forward) {
    const f = view.layered.forward;
    return [`${sample}: out ${view.layered.outShape.join('×')} from ${formatNumber(f.sampleStats.min, 4)} to ${formatNumber(f.sampleStats.max, 4)}, mean ${formatNumber(f.sampleStats.mean, 4)}`, `first values ${list(f.first)}`];
  }
  if (view.layered?.backward) {
    const b = view.layered.backward;
    return [`‖∂L/∂${b.afterActivation ? 'net' : 'out'}‖ = ${formatNumber(b.gradOutNorm, 4)}`, ...b.params.map((p) => `‖∂L/∂${p.symbol}‖ = ${formatNumber(p.norm, 4)}`)];
  }
  if (view.forward) {
    return [`${sample}: net = ${list(view.forward.net)}`, `out = ${list(view.forward.out)}`, `mean out over the batch = ${list(view.forward.meanOut)}`];
  }
  if (view.loss) {
    return [`${view.loss.kind} loss of the batch L = ${formatNumber(view.loss.value, 6)}`, `${sample}: out ${list(view.loss.outputs)} against t ${list(view.loss.targets)}`];
  }
  if (view.backward) {
    return [`${sample}: δ = ${list(view.backward.delta)}`, `‖∂L/∂W‖ = ${formatNumber(view.backward.gradWeightsNorm, 4)}`, `‖∂L/∂b‖ = ${formatNumber(view.backward.gradBiasNorm, 4)}`];
  }
  if (view.update) {
    return [depth === 1 ? `${view.update.optimizer}, learning rate ${formatNumber(view.update.learningRate, 4)}` : `${view.update.optimizer}, η = ${formatNumber(view.update.learningRate, 4)}`,
      ...view.update.layers.map((l) => depth === 1
        ? `"${l.name}": the largest weight change is ${plainNumber(l.maxAbsChange)}`
        : `"${l.name}": max |Δw| ${formatNumber(l.maxAbsChange, 3)}, ‖Δw‖/‖w‖ ${formatNumber(l.ratio, 3)}`)];
  }
  return [];
}

/** The stop's lines at a depth: the summary, then from depth 3 every weight's gradient or update. */
function linesOf(view: PhaseView, depth: DepthLevel): string[] {
  return [...changesOf(view, depth), ...(depth >= 3 ? view.repairLines : [])];
}

/**
 * The bar for a stop, given how many layers the network has (for the highlighted output layer) and
 * the depth (level 1 names the backward pass without its derivatives).
 */
export function stepThroughBar(view: PhaseView, layerCount: number, depth: DepthLevel = 4): StepThroughBarView {
  const t = view.timeline;
  const layerName = view.layerName !== undefined ? `"${view.layerName}"` : '';
  let layerText: string;
  let highlightLayers: number[];
  if (view.layerIndex !== undefined) {
    layerText = `layer ${view.layerIndex + 1}${layerCount > 0 ? ` of ${layerCount}` : ''}${layerName ? `: ${layerName}` : ''}${view.layered ? ` (${view.layered.layerType}, ${view.layered.outShape.join('×')})` : ''}`;
    highlightLayers = [view.layerIndex];
  } else if (view.phase === 'loss') {
    layerText = 'the output layer against the targets';
    highlightLayers = layerCount > 0 ? [layerCount - 1] : [];
  } else {
    layerText = 'every layer';
    highlightLayers = Array.from({ length: layerCount }, (_, i) => i);
  }
  const first = view.step === t.oldestStep && view.stopIndex === 0;
  return {
    phase: view.phase,
    phaseName: PHASE_NAMES[view.phase],
    layerText,
    title: view.title,
    detail: depth === 1 ? view.driveDetail : view.detail,
    changes: linesOf(view, depth),
    derivation: depth === 4 ? view.deriveLines : [],
    position: `stop ${view.stopIndex + 1} of ${view.stopsPerStep}`,
    canPrevious: !first,
    canNext: true,
    canStepBack: view.step > t.oldestStep,
    canStepForward: view.step < t.newestStep,
    timeline: {
      min: t.oldestStep, max: t.newestStep, value: view.step, disabled: t.newestStep <= t.oldestStep,
      label: `Step ${view.step} of the recorded steps ${t.oldestStep}–${t.newestStep}${t.dropped > 0 ? ` (${t.dropped} older dropped)` : ''}`,
    },
    highlightLayers,
  };
}

/** The message a step-through button sends. */
export function stepThroughMessage(action: StepThroughAction): PanelToHostMessage {
  return { type: 'stepThrough', action };
}

/** The message the scrubber sends: a recorded step within the timeline (clamped), at its first stop. */
export function seekMessage(view: PhaseView, value: number): PanelToHostMessage | undefined {
  if (!Number.isFinite(value)) return undefined;
  const t = view.timeline;
  const step = Math.min(t.newestStep, Math.max(t.oldestStep, Math.round(value)));
  if (step === view.step) return undefined;
  return { type: 'seekStep', step, stop: 0 };
}

/**
 * What the comparison chart measures both runs by: each run's own loss (the quantity it descends),
 * or one yardstick for both: the average Σ(t − o)² over the samples, or the accuracy.
 */
export type ComparisonMeasure = 'ownLoss' | 'squaredError' | 'accuracy';

export const COMPARISON_MEASURES: readonly { readonly id: ComparisonMeasure; readonly label: string; readonly axis: string }[] = [
  { id: 'ownLoss', label: 'Own loss', axis: 'loss' },
  { id: 'squaredError', label: 'Σ(t − o)²', axis: 'average Σ(t − o)²' },
  { id: 'accuracy', label: 'Accuracy', axis: 'accuracy' },
];

/** Both runs of a loss comparison as chart series, by one measure. */
export interface ComparisonChartData {
  readonly squared: readonly XY[];
  readonly crossEntropy: readonly XY[];
  readonly steps: number;
  readonly measure: ComparisonMeasure;
  /** Accuracy is drawn on a linear 0…1 axis whatever the log-scale setting. */
  readonly logScale: boolean;
  readonly note?: string;
}

type CurvePoint = TrainingCurves['squared'][number];

/** One curve point by a measure (NaN when it has none). */
export function measureOf(p: CurvePoint, measure: ComparisonMeasure): number {
  if (measure === 'squaredError') return p.measures.meanSquaredError;
  if (measure === 'accuracy') return p.measures.items === 0 ? NaN : p.measures.correct / p.measures.items;
  return p.loss;
}

export function comparisonChartData(curves: TrainingCurves, logScale: boolean, measure: ComparisonMeasure = 'ownLoss'): ComparisonChartData {
  const log = logScale && measure !== 'accuracy';
  const xy = (points: readonly CurvePoint[]) => points
    .map((p) => ({ x: p.step, y: measureOf(p, measure) }))
    .filter((p) => Number.isFinite(p.y) && (!log || p.y > 0));
  return { squared: xy(curves.squared), crossEntropy: xy(curves.crossEntropy), steps: curves.steps, measure, logScale: log, ...(curves.note ? { note: curves.note } : {}) };
}
