/**
 * The parameters after each of a session's last few training steps (a ring buffer), for the loss
 * contour's "recent steps". The session records losses, not parameters, in its history; this keeps
 * the last few parameter vectors, each one flat array in {@link parameterTensors}'s order, for dense
 * and layered networks alike. No `vscode` import.
 *
 * What it costs, and when:
 * - memory: at most {@link RECENT_NUMBER_BUDGET} numbers in all, so a network of P parameters keeps
 *   min({@link RECENT_STEPS}, ⌊budget / P⌋) steps (12 up to 500,000 parameters, 3 at the 2M limit);
 * - time: the session copies a step's parameters only when the copy can still be part of the last
 *   12 steps when the run ends (the run's last 12 steps), or when someone has looked at the recent
 *   steps since the session opened ({@link RecentParameters.watch}); so a long run nobody draws a
 *   contour for copies 12 vectors, not one per step. A run paused early leaves older steps in the ring;
 *   {@link RecentParameters.list} returns only the unbroken run of steps that ends at the current step.
 */
import { LayeredNetwork, type Network } from '../engine';

export const RECENT_STEPS = 12;
/** Numbers all kept steps may hold together (8 bytes each: 48 MB). */
export const RECENT_NUMBER_BUDGET = 6_000_000;

/** The parameters after one step: the session's step count then, and every parameter, flat. */
export interface ParameterSnapshot {
  readonly step: number;
  /** Every parameter tensor of {@link parameterTensors}, one after another. */
  readonly values: Float64Array;
}

/**
 * A network's parameter tensors (live), in the one order snapshots and the loss contour use: a dense
 * network's layers in order, each its weights then its bias; a layered network's `parameters` (layer
 * by layer, weights before bias; batch norm's γ then β).
 */
export function parameterTensors(network: Network | LayeredNetwork): Float64Array[] {
  return network instanceof LayeredNetwork ? network.parameters.map((r) => r.param.values) : network.layers.flatMap((l) => [l.weights, l.bias]);
}

/** Splits a snapshot's flat values into tensors of the given sizes (views); undefined when the sizes do not add up. */
export function splitSnapshot(values: Float64Array, sizes: readonly number[]): Float64Array[] | undefined {
  if (sizes.reduce((a, b) => a + b, 0) !== values.length) return undefined;
  let at = 0;
  return sizes.map((n) => values.subarray(at, (at += n)));
}

export class RecentParameters {
  private readonly slots: { step: number; values: Float64Array }[] = [];
  /** Index of the next slot to write (once all are filled). */
  private next = 0;
  private watched = false;

  constructor(private readonly capacity = RECENT_STEPS, private readonly budget = RECENT_NUMBER_BUDGET) {}

  /** Steps kept for a network of `parameters` numbers. */
  stepsKept(parameters: number): number {
    return Math.min(this.capacity, Math.floor(this.budget / Math.max(1, parameters)));
  }

  /** From now on every step is recorded (someone draws the recent steps). */
  watch(): void {
    this.watched = true;
  }

  /**
   * Whether the session should record the step it is about to finish: always once watched, else only
   * when at most `stepsKept` steps of the run are left after it (`left` = steps still to come).
   */
  wants(network: Network | LayeredNetwork, left: number): boolean {
    const kept = this.stepsKept(this.count(network));
    return kept > 0 && (this.watched || left < kept);
  }

  /** Copies `network`'s parameters as those after step `step`; ignored past the budget. */
  record(network: Network | LayeredNetwork, step: number): void {
    const tensors = parameterTensors(network);
    const size = tensors.reduce((n, t) => n + t.length, 0);
    const kept = this.stepsKept(size);
    if (kept <= 0) return;
    if (this.slots.length > 0 && this.slots[0].values.length !== size) this.clear();
    let slot: { step: number; values: Float64Array };
    if (this.slots.length < kept) {
      slot = { step, values: new Float64Array(size) };
      this.slots.push(slot);
    } else {
      slot = this.slots[this.next];
      slot.step = step;
      this.next = (this.next + 1) % this.slots.length;
    }
    let at = 0;
    for (const t of tensors) { slot.values.set(t, at); at += t.length; }
  }

  /**
   * The recorded snapshots, oldest first, that form an unbroken run of steps ending at `current`
   * (all of them when `current` is undefined). Live arrays: do not modify.
   */
  list(current?: number): readonly ParameterSnapshot[] {
    const ordered = this.slots.length === 0 || this.next === 0 ? [...this.slots] : [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)];
    if (current === undefined) return ordered;
    const run: ParameterSnapshot[] = [];
    let expected = current;
    for (let i = ordered.length - 1; i >= 0 && ordered[i].step === expected; i--, expected--) run.unshift(ordered[i]);
    return run;
  }

  clear(): void {
    this.slots.length = 0;
    this.next = 0;
  }

  private count(network: Network | LayeredNetwork): number {
    return network.parameterCount;
  }
}
