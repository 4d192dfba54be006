/**
 * A 2-D convolution as PyTorch's `nn.Conv2d` defines it (a cross-correlation: the kernel is not
 * flipped), zeros padded on both sides, then the layer's activation.
 * Input x [N, C, H, W], weights W [F, C, kh, kw], bias b [F], output net [N, F, H', W'] with
 * H' = floor((H + 2·ph − kh)/sh) + 1, W' likewise (geometry.ts). With P = H'·W' output positions and
 * Q = C·kh·kw kernel taps, q = c·kh·kw + u·kw + v:
 *
 *   im2col   cols_n[p][q] = x[n][c][i·sh − ph + u][j·sw − pw + v]   (p = i·W' + j; 0 outside the image)
 *   forward  net[n][f][p] = Σ_q W[f][q]·cols_n[p][q] + b[f]          (W as an F × Q matrix)
 *   backward ∂L/∂W[f][q] += (1/N)·Σ_n Σ_p δ[n][f][p]·cols_n[p][q]
 *            ∂L/∂b[f]    += (1/N)·Σ_n Σ_p δ[n][f][p]
 *            dcols_n[p][q] = Σ_f δ[n][f][p]·W[f][q]
 *            dx[n][c][y][x] = Σ of dcols_n[p][q] over every (p, q) that read x[n][c][y][x]   (col2im)
 * (δ = N·∂L/∂net, the pass's convention.)
 * gradient check (incremental.ts): a nudged W[f][q] or b[f] changes filter f's plane only, recomputed
 * from the kept im2col as the forward product computes it (Σ_q sequentially, then + b[f]); an input
 * changed in the channels Cs gives net = net_base + Σ_{c∈Cs} W[:, c] ⋆ (x_c − x_base,c) (the full
 * forward when Cs is over half the channels).
 *
 * im2col and col2im read one tap map built with the layer: taps[p·Q + q] = the offset within a sample
 * of the input value patch p reads at tap q, or −1 in the padding. im2col gathers through it, col2im
 * scatters back through it, so the window arithmetic is written once.
 *
 * All three products are the dense products of products.ts (WebAssembly SIMD above the measured
 * crossover sizes, the TypeScript kernels of kernels.ts below) on row-major matrices, over every sample's
 * positions at once (n·P rows, so the register blocks run long): forward is `denseForward` with the
 * n·P patches as "samples" and W as the F "units' weights" (bias included), giving net as
 * (n·P) × F rows, copied into the [n][F][P] layout the next layer reads; backward copies δ into the
 * same (n·P) × F rows, then ∂W, ∂b = `denseBackwardParams` (δᵀ·cols, Σ δ) and dcols =
 * `denseBackwardInput` (δ·W), and col2im scatters dcols back. No transpose of W or cols is made.
 * Why im2col and not direct loops: measured with scripts/bench/measure-conv.ts (forward + backward,
 * medians, on this shared 2-core machine under a load average of ~25, so ratios only): direct loops
 * were 3–7× slower on LeNet-5's conv1 (1×28×28 → 6@5×5) and conv2 (6×12×12 → 16@5×5) at batch 64
 * and 1.5–3× slower on the digits CNN's 8×4×4 → 16@3×3; and im2col reuses the kernels a faster
 * backend replaces (products.ts dispatches them to WebAssembly SIMD). Absolute GFLOP/s belong in `npm run bench`.
 */
import { activationCode } from '../activations';
import { initWeights } from '../init';
import { denseBackwardInput, denseBackwardParams, denseForward } from '../products';
import type { ActivationSpec, CustomActivation } from '../spec';
import { resolveWindow, windowOutput, type Window } from './geometry';
import { ensure, isTrainable, perUnitVector, type Changed, type Layer, type Param, type PassMode } from './layer';
import type { Conv2dSpec, SampleShape } from './spec';

export class Conv2dLayer implements Layer {
  readonly type = 'conv2d' as const;
  readonly inShape: SampleShape;
  readonly outShape: SampleShape;
  readonly inSize: number;
  readonly outSize: number;
  readonly params: readonly Param[];
  readonly code: number;
  readonly custom: CustomActivation | undefined;
  readonly C: number; readonly H: number; readonly W: number;
  readonly F: number; readonly Ho: number; readonly Wo: number;
  /** Output positions P = H'·W' and kernel taps Q = C·kh·kw. */
  readonly P: number; readonly Q: number;
  readonly window: Window;
  readonly weights: Float64Array;
  readonly bias: Float64Array;
  /** taps[p·Q + q]: the offset within a sample of the input value output position p reads at tap q; −1 in the padding. */
  readonly taps: Int32Array;
  /** im2col of every sample of the last forward pass ((n·P) × Q), kept for ∂W. */
  private cols: Float64Array = new Float64Array(0);
  private dcols: Float64Array = new Float64Array(0);
  /** The product's (n·P) × F layout of net (forward) and of δ (backward). */
  private rows: Float64Array = new Float64Array(0);

