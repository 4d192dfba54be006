/**
 * Detectors for layered networks, per layer type, in the warning shape of pathologies.ts
 * (`PathologyWarning`, thresholds from `DEFAULT_THRESHOLDS`):
 * - `dead-relu` per conv filter (channel): a filter whose relu output is 0 at every position of every
 *   sample gets no gradient and never recovers; per unit for flat layers, as for dense networks.
 * - `saturated`: sigmoid/tanh channels or units saturated for most values (a deep sigmoid network
 *   without batch norm is the classic case).
 * - `vanishing-gradient` / `exploding-gradient` through conv stacks: each parameterised layer's mean
 *   |∂L/∂θ| against the last parameterised layer's, and in absolute terms.
 * - `dropout-rate`: a rate ≥ 0.9 keeps one value in ten or fewer, scaled by ≥ 10.
 * - `batchnorm-batch-size`: batch norm in training over groups of one value (batch size 1 after a
 *   dense layer, or 1×1 images): the batch variance is 0, every normalised value is 0, and the layer's
 *   input gets no gradient. The engine computes this without NaN; the warning says why it learns nothing.
 */
import { ACT_RELU, ACT_SIGMOID, ACT_TANH } from '../activations';
import { gradientStats, type PathologyWarning } from '../pathologies';
import { resolveThresholds, type Thresholds } from '../thresholds';
import type { BatchNormLayer } from './batchnorm';
import type { LayeredNetwork } from './network';
import type { LayeredBackpropResult } from './pass';
import type { DropoutLayer } from './shape-layers';

/** Dropout rates at or above this are flagged. */
export const HIGH_DROPOUT_RATE = 0.9;

export interface LayerPathologyOptions {
  readonly thresholds?: Partial<Thresholds>;
  /** Samples per training step (default: the result's samples): batch norm's group size depends on it. */
  readonly batchSize?: number;
}

function fmt(x: number): string {
  if (x === 0 || !Number.isFinite(x)) return String(x);
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e4 ? String(Number(x.toPrecision(3))) : x.toExponential(1);
}

