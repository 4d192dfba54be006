import { describe, expect, it } from 'vitest';
import { lossSlice } from '../../src/worker/teaching/lossSlice';
import type { LossSlice } from '../../src/shared/teachingViews';
import { trainingModeCaption, sliceChoices, sliceFacts, sliceGeometry, sliceSummary, sliceTargetFor, targetKey, targetLabel } from '../../webview/model/sliceModel';
import { exampleSession } from '../teaching/helpers';
import { smallLayeredAnalysis } from './sliceLayeredFixture';
import { workedExample } from './fixture';

function workedSlice(): LossSlice {
  const s = exampleSession('worked-example.nn.json');
  return lossSlice(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train, { layerIndex: 1, param: 'weights', index: [0, 0] }, { epsilon: 1e-6, step: 0 });
}

const BOX = { width: 400, height: 200, left: 40, right: 10, top: 10, bottom: 30 };

describe('the loss slice view model', () => {
  it('states the engine\'s tangent slope 0.0822 and the numeric slope beside it', () => {
    const facts = sliceFacts(workedSlice());
    expect(facts.find((f) => f.testId === 'gradient')).toMatchObject({ value: '0.0822' });
    expect(facts.find((f) => f.testId === 'numeric')).toMatchObject({ value: '0.0822' });
    expect(facts.find((f) => f.testId === 'numeric')!.label).toContain('h = 1e-6');
    expect(facts.find((f) => f.testId === 'step')!.value).toBe('w = 0.3589, L = 0.295');
    expect(facts[0].label).toBe('output.weights[1, 1] now');
  });

  it('places the curve inside the plot, the current point on it, and the tangent through that point with the gradient\'s slope', () => {
    const slice = workedSlice();
    const g = sliceGeometry(slice, BOX);
    for (const p of g.curve) {
      expect(p.px).toBeGreaterThanOrEqual(BOX.left - 1e-9);
      expect(p.px).toBeLessThanOrEqual(BOX.width - BOX.right + 1e-9);
      expect(p.py).toBeGreaterThanOrEqual(BOX.top - 1e-9);
      expect(p.py).toBeLessThanOrEqual(BOX.height - BOX.bottom + 1e-9);
    }
    const middle = g.curve[(g.curve.length - 1) / 2];
    expect(middle.px).toBeCloseTo(g.current.px, 9);
    expect(middle.py).toBeCloseTo(g.current.py, 9);
    // The tangent's slope in data units is the gradient.
    const [a, b] = g.tangent;
    const xScale = (BOX.width - BOX.left - BOX.right) / (g.valueRange[1] - g.valueRange[0]);
    const yScale = (BOX.height - BOX.top - BOX.bottom) / (g.lossRange[1] - g.lossRange[0]);
    expect(-((b.py - a.py) / yScale) / ((b.px - a.px) / xScale)).toBeCloseTo(slice.gradient, 12);
    // The step goes downhill, to the left of the current value (the slope is positive).
    expect(g.afterStep.px).toBeLessThan(g.current.px);
  });

  it('says for a layered model what its training-mode curve holds fixed, and nothing for a dense one', () => {
    expect(trainingModeCaption(workedSlice())).toBe('');
    expect(trainingModeCaption({ trainingMode: { samples: 10, of: 10, batchNorm: true, dropout: true } })).toMatch(/batch norm normalises with that batch's statistics, and dropout keeps one fixed set of masks/);
    expect(trainingModeCaption({ trainingMode: { samples: 10, of: 10, batchNorm: false, dropout: true } })).toMatch(/^Training mode on the whole training set as one batch: dropout keeps one fixed set of masks/);
    expect(trainingModeCaption({ trainingMode: { samples: 10, of: 10, batchNorm: true, dropout: false } })).not.toMatch(/dropout/);
    expect(trainingModeCaption({ trainingMode: { samples: 10, of: 10, batchNorm: false, dropout: false } })).toBe('');
    expect(trainingModeCaption({ trainingMode: { samples: 160, of: 1438, batchNorm: false, dropout: false } })).toBe('J runs on a seeded subset of 160 of the 1438 training samples, so that the slice stays quick on this model.');
    expect(trainingModeCaption({ trainingMode: { samples: 160, of: 1438, batchNorm: true, dropout: false } })).toMatch(/statistics, .* gradient\. J runs on a seeded subset of 160 of the 1438/);
  });

  it('says in one sentence where the loss goes', () => {
    expect(sliceSummary(workedSlice())).toMatch(/^As output\.weights\[1, 1\] moves from .* the loss rises with slope 0\.0822 \(the numeric slope is 0\.0822\); one sgd step moves it to 0\.3589/);
  });

  it('lists every weight and bias of the worked example, 1-based, and keeps a choice that fits the model', () => {
    const choices = sliceChoices(workedExample);
    expect(choices).toHaveLength(12);
    expect(choices.map((t) => targetLabel(workedExample, t)).slice(0, 3)).toEqual(['hidden.weights[1, 1]', 'hidden.weights[1, 2]', 'hidden.bias[1]']);
    expect(new Set(choices.map(targetKey)).size).toBe(12);
    expect(sliceTargetFor(workedExample, undefined)).toEqual({ layerIndex: 1, param: 'weights', index: [0, 0] });
    expect(sliceTargetFor(workedExample, { layerIndex: 0, param: 'bias', index: [1] })).toEqual({ layerIndex: 0, param: 'bias', index: [1] });
    expect(sliceTargetFor(workedExample, { layerIndex: 0, param: 'weights', index: [0, 7] })).toEqual({ layerIndex: 1, param: 'weights', index: [0, 0] });
  });

  it('on a layered model lists conv weights [filter, channel, row, column] and biases, batch norm\'s γ and β, dense weights; none for pooling or flatten', () => {
    const analysis = smallLayeredAnalysis();
    const labels = sliceChoices(analysis).map((t) => targetLabel(analysis, t));
    // conv: 2 filters × (2·2·2 weights + a bias); pool, flatten: none; norm: γ, β for 2 channels; out: 2 × (2 weights + a bias).
    expect(labels).toHaveLength(18 + 4 + 6);
    expect(labels.slice(0, 3)).toEqual(['conv.weights[1, 1, 1, 1]', 'conv.weights[1, 1, 1, 2]', 'conv.weights[1, 1, 2, 1]']);
    expect(labels.slice(7, 10)).toEqual(['conv.weights[1, 2, 2, 2]', 'conv.bias[1]', 'conv.weights[2, 1, 1, 1]']);
    expect(labels.slice(18, 22)).toEqual(['norm.weights[1]', 'norm.bias[1]', 'norm.weights[2]', 'norm.bias[2]']);
    expect(labels.slice(22)).toEqual(['out.weights[1, 1]', 'out.weights[1, 2]', 'out.bias[1]', 'out.weights[2, 1]', 'out.weights[2, 2]', 'out.bias[2]']);
    expect(sliceTargetFor(analysis, undefined)).toEqual({ layerIndex: 4, param: 'weights', index: [0, 0] });
    const conv = { layerIndex: 0, param: 'weights', index: [1, 1, 0, 1] } as const;
    expect(sliceTargetFor(analysis, conv)).toEqual(conv);
    expect(sliceTargetFor(analysis, { layerIndex: 2, param: 'weights', index: [1] })).toEqual({ layerIndex: 2, param: 'weights', index: [1] });
    // A filter, an index count or a layer the model lacks falls back to the default.
    expect(sliceTargetFor(analysis, { layerIndex: 0, param: 'weights', index: [2, 0, 0, 0] })).toEqual({ layerIndex: 4, param: 'weights', index: [0, 0] });
    expect(sliceTargetFor(analysis, { layerIndex: 0, param: 'weights', index: [0, 0] })).toEqual({ layerIndex: 4, param: 'weights', index: [0, 0] });
    expect(sliceTargetFor(analysis, { layerIndex: 1, param: 'weights', index: [0, 0] })).toEqual({ layerIndex: 4, param: 'weights', index: [0, 0] });
  });
});
