/**
 * Explain Gradient for a max-pool layer: one window of one sample written out with the model's own
 * numbers (the text is written on the host: src/teaching/layeredExplanationMarkdown.ts).
 *
 * Window of output (i, j): input rows i·s_h − p_h … + k_h − 1, columns j·s_w − p_w … + k_w − 1
 * (padding counts as −∞, so it is never the maximum).
 *   forward   out[n, c, i, j] = max over the window;  a = the first maximum in row-major window order
 *   backward  ∂out[n, c, i, j]/∂x[n, c, y, x] = 1 if (y, x) = a, else 0, so
 *             ∂Lₙ/∂x[n, c, y, x] = Σ over the windows (i, j) whose maximum is (y, x) of δ[n, c, i, j]
 *   with δ = ∂Lₙ/∂out from back-propagation (the engine's per-sample δ of the pool layer).
 * The maximum is found here with its own loop, and every input's total is summed here over the
 * windows, independently of the engine's argmax; the engine's own backward gives ∂Lₙ/∂x beside them.
 * No `vscode` import.
 */
import type { MaxPool2dLayer } from '../../engine';
import type { Analysis } from '../../analysis/types';
import { relativeError } from '../../shared/relativeError';
import { AGREEMENT_TOLERANCE } from '../../teaching/agreement';

/** Explain Gradient's request for a max-pool window: output channel c, row i, column j (0-based) of sample 1. */
export interface PoolWindowTarget {
  readonly layerIndex: number;
  readonly param: 'window';
  readonly index: readonly number[];
}

/** One input position of the window, in the window's row-major order. */
export interface PoolCell {
  /** The input's row and column, or undefined in the padding. */
  readonly inputAt?: readonly [number, number];
  /** The input value (−∞ in the padding). */
  readonly value: number;
  readonly isMax: boolean;
  /** What this window sends back to the input: δ for the maximum, 0 for the others. */
  readonly fromThisWindow: number;
  /** ∂Lₙ/∂x of the input over every window that contains it (summed here), and the engine's value. */
  readonly total: number;
  readonly engine: number;
  /** Other windows whose maximum this input is too (overlapping windows: stride < size). */
  readonly otherWindows: number;
}

export interface MaxPoolExplanation {
  readonly kind: 'maxpool2d';
  readonly modelName: string;
  readonly step: number;
  readonly samples: number;
  readonly layerName: string;
  readonly layerIndex: number;
  readonly target: PoolWindowTarget;
  /** The sample whose window is written out (0-based) and the window: channel, output row and column. */
  readonly sample: number;
  readonly channel: number;
  readonly position: readonly [number, number];
  readonly window: readonly [number, number];
  readonly stride: readonly [number, number];
  readonly padding: readonly [number, number];
  readonly inputSize: readonly [number, number];
  readonly outputSize: readonly [number, number];
  readonly channels: number;
  /** Where x comes from: the model's input or the previous layer. */
  readonly inputName: string;
  /** kh·kw cells, row-major. */
  readonly cells: readonly PoolCell[];
  /** The maximum (the window's output) and where it is. */
  readonly max: number;
  readonly maxAt: readonly [number, number];
  /** δ = ∂Lₙ/∂out[n, c, i, j]: the upstream gradient the window receives. */
  readonly delta: number;
  /** Over the whole layer and batch: inputs that no window sends any gradient, of all inputs. */
  readonly zeroInputs: number;
  readonly inputCount: number;
  /** The largest relative difference between a total here and the engine's, and whether all agree. */
  readonly relDiff: number;
  readonly agrees: boolean;
}

interface PoolInputs {
  readonly analysis: Analysis;
  readonly samples: number;
  /** The pool's input (N·C·H·W), its δ from the engine's pass (N·C·H′·W′), the engine's ∂Lₙ/∂x (N·C·H·W). */
  readonly x: Float64Array;
  readonly delta: Float64Array;
  readonly dx: Float64Array;
}

