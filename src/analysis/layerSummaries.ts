/**
 * The per-layer summaries of a layered model's analysis (src/shared/layerSummaries.ts), made in the
 * worker beside `analyzeLayered` from the same training-mode pass:
 *
 *   ∂L/∂in_l  = dx_l / N, where dx_l = N·∂L/∂x is what layer l's `backward` writes for its input
 *               (called again here on the pass's own state, its δ_l, with no parameter gradient);
 *   ∂L/∂out_l = ∂L/∂in_{l+1} for every layer but the last; the last layer's is ∂L/∂net = δ_L / N;
 *   window    H' = floor((H + 2·p − k)/s) + 1 (geometry.ts), likewise W';
 *   receptive field on the model's input: r_0 = 1, j_0 = 1; a conv or pool layer gives
 *               r ← r + (k − 1)·j, j ← j·s (per axis); other image layers keep both; a flat layer ends it;
 *   per conv filter f: ‖∂L/∂W[f]‖, max |∂L/∂W[f]|, ‖∂L/∂W[f, c]‖ per channel c, ∂L/∂b[f], and the
 *               fraction of its output values that are exactly 0.
 */
import {
  AvgPool2dLayer, BatchNormLayer, Conv2dLayer, DropoutLayer, MaxPool2dLayer, type DataSet, type LayeredNetwork,
} from '../engine';
import type { LayeredBackpropResult } from '../engine/layers/pass';
import type { Layer } from '../engine/layers/layer';
import type { Window } from '../engine/layers/geometry';
import type { FilterGradient, GradientFlowStats, LayerSummary, ReceptiveField, WindowGeometry } from '../shared/layerSummaries';

function flowStats(values: Float64Array, scale: number): GradientFlowStats {
  let sq = 0, abs = 0, max = 0, zeros = 0;
  for (let i = 0; i < values.length; i++) {
    const v = Math.abs(values[i] * scale);
    sq += v * v;
    abs += v;
    if (!(v <= max)) max = v;
    if (v === 0) zeros++;
  }
  const n = values.length;
  return { gradNorm: Math.sqrt(sq), gradMeanAbs: n === 0 ? 0 : abs / n, gradMaxAbs: max, fractionZero: n === 0 ? 0 : zeros / n };
}

function windowOf(layer: Layer): Window | undefined {
  if (layer instanceof Conv2dLayer || layer instanceof MaxPool2dLayer || layer instanceof AvgPool2dLayer) return layer.window;
  return undefined;
}

function geometry(layer: Layer, w: Window): WindowGeometry {
  return {
    kernel: [w.kh, w.kw], stride: [w.sh, w.sw], padding: [w.ph, w.pw],
    input: [layer.inShape[1], layer.inShape[2]], output: [layer.outShape[1], layer.outShape[2]],
  };
}

function filterGradients(layer: Conv2dLayer, gw: Float64Array, gb: Float64Array, out: Float64Array, N: number): FilterGradient[] {
  const taps = layer.window.kh * layer.window.kw;
  const filters: FilterGradient[] = [];
  for (let f = 0; f < layer.F; f++) {
    let sq = 0, max = 0;
    const channelGradNorms: number[] = [];
    for (let c = 0; c < layer.C; c++) {
      let csq = 0;
      for (let t = 0; t < taps; t++) {
        const g = gw[f * layer.Q + c * taps + t];
        csq += g * g;
        if (!(Math.abs(g) <= max)) max = Math.abs(g);
      }
      sq += csq;
      channelGradNorms.push(Math.sqrt(csq));
    }
    let zeros = 0;
    for (let n = 0; n < N; n++) {
      const base = n * layer.outSize + f * layer.P;
      for (let p = 0; p < layer.P; p++) if (out[base + p] === 0) zeros++;
    }
    filters.push({ filter: f, gradNorm: Math.sqrt(sq), gradMaxAbs: max, channelGradNorms, biasGrad: gb[f], outputZeroFraction: zeros / (N * layer.P) });
  }
  return filters;
}

/**
 * The summaries of every layer of `probe`, on which `result = layeredBackprop(probe, train, …)` has just
 * run (its layers still hold that pass's state: im2col, max positions, masks, batch statistics).
 * Calls each layer's `backward` once more for its input gradient; parameters and `result` are not changed.
 */
export function layerSummaries(probe: LayeredNetwork, result: LayeredBackpropResult, train: DataSet): LayerSummary[] {
  const N = result.samples;
  const layers = probe.layers;
  const inGrads = layers.map((layer, l) => {
    const x = l === 0 ? train.inputs.data : result.out[l - 1];
    const dx = new Float64Array(N * layer.inSize);
    const scratch = layer.params.map((p) => new Float64Array(p.values.length));
    layer.backward(x, N, result.delta[l].slice(), dx, scratch, 0);
    return dx;
  });
  let field: ReceptiveField | undefined = probe.inputShape.length === 3 ? { size: [1, 1], jump: [1, 1] } : undefined;
  return layers.map((layer, l) => {
    const w = windowOf(layer);
    if (field && layer.outShape.length !== 3) field = undefined;
    else if (field && w) {
      field = {
        size: [field.size[0] + (w.kh - 1) * field.jump[0], field.size[1] + (w.kw - 1) * field.jump[1]],
        jump: [field.jump[0] * w.sh, field.jump[1] * w.sw],
      };
    }
    const last = l === layers.length - 1;
    const grads = result.gradients[l];
    return {
      layerIndex: l,
      type: layer.type,
      parameterCount: layer.params.reduce((s, p) => s + p.values.length, 0),
      outGrad: last ? flowStats(result.delta[l], 1 / N) : flowStats(inGrads[l + 1], 1 / N),
      ...(last ? { outIsNet: true as const } : {}),
      inGrad: flowStats(inGrads[l], 1 / N),
      ...(w ? { window: geometry(layer, w) } : {}),
      ...(field ? { receptiveField: field } : {}),
      ...(layer instanceof Conv2dLayer ? { filters: filterGradients(layer, grads[0], grads[1], result.out[l], N) } : {}),
      ...(layer instanceof DropoutLayer ? { dropoutRate: layer.rate } : {}),
      ...(layer instanceof BatchNormLayer ? { batchNorm: { epsilon: layer.epsilon, momentum: layer.momentum } } : {}),
    };
  });
}
