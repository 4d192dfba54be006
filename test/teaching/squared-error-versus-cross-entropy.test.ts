import { describe, expect, it } from 'vitest';
import { Network, Trainer, evaluateLoss } from '../../src/engine';
import { toNetworkSpec } from '../../src/model/types';
import { compareLosses, errorMeasures, trainingCurves } from '../../src/worker/teaching/lossComparison';
import { MCCAFFREY_EXAMPLE, lossComparisonMarkdown } from '../../src/teaching/lossComparisonMarkdown';
import { exampleSession, session } from './helpers';
import { randomModel } from './randomModels';

describe('McCaffrey\'s two measures reproduce his published figures', () => {
  const m1 = errorMeasures(MCCAFFREY_EXAMPLE.network1, MCCAFFREY_EXAMPLE.targets);
  const m2 = errorMeasures(MCCAFFREY_EXAMPLE.network2, MCCAFFREY_EXAMPLE.targets);

  it('gives average cross-entropy 1.3784 for network 1 and 0.6391 for network 2', () => {
    expect(m1.meanCrossEntropy).toBeCloseTo(1.3784, 4);
    expect(m2.meanCrossEntropy).toBeCloseTo(0.6391, 4);
  });

  it('gives average Σ(t − o)² 0.81 for network 1 and 0.34 for network 2', () => {
    expect(m1.meanSquaredError).toBeCloseTo(0.81, 2);
    expect(m2.meanSquaredError).toBeCloseTo(0.34, 2);
  });

  it('counts 2 of 3 right for both networks', () => {
    expect([m1.correct, m2.correct]).toEqual([2, 2]);
  });

  it('prints the figures on the comparison page', () => {
    const s = exampleSession('squared-vs-cross-entropy.nn.json');
    const page = lossComparisonMarkdown(compareLosses(s.currentNetwork, s.model.data.train), { modelName: s.model.name, step: 0 });
    for (const figure of ['1.3784', '0.6391', '0.81', '0.34']) expect(page).toContain(figure);
  });
});

describe('the output signals are o(1 − o)(o − t) against o − t, from the engine and multiplied out', () => {
  it('with sigmoid outputs: squared error carries the slope, binary cross-entropy does not', () => {
    const s = session(randomModel(11, 'squared', ['tanh'], 'sigmoid', 12).text);
    const c = compareLosses(s.currentNetwork, s.model.data.train);
    expect(c.crossEntropyLoss).toBe('binary-cross-entropy');
    expect(c.signals.length).toBe(12 * c.outputs);
    for (const sig of c.signals) {
      expect(sig.squared).toBeCloseTo(sig.out * (1 - sig.out) * (sig.out - sig.target), 14);
      expect(sig.crossEntropy).toBeCloseTo(sig.out - sig.target, 14);
    }
    expect(c.maxFormulaRelDiff).toBeLessThanOrEqual(1e-12);
  });

  it('with softmax outputs: squared error goes through the whole Jacobian, cross-entropy gives o − t', () => {
    const s = exampleSession('squared-vs-cross-entropy.nn.json');
    const c = compareLosses(s.currentNetwork, s.model.data.train);
    expect(c.crossEntropyLoss).toBe('cross-entropy');
    const K = c.outputs;
    for (let n = 0; n < c.recordedSamples; n++) {
      const row = c.signals.slice(n * K, (n + 1) * K);
      const dot = row.reduce((acc, x) => acc + (x.out - x.target) * x.out, 0);
      row.forEach((x) => {
        expect(x.squared).toBeCloseTo(x.out * ((x.out - x.target) - dot), 14);
        expect(x.crossEntropy).toBeCloseTo(x.out - x.target, 14);
      });
    }
  });

  it('shows that a confidently wrong sigmoid output gets a much weaker signal under squared error', () => {
    const text = JSON.stringify({
      inputs: 1,
      layers: [{ units: 1, activation: 'sigmoid', weights: [[8]], bias: 0 }],
      loss: 'squared',
      data: { inputs: [[1], [-1]], targets: [[0], [1]] },
    });
    const s = session(text);
    const c = compareLosses(s.currentNetwork, s.model.data.train);
    expect(c.summary.wrong).toBe(2);
    expect(c.summary.wrongMeanAbsCrossEntropy / c.summary.wrongMeanAbsSquared).toBeGreaterThan(100);
  });

  it('refuses an output layer that is not sigmoid or softmax, saying why', () => {
    const s = session(randomModel(3, 'squared', ['tanh'], 'linear', 4).text);
    expect(() => compareLosses(s.currentNetwork, s.model.data.train)).toThrow(/not sigmoid or softmax/);
  });

  it('compares every layer\'s gradient with the engine\'s under each loss', () => {
    const s = exampleSession('squared-vs-cross-entropy.nn.json');
    const c = compareLosses(s.currentNetwork, s.model.data.train);
    const net = s.currentNetwork;
    expect(c.layers.map((l) => l.name)).toEqual(net.layers.map((l) => l.name));
    expect(c.squaredLoss).toBe(evaluateLoss(net, s.model.data.train, 'squared'));
    expect(c.crossEntropyLossValue).toBe(evaluateLoss(net, s.model.data.train, 'cross-entropy'));
    for (const l of c.layers) expect(l.squaredWeightNorm).not.toBe(l.crossEntropyWeightNorm);
  });
});