  constructor(
    readonly name: string, readonly index: number, inShape: SampleShape, readonly activation: ActivationSpec,
    filters: number, window: Window, weights: Float64Array, bias: Float64Array, trainable: Conv2dSpec['trainable'],
  ) {
    if (inShape.length !== 3) throw new Error(`layer '${name}': conv2d needs an image input [C, H, W], got [${inShape.join(', ')}]`);
    [this.C, this.H, this.W] = inShape;
    this.F = filters;
    this.window = window;
    [this.Ho, this.Wo] = windowOutput(name, this.H, this.W, window);
    this.P = this.Ho * this.Wo;
    this.Q = this.C * window.kh * window.kw;
    this.inShape = inShape;
    this.outShape = [filters, this.Ho, this.Wo];
    this.inSize = this.C * this.H * this.W;
    this.outSize = filters * this.P;
    if (weights.length !== filters * this.Q) {
      throw new Error(`layer '${name}': weights hold ${weights.length} numbers, expected [${filters}, ${this.C}, ${window.kh}, ${window.kw}] = ${filters * this.Q}`);
    }
    if (bias.length !== filters) throw new Error(`layer '${name}': bias holds ${bias.length} numbers, expected ${filters}`);
    this.weights = weights;
    this.bias = bias;
    this.params = [
      { name: 'weights', values: weights, shape: [filters, this.C, window.kh, window.kw], trainable: isTrainable(trainable, 'weights') },
      { name: 'bias', values: bias, shape: [filters], trainable: isTrainable(trainable, 'bias') },
    ];
    this.code = activationCode(activation);
    this.custom = typeof activation === 'object' ? activation : undefined;
    this.taps = tapMap(this.C, this.H, this.W, this.Ho, this.Wo, window);
  }

  /** Builds the layer from its spec: explicit weights or the seeded initialisation (fan_in = C·kh·kw, fan_out = F·kh·kw). */
  static fromSpec(spec: Conv2dSpec, index: number, inShape: SampleShape, seed: number): Conv2dLayer {
    if (inShape.length !== 3) throw new Error(`layer '${spec.name}': conv2d needs an image input [C, H, W], got [${inShape.join(', ')}]`);
    const F = spec.filters;
    if (!Number.isInteger(F) || F < 1) throw new Error(`layer '${spec.name}': filters must be an integer >= 1, got ${F}`);
    const w = resolveWindow(spec.name, spec.kernel, spec.stride, spec.padding);
    const Q = inShape[0] * w.kh * w.kw;
    let weights: Float64Array;
    if (spec.weights !== undefined) weights = Float64Array.from(spec.weights);
    else weights = convInit(spec, F, Q, w.kh * w.kw, seed, index);
    const bias = perUnitVector(spec.name, 'bias', spec.bias, F, 0, 'filter');
    return new Conv2dLayer(spec.name, index, inShape, spec.activation, F, w, weights, bias, spec.trainable);
  }

  reserve(n: number): void {
    this.cols = ensure(this.cols, n * this.P * this.Q);
    this.dcols = ensure(this.dcols, n * this.P * this.Q);
    this.rows = ensure(this.rows, n * this.P * this.F);
  }

  forward(x: Float64Array, n: number, net: Float64Array, _mode: PassMode): void {
    this.reserve(n);
    const { P, Q, F, inSize, outSize } = this;
    const cols = this.cols, rows = this.rows;
    for (let s = 0; s < n; s++) this.im2col(x, s * inSize, cols, s * P * Q);
    // rows[(s·P + p)][f] = Σ_q cols[s·P + p][q]·W[f][q] + b[f]: one product over every sample's positions.
    denseForward(cols, n * P, Q, this.weights, this.bias, F, rows);
    for (let s = 0; s < n; s++) {
      const o = s * outSize, r0 = s * P * F;
      for (let p = 0; p < P; p++) {
        const r = r0 + p * F;
        for (let f = 0; f < F; f++) net[o + f * P + p] = rows[r + f];
      }
    }
  }

  backward(_x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined, grads: readonly Float64Array[], scale: number): void {
    const { P, Q, F, inSize, outSize } = this;
    const rows = this.rows;
    // δ as (s·P + p) × F rows, the layout of the forward product.
    for (let s = 0; s < n; s++) {
      const o = s * outSize, r0 = s * P * F;
      for (let p = 0; p < P; p++) {
        const r = r0 + p * F;
        for (let f = 0; f < F; f++) rows[r + f] = delta[o + f * P + p];
      }
    }
    denseBackwardParams(rows, n * P, F, this.cols, Q, scale, grads[0], grads[1]);
    if (!dx) return;
    denseBackwardInput(rows, n * P, F, this.weights, Q, this.dcols);
    dx.fill(0, 0, n * inSize);
    for (let s = 0; s < n; s++) this.col2im(this.dcols, s * P * Q, dx, s * inSize);
  }

