import { describe, expect, it } from 'vitest';
import { lossSlice, sliceLabel } from '../../src/worker/teaching/lossSlice';
import type { SliceTarget } from '../../src/shared/teachingViews';
import { analyse, exampleSession, session } from './helpers';
import { LOSS_KINDS, randomModel } from './randomModels';

const EPSILON = 1e-6;

describe('the loss slice: the loss as one parameter moves, with the engine\'s slope', () => {
  it('the worked example\'s output.weights[1, 1] has tangent slope 0.0822, the engine\'s gradient (Mazur\'s ∂E/∂w5 = 0.082167041)', () => {
    const s = exampleSession('worked-example.nn.json');
    const analysis = analyse(s);
    const target: SliceTarget = { layerIndex: 1, param: 'weights', index: [0, 0] };
    const slice = lossSlice(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, target, { epsilon: EPSILON, step: 0 });
    expect(slice.label).toBe('output.weights[1, 1]');
    expect(slice.gradient).toBe((analysis.layers[1].weights.grad as number[][])[0][0]);
    expect(slice.gradient.toPrecision(3)).toBe('0.0822');
    expect(slice.gradient).toBeCloseTo(0.082167041, 9);
    expect(slice.value).toBe(0.4);
    expect(slice.loss).toBeCloseTo(0.298371109, 9);
    // sgd with learning rate 0.5: w5⁺ = 0.4 − 0.5 · 0.082167041 = 0.35891648 (Mazur's updated w5).
    expect(slice.afterStep.value).toBeCloseTo(0.35891648, 8);
    expect(slice.afterStep.loss).toBeLessThan(slice.loss);
  });

  it('the curve passes through the current value, and the tangent touches it there', () => {
    const s = exampleSession('worked-example.nn.json');
    const slice = lossSlice(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, { layerIndex: 0, param: 'bias', index: [1] }, { epsilon: EPSILON, step: 0 });
    const middle = slice.curve[(slice.curve.length - 1) / 2];
    expect(middle.value).toBeCloseTo(slice.value, 12);
    expect(middle.loss).toBeCloseTo(slice.loss, 12);
    expect(slice.curve[0].value).toBeLessThan(slice.value);
    expect(slice.curve[slice.curve.length - 1].value).toBeGreaterThan(slice.value);
    // The slice leaves the network as it was.
    expect(s.currentNetwork.layers[0].bias[1]).toBe(0.35);
  });

  it('on random models of every loss, the numeric slope agrees with the gradient to 1e-6 for every parameter', () => {
    let checked = 0;
    LOSS_KINDS.forEach((loss, l) => {
      for (let seed = 0; seed < 3; seed++) {
        const output = loss === 'cross-entropy' ? 'softmax' : loss === 'binary-cross-entropy' ? 'sigmoid' : 'tanh';
        const s = session(randomModel(500 + 10 * l + seed, loss, ['tanh', 'sigmoid'], output, 6).text);
        const network = s.currentNetwork;
        network.layers.forEach((layer, layerIndex) => {
          for (let u = 0; u < layer.units; u++) {
            const targets: SliceTarget[] = [{ layerIndex, param: 'bias', index: [u] }, ...Array.from({ length: layer.fanIn }, (_, j): SliceTarget => ({ layerIndex, param: 'weights', index: [u, j] }))];
            for (const target of targets) {
              const slice = lossSlice(network, s.model.data.train, s.model.loss, s.model.train, target, { epsilon: EPSILON, step: 0 });
              expect(Math.abs(slice.numericSlope - slice.gradient), `${loss} ${sliceLabel(network, target)}`).toBeLessThanOrEqual(1e-6 * Math.max(1, Math.abs(slice.gradient)));
              checked++;
            }
          }
        });
      }
    });
    expect(checked).toBeGreaterThan(50);
  });

  it('a parameter the model does not have is refused with a clear message', () => {
    const s = exampleSession('worked-example.nn.json');
    expect(() => lossSlice(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, { layerIndex: 1, param: 'weights', index: [0, 5] }, { epsilon: EPSILON, step: 0 })).toThrow(/no input 6/);
    expect(() => lossSlice(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, { layerIndex: 4, param: 'bias', index: [0] }, { epsilon: EPSILON, step: 0 })).toThrow(/no layer 5/);
  });
});
