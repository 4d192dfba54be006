/**
 * Training layered networks: a small CNN learns the 8×8 digits from its seeded start, frozen layers
 * stay as they are, running statistics move, and the same seed gives the same numbers.
 */
import { describe, expect, it } from 'vitest';
import { LayeredNetwork } from '../../src/engine/layers/network';
import type { LayerSpec } from '../../src/engine/layers/spec';
import { LayeredTrainer } from '../../src/engine/layers/trainer';
import { Network } from '../../src/engine/network';
import { Trainer } from '../../src/engine/trainer';
import type { BatchNormLayer } from '../../src/engine/layers/batchnorm';
import type { DataSet } from '../../src/engine/spec';
import { loadDigits } from './digits';
import { layer, spec, trainSpec } from './helpers';

function split(d: DataSet, from: number, to: number): DataSet {
  return {
    inputs: { rows: to - from, cols: 64, data: d.inputs.data.slice(from * 64, to * 64) },
    targets: { rows: to - from, cols: 10, data: d.targets.data.slice(from * 10, to * 10) },
  };
}

const cnn = (frozenConv = false): LayerSpec[] => [
  { type: 'conv2d', name: 'conv1', filters: 6, kernel: 3, padding: 'same', activation: 'linear', init: 'he', ...(frozenConv ? { trainable: false } : {}) },
  { type: 'batchnorm', name: 'bn1', activation: 'relu' },
  { type: 'maxpool2d', name: 'pool1', size: 2 },
  { type: 'conv2d', name: 'conv2', filters: 8, kernel: 3, padding: 1, activation: 'relu', init: 'he' },
  { type: 'flatten', name: 'flat' },
  { type: 'dropout', name: 'drop', rate: 0.1 },
  { type: 'dense', name: 'out', units: 10, activation: 'softmax', init: 'xavier' },
];

describe('training a layered network', () => {
  const digits = loadDigits(900);
  const train = split(digits, 0, 600), test = split(digits, 600, 900);

  it('a small CNN (conv → batch norm → relu → max-pool → conv → dropout → dense) learns the digits: over 85% on held-out samples after 4 epochs', () => {
    const network = LayeredNetwork.fromSpec({ inputs: [1, 8, 8], layers: cnn(), seed: 7 });
    const trainer = new LayeredTrainer(network, train, 'cross-entropy', trainSpec({ optimizer: 'adam', learningRate: 0.01, batchSize: 32, epochs: 4 }));
    const before = trainer.evaluateLoss(test);
    expect(trainer.runEpochs().reason).toBe('done');
    expect(trainer.evaluateLoss(test)).toBeLessThan(before / 3);
    expect(trainer.accuracy(test)).toBeGreaterThan(0.85);
    const bn = network.layers[1] as BatchNormLayer;
    expect(Array.from(bn.runningVar).some((v) => v !== 1)).toBe(true);
  });

  it('keeps a frozen conv layer exactly as it was while the rest trains, and repeats itself from the same seed', () => {
    const run = (): LayeredNetwork => {
      const network = LayeredNetwork.fromSpec({ inputs: [1, 8, 8], layers: cnn(true), seed: 7 });
      new LayeredTrainer(network, split(digits, 0, 96), 'cross-entropy', trainSpec({ optimizer: 'momentum', learningRate: 0.05, batchSize: 32, epochs: 1 })).runEpochs();
      return network;
    };
    const start = LayeredNetwork.fromSpec({ inputs: [1, 8, 8], layers: cnn(true), seed: 7 });
    const a = run(), b = run();
    expect(Array.from(a.layers[0].params[0].values)).toEqual(Array.from(start.layers[0].params[0].values));
    expect(Array.from(a.layers[3].params[0].values)).not.toEqual(Array.from(start.layers[3].params[0].values));
    a.parameters.forEach((p, i) => expect(Array.from(p.param.values)).toEqual(Array.from(b.parameters[i].param.values)));
  });
});

describe('the layered trainer runs on the dense trainer\'s loop (miniBatchTrainer.ts)', () => {
  const data: DataSet = {
    inputs: { rows: 7, cols: 1, data: Float64Array.of(1, 2, 3, 4, 5, 6, 7) },
    targets: { rows: 7, cols: 1, data: Float64Array.of(2, 4, 6, 8, 10, 12, 14) },
  };
  const train = trainSpec({ learningRate: 0.001, batchSize: 3, epochs: 3, schedule: { type: 'step', every: 1, factor: 0.5 } });
  const dense = () => new Trainer(Network.fromSpec(spec(1, [layer('only', 1, 'linear', { weights: [[1]] })], 9)), data, 'squared', train);
  const layered = () => new LayeredTrainer(LayeredNetwork.fromSpec({ inputs: 1, layers: [{ type: 'dense', name: 'only', units: 1, activation: 'linear', init: 'xavier', weights: [[1]] }], seed: 9 }), data, 'squared', train);

  it('with the same seed both take the same batches in the same shuffled order, with the same scheduled rates', () => {
    const trace = (t: Trainer | LayeredTrainer) => {
      const seen: unknown[] = [];
      t.run(9, { onStep: (r) => { seen.push([r.step, r.epoch, r.batch, r.batchSize, r.endOfEpoch, t.optimizer.learningRate, Array.from(t.currentOrder())]); } });
      return seen;
    };
    const a = trace(dense()), b = trace(layered());
    expect(b).toEqual(a);
    expect(a.filter((s) => (s as boolean[])[4])).toHaveLength(3);
    expect((a[8] as number[])[5]).toBe(0.000125);
  });

  it('lets a caller watch each step\'s forward pass before the update: the same outputs and targets, in batch order, in both', () => {
    const watch = (t: Trainer | LayeredTrainer) => {
      const seen: number[][] = [];
      for (let i = 0; i < 3; i++) {
        t.step((outputs, targets, rows) => { seen.push([...outputs.subarray(0, rows)], [...targets.subarray(0, rows)]); });
      }
      return seen;
    };
    const a = watch(dense()), b = watch(layered());
    expect(b).toEqual(a);
    expect(a.map((v) => v.length)).toEqual([3, 3, 3, 3, 1, 1]);
    expect(a[1]).toEqual(a[0].map((x) => 2 * x)); // the first step sees y = x (weight 1, bias 0) and targets 2x
  });

  it('stops when onStep says so, before a step once the signal is aborted, and runs whole epochs', () => {
    const t = layered();
    expect(t.run(9, { onStep: (r) => r.step < 2 })).toMatchObject({ steps: 2, reason: 'cancelled' });
    const signal = { aborted: true };
    expect(t.run(5, { signal })).toMatchObject({ steps: 0, reason: 'cancelled' });
    expect(t.runEpochs(1)).toMatchObject({ steps: 1, reason: 'done' });
    expect([t.steps, t.epochsDone]).toEqual([3, 1]);
  });
});