/** Runs every layered detector on a training-mode result of `layeredBackprop`. Warnings are ordered by layer. */
export function detectLayerPathologies(
  network: LayeredNetwork, result: LayeredBackpropResult, options: LayerPathologyOptions = {},
): PathologyWarning[] {
  const th = resolveThresholds(options.thresholds);
  const warnings: PathologyWarning[] = [];
  const N = result.samples;
  const batch = options.batchSize ?? N;
  const withParams = network.layers.map((_, i) => i).filter((i) => network.layers[i].params.length > 0);
  const stats = new Map(withParams.map((i) => [i, gradientStats(...result.gradients[i])]));
  const lastParam = withParams[withParams.length - 1];
  const outMean = lastParam === undefined ? NaN : (stats.get(lastParam)?.gradMeanAbs ?? NaN);

  network.layers.forEach((layer, l) => {
    const image = layer.outShape.length === 3;
    const groups = layer.outShape[0];
    const spatial = layer.outSize / groups;
    const what = image ? 'filter' : 'unit';
    const whatPlural = image ? (layer.type === 'conv2d' ? 'filters' : 'channels') : 'units';

    // --- gradients ----------------------------------------------------------------------
    const s = stats.get(l);
    if (s && l !== lastParam && Number.isFinite(s.gradMeanAbs)) {
      const m = s.gradMeanAbs, ratio = outMean > 0 ? m / outMean : NaN;
      const details = { gradMeanAbs: m, gradNorm: s.gradNorm, ratioToLastLayer: ratio, type: layer.type };
      if ((m < th.vanishingMeanAbs && outMean >= th.vanishingMeanAbs) || ratio < th.vanishingRatio) {
        warnings.push({
          code: 'vanishing-gradient', severity: 'warning', layer: layer.name, layerIndex: l, details,
          message: `The gradient reaching ${layer.type} layer '${layer.name}' is tiny (average size ${fmt(m)}${ratio < th.vanishingRatio ? `, ${fmt(1 / ratio)} times smaller than at the last layer with parameters` : ''}): `
            + 'its parameters will barely change. Batch norm between the layers, relu activations or fewer layers help.',
        });
      }
      if (m > th.explodingMeanAbs || ratio > th.explodingRatio) {
        warnings.push({
          code: 'exploding-gradient', severity: 'warning', layer: layer.name, layerIndex: l, details,
          message: `The gradient of ${layer.type} layer '${layer.name}' is very large (average size ${fmt(m)}${ratio > th.explodingRatio ? `, ${fmt(ratio)} times larger than at the last layer with parameters` : ''}): `
            + 'one step can throw its parameters far off. Smaller initial weights, a smaller learning rate or batch norm help.',
        });
      }
    }

    // --- dead relu filters / units, saturated channels ------------------------------------
    const out = result.out[l];
    if (layer.code === ACT_RELU) {
      const dead: number[] = [];
      for (let g = 0; g < groups; g++) {
        let alive = false;
        for (let n = 0; n < N && !alive; n++) for (let i = n * layer.outSize + g * spatial, e = i + spatial; i < e; i++) if (out[i] !== 0) { alive = true; break; }
        if (!alive) dead.push(g);
      }
      const fraction = dead.length / groups;
      const details = { dead: dead.length, [whatPlural]: groups, fraction, deadIndices: dead.join(', ') };
      // A dead conv filter is a finding of its own (a whole feature map lost); flat layers use the dense thresholds.
      const severe = fraction > th.deadReluLayerFraction;
      if (image ? dead.length > 0 : severe || (dead.length > 0 && fraction >= th.deadReluInfoFraction)) {
        warnings.push({
          code: 'dead-relu', severity: image || severe ? 'warning' : 'info', layer: layer.name, layerIndex: l, details,
          message: `${dead.length} of the ${groups} relu ${whatPlural} of layer '${layer.name}' ${dead.length === 1 ? 'is' : 'are'} dead (${dead.length === 1 ? what : whatPlural} ${dead.join(', ')}): `
            + `${image ? 'every position of every sample' : 'every sample'} gives 0, so no gradient reaches ${dead.length === 1 ? 'its' : 'their'} weights and they cannot recover. `
            + 'A large negative bias, a too-high learning rate or batch norm before the relu with a negative shift does this; leaky-relu or smaller steps help.',
        });
      }
    }
    if (layer.code === ACT_SIGMOID || layer.code === ACT_TANH) {
      let saturatedGroups = 0;
      for (let g = 0; g < groups; g++) {
        let sat = 0;
        for (let n = 0; n < N; n++) {
          for (let i = n * layer.outSize + g * spatial, e = i + spatial; i < e; i++) {
            const o = out[i];
            if (layer.code === ACT_TANH ? Math.abs(o) > th.tanhSaturation : o < th.sigmoidSaturationMargin || o > 1 - th.sigmoidSaturationMargin) sat++;
          }
        }
        if (sat > th.saturatedSampleFraction * N * spatial) saturatedGroups++;
      }
      const fraction = saturatedGroups / groups;
      if (saturatedGroups > 0 && fraction >= th.saturatedUnitFraction) {
        const hasBatchNorm = network.layers.some((x) => x.type === 'batchnorm');
        warnings.push({
          code: 'saturated', severity: 'warning', layer: layer.name, layerIndex: l,
          details: { saturated: saturatedGroups, [whatPlural]: groups, fraction },
          message: `${saturatedGroups} of the ${groups} ${layer.code === ACT_TANH ? 'tanh' : 'sigmoid'} ${whatPlural} of layer '${layer.name}' are saturated for most values: `
            + 'their slope is almost 0, so the gradient through them nearly vanishes. '
            + (hasBatchNorm ? 'Check the batch norm before them (scale and shift).' : 'Batch norm before the activation keeps its inputs near 0, where the slope is largest.'),
        });
      }
    }

    // --- dropout rate, batch norm over groups of one -------------------------------------
    if (layer.type === 'dropout' && (layer as DropoutLayer).rate >= HIGH_DROPOUT_RATE) {
      const p = (layer as DropoutLayer).rate;
      warnings.push({
        code: 'dropout-rate', severity: 'warning', layer: layer.name, layerIndex: l, details: { rate: p, keepScale: 1 / (1 - p) },
        message: `Dropout layer '${layer.name}' drops ${Math.round(p * 100)}% of its inputs in training and multiplies the few it keeps by ${fmt(1 / (1 - p))}: `
          + 'the gradient is very noisy and the network can hardly learn. Rates of 0.1 to 0.5 are usual.',
      });
    }
    if (layer.type === 'batchnorm') {
      const bn = layer as BatchNormLayer;
      const groupSize = batch * bn.spatial;
      if (groupSize === 1) {
        warnings.push({
          code: 'batchnorm-batch-size', severity: 'warning', layer: layer.name, layerIndex: l,
          details: { batchSize: batch, valuesPerGroup: groupSize },
          message: `Batch norm layer '${layer.name}' normalises each ${image ? 'channel' : 'feature'} over ${batch === 1 ? 'a batch of one sample' : 'one value'}: `
            + 'the batch variance is 0, so every normalised value is 0 (the output is just the shift β) and no gradient reaches the layers before it. '
            + 'Train with batches of several samples, or leave batch norm out.',
        });
      }
    }
  });
  return warnings;
}