  forwardNudged(_x: Float64Array, n: number, net: Float64Array, param: number, index: number): Changed {
    const { P, Q, outSize, weights, cols } = this;
    const f = param === 0 ? Math.floor(index / Q) : index;
    const wo = f * Q, bf = this.bias[f];
    for (let s = 0; s < n; s++) {
      const o = s * outSize + f * P;
      for (let p = 0; p < P; p++) {
        const r = (s * P + p) * Q;
        let sum = 0;
        for (let q = 0; q < Q; q++) sum += cols[r + q] * weights[wo + q];
        net[o + p] = sum + bf;
      }
    }
    return { size: P, groups: [f] };
  }

  forwardChanged(
    x: Float64Array, baseX: Float64Array, n: number, net: Float64Array, baseNet: Float64Array, changed: Changed, mode: PassMode,
  ): Changed {
    const { C, H, W, P, Q, F, inSize, outSize, taps, weights } = this;
    if (changed === 'all' || changed.size !== H * W || 2 * changed.groups.length > C) {
      this.forward(x, n, net, mode);
      return 'all';
    }
    const taps1 = Q / C;
    net.set(baseNet.subarray(0, n * outSize));
    for (let s = 0; s < n; s++) {
      const xo = s * inSize, no = s * outSize;
      for (const c of changed.groups) {
        for (let p = 0; p < P; p++) {
          for (let q = c * taps1, e = q + taps1; q < e; q++) {
            const t = taps[p * Q + q];
            if (t < 0) continue;
            const d = x[xo + t] - baseX[xo + t];
            if (d === 0) continue;
            for (let f = 0; f < F; f++) net[no + f * P + p] += weights[f * Q + q] * d;
          }
        }
      }
    }
    return 'all';
  }

  /** cols[at + p·Q + q] = x[off + taps[p·Q + q]] (0 in the padding) for the sample starting at `off`. */
  private im2col(x: Float64Array, off: number, cols: Float64Array, at: number): void {
    const taps = this.taps;
    for (let k = 0, len = taps.length; k < len; k++) {
      const t = taps[k];
      cols[at + k] = t >= 0 ? x[off + t] : 0;
    }
  }

  /** The transpose of im2col: dx[off + taps[p·Q + q]] += dcols[at + p·Q + q] (padding taps dropped). */
  private col2im(dcols: Float64Array, at: number, dx: Float64Array, off: number): void {
    const taps = this.taps;
    for (let k = 0, len = taps.length; k < len; k++) {
      const t = taps[k];
      if (t >= 0) dx[off + t] += dcols[at + k];
    }
  }
}

/**
 * The tap map of a window over a C × H × W sample: entry p·Q + q (p = i·W' + j, q = c·kh·kw + u·kw + v)
 * is c·H·W + y·W + x with y = i·sh − ph + u, x = j·sw − pw + v, or −1 when (y, x) lies in the padding.
 */
export function tapMap(C: number, H: number, W: number, Ho: number, Wo: number, w: Window): Int32Array {
  const { kh, kw, sh, sw, ph, pw } = w;
  const taps = new Int32Array(Ho * Wo * C * kh * kw);
  let k = 0;
  for (let i = 0; i < Ho; i++) {
    for (let j = 0; j < Wo; j++) {
      for (let c = 0; c < C; c++) {
        for (let u = 0; u < kh; u++) {
          const y = i * sh - ph + u;
          for (let v = 0; v < kw; v++) {
            const x = j * sw - pw + v;
            taps[k++] = y >= 0 && y < H && x >= 0 && x < W ? c * H * W + y * W + x : -1;
          }
        }
      }
    }
  }
  return taps;
}

/**
 * Seeded initial conv weights from the layer's own stream `init:<index>`, drawn in PyTorch's weight
 * order [F][C][kh][kw]: as dense layers (init.ts) with fan_in = C·kh·kw and, for xavier,
 * fan_out = F·kh·kw.
 */
function convInit(spec: Conv2dSpec, F: number, Q: number, taps: number, seed: number, index: number): Float64Array {
  if (spec.init === 'xavier') {
    // Glorot uniform with the conv's fan_out = F·kh·kw: the same draws as init.ts's xavier, another limit.
    const limit = Math.sqrt(6 / (Q + F * taps));
    return initWeights({ uniform: [-limit, limit] }, F, Q, seed, index);
  }
  return initWeights(spec.init, F, Q, seed, index);
}
