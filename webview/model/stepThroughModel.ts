/**
 * The step-through bar as plain data: which phase of which step, which layer, what changed, which
 * buttons work, where the timeline scrubber stands, and which layers the diagram lights up.
 * Pure: the renderer only draws what this says; the messages it sends are built here too.
 */
import type {
  DepthLevel, PanelToHostMessage, PhaseView, StepThroughAction, TrainingCurves,
} from '../../src/shared/protocol';
import type { DerivationMath } from '../../src/shared/stepThroughView';
import { formatNumber } from './format';
import { DRIVE, formatIn } from '../../src/shared/format';
import { l10n } from '../../src/shared/l10n';
import type { XY } from './chartData';

/** The phase's name on the bar (`Forward`), in the panel's language. */
export function phaseName(phase: PhaseView['phase']): string {
  switch (phase) {
    case 'forward': return l10n.t('Forward');
    case 'loss': return l10n.t('Loss');
    case 'backward': return l10n.t('Backward');
    case 'update': return l10n.t('Update');
  }
}

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
  /** The derivation's formulas for KaTeX, line by line (null: a sentence); empty below depth 4. */
  readonly derivationMath: readonly (DerivationMath | null)[];
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
  const sample = l10n.t('sample {0}', view.sample + 1);
  // Level 1 (Drive) never shows a derivative: the backward pass is named, not computed.
  if (depth === 1 && (view.backward || view.layered?.backward)) return [];
  if (view.layered?.forward) {
    const f = view.layered.forward;
    return [
      l10n.t('{0}: out {1} from {2} to {3}, mean {4}', sample, view.layered.outShape.join('×'), formatNumber(f.sampleStats.min, 4), formatNumber(f.sampleStats.max, 4), formatNumber(f.sampleStats.mean, 4)),
      l10n.t('first values {0}', list(f.first)),
    ];
  }
  if (view.layered?.backward) {
    const b = view.layered.backward;
    const norm = formatNumber(b.gradOutNorm, 4);
    return [b.afterActivation ? l10n.t('‖∂L/∂net‖ = {0}', norm) : l10n.t('‖∂L/∂out‖ = {0}', norm), ...b.params.map((p) => `‖∂L/∂${p.symbol}‖ = ${formatNumber(p.norm, 4)}`)];
  }
  if (view.forward) {
    return [l10n.t('{0}: net = {1}', sample, list(view.forward.net)), l10n.t('out = {0}', list(view.forward.out)), l10n.t('mean out over the batch = {0}', list(view.forward.meanOut))];
  }
  if (view.loss) {
    return [l10n.t('{0} loss of the batch L = {1}', view.loss.kind, formatNumber(view.loss.value, 6)), l10n.t('{0}: out {1} against t {2}', sample, list(view.loss.outputs), list(view.loss.targets))];
  }
  if (view.backward) {
    return [`${sample}: δ = ${list(view.backward.delta)}`, `‖∂L/∂W‖ = ${formatNumber(view.backward.gradWeightsNorm, 4)}`, `‖∂L/∂b‖ = ${formatNumber(view.backward.gradBiasNorm, 4)}`];
  }
  if (view.update) {
    return [depth === 1 ? l10n.t('{0}, learning rate {1}', view.update.optimizer, formatNumber(view.update.learningRate, 4)) : `${view.update.optimizer}, η = ${formatNumber(view.update.learningRate, 4)}`,
      ...view.update.layers.map((l) => depth === 1
        ? l10n.t('"{0}": the largest weight change is {1}', l.name, plainNumber(l.maxAbsChange))
        : l10n.t('"{0}": max |Δw| {1}, ‖Δw‖/‖w‖ {2}', l.name, formatNumber(l.maxAbsChange, 3), formatNumber(l.ratio, 3)))];
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
  const named = view.layerName !== undefined;
  let layerText: string;
  let highlightLayers: number[];
  if (view.layerIndex !== undefined) {
    const n = view.layerIndex + 1;
    layerText = layerCount > 0
      ? (named ? l10n.t('layer {0} of {1}: "{2}"', n, layerCount, view.layerName!) : l10n.t('layer {0} of {1}', n, layerCount))
      : (named ? l10n.t('layer {0}: "{1}"', n, view.layerName!) : l10n.t('layer {0}', n));
    if (view.layered) layerText = `${layerText} (${view.layered.layerType}, ${view.layered.outShape.join('×')})`;
    highlightLayers = [view.layerIndex];
  } else if (view.phase === 'loss') {
    layerText = l10n.t('the output layer against the targets');
    highlightLayers = layerCount > 0 ? [layerCount - 1] : [];
  } else {
    layerText = l10n.t('every layer');
    highlightLayers = Array.from({ length: layerCount }, (_, i) => i);
  }
  const first = view.step === t.oldestStep && view.stopIndex === 0;
  return {
    phase: view.phase,
    phaseName: phaseName(view.phase),
    layerText,
    title: view.title,
    detail: depth === 1 ? view.driveDetail : view.detail,
    changes: linesOf(view, depth),
    derivation: depth === 4 ? view.deriveLines : [],
    derivationMath: depth === 4 ? (view.deriveMath ?? []) : [],
    position: l10n.t('stop {0} of {1}', view.stopIndex + 1, view.stopsPerStep),
    canPrevious: !first,
    canNext: true,
    canStepBack: view.step > t.oldestStep,
    canStepForward: view.step < t.newestStep,
    timeline: {
      min: t.oldestStep, max: t.newestStep, value: view.step, disabled: t.newestStep <= t.oldestStep,
      label: t.dropped > 0
        ? l10n.t('Step {0} of the recorded steps {1}–{2} ({3} older dropped)', view.step, t.oldestStep, t.newestStep, t.dropped)
        : l10n.t('Step {0} of the recorded steps {1}–{2}', view.step, t.oldestStep, t.newestStep),
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
  // Getters: the texts answer in the language of the bundle the panel received after this module loaded.
  { id: 'ownLoss', get label() { return l10n.t('Own loss'); }, get axis() { return l10n.t('loss'); } },
  { id: 'squaredError', label: 'Σ(t − o)²', get axis() { return l10n.t('average Σ(t − o)²'); } },
  { id: 'accuracy', get label() { return l10n.t('Accuracy'); }, get axis() { return l10n.t('accuracy'); } },
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
