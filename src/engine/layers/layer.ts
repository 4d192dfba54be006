/**
 * What every layer of a layered network is: a function of one batch of samples, [N, C, H, W] or
 * [N, F] stored flat (sample-major, then C-major, row-major: `x[n][c][h][w]` is entry
 * `n·C·H·W + c·H·W + h·W + w`), with its own forward and backward.
 *
 * Per layer the pass keeps three buffers of N·(output size): `net` (the value before the layer's
 * activation), `out` (after it; the same buffer when the layer has no activation) and `delta`
 * (Σ_n ∂L_n/∂net, i.e. N·∂L/∂net: the fused dense path's convention). A layer's `backward` receives
 * its delta and adds scale·∂/∂θ to its parameters' gradients (scale = 1/N) and, when asked, writes
 * ∂/∂(its input) in the same N-scaled units; the pass then applies the previous layer's activation
 * backward in place.
 */
import type { ActivationSpec, CustomActivation } from '../spec';
import type { LayerType, SampleShape } from './spec';

/** One parameter tensor of a layer: live values (optimisers update them in place) and its shape. */
export interface Param {
  /** `weights` or `bias` (batch norm's γ and β are reported under these names too). */
  readonly name: 'weights' | 'bias';
  readonly values: Float64Array;
  /** [units, fanIn], [F, C, kh, kw], [F] … */
  readonly shape: readonly number[];
  /** False: no optimiser changes it (its gradient is still computed and reported). */
  trainable: boolean;
}

/** How a pass runs. */
export interface PassMode {
  /** Training mode: dropout active, batch norm on the batch's statistics. */
  readonly training: boolean;
  /** Training mode only: batch norm folds the batch statistics into its running statistics. */
  readonly updateStatistics: boolean;
  /** Training mode only: dropout reuses the masks of the previous pass instead of drawing new ones. */
  readonly holdMasks: boolean;
}

export const TRAINING: PassMode = { training: true, updateStatistics: true, holdMasks: false };
export const EVALUATION: PassMode = { training: false, updateStatistics: false, holdMasks: false };
/** Training mode with nothing changing between passes: the gradient check's perturbed passes. */
export const FROZEN_TRAINING: PassMode = { training: true, updateStatistics: false, holdMasks: true };

/**
 * Which values of one sample's output (or input) a perturbation changed: `groups` g of `size`
 * consecutive values each, entries g·size … (g + 1)·size − 1 of every sample (a channel of an image,
 * a unit of a flat layer). `'all'`: every value may have changed.
 */
export type Changed = { readonly size: number; readonly groups: readonly number[] } | 'all';

/** A layer of a layered network. */
export interface Layer {
  readonly type: LayerType;
  readonly name: string;
  /** 0-based position, input side first. */
  readonly index: number;
  readonly inShape: SampleShape;
  readonly outShape: SampleShape;
  /** Numbers per sample in and out. */
  readonly inSize: number;
  readonly outSize: number;
  /** Its parameters, in report order (weights, then bias); empty for pooling, flatten, dropout, activation. */
  readonly params: readonly Param[];
  /** The activation applied after the layer's own operation; undefined when the type has none. */
  readonly activation: ActivationSpec | undefined;
  /** Activation code (activations.ts) and custom activation, for the pass's hot loops. */
  readonly code: number;
  readonly custom: CustomActivation | undefined;
  /** Makes room for batches of up to n samples (internal buffers only). */
  reserve(n: number): void;
  /** net = the layer's operation on x (n samples). */
  forward(x: Float64Array, n: number, net: Float64Array, mode: PassMode): void;
  /**
   * Given delta = N·∂L/∂net for n samples: adds scale·∂(Σ_n L_n)/∂θ into `grads` (one array per
   * param, same order) and, when `dx` is given, overwrites it with N·∂L/∂x.
   * Uses what the last `forward` left (x, saved indices, statistics).
   */
  backward(x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined, grads: readonly Float64Array[], scale: number): void;
  /**
   * The gradient check's incremental pass (incremental.ts), for layers with parameters: entry `index`
   * of parameter `param` has just been changed and the input x is the one of the last full `forward`
   * (whose internal state, e.g. im2col or x̂, is still there). Rewrites only the part of net that
   * entry reaches, exactly as `forward` computes it, and says which part that is.
   */
  forwardNudged?(x: Float64Array, n: number, net: Float64Array, param: number, index: number): Changed;
  /**
   * The gradient check's incremental pass: x differs from `baseX` (the input of the last full pass)
   * only where `changed` says, and net holds `baseNet` (that pass's output) wherever this call does not
   * write. Writes the new net where it changes and says where; a layer may also run its full
   * `forward` and answer `'all'`. Absent: the pass runs `forward`.
   */
  forwardChanged?(
    x: Float64Array, baseX: Float64Array, n: number, net: Float64Array, baseNet: Float64Array, changed: Changed, mode: PassMode,
  ): Changed;
}

/** Product of a shape's entries. */
export function sizeOf(shape: SampleShape): number {
  let s = 1;
  for (const d of shape) s *= d;
  return s;
}

/** `[6, 8, 8]` as messages print it: `6×8×8`. */
export function shapeText(shape: SampleShape): string {
  return shape.join('×');
}

/** Grows a buffer to at least `length` (keeps the old one when it is big enough). */
export function ensure(buffer: Float64Array, length: number): Float64Array {
  return buffer.length >= length ? buffer : new Float64Array(length);
}

/** The trainable flag of one parameter from a layer's `trainable` spec. */
export function isTrainable(spec: boolean | { readonly weights?: boolean; readonly bias?: boolean } | undefined, param: 'weights' | 'bias'): boolean {
  if (spec === undefined) return true;
  if (typeof spec === 'boolean') return spec;
  return spec[param] ?? true;
}

/**
 * One number per unit, filter, feature or channel from a spec value: absent → `fallback` everywhere,
 * a number → that number everywhere, an array → its numbers, which must be `length` of them.
 * @throws Error "layer 'bn': scale has 3 numbers, expected one per channel (2)".
 */
export function perUnitVector(
  layer: string, key: string, value: number | readonly number[] | undefined, length: number, fallback: number, per: string,
): Float64Array {
  const a = new Float64Array(length);
  if (value === undefined || typeof value === 'number') return a.fill(value ?? fallback);
  if (value.length !== length) throw new Error(`layer '${layer}': ${key} has ${value.length} numbers, expected one per ${per} (${length})`);
  a.set(value);
  return a;
}

/**
 * The changed positions within one sample of `size` values, ascending; undefined when everything
 * changed (or the groups do not fit the size).
 */
export function changedEntries(changed: Changed, size: number): Int32Array | undefined {
  if (changed === 'all') return undefined;
  const out = new Int32Array(changed.groups.length * changed.size);
  let k = 0;
  for (const g of changed.groups) for (let i = g * changed.size, e = i + changed.size; i < e; i++) out[k++] = i;
  return out[k - 1] < size ? out : undefined;
}
