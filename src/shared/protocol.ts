/**
 * The one protocol between the extension host and the gradient panel (webview).
 * Every message both ways is a member of a discriminated union with a `readonly type` literal.
 * The host owns the data and sends snapshots; the webview renders and asks.
 * It lives in the leaf folder `src/shared/` (what host and webview share) and imports only from there.
 */
import type { Analysis, TrainingPoint } from './analysis';
import { isDepthLevel, type DepthLevel } from './depth';
import type { TrainingCurves } from './lossCurves';
import type { PhaseView } from './stepThroughView';

export type { DepthLevel, PhaseView, TrainingCurves };

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

export type HostToPanelMessage =
  | SnapshotMessage | TrainingProgressMessage | FocusMessage | DepthChangedMessage | StepThroughMessage | LossComparisonMessage;

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
  | { readonly type: 'compareLosses' };

const COMMANDS: readonly PanelCommand[] = ['run', 'train', 'pause', 'step', 'reset', 'gradientCheck'];
export const STEP_THROUGH_ACTIONS: readonly StepThroughAction[] = ['next', 'previous', 'stepBack', 'stepForward', 'stop'];

function isCount(value: unknown, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= 0 && (value as number) <= max;
}

function isIndexList(value: unknown): value is number[] {
  return Array.isArray(value) && value.length <= 2 && value.every((v) => Number.isInteger(v) && v >= 0);
}

function isSelection(value: unknown): value is Selection {
  if (typeof value !== 'object' || value === null) return false;
  const s = value as Record<string, unknown>;
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

/**
 * Validates a message that claims to come from the panel. Called by the host on every message;
 * anything that does not match the protocol exactly is rejected (and logged by the caller).
 */
export function parsePanelMessage(raw: unknown): PanelToHostMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const m = raw as Record<string, unknown>;
  switch (m.type) {
    case 'ready':
      return { type: 'ready' };
    case 'command':
      if (!COMMANDS.includes(m.command as PanelCommand)) return undefined;
      if (!isOptionalPositive(m.epochs, 1_000_000) || (m.epochs !== undefined && !Number.isInteger(m.epochs))) return undefined;
      if (!isOptionalPositive(m.learningRate, 1e3)) return undefined;
      return { type: 'command', command: m.command as PanelCommand, epochs: m.epochs as number | undefined, learningRate: m.learningRate as number | undefined };
    case 'reveal':
    case 'explain':
      return isSelection(m.selection) ? { type: m.type, selection: copySelection(m.selection) } : undefined;
    case 'setDepth':
      return isDepthLevel(m.depth) ? { type: 'setDepth', depth: m.depth } : undefined;
    case 'stepThrough':
      return STEP_THROUGH_ACTIONS.includes(m.action as StepThroughAction) ? { type: 'stepThrough', action: m.action as StepThroughAction } : undefined;
    case 'seekStep':
      if (!isCount(m.step, Number.MAX_SAFE_INTEGER) || (m.stop !== undefined && !isCount(m.stop, 1_000_000))) return undefined;
      return m.stop !== undefined ? { type: 'seekStep', step: m.step, stop: m.stop as number } : { type: 'seekStep', step: m.step };
    case 'compareLosses':
      return { type: 'compareLosses' };
    default:
      return undefined;
  }
}
