/**
 * The one protocol between the extension host and the gradient panel (webview).
 * Every message both ways is a member of a discriminated union with a `readonly type` literal.
 * The host owns the data and sends snapshots; the webview renders and asks.
 * It lives in the leaf folder `src/shared/` (what host and webview share) and imports only from there.
 */
import { parseL10nBundle, type L10nBundle } from './l10nBundle';
import type { Analysis, TrainingPoint } from './analysis';
import { isDepthLevel, type DepthLevel } from './depth';
import { asRecord, isCount, isOneOf } from './wireChecks';
import type { TrainingCurves } from './lossCurves';
import type { PhaseView } from './stepThroughView';
import type { BoundaryGrid, BoundaryOptions, ContourAxes, HoldInputs, LossContour, LossSlice, SliceTarget } from './teachingViews';
import type { RunComparison } from './runComparison';
import type { ConvSampleGradients } from './layeredViews';

export type { BoundaryGrid, BoundaryOptions, ContourAxes, ConvSampleGradients, DepthLevel, HoldInputs, LossContour, LossSlice, PhaseView, RunComparison, SliceTarget, TrainingCurves };

export type RunState = 'idle' | 'analysing' | 'training' | 'paused' | 'error';

/**
 * What the panel can point at: a layer, a parameter tensor, or one entry of it; and (no `param`,
 * `index: [unit]`) one unit (neuron) of the layer, which the panel sends when a neuron is clicked.
 */
export interface Selection {
  readonly layerIndex: number;
  readonly param?: 'weights' | 'bias';
  /** [unit, input] for weights, [unit] for bias, or [unit] without `param` for a unit. */
  readonly index?: readonly number[];
}

// ---- host → webview ------------------------------------------------------------------------

/** The full picture for one model file; sent after `ready` and after every new analysis. */
export interface SnapshotMessage {
  readonly type: 'snapshot';
  readonly documentUri: string;
  readonly analysis: Analysis | undefined;
  /** Validation errors when the file does not parse, as `line: message` strings. */
  readonly errors: readonly string[];
  readonly runState: RunState;
  readonly depth: DepthLevel;
  readonly focus?: Selection;
  /** The `gradlens.classicNames` setting: name the classic walkthrough's parameters as Mazur does (src/shared/names.ts). */
  readonly classicNames?: boolean;
}

/** Appended training points while a run is in progress (between snapshots). */
export interface TrainingProgressMessage {
  readonly type: 'trainingProgress';
  readonly documentUri: string;
  readonly points: readonly TrainingPoint[];
  readonly runState: RunState;
}

/** Ask the panel to scroll to and highlight something (a lens or explorer click). */
export interface FocusMessage {
  readonly type: 'focus';
  readonly selection: Selection;
}

export interface DepthChangedMessage {
  readonly type: 'depthChanged';
  readonly depth: DepthLevel;
}

/**
 * The step-through stop on screen (a `PhaseView`: plain data, numbers and arrays only), or undefined
 * when the step-through of the document ended.
 */
export interface StepThroughMessage {
  readonly type: 'stepThrough';
  readonly documentUri: string;
  readonly view: PhaseView | undefined;
}

/**
 * Squared error versus cross-entropy: both training curves, from the same initial weights; undefined
 * when the comparison no longer describes the file (it was edited or closed).
 */
export interface LossComparisonMessage {
  readonly type: 'lossComparison';
  readonly documentUri: string;
  readonly curves: TrainingCurves | undefined;
}

/**
 * Compare Runs: the model and its variant trained from the same seed; undefined when the comparison
 * no longer describes the file (it was edited or closed).
 */
export interface RunComparisonMessage {
  readonly type: 'runComparison';
  readonly documentUri: string;
  readonly comparison: RunComparison | undefined;
}

/** The decision boundary the panel asked for (`grid`), or why there is none (`problem`, for people). */
export interface BoundaryMessage {
  readonly type: 'boundary';
  readonly documentUri: string;
  readonly grid?: BoundaryGrid;
  readonly problem?: string;
}

/** The loss slice the panel asked for, or why there is none. */
export interface LossSliceMessage {
  readonly type: 'lossSlice';
  readonly documentUri: string;
  readonly slice?: LossSlice;
  readonly problem?: string;
}

/**
 * The conv step card's per-sample conv gradients it asked for (`gradients`), or why there are none:
 * the worker's answer from the document's last analysis (src/shared/layeredViews.ts).
 */
export interface ConvGradientsMessage {
  readonly type: 'convGradients';
  readonly documentUri: string;
  readonly gradients?: ConvSampleGradients;
  readonly problem?: string;
}