describe('both training curves come from clones trained with the file\'s settings', () => {
  it('starts both at the same outputs, leaves the original untouched, and follows an independent trainer', async () => {
    const s = exampleSession('squared-vs-cross-entropy.nn.json');
    const initial = Network.fromSpec(toNetworkSpec(s.model));
    const before = initial.layers.map((l) => l.weights.slice());
    const curves = await trainingCurves(initial, s.model.data.train, s.model.train, { maxSteps: 60, points: 7 });
    expect(initial.layers.map((l) => l.weights)).toEqual(before);
    expect(curves.steps).toBe(60);
    expect(curves.squared.map((p) => p.step)).toEqual([0, 10, 20, 30, 40, 50, 60]);
    expect(curves.squared[0].measures).toEqual(curves.crossEntropy[0].measures);
    // The cross-entropy clone at step 60 is what a trainer of our own reaches.
    const own = initial.clone();
    const trainer = new Trainer(own, s.model.data.train, 'cross-entropy', s.model.train, { seed: initial.seed });
    trainer.run(60);
    expect(curves.crossEntropy[6].loss).toBe(trainer.evaluateLoss());
    expect(curves.crossEntropy[6].loss).toBeLessThan(curves.crossEntropy[0].loss);
    const page = lossComparisonMarkdown(compareLosses(initial, s.model.data.train), { modelName: 'x', step: 0, curves });
    expect(page).toContain('## Training under each loss');
  });

  it('bounds the steps by a work budget and says so', async () => {
    const s = exampleSession('squared-vs-cross-entropy.nn.json');
    const curves = await trainingCurves(s.currentNetwork, s.model.data.train, s.model.train, { maxWork: 20_000, points: 3 });
    expect(curves.steps).toBeLessThan(curves.fileSteps);
    expect(curves.note).toMatch(/bounded/);
  });

  it('stops when cancelled', async () => {
    const s = exampleSession('squared-vs-cross-entropy.nn.json');
    const curves = await trainingCurves(s.currentNetwork, s.model.data.train, s.model.train, { maxSteps: 50, signal: { aborted: true } });
    expect(curves.cancelled).toBe(true);
    expect(curves.squared).toHaveLength(1);
  });
});

describe('a big data set gets fewer points and steps, never a frozen editor', () => {
  it('plans the digits network within the work budget', async () => {
    const s = exampleSession('digits.nn.json');
    const curves = await trainingCurves(s.currentNetwork, s.model.data.train, s.model.train, { maxWork: 2e7, signal: { aborted: false } });
    const N = s.model.data.train.inputs.rows, params = s.currentNetwork.parameterCount, batch = s.model.train.batchSize!;
    const work = (curves.squared.length * 2 * N + curves.steps * 3 * batch) * params;
    expect(work).toBeLessThanOrEqual(2e7);
    expect(curves.steps).toBeGreaterThan(10);
    expect(curves.squared.length).toBeGreaterThanOrEqual(2);
    expect(curves.note).toMatch(/bounded/);
  });
});