/** The first maximum of window (i, j) of channel c of sample n, as a flat index within the sample; −1 when all padding. */
function windowMax(layer: MaxPool2dLayer, x: Float64Array, n: number, c: number, i: number, j: number): number {
  const { H, W, inSize } = layer, { kh, kw, sh, sw, ph, pw } = layer.window;
  let at = -1;
  for (let u = 0; u < kh; u++) {
    for (let v = 0; v < kw; v++) {
      const y = i * sh - ph + u, xx = j * sw - pw + v;
      if (y < 0 || y >= H || xx < 0 || xx >= W) continue;
      const k = c * H * W + y * W + xx;
      if (at < 0 || x[n * inSize + k] > x[n * inSize + at]) at = k;
    }
  }
  return at;
}

/** ∂Lₙ/∂x of every input, summed window by window here, and how many windows route to each. */
function routedTotals(layer: MaxPool2dLayer, x: Float64Array, delta: Float64Array, N: number): { totals: Float64Array; routes: Int32Array } {
  const { C, Ho, Wo, inSize, outSize } = layer;
  const totals = new Float64Array(N * inSize), routes = new Int32Array(N * inSize);
  for (let n = 0; n < N; n++) {
    for (let c = 0; c < C; c++) {
      for (let i = 0; i < Ho; i++) {
        for (let j = 0; j < Wo; j++) {
          const at = windowMax(layer, x, n, c, i, j);
          if (at < 0) continue;
          totals[n * inSize + at] += delta[n * outSize + (c * Ho + i) * Wo + j];
          routes[n * inSize + at]++;
        }
      }
    }
  }
  return { totals, routes };
}

/**
 * The explanation of window `target.index` = [c, i, j] of sample 1 of a max-pool layer.
 * @throws Error when the window does not exist.
 */
export function explainMaxPool(inputs: PoolInputs, layer: MaxPool2dLayer, target: PoolWindowTarget): MaxPoolExplanation {
  const [c, i, j] = target.index;
  const { C, H, W, Ho, Wo, inSize, outSize } = layer, { kh, kw, sh, sw, ph, pw } = layer.window;
  if (target.index.length !== 3 || !(c >= 0 && c < C) || !(i >= 0 && i < Ho) || !(j >= 0 && j < Wo)) {
    throw new Error(`${layer.name} has no window [${target.index.join(', ')}]`);
  }
  const N = inputs.samples, n = 0;
  const { x, delta, dx } = inputs;
  const { totals, routes } = routedTotals(layer, x, delta, N);
  const at = windowMax(layer, x, n, c, i, j);
  const d = delta[n * outSize + (c * Ho + i) * Wo + j];
  const cells: PoolCell[] = [];
  let relDiff = 0;
  for (let u = 0; u < kh; u++) {
    for (let v = 0; v < kw; v++) {
      const y = i * sh - ph + u, xx = j * sw - pw + v;
      if (y < 0 || y >= H || xx < 0 || xx >= W) {
        cells.push({ value: -Infinity, isMax: false, fromThisWindow: 0, total: 0, engine: 0, otherWindows: 0 });
        continue;
      }
      const k = c * H * W + y * W + xx, isMax = k === at;
      const total = totals[n * inSize + k], engine = dx[n * inSize + k];
      relDiff = Math.max(relDiff, relativeError(total, engine));
      cells.push({ inputAt: [y, xx], value: x[n * inSize + k], isMax, fromThisWindow: isMax ? d : 0, total, engine, otherWindows: routes[n * inSize + k] - (isMax ? 1 : 0) });
    }
  }
  const zeroInputs = routes.reduce((count, r) => count + (r === 0 ? 1 : 0), 0);
  const analysis = inputs.analysis;
  return {
    kind: 'maxpool2d', modelName: analysis.modelName, step: analysis.step, samples: N,
    layerName: layer.name, layerIndex: target.layerIndex, target: { layerIndex: target.layerIndex, param: 'window', index: [c, i, j] },
    sample: n, channel: c, position: [i, j], window: [kh, kw], stride: [sh, sw], padding: [ph, pw],
    inputSize: [H, W], outputSize: [Ho, Wo], channels: C,
    inputName: target.layerIndex === 0 ? 'the input image' : analysis.layers[target.layerIndex - 1].name,
    cells, max: x[n * inSize + at], maxAt: [Math.floor((at % (H * W)) / W), at % W], delta: d,
    zeroInputs, inputCount: N * inSize, relDiff, agrees: relDiff <= AGREEMENT_TOLERANCE,
  };
}
