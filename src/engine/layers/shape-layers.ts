/**
 * The layers that change no number's value, only where it is read or whether it is kept:
 *
 * flatten     out[n][c·H·W + h·W + w] = x[n][c][h][w]: the memory layout already is C-major, so
 *             forward and backward are copies (dx = δ).
 * activation  net = x, out = f(net) (the pass applies f and f′ as for any layer with an activation),
 *             so dx = δ: PyTorch's `nn.ReLU()`, `nn.Sigmoid()` … as separate modules.
 * dropout     training: out = m ⊙ x with m = 0 (probability p) or 1/(1 − p) (inverted dropout), drawn
 *             per value from the layer's seeded stream `dropout:<index>` (one `next()` per value in
 *             sample-major, C-major order; dropped when next() < p); dx = m ⊙ δ.
 *             evaluation: out = x, dx = δ. The masks of the last training pass are kept (`mask`) for
 *             the report and can be held (reused) or set from outside (`setMask`).
 * In the gradient check's incremental pass (incremental.ts) each of them redoes only the values whose
 * input changed, and those are the values of its output that change (same positions).
 */
import { ACT_LINEAR, activationCode } from '../activations';
import { createRng, type Rng } from '../rng';
import type { ActivationSpec, CustomActivation } from '../spec';
import { ensure, sizeOf, type Changed, type Layer, type Param, type PassMode } from './layer';
import type { SampleShape } from './spec';

abstract class PassThrough implements Layer {
  abstract readonly type: 'flatten' | 'activation' | 'dropout';
  readonly params: readonly Param[] = [];
  readonly inSize: number;
  readonly outSize: number;
  readonly outShape: SampleShape;
  readonly activation: ActivationSpec | undefined = undefined;
  readonly code: number = ACT_LINEAR;
  readonly custom: CustomActivation | undefined = undefined;

  constructor(readonly name: string, readonly index: number, readonly inShape: SampleShape, outShape: SampleShape) {
    this.inSize = sizeOf(inShape);
    this.outSize = sizeOf(outShape);
    this.outShape = outShape;
  }

  reserve(): void { /* no buffers */ }

  forward(x: Float64Array, n: number, net: Float64Array, _mode: PassMode): void {
    net.set(x.subarray(0, n * this.inSize));
  }

  backward(_x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined): void {
    if (dx) dx.set(delta.subarray(0, n * this.outSize));
  }

  forwardChanged(x: Float64Array, _baseX: Float64Array, n: number, net: Float64Array, _baseNet: Float64Array, changed: Changed, mode: PassMode): Changed {
    if (changed === 'all') {
      this.forward(x, n, net, mode);
      return 'all';
    }
    const size = this.inSize, g = changed.size;
    for (let s = 0; s < n; s++) {
      for (const c of changed.groups) for (let i = s * size + c * g, e = i + g; i < e; i++) net[i] = this.value(x, i);
    }
    return changed;
  }

  /** Output value i from the input (a copy; dropout multiplies by its mask). */
  protected value(x: Float64Array, i: number): number {
    return x[i];
  }
}

export class FlattenLayer extends PassThrough {
  readonly type = 'flatten' as const;
  constructor(name: string, index: number, inShape: SampleShape) {
    super(name, index, inShape, [sizeOf(inShape)]);
  }
}

export class ActivationLayer extends PassThrough {
  readonly type = 'activation' as const;
  override readonly activation: ActivationSpec;
  override readonly code: number;
  override readonly custom: CustomActivation | undefined;
  constructor(name: string, index: number, inShape: SampleShape, activation: ActivationSpec) {
    super(name, index, inShape, inShape);
    this.activation = activation;
    this.code = activationCode(activation);
    this.custom = typeof activation === 'object' ? activation : undefined;
  }
}

export class DropoutLayer extends PassThrough {
  readonly type = 'dropout' as const;
  /** Multipliers of the last training pass (0 or 1/(1 − p)), n × size; valid for `maskSamples` samples. */
  mask: Float64Array = new Float64Array(0);
  maskSamples = 0;
  /** Whether the last forward pass applied the mask (training) or was the identity (evaluation). */
  applied = false;
  private readonly rng: Rng;

  constructor(name: string, index: number, inShape: SampleShape, readonly rate: number, seed: number) {
    super(name, index, inShape, inShape);
    if (!(rate >= 0 && rate < 1)) throw new Error(`layer '${name}': dropout rate must be at least 0 and below 1, got ${rate}`);
    this.rng = createRng(seed, `dropout:${index}`);
  }

  /** Uses these multipliers (n × size, each 0 or 1/(1 − p)) in the next passes that hold masks. */
  setMask(mask: ArrayLike<number>, samples: number): void {
    if (mask.length !== samples * this.inSize) {
      throw new Error(`layer '${this.name}': a dropout mask for ${samples} samples needs ${samples * this.inSize} numbers, got ${mask.length}`);
    }
    this.mask = ensure(this.mask, mask.length);
    this.mask.set(mask);
    this.maskSamples = samples;
  }

  override forward(x: Float64Array, n: number, net: Float64Array, mode: PassMode): void {
    const len = n * this.inSize;
    this.applied = mode.training && this.rate > 0;
    if (!this.applied) { net.set(x.subarray(0, len)); return; }
    if (!(mode.holdMasks && this.maskSamples === n)) {
      this.mask = ensure(this.mask, len);
      const keep = 1 / (1 - this.rate), p = this.rate;
      for (let i = 0; i < len; i++) this.mask[i] = this.rng.next() < p ? 0 : keep;
      this.maskSamples = n;
    }
    const m = this.mask;
    for (let i = 0; i < len; i++) net[i] = m[i] * x[i];
  }

  protected override value(x: Float64Array, i: number): number {
    return this.applied ? this.mask[i] * x[i] : x[i];
  }

  override backward(_x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined): void {
    if (!dx) return;
    const len = n * this.inSize;
    if (!this.applied) { dx.set(delta.subarray(0, len)); return; }
    const m = this.mask;
    for (let i = 0; i < len; i++) dx[i] = m[i] * delta[i];
  }
}
