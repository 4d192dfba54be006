/**
 * The panel's image views of a layered model (src/shared/layeredViews.ts), read off the analysis'
 * training-mode pass of the probe copy (analyzeLayered.ts):
 *   input gradient   ∂Lₙ/∂xₙ = (first layer's backward of δ₀), in the pass's N·∂L/∂x units, i.e. the
 *                    gradient of sample n's own loss (δ₀ = N·∂L/∂net₀ is what the pass leaves);
 *   max-pool routing argmax of each window (the engine's saved indices): ∂L/∂x[argmax] = ∂L/∂y, 0 elsewhere;
 *   initial weights  the weights at the session's initial parameters, once training has taken a step;
 *   conv gradients   per recorded sample n, the conv layer's own backward of δₙ alone (the other rows 0):
 *                    ∂Lₙ/∂W = Σ_p δₙ[f][p]·colsₙ[p][q] (scale 1) and ∂Lₙ/∂x = col2im(δₙ·W), from the
 *                    pass's kept im2col, so the batch's ∂L/∂W = (1/N) Σₙ ∂Lₙ/∂W.
 */
import { Conv2dLayer, MaxPool2dLayer, type LayeredBackpropResult, type LayeredNetwork } from '../engine';
import { MAX_SAMPLE_WEIGHT_GRADIENTS, type ConvSampleGradients, type LayeredViews } from '../shared/layeredViews';
import { toRows } from './layerStats';

/**
 * The views of `probe` after `layeredBackprop(probe, train)` gave `result` (nothing may have run on the
 * probe since: the first layer's backward and the pool indices read what that pass left).
 * `initial`: the network at the session's initial parameters, when training has moved away from it.
 */
export function layeredViews(
  probe: LayeredNetwork, inputs: Float64Array, result: LayeredBackpropResult, recorded: number, initial: LayeredNetwork | undefined,
): LayeredViews {
  const N = result.samples;
  const first = probe.layers[0];
  const dx = new Float64Array(N * probe.inputs);
  // Gradients of the first layer's parameters go to scratch arrays (scale 0): only dx is wanted.
  first.backward(inputs, N, result.delta[0], dx, first.params.map((p) => new Float64Array(p.values.length)), 0);
  return {
    inputGradient: toRows(dx, recorded, probe.inputs),
    layers: probe.layers.map((layer, l) => {
      const weights = initial?.layers[l]?.params.find((p) => p.name === 'weights');
      return {
        ...(layer instanceof MaxPool2dLayer ? { routing: toRows(Float64Array.from(layer.argmax.subarray(0, recorded * layer.outSize)), recorded, layer.outSize) } : {}),
        ...(layer instanceof Conv2dLayer ? { convGradients: convGradients(layer, l === 0 ? inputs : result.out[l - 1], result.delta[l], recorded) } : {}),
        ...(weights ? { initialWeights: toRows(weights.values, weights.shape[0], weights.values.length / weights.shape[0]) } : {}),
      };
    }),
  };
}

/**
 * The conv layer's per-sample gradients of the first `recorded` samples, by its own backward on the
 * im2col its forward kept (samples in order, so rows 0..recorded−1 are theirs). Must run after the
 * first layer's input gradient above (it overwrites the layer's scratch rows, never its kept im2col).
 */
function convGradients(layer: Conv2dLayer, x: Float64Array, delta: Float64Array, recorded: number): ConvSampleGradients {
  const dx = new Float64Array(recorded * layer.inSize);
  const scratch = () => layer.params.map((p) => new Float64Array(p.values.length));
  layer.backward(x, recorded, delta.slice(0, recorded * layer.outSize), dx, scratch(), 0);
  const Q = layer.params[0].values.length;
  if (recorded * Q > MAX_SAMPLE_WEIGHT_GRADIENTS) return { input: toRows(dx, recorded, layer.inSize) };
  const weights: number[][] = [];
  for (let n = 0; n < recorded; n++) {
    // δ of sample n alone: the engine skips the zero rows of the samples before it.
    const only = new Float64Array((n + 1) * layer.outSize);
    only.set(delta.subarray(n * layer.outSize, (n + 1) * layer.outSize), n * layer.outSize);
    const grads = scratch();
    layer.backward(x, n + 1, only, undefined, grads, 1);
    weights.push(Array.from(grads[0]));
  }
  return { weights, input: toRows(dx, recorded, layer.inSize) };
}
