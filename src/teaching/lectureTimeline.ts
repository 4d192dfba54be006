/**
 * The lecture timeline (`<model>.lecture.json`, docs/LECTURE.md): a session recorded at home (the
 * edits of the model file, the training runs, the step-through stops, the depth, the parameters
 * explained) and replayed step by step at the projector. Plain data and pure functions, no `vscode`:
 *
 * - `LectureRecording` collects the steps as they happen and coalesces keystrokes into one `edit`
 *   step per pause (or per save, or per command that follows them);
 * - `readLectureTimeline` checks a file and answers either the timeline or one error with its
 *   location (line, column and JSON path), never a throw;
 * - `LecturePlayback` walks the steps through a `LectureActions` (the host's commands, or the session
 *   layer in tests) and compares every training result with the recorded one: the engine is
 *   deterministic, so the numbers must be identical;
 * - `restorePlan` says how to reach the state before a step again (Previous Lecture Step): the text of
 *   the last edit, then the training since that edit or the last reset, replayed.
 */
import * as l10n from '@vscode/l10n';
import { findNodeAtLocation, parse, parseTree, printParseErrorCode, type JSONPath, type Node, type ParseError } from 'jsonc-parser';

export const LECTURE_FORMAT_VERSION = 1;
export const LECTURE_FILE_SUFFIX = '.lecture.json';
/** Keystrokes closer together than this are one edit step. */
export const EDIT_PAUSE_MS = 2000;

export type DepthValue = 1 | 2 | 3 | 4;
export type StepThroughMoveKind = 'next' | 'previous' | 'stepBack' | 'stepForward' | 'seek' | 'end';

/** Where a step-through move landed: the recorded step and the stop within it (0-based). */
export interface StepThroughStop {
  readonly step: number;
  readonly stopIndex: number;
  /** `Step 3 · backward · layer "hidden"` (for the lecturer's eyes only; not compared). */
  readonly title?: string;
}

interface StepBase {
  /** What the lecturer wants to say at this step. */
  readonly note?: string;
}
export interface EditStep extends StepBase { readonly kind: 'edit'; /** The model file's whole text after the edit. */ readonly text: string }
export interface TrainStep extends StepBase {
  readonly kind: 'train';
  /** Optimiser steps the run took (a paused run records the steps it reached). */
  readonly steps: number;
  readonly learningRate?: number;
  /** The model file's `seed`, for the reader (the text of the last edit carries it). */
  readonly seed?: number;
  /** The training loss and the session's step counter after the run, as recorded. */
  readonly loss: number;
  readonly step: number;
}
export interface OneStep extends StepBase { readonly kind: 'step'; readonly loss: number; readonly step: number }
export interface ResetStep extends StepBase { readonly kind: 'reset' }
export interface StepThroughStep extends StepBase { readonly kind: 'stepThrough'; readonly move: StepThroughMoveKind; readonly stop?: StepThroughStop }
export interface DepthStep extends StepBase { readonly kind: 'depth'; readonly depth: DepthValue }
export interface ExplainStep extends StepBase { readonly kind: 'explain'; readonly layerIndex: number; readonly param: string; readonly index: readonly number[] }
export interface OpenPanelStep extends StepBase { readonly kind: 'openPanel' }

export type LectureStep = EditStep | TrainStep | OneStep | ResetStep | StepThroughStep | DepthStep | ExplainStep | OpenPanelStep;
export type LectureStepKind = LectureStep['kind'];
export const LECTURE_STEP_KINDS: readonly LectureStepKind[] = ['edit', 'train', 'step', 'reset', 'stepThrough', 'depth', 'explain', 'openPanel'];

export interface LectureTimeline {
  readonly version: typeof LECTURE_FORMAT_VERSION;
  /** The model file's name, in the same folder as the lecture file. */
  readonly model: string;
  /** The model file's text when recording began, and its FNV-1a hash (to tell a changed file at a glance). */
  readonly startText: string;
  readonly startHash: string;
  readonly steps: readonly LectureStep[];
}

/** FNV-1a, 32 bits, over the UTF-16 code units, as 8 hex digits: a quick "is this the same text". */
export function textHash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return `fnv1a32:${h.toString(16).padStart(8, '0')}`;
}

