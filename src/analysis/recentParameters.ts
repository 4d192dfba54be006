/**
 * The parameters after each of a session's last few training steps (a ring buffer), for the loss
 * contour's "recent steps". The session records losses, not parameters, in its history; this keeps
 * just the last {@link RECENT_STEPS} parameter vectors, and only for a dense network of at most
 * {@link RECENT_PARAMETER_CAP} parameters (so at most 12 × 100k numbers). No `vscode` import.
 */
import type { Network } from '../engine';

export const RECENT_STEPS = 12;
export const RECENT_PARAMETER_CAP = 100_000;

/** One layer's weights and biases after a step (copies). */
export interface LayerParameters {
  readonly weights: Float64Array;
  readonly bias: Float64Array;
}

/** The parameters after one step: the session's step count then, and each layer's copy. */
export interface ParameterSnapshot {
  readonly step: number;
  readonly layers: readonly LayerParameters[];
}

function parameterCount(network: Network): number {
  return network.layers.reduce((s, l) => s + l.weights.length + l.bias.length, 0);
}

export class RecentParameters {
  private readonly slots: { step: number; layers: LayerParameters[] }[] = [];
  /** Index of the next slot to write (once all are filled). */
  private next = 0;

  constructor(private readonly capacity = RECENT_STEPS, private readonly cap = RECENT_PARAMETER_CAP) {}

  /** Copies `network`'s parameters as those after step `step`; ignored past the parameter cap. */
  record(network: Network, step: number): void {
    if (this.capacity <= 0 || parameterCount(network) > this.cap) return;
    if (this.slots.length < this.capacity) {
      this.slots.push({ step, layers: network.layers.map((l) => ({ weights: Float64Array.from(l.weights), bias: Float64Array.from(l.bias) })) });
      return;
    }
    const slot = this.slots[this.next];
    slot.step = step;
    network.layers.forEach((l, i) => { slot.layers[i].weights.set(l.weights); slot.layers[i].bias.set(l.bias); });
    this.next = (this.next + 1) % this.capacity;
  }

  /** The recorded snapshots, oldest first (live arrays: do not modify). */
  list(): readonly ParameterSnapshot[] {
    return this.slots.length < this.capacity ? [...this.slots] : [...this.slots.slice(this.next), ...this.slots.slice(0, this.next)];
  }

  clear(): void {
    this.slots.length = 0;
    this.next = 0;
  }
}
