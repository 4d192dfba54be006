/**
 * Max and average pooling, PyTorch's `nn.MaxPool2d` and `nn.AvgPool2d` (ceil_mode off), per channel.
 * Window of output (i, j): rows i·sh − ph … i·sh − ph + kh − 1, columns j·sw − pw … + kw − 1.
 *
 * max-pool  forward  out[n][c][i][j] = max over the window (padding counts as −∞);
 *                    a[n][c][i][j] = the first position of that maximum in row-major window order
 *                    (a later equal value does not replace it: PyTorch's tie rule)
 *           backward dx[n][c][a] += δ[n][c][i][j]   (everything else 0)
 * avg-pool  forward  out[n][c][i][j] = (1/(kh·kw))·Σ over the window (padding counts as zeros and in
 *                    the divisor: count_include_pad = True, PyTorch's default)
 *           backward dx[n][c][y][x] += δ[n][c][i][j]/(kh·kw) for every window containing (y, x)
 * Both compute one channel of one sample at a time; the gradient check's incremental pass
 * (incremental.ts) recomputes only the channels whose input changed.
 * Neither has parameters. A max-pool's gradient check treats a change of any a[…] between the +h and
 * −h passes as a kink, like a ReLU crossing 0.
 */
import { ACT_LINEAR } from '../activations';
import { resolveWindow, windowOutput, type Window } from './geometry';
import type { Changed, Layer, Param, PassMode } from './layer';
import type { Pool2dSpec, SampleShape } from './spec';

abstract class Pool2dLayer implements Layer {
  abstract readonly type: 'maxpool2d' | 'avgpool2d';
  readonly inShape: SampleShape;
  readonly outShape: SampleShape;
  readonly inSize: number;
  readonly outSize: number;
  readonly params: readonly Param[] = [];
  readonly activation = undefined;
  readonly code = ACT_LINEAR;
  readonly custom = undefined;
  readonly C: number; readonly H: number; readonly W: number;
  readonly Ho: number; readonly Wo: number;

  constructor(readonly name: string, readonly index: number, inShape: SampleShape, readonly window: Window) {
    if (inShape.length !== 3) throw new Error(`layer '${name}': pooling needs an image input [C, H, W], got [${inShape.join(', ')}]`);
    [this.C, this.H, this.W] = inShape;
    if (window.ph * 2 > window.kh || window.pw * 2 > window.kw) {
      throw new Error(`layer '${name}': padding ${window.ph}×${window.pw} is more than half the window ${window.kh}×${window.kw}`);
    }
    [this.Ho, this.Wo] = windowOutput(name, this.H, this.W, window);
    this.inShape = inShape;
    this.outShape = [this.C, this.Ho, this.Wo];
    this.inSize = this.C * this.H * this.W;
    this.outSize = this.C * this.Ho * this.Wo;
  }

  abstract reserve(n: number): void;
  /** Output channel c of sample s from the input channel c. */
  protected abstract channel(x: Float64Array, s: number, c: number, net: Float64Array): void;

  forward(x: Float64Array, n: number, net: Float64Array, _mode?: PassMode): void {
    this.reserve(n);
    for (let s = 0; s < n; s++) for (let c = 0; c < this.C; c++) this.channel(x, s, c, net);
  }

  forwardChanged(x: Float64Array, _baseX: Float64Array, n: number, net: Float64Array, _baseNet: Float64Array, changed: Changed): Changed {
    if (changed === 'all' || changed.size !== this.H * this.W) {
      this.forward(x, n, net);
      return 'all';
    }
    for (let s = 0; s < n; s++) for (const c of changed.groups) this.channel(x, s, c, net);
    return { size: this.Ho * this.Wo, groups: changed.groups };
  }

  abstract backward(x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined, grads: readonly Float64Array[], scale: number): void;
}

/** The window of a pooling spec: stride defaults to the size. */
export function poolWindow(spec: Pool2dSpec): Window {
  return resolveWindow(spec.name, spec.size, spec.stride ?? spec.size, spec.padding);
}

