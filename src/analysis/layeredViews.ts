/**
 * The panel's image views of a layered model (src/shared/layeredViews.ts), read off the analysis'
 * training-mode pass of the probe copy (analyzeLayered.ts):
 *   input gradient   ∂Lₙ/∂xₙ = (first layer's backward of δ₀), in the pass's N·∂L/∂x units, i.e. the
 *                    gradient of sample n's own loss (δ₀ = N·∂L/∂net₀ is what the pass leaves);
 *   max-pool routing argmax of each window (the engine's saved indices): ∂L/∂x[argmax] = ∂L/∂y, 0 elsewhere;
 *   initial weights  the weights at the session's initial parameters, once training has taken a step.
 * A conv layer's per-sample gradients are not here: the panel asks for one sample's when its card shows
 * them (src/worker/teaching/convSampleGradients.ts).
 */
import { MaxPool2dLayer, type LayeredBackpropResult, type LayeredNetwork } from '../engine';
import type { LayeredViews } from '../shared/layeredViews';
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
        ...(weights ? { initialWeights: toRows(weights.values, weights.shape[0], weights.values.length / weights.shape[0]) } : {}),
      };
    }),
  };
}