/**
 * The panel's init message, the host's first answer to `ready` when VS Code has loaded a translation
 * (none in English): the panel's texts then come in that language (src/shared/l10nBundle.ts).
 */
export interface PanelInitMessage {
  readonly type: 'init';
  readonly l10n: L10nBundle;
}

/** A validated copy of an init message (the panel checks it as strictly as the host checks the panel's messages). */
export function parsePanelInitMessage(raw: unknown): PanelInitMessage | undefined {
  if (typeof raw !== 'object' || raw === null || (raw as { type?: unknown }).type !== 'init') return undefined;
  if (Object.keys(raw).some((key) => key !== 'type' && key !== 'l10n')) return undefined;
  const l10n = parseL10nBundle((raw as { l10n?: unknown }).l10n);
  return l10n ? { type: 'init', l10n } : undefined;
}

export type HostToPanelMessage =
  | SnapshotMessage | TrainingProgressMessage | FocusMessage | DepthChangedMessage | StepThroughMessage | LossComparisonMessage
  | BoundaryMessage | LossSliceMessage | RunComparisonMessage | ConvGradientsMessage;

// ---- webview → host ------------------------------------------------------------------------

export type PanelCommand = 'run' | 'train' | 'pause' | 'step' | 'reset' | 'gradientCheck';

/** Step-through buttons: next / previous phase, previous / next recorded step, end it. */
export type StepThroughAction = 'next' | 'previous' | 'stepBack' | 'stepForward' | 'stop';

export type PanelToHostMessage =
  /** The webview has loaded and wants a snapshot. */
  | { readonly type: 'ready' }
  /** A control button. `epochs` and `learningRate` override the file's settings for this run only. */
  | { readonly type: 'command'; readonly command: PanelCommand; readonly epochs?: number; readonly learningRate?: number }
  /** Reveal a layer or parameter in the editor (and the Gradient Explorer). */
  | { readonly type: 'reveal'; readonly selection: Selection }
  /** Open the chain-rule explanation of one weight or bias. */
  | { readonly type: 'explain'; readonly selection: Selection }
  | { readonly type: 'setDepth'; readonly depth: DepthLevel }
  /** A step-through button. */
  | { readonly type: 'stepThrough'; readonly action: StepThroughAction }
  /** The timeline scrubber: jump to a recorded step (and a stop within it, 0-based). */
  | { readonly type: 'seekStep'; readonly step: number; readonly stop?: number }
  /** Squared error versus cross-entropy on the current model. */
  | { readonly type: 'compareLosses' }
  /** Compare Runs… on the current model (the command asks what to vary). */
  | { readonly type: 'compareRuns' }
  /** Export the lecture handout, which prints the last run comparison. */
  | { readonly type: 'exportHandout' }
  /** The decision boundary over two inputs at the parameters on screen (answered by a `boundary` message). */
  | { readonly type: 'boundary'; readonly options: BoundaryOptions }
  /**
   * The loss as one weight or bias moves (answered by a `lossSlice` message); with `contour` (depth
   * Derive), also the loss over the plane of that parameter and a second one, or of two directions.
   */
  | { readonly type: 'lossSlice'; readonly target: SliceTarget; readonly contour?: ContourAxes }
  /**
   * The conv step card, while it shows the backward pass: one recorded sample's own gradients of one
   * conv layer at the analysis on screen (answered by a `convGradients` message); no analysis carries them.
   */
  | { readonly type: 'convGradients'; readonly layer: number; readonly sample: number };

const COMMANDS: readonly PanelCommand[] = ['run', 'train', 'pause', 'step', 'reset', 'gradientCheck'];
export const STEP_THROUGH_ACTIONS: readonly StepThroughAction[] = ['next', 'previous', 'stepBack', 'stepForward', 'stop'];

/** An entry's index: [unit], [unit, input], or a conv weight's [filter, channel, row, column]. */
function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && (value.length <= 2 || value.length === 4) && value.every((v) => Number.isInteger(v) && v >= 0);
}

function isSelection(value: unknown): value is Selection {
  const s = asRecord(value);
  if (!s) return false;
  if (!Number.isInteger(s.layerIndex) || (s.layerIndex as number) < 0) return false;
  if (s.param !== undefined && s.param !== 'weights' && s.param !== 'bias') return false;
  if (s.index !== undefined && !isIndexList(s.index)) return false;
  return true;
}

/** Only the protocol's fields: nothing extra a message carries passes through. */
function copySelection(s: Selection): Selection {
  return {
    layerIndex: s.layerIndex,
    ...(s.param !== undefined ? { param: s.param } : {}),
    ...(s.index !== undefined ? { index: [...s.index] } : {}),
  };
}

function isOptionalPositive(value: unknown, max: number): boolean {
  return value === undefined || (typeof value === 'number' && Number.isFinite(value) && value > 0 && value <= max);
}

