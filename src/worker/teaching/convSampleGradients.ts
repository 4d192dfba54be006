/**
 * One recorded sample's own gradients of a conv layer, for the panel's "Convolution step by step" card,
 * asked for only while the card shows them (never part of an analysis), from the analysis on screen:
 *   colsₙ   = im2col(xₙ),  xₙ the sample's input to the layer in the analysis' pass (the model's input
 *             for the first layer, else the previous layer's `out` row n);
 *   ∂Lₙ/∂W  = Σ_p δₙ[f][p]·colsₙ[p][q]   (δₙ = the analysis' `delta` row n of the layer, ∂Lₙ/∂net);
 *   ∂Lₙ/∂x  = col2im(δₙ·W).
 * Both are the conv layer's own `backward` over that one sample (scale 1), so the batch's ∂L/∂W the
 * analysis carries is their mean over the N samples, (1/N) Σₙ ∂Lₙ/∂W.
 */
import * as l10n from '@vscode/l10n';
import type { Analysis } from '../../analysis/types';
import { Conv2dLayer, EVALUATION, type LayeredNetwork } from '../../engine';
import { MAX_SAMPLE_WEIGHT_GRADIENTS, type ConvSampleGradients } from '../../shared/layeredViews';
import type { TeachingProblem } from '../workerProtocol';

/**
 * Sample `sample`'s gradients of conv layer `layer` of `analysis`, made of `network` (the network at the
 * analysis' parameters; the layer's scratch buffers are overwritten, so pass a copy no one else reads).
 */
export function convSampleGradients(network: LayeredNetwork, analysis: Analysis, layer: number, sample: number): ConvSampleGradients | TeachingProblem {
  const conv = network.layers[layer];
  const la = analysis.layers[layer];
  if (!(conv instanceof Conv2dLayer) || !la) return { problem: l10n.t('layer {0} is not a conv layer.', layer + 1) };
  const input = layer === 0 ? analysis.sampleInputs[sample] : analysis.layers[layer - 1].out[sample];
  const delta = la.delta[sample];
  if (!input || !delta || input.length !== conv.inSize || delta.length !== conv.outSize) {
    return { problem: l10n.t('the analysis holds no sample {0} of layer {1}.', sample + 1, la.name) };
  }
  const x = Float64Array.from(input);
  conv.forward(x, 1, new Float64Array(conv.outSize), EVALUATION); // keeps the sample's im2col for ∂W
  const dx = new Float64Array(conv.inSize);
  const grads = conv.params.map((p) => new Float64Array(p.values.length));
  conv.backward(x, 1, Float64Array.from(delta), dx, grads, 1);
  const send = grads[0].length <= MAX_SAMPLE_WEIGHT_GRADIENTS;
  return { layer, sample, step: analysis.step, ...(send ? { weights: Array.from(grads[0]) } : {}), input: Array.from(dx) };
}