/** The model file's top-level `seed`, when it has a number there (for the `train` steps' readers). */
export function modelSeed(modelText: string): number | undefined {
  const value: unknown = parse(modelText, [], { allowTrailingComma: true });
  const seed = typeof value === 'object' && value !== null ? (value as { seed?: unknown }).seed : undefined;
  return typeof seed === 'number' && Number.isFinite(seed) ? seed : undefined;
}

/** Told of every step a GradLens command takes on a model file (the lecture recorder listens). */
export interface LectureListener {
  /** `uri` undefined: a step not about one file (the depth), which belongs to whichever file is recorded. */
  record(uri: string | undefined, step: LectureStep): void;
}

/** `xor.nn.json` → `xor.lecture.json`. */
export function lectureFileName(modelFileName: string): string {
  return `${modelFileName.replace(/\.nn\.json$/i, '').replace(/\.json$/i, '')}${LECTURE_FILE_SUFFIX}`;
}

// ---------------------------------------------------------------------------------------------
// Recording

/**
 * The steps of a recording, in order. Edits are coalesced: a change within `pauseMs` of the previous
 * one replaces the pending edit's text; a longer pause, a save, any other step or `finish` closes it.
 * An edit that leaves the text as the previous step had it is dropped.
 */
export class LectureRecording {
  private readonly steps: LectureStep[] = [];
  private pending: { text: string; at: number; note?: string } | undefined;
  private lastText: string;

  constructor(readonly model: string, readonly startText: string, private readonly pauseMs = EDIT_PAUSE_MS) {
    this.lastText = startText;
  }

  /** The document's text changed (at `now`, in milliseconds). */
  edited(text: string, now: number): void {
    if (this.pending && now - this.pending.at > this.pauseMs) this.closeEdit();
    this.pending = { ...this.pending, text, at: now };
  }

  /** The document was saved: the pending edit becomes a step. */
  saved(): void {
    this.closeEdit();
  }

  /** A command's step (train, step-through, …): closes the pending edit first. */
  add(step: LectureStep): void {
    this.closeEdit();
    this.steps.push(step);
  }

  /** Attaches a note to the latest step (the pending edit included); false when there is none yet. */
  annotate(note: string): boolean {
    const text = note.trim();
    if (this.pending) {
      this.pending.note = text;
      return true;
    }
    const last = this.steps.length - 1;
    if (last < 0) return false;
    this.steps[last] = { ...this.steps[last]!, note: text };
    return true;
  }

  /** Steps so far, the pending edit counted. */
  get count(): number {
    return this.steps.length + (this.pending && this.pending.text !== this.lastText ? 1 : 0);
  }

  finish(): LectureTimeline {
    this.closeEdit();
    return { version: LECTURE_FORMAT_VERSION, model: this.model, startText: this.startText, startHash: textHash(this.startText), steps: [...this.steps] };
  }

  private closeEdit(): void {
    const p = this.pending;
    this.pending = undefined;
    if (!p || p.text === this.lastText) return;
    this.lastText = p.text;
    this.steps.push({ kind: 'edit', text: p.text, ...(p.note ? { note: p.note } : {}) });
  }
}

/** The file's text: two-space JSON, a newline at the end. */
export function writeLectureTimeline(timeline: LectureTimeline): string {
  return `${JSON.stringify(timeline, null, 2)}\n`;
}

// ---------------------------------------------------------------------------------------------
// Reading

export interface LectureFileError {
  readonly message: string;
  /** 1-based line and column of the offending text. */
  readonly line: number;
  readonly column: number;
  /** `steps[3].kind`; empty for the whole file. */
  readonly path: string;
}

export type LectureReadResult = { readonly timeline: LectureTimeline; readonly error?: undefined } | { readonly error: LectureFileError; readonly timeline?: undefined };

/** `message (line 4, column 7, at steps[3].kind)`. */
export function describeLectureError(error: LectureFileError): string {
  return error.path
    ? l10n.t('{0} (line {1}, column {2}, at {3})', error.message, error.line, error.column, error.path)
    : l10n.t('{0} (line {1}, column {2})', error.message, error.line, error.column);
}