/** Layers a model may have, and the largest sample index the panel keeps (an analysis records ≤ 32 samples). */
const MAX_LAYERS = 10_000;
const MAX_RECORDED_SAMPLE = 1023;

/** Inputs a model may have (the model reader's limits are far below this). */
const MAX_FEATURE = 1_000_000;

function isHold(value: unknown): value is HoldInputs {
  const h = asRecord(value);
  return !!h && (h.kind === 'mean' || (h.kind === 'sample' && isCount(h.sample, Number.MAX_SAFE_INTEGER)));
}

/** A validated copy of a decision-boundary plane (also what the webview restores from its saved state). */
export function parseBoundaryOptions(value: unknown): BoundaryOptions | undefined {
  const o = asRecord(value);
  if (!o || !isCount(o.xFeature, MAX_FEATURE) || !isCount(o.yFeature, MAX_FEATURE) || o.xFeature === o.yFeature || !isHold(o.hold)) return undefined;
  const hold: HoldInputs = o.hold.kind === 'mean' ? { kind: 'mean' } : { kind: 'sample', sample: o.hold.sample };
  return { xFeature: o.xFeature, yFeature: o.yFeature, hold };
}

/**
 * A validated copy of a loss-slice parameter: a weight [unit, input] or a bias [unit]; in a layered
 * model also a conv weight [filter, channel, row, column] and batch norm's γ (`weights`) [channel].
 */
export function parseSliceTarget(value: unknown): SliceTarget | undefined {
  if (!isSelection(value) || value.param === undefined || value.index === undefined) return undefined;
  if (value.param === 'weights' ? value.index.length === 0 : value.index.length !== 1) return undefined;
  return { layerIndex: value.layerIndex, param: value.param, index: [...value.index] };
}

/** A validated copy of a contour's plane: a second parameter, or a direction seed (a count). */
export function parseContourAxes(value: unknown): ContourAxes | undefined {
  const o = asRecord(value);
  if (!o) return undefined;
  if (o.kind === 'directions') return isCount(o.seed, 1_000_000) ? { kind: 'directions', seed: o.seed } : undefined;
  if (o.kind !== 'parameters') return undefined;
  const second = parseSliceTarget(o.second);
  return second ? { kind: 'parameters', second } : undefined;
}

/**
 * Validates a message that claims to come from the panel. Called by the host on every message;
 * anything that does not match the protocol exactly is rejected (and logged by the caller).
 */
export function parsePanelMessage(raw: unknown): PanelToHostMessage | undefined {
  const m = asRecord(raw);
  if (!m) return undefined;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'command':
      if (!isOneOf(COMMANDS, m.command)) return undefined;
      if (!isOptionalPositive(m.epochs, 1_000_000) || (m.epochs !== undefined && !Number.isInteger(m.epochs))) return undefined;
      if (!isOptionalPositive(m.learningRate, 1e3)) return undefined;
      return { type: 'command', command: m.command, epochs: m.epochs as number | undefined, learningRate: m.learningRate as number | undefined };
    case 'reveal':
    case 'explain':
      return isSelection(m.selection) ? { type: m.type, selection: copySelection(m.selection) } : undefined;
    case 'setDepth':
      return isDepthLevel(m.depth) ? { type: 'setDepth', depth: m.depth } : undefined;
    case 'stepThrough':
      return isOneOf(STEP_THROUGH_ACTIONS, m.action) ? { type: 'stepThrough', action: m.action } : undefined;
    case 'seekStep':
      if (!isCount(m.step, Number.MAX_SAFE_INTEGER) || (m.stop !== undefined && !isCount(m.stop, 1_000_000))) return undefined;
      return m.stop !== undefined ? { type: 'seekStep', step: m.step, stop: m.stop as number } : { type: 'seekStep', step: m.step };
    case 'compareLosses':
      return { type: 'compareLosses' };
    case 'compareRuns':
    case 'exportHandout':
      return { type: m.type };
    case 'boundary': {
      const options = parseBoundaryOptions(m.options);
      return options ? { type: 'boundary', options } : undefined;
    }
    case 'lossSlice': {
      const target = parseSliceTarget(m.target);
      if (!target) return undefined;
      if (m.contour === undefined) return { type: 'lossSlice', target };
      const contour = parseContourAxes(m.contour);
      return contour ? { type: 'lossSlice', target, contour } : undefined;
    }
    case 'convGradients':
      return isCount(m.layer, MAX_LAYERS) && isCount(m.sample, MAX_RECORDED_SAMPLE) ? { type: 'convGradients', layer: m.layer, sample: m.sample } : undefined;
    default:
      return undefined;
  }
}