export class MaxPool2dLayer extends Pool2dLayer {
  readonly type = 'maxpool2d' as const;
  /** Per output value of the last forward pass: the flat index (within its sample) of the input it took. */
  argmax = new Int32Array(0);

  static fromSpec(spec: Pool2dSpec, index: number, inShape: SampleShape): MaxPool2dLayer {
    return new MaxPool2dLayer(spec.name, index, inShape, poolWindow(spec));
  }

  reserve(n: number): void {
    if (this.argmax.length < n * this.outSize) this.argmax = new Int32Array(n * this.outSize);
  }

  protected channel(x: Float64Array, s: number, c: number, net: Float64Array): void {
    const { H, W, Ho, Wo, inSize, outSize } = this;
    const { kh, kw, sh, sw, ph, pw } = this.window;
    const arg = this.argmax;
    const plane = s * inSize + c * H * W;
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++) {
        let best = -Infinity, at = -1;
        for (let u = 0; u < kh; u++) {
          const y = i * sh - ph + u;
          if (y < 0 || y >= H) continue;
          for (let v = 0; v < kw; v++) {
            const xx = j * sw - pw + v;
            if (xx < 0 || xx >= W) continue;
            const val = x[plane + y * W + xx];
            // Strictly greater: the first maximum stays. A NaN is taken (and kept) so it propagates.
            if (at < 0 || (best === best && (val > best || val !== val))) {
              best = val;
              at = c * H * W + y * W + xx;
            }
          }
        }
        const o = s * outSize + (c * Ho + i) * Wo + j;
        net[o] = best;
        arg[o] = at;
      }
    }
  }

  backward(_x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined): void {
    if (!dx) return;
    const { inSize, outSize } = this;
    dx.fill(0, 0, n * inSize);
    const arg = this.argmax;
    for (let s = 0; s < n; s++) {
      const oi = s * inSize, oo = s * outSize;
      for (let k = 0; k < outSize; k++) dx[oi + arg[oo + k]] += delta[oo + k];
    }
  }
}

export class AvgPool2dLayer extends Pool2dLayer {
  readonly type = 'avgpool2d' as const;

  static fromSpec(spec: Pool2dSpec, index: number, inShape: SampleShape): AvgPool2dLayer {
    return new AvgPool2dLayer(spec.name, index, inShape, poolWindow(spec));
  }

  reserve(): void { /* no buffers */ }

  protected channel(x: Float64Array, s: number, c: number, net: Float64Array): void {
    const { H, W, Ho, Wo, inSize, outSize } = this;
    const { kh, kw, sh, sw, ph, pw } = this.window;
    const inv = 1 / (kh * kw);
    const plane = s * inSize + c * H * W;
    for (let i = 0; i < Ho; i++) {
      for (let j = 0; j < Wo; j++) {
        let sum = 0;
        for (let u = 0; u < kh; u++) {
          const y = i * sh - ph + u;
          if (y < 0 || y >= H) continue;
          for (let v = 0; v < kw; v++) {
            const xx = j * sw - pw + v;
            if (xx >= 0 && xx < W) sum += x[plane + y * W + xx];
          }
        }
        net[s * outSize + (c * Ho + i) * Wo + j] = sum * inv;
      }
    }
  }

  backward(_x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined): void {
    if (!dx) return;
    const { C, H, W, Ho, Wo, inSize, outSize } = this;
    const { kh, kw, sh, sw, ph, pw } = this.window;
    const inv = 1 / (kh * kw);
    dx.fill(0, 0, n * inSize);
    for (let s = 0; s < n; s++) {
      for (let c = 0; c < C; c++) {
        const plane = s * inSize + c * H * W;
        for (let i = 0; i < Ho; i++) {
          for (let j = 0; j < Wo; j++) {
            const g = delta[s * outSize + (c * Ho + i) * Wo + j] * inv;
            for (let u = 0; u < kh; u++) {
              const y = i * sh - ph + u;
              if (y < 0 || y >= H) continue;
              for (let v = 0; v < kw; v++) {
                const xx = j * sw - pw + v;
                if (xx >= 0 && xx < W) dx[plane + y * W + xx] += g;
              }
            }
          }
        }
      }
    }
  }
}