class Invalid extends Error {
  constructor(message: string, readonly path: JSONPath) { super(message); }
}

function pathText(path: JSONPath): string {
  return path.reduce<string>((s, p) => (typeof p === 'number' ? `${s}[${p}]` : s ? `${s}.${p}` : p), '');
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const lines = before.split('\n');
  return { line: lines.length, column: lines[lines.length - 1]!.length + 1 };
}

/** Reads a lecture file: the timeline, or the first problem with its location. Never throws. */
export function readLectureTimeline(text: string): LectureReadResult {
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (errors.length > 0 || !root) {
    const e = errors[0];
    const at = lineColumn(text, e?.offset ?? 0);
    return { error: { message: l10n.t('the lecture file is not valid JSON: {0}', e ? printParseErrorCode(e.error) : l10n.t('it is empty')), ...at, path: '' } };
  }
  try {
    return { timeline: timelineOf(root) };
  } catch (error) {
    if (!(error instanceof Invalid)) throw error;
    let node: Node | undefined;
    for (let n = error.path.length; n >= 0 && !node; n--) node = findNodeAtLocation(root, error.path.slice(0, n));
    const at = lineColumn(text, node?.offset ?? 0);
    return { error: { message: error.message, ...at, path: pathText(error.path) } };
  }
}

/** The plain value of a node (the tree parser keeps values on leaves). */
function valueOf(node: Node | undefined): unknown {
  if (!node) return undefined;
  switch (node.type) {
    case 'object': return Object.fromEntries((node.children ?? []).map((p) => [p.children![0]!.value as string, valueOf(p.children![1])]));
    case 'array': return (node.children ?? []).map(valueOf);
    default: return node.value;
  }
}

type Fields = Record<string, unknown>;

function objectAt(value: unknown, path: JSONPath): Fields {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Invalid(l10n.t('expected an object'), path);
  return value as Fields;
}

function stringField(o: Fields, key: string, path: JSONPath): string {
  if (typeof o[key] !== 'string') throw new Invalid(l10n.t('"{0}" must be a string', key), [...path, key]);
  return o[key] as string;
}

function numberField(o: Fields, key: string, path: JSONPath, whole = false): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v) || (whole && (!Number.isInteger(v) || v < 0))) {
    throw new Invalid(whole ? l10n.t('"{0}" must be a whole number, 0 or more', key) : l10n.t('"{0}" must be a number', key), [...path, key]);
  }
  return v;
}

function optional<T>(o: Fields, key: string, read: () => T): { [k: string]: T } {
  return o[key] === undefined ? {} : { [key]: read() };
}

function timelineOf(root: Node): LectureTimeline {
  const o = objectAt(valueOf(root), []);
  if (o.version !== LECTURE_FORMAT_VERSION) {
    throw new Invalid(l10n.t('unsupported lecture file version {0}: this GradLens reads version {1}', JSON.stringify(o.version ?? null), LECTURE_FORMAT_VERSION), ['version']);
  }
  const model = stringField(o, 'model', []);
  if (!/^[^/\\]+$/.test(model) || model === '.' || model === '..') throw new Invalid(l10n.t('"model" must be a file name in the lecture file\'s folder'), ['model']);
  const startText = stringField(o, 'startText', []);
  const startHash = stringField(o, 'startHash', []);
  if (startHash !== textHash(startText)) throw new Invalid(l10n.t('"startHash" does not match "startText": the file was changed by hand'), ['startHash']);
  if (!Array.isArray(o.steps)) throw new Invalid(l10n.t('"steps" must be a list'), ['steps']);
  const steps = o.steps.map((s, i) => stepOf(s, ['steps', i]));
  return { version: LECTURE_FORMAT_VERSION, model, startText, startHash, steps };
}

const MOVES: readonly StepThroughMoveKind[] = ['next', 'previous', 'stepBack', 'stepForward', 'seek', 'end'];

