import { describe, expect, it } from 'vitest';
import { autodiffBackprop } from '../../src/engine/autodiff/nn';
import { ADAM, evaluateLoss, type Network } from '../../src/engine';
import { lossSlice, sliceLabel } from '../../src/worker/teaching/lossSlice';
import type { SliceTarget } from '../../src/shared/teachingViews';
import { session } from './helpers';
import { randomModel } from './randomModels';

const EPSILON = 1e-6;

/** A random model file with weight decay λ and the given optimiser. */
function decayedSession(seed: number, optimizer: 'sgd' | 'momentum' | 'adam', lambda: number) {
  const model = JSON.parse(randomModel(seed, 'mse', ['tanh'], 'sigmoid', 5).text) as { train: Record<string, unknown> };
  model.train = { optimizer, learningRate: 0.1, weightDecay: lambda };
  return session(JSON.stringify(model));
}

function everyParameter(network: Network): SliceTarget[] {
  return network.layers.flatMap((layer, layerIndex) => Array.from({ length: layer.units }, (_, u): SliceTarget[] => [
    { layerIndex, param: 'bias', index: [u] },
    ...Array.from({ length: layer.fanIn }, (_, j): SliceTarget => ({ layerIndex, param: 'weights', index: [u, j] })),
  ]).flat());
}

/** (λ/2)·Σw² over every weight, computed here by hand. */
function decayOf(network: Network, lambda: number): number {
  return (lambda / 2) * network.layers.reduce((s, l) => s + l.weights.reduce((t, w) => t + w * w, 0), 0);
}

describe('the loss slice plots the objective training minimises: the data loss plus weight decay', () => {
  it('the curve is L + (λ/2)·Σw² over every weight, the engine\'s data loss plus the decay term', () => {
    const s = decayedSession(901, 'sgd', 0.05);
    const network = s.currentNetwork;
    const slice = lossSlice(network, s.model.data.train, s.model.loss, s.model.train, { layerIndex: 0, param: 'weights', index: [0, 0] }, { epsilon: EPSILON, step: 0 });
    expect(slice.weightDecay).toBe(0.05);
    const copy = network.clone();
    for (const point of [slice.curve[0], slice.curve[17], slice.curve[slice.curve.length - 1]]) {
      copy.layers[0].weights[0] = point.value;
      expect(Math.abs(point.loss - (evaluateLoss(copy, s.model.data.train, s.model.loss) + decayOf(copy, 0.05)))).toBeLessThanOrEqual(1e-12);
    }
    expect(slice.loss).toBeGreaterThan(evaluateLoss(network, s.model.data.train, s.model.loss));
  });

  it('on random models with weight decay, the numeric slope equals the gradient sgd uses, (w − w⁺)/lr, to 1e-6', () => {
    let checked = 0;
    for (let seed = 0; seed < 3; seed++) {
      const s = decayedSession(910 + seed, 'sgd', 0.03 + 0.04 * seed);
      const network = s.currentNetwork;
      for (const target of everyParameter(network)) {
        const slice = lossSlice(network, s.model.data.train, s.model.loss, s.model.train, target, { epsilon: EPSILON, step: 0 });
        const used = (slice.value - slice.afterStep.value) / s.model.train.learningRate;
        expect(Math.abs(slice.gradient - used), sliceLabel(network, target)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(used)) / s.model.train.learningRate);
        expect(Math.abs(slice.numericSlope - used), sliceLabel(network, target)).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(used)));
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
  });

  it('the tangent slope is the independent autodiff gradient of L + (λ/2)·Σw² (∂L/∂w + λ·w; a bias takes no decay)', () => {
    const s = decayedSession(920, 'momentum', 0.1);
    const network = s.currentNetwork;
    const reference = autodiffBackprop(network, s.model.data.train, s.model.loss, { weightDecay: 0.1 }).gradients;
    const plain = autodiffBackprop(network, s.model.data.train, s.model.loss).gradients;
    for (const target of everyParameter(network)) {
      const slice = lossSlice(network, s.model.data.train, s.model.loss, s.model.train, target, { epsilon: EPSILON, step: 0 });
      const layer = network.layers[target.layerIndex];
      const at = target.param === 'bias' ? target.index[0] : target.index[0] * layer.fanIn + target.index[1];
      const expected = reference[target.layerIndex][target.param][at];
      expect(Math.abs(slice.gradient - expected), sliceLabel(network, target)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(expected)));
      const decay = target.param === 'bias' ? 0 : 0.1 * layer.weights[at];
      expect(Math.abs(expected - plain[target.layerIndex][target.param][at] - decay)).toBeLessThanOrEqual(1e-12);
    }
  });

  it('the point after one step is one engine step with decay: adam\'s first step w − lr·g/(|g| + 1e-8), g = ∂L/∂w + λ·w', () => {
    const s = decayedSession(930, 'adam', 0.2);
    const network = s.currentNetwork;
    const g = autodiffBackprop(network, s.model.data.train, s.model.loss, { weightDecay: 0.2 }).gradients;
    for (const target of everyParameter(network)) {
      const slice = lossSlice(network, s.model.data.train, s.model.loss, s.model.train, target, { epsilon: EPSILON, step: 0 });
      const layer = network.layers[target.layerIndex];
      const at = target.param === 'bias' ? target.index[0] : target.index[0] * layer.fanIn + target.index[1];
      const gi = g[target.layerIndex][target.param][at];
      const expected = slice.value - (0.1 * gi) / (Math.abs(gi) + ADAM.epsilon);
      expect(Math.abs(slice.afterStep.value - expected), sliceLabel(network, target)).toBeLessThanOrEqual(1e-12);
      // And J there is the objective at that value, the others unchanged.
      const copy = network.clone();
      (target.param === 'bias' ? copy.layers[target.layerIndex].bias : copy.layers[target.layerIndex].weights)[at] = slice.afterStep.value;
      expect(Math.abs(slice.afterStep.loss - (evaluateLoss(copy, s.model.data.train, s.model.loss) + decayOf(copy, 0.2)))).toBeLessThanOrEqual(1e-12);
    }
  });

  it('without weight decay the curve is the data loss alone, as before', () => {
    const s = decayedSession(940, 'sgd', 0);
    const slice = lossSlice(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, { layerIndex: 1, param: 'bias', index: [0] }, { epsilon: EPSILON, step: 0 });
    expect(slice.weightDecay).toBe(0);
    expect(slice.loss).toBe(evaluateLoss(s.currentNetwork, s.model.data.train, s.model.loss));
  });
});