function stepOf(value: unknown, path: JSONPath): LectureStep {
  const o = objectAt(value, path);
  const note = optional(o, 'note', () => stringField(o, 'note', path)) as { note?: string };
  const kind = o.kind;
  switch (kind) {
    case 'edit': return { kind, text: stringField(o, 'text', path), ...note };
    case 'train': return {
      kind, steps: numberField(o, 'steps', path, true),
      ...(optional(o, 'learningRate', () => numberField(o, 'learningRate', path)) as { learningRate?: number }),
      ...(optional(o, 'seed', () => numberField(o, 'seed', path)) as { seed?: number }),
      loss: numberField(o, 'loss', path), step: numberField(o, 'step', path, true), ...note,
    };
    case 'step': return { kind, loss: numberField(o, 'loss', path), step: numberField(o, 'step', path, true), ...note };
    case 'reset': case 'openPanel': return { kind, ...note };
    case 'stepThrough': {
      if (!MOVES.includes(o.move as StepThroughMoveKind)) throw new Invalid(l10n.t('"move" must be one of {0}', MOVES.join(', ')), [...path, 'move']);
      const move = o.move as StepThroughMoveKind;
      const stop = o.stop === undefined ? undefined : objectAt(o.stop, [...path, 'stop']);
      if (move === 'seek' && !stop) throw new Invalid(l10n.t('a "seek" move needs its "stop"'), path);
      return {
        kind, move, ...note,
        ...(stop ? { stop: {
          step: numberField(stop, 'step', [...path, 'stop'], true), stopIndex: numberField(stop, 'stopIndex', [...path, 'stop'], true),
          ...(optional(stop, 'title', () => stringField(stop, 'title', [...path, 'stop'])) as { title?: string }),
        } } : {}),
      };
    }
    case 'depth': {
      const depth = o.depth;
      if (depth !== 1 && depth !== 2 && depth !== 3 && depth !== 4) throw new Invalid(l10n.t('"depth" must be 1, 2, 3 or 4'), [...path, 'depth']);
      return { kind, depth, ...note };
    }
    case 'explain': {
      const index = o.index;
      if (!Array.isArray(index) || index.length === 0 || !index.every((i) => Number.isInteger(i) && (i as number) >= 0)) {
        throw new Invalid(l10n.t('"index" must be a list of whole numbers, 0 or more'), [...path, 'index']);
      }
      return { kind, layerIndex: numberField(o, 'layerIndex', path, true), param: stringField(o, 'param', path), index: index as number[], ...note };
    }
    default:
      throw new Invalid(kind === undefined
        ? l10n.t('a step needs a "kind"')
        : l10n.t('unknown step kind {0}: expected one of {1}', JSON.stringify(kind), LECTURE_STEP_KINDS.join(', ')), [...path, 'kind']);
  }
}

// ---------------------------------------------------------------------------------------------
// Replay

/** A training result as the engine answered it. */
export interface TrainingResult {
  readonly loss: number;
  readonly step: number;
}

/** What replaying needs from the host: each action is one GradLens command on the lecture's model file. */
export interface LectureActions {
  setText(text: string): Promise<void>;
  train(steps: number, learningRate?: number): Promise<TrainingResult | undefined>;
  step(): Promise<TrainingResult | undefined>;
  reset(): Promise<void>;
  stepThrough(move: StepThroughMoveKind, stop?: StepThroughStop): Promise<StepThroughStop | undefined>;
  setDepth(depth: DepthValue): Promise<void>;
  explain(target: { layerIndex: number; param: string; index: readonly number[] }): Promise<void>;
  openPanel(): Promise<void>;
}

/** One step performed: which, and whether its numbers differ from the recorded ones (a sentence saying how). */
export interface PlayedStep {
  /** 0-based index of the step performed. */
  readonly index: number;
  readonly step: LectureStep;
  readonly mismatch?: string;
}

/** How to reach the state after the first `position` steps from anywhere: the text, then the training since the last edit or reset. */
export interface RestorePlan {
  readonly text: string;
  readonly training: readonly (TrainStep | OneStep)[];
  readonly stepThrough: readonly StepThroughStep[];
  readonly depth?: DepthValue;
}

export function restorePlan(timeline: LectureTimeline, position: number): RestorePlan {
  let text = timeline.startText;
  let training: (TrainStep | OneStep)[] = [];
  let stepThrough: StepThroughStep[] = [];
  let depth: DepthValue | undefined;
  for (const step of timeline.steps.slice(0, Math.max(0, position))) {
    switch (step.kind) {
      case 'edit': text = step.text; training = []; stepThrough = []; break;
      case 'reset': training = []; break;
      case 'train': case 'step': training.push(step); break;
      case 'stepThrough': if (step.move === 'end') stepThrough = []; else stepThrough.push(step); break;
      case 'depth': depth = step.depth; break;
      default: break;
    }
  }
  return { text, training, stepThrough, ...(depth ? { depth } : {}) };
}

function trainingMismatch(recorded: TrainStep | OneStep, got: TrainingResult | undefined): string | undefined {
  if (!got) return l10n.t('the training did not run (the model file has a problem?)');
  if (got.loss === recorded.loss && got.step === recorded.step) return undefined;
  return l10n.t('recorded loss {0} at step {1}, now loss {2} at step {3}', String(recorded.loss), recorded.step, String(got.loss), got.step);
}

function stopMismatch(recorded: StepThroughStep, got: StepThroughStop | undefined): string | undefined {
  if (!recorded.stop || recorded.move === 'end') return undefined;
  if (!got) return l10n.t('the step-through did not reach a stop');
  if (got.step === recorded.stop.step && got.stopIndex === recorded.stop.stopIndex) return undefined;
  return l10n.t('recorded stop {0} of step {1}, now stop {2} of step {3}', recorded.stop.stopIndex + 1, recorded.stop.step, got.stopIndex + 1, got.step);
}

/** Walks a timeline's steps forward and back through `actions`; `position` steps are done. */
export class LecturePlayback {
  private done = 0;

  constructor(readonly timeline: LectureTimeline, private readonly actions: LectureActions) {}

  get position(): number {
    return this.done;
  }

  get length(): number {
    return this.timeline.steps.length;
  }

  /** Performs the next step; undefined at the end. */
  async next(): Promise<PlayedStep | undefined> {
    const index = this.done;
    const step = this.timeline.steps[index];
    if (!step) return undefined;
    const mismatch = await this.perform(step);
    this.done = index + 1;
    return { index, step, ...(mismatch ? { mismatch } : {}) };
  }

  /**
   * Goes back one step: the text of the state before it, then its training replayed from the initial
   * parameters (deterministic: the same numbers as the first time), and the step-through's moves again.
   * Answers the step now on screen (the one before), or undefined at the start.
   */
  async previous(): Promise<PlayedStep | undefined> {
    if (this.done === 0) return undefined;
    await this.restore(this.done - 1);
    const index = this.done - 1;
    return index > 0 ? { index: index - 1, step: this.timeline.steps[index - 1]! } : undefined;
  }

  /** Brings the model back to the state after the first `position` steps. */
  async restore(position: number): Promise<void> {
    const plan = restorePlan(this.timeline, position);
    await this.actions.stepThrough('end');
    await this.actions.setText(plan.text);
    await this.actions.reset();
    for (const t of plan.training) {
      if (t.kind === 'train') await this.actions.train(t.steps, t.learningRate);
      else await this.actions.step();
    }
    for (const s of plan.stepThrough) await this.actions.stepThrough(s.move, s.stop);
    if (plan.depth) await this.actions.setDepth(plan.depth);
    this.done = Math.max(0, Math.min(position, this.length));
  }

  private async perform(step: LectureStep): Promise<string | undefined> {
    switch (step.kind) {
      case 'edit': await this.actions.setText(step.text); return undefined;
      case 'train': return trainingMismatch(step, await this.actions.train(step.steps, step.learningRate));
      case 'step': return trainingMismatch(step, await this.actions.step());
      case 'reset': await this.actions.reset(); return undefined;
      case 'stepThrough': return stopMismatch(step, await this.actions.stepThrough(step.move, step.stop));
      case 'depth': await this.actions.setDepth(step.depth); return undefined;
      case 'explain': await this.actions.explain(step); return undefined;
      case 'openPanel': await this.actions.openPanel(); return undefined;
    }
  }
}
