/**
 * Optimisers against hand-computed updates, weight decay, and the trainer: mini-batches, epochs,
 * seeded shuffling, determinism, cancellation.
 */
import { describe, expect, it } from 'vitest';
import { autodiffBackprop } from '../../src/engine/autodiff/nn';
import {
  accuracy, backprop, createOptimizer, evaluateLoss, isClassification, matrixFromRows, Network, predict, Trainer,
} from '../../src/engine/index';
import type { DataSet, LossKind, TrainSpec } from '../../src/engine/spec';
import { createRng, data, layer, randomMatrix, spec, trainSpec } from './helpers';

/** A one-weight, one-bias network whose gradients we set by hand. */
function single(): Network {
  return Network.fromSpec(spec(1, [layer('only', 1, 'linear', { weights: [[1]], bias: 1 })]));
}

function feed(network: Network, settings: Parameters<typeof createOptimizer>[0], gradients: number[]): void {
  const opt = createOptimizer(settings, network);
  for (const g of gradients) {
    opt.step(network, { layers: [{ weights: Float64Array.of(g), bias: Float64Array.of(g) }] });
  }
}

describe('the optimisers', () => {
  // Expected values worked out by hand (and in 50-digit decimal arithmetic) from the spec's rules.
  it('sgd steps w ← w − lr·g', () => {
    const n = single();
    feed(n, { optimizer: 'sgd', learningRate: 0.1 }, [0.5, -0.2, 0.3]);
    expect(n.layers[0].weights[0]).toBeCloseTo(1 - 0.05 + 0.02 - 0.03, 15);
  });

  it('momentum steps v ← μ·v + g; w ← w − lr·v (μ = 0.9)', () => {
    const n = single();
    const opt = createOptimizer({ optimizer: 'momentum', learningRate: 0.1, momentum: 0.9 }, n);
    const after: number[] = [];
    for (const g of [0.5, -0.2, 0.3]) {
      opt.step(n, { layers: [{ weights: Float64Array.of(g), bias: Float64Array.of(0) }] });
      after.push(n.layers[0].weights[0]);
    }
    // v = 0.5, 0.25, 0.525; w = 0.95, 0.925, 0.8725
    expect(after[0]).toBeCloseTo(0.95, 15);
    expect(after[1]).toBeCloseTo(0.925, 15);
    expect(after[2]).toBeCloseTo(0.8725, 15);
    expect(n.layers[0].bias[0]).toBe(1);
  });

  it('adam steps m ← 0.9m + 0.1g; s ← 0.999s + 0.001g²; w ← w − lr·m̂/(√ŝ + 1e-8), t from 1', () => {
    const n = single();
    const opt = createOptimizer({ optimizer: 'adam', learningRate: 0.1 }, n);
    const after: number[] = [];
    for (const g of [0.5, -0.2, 0.3]) {
      opt.step(n, { layers: [{ weights: Float64Array.of(g), bias: Float64Array.of(g) }] });
      after.push(n.layers[0].weights[0]);
    }
    expect(after[0]).toBeCloseTo(0.900000002, 14); // m̂ = 0.5, ŝ = 0.25: step 0.1·0.5/(0.5 + 1e-8)
    expect(after[1]).toBeCloseTo(0.86543941811651058536, 14);
    expect(after[2]).toBeCloseTo(0.81099538368115520397, 14);
    expect(n.layers[0].bias[0]).toBeCloseTo(0.81099538368115520397, 14); // biases follow the same rule
    expect(opt.steps).toBe(3);
    opt.reset();
    expect(opt.steps).toBe(0);
  });

  it('refuses gradients shaped for another network', () => {
    const opt = createOptimizer({ optimizer: 'sgd', learningRate: 0.1 }, single());
    const other = Network.fromSpec(spec(2, [layer('x', 1, 'linear')]));
    expect(() => opt.step(other, { layers: [{ weights: new Float64Array(2), bias: new Float64Array(1) }] })).toThrow(/shape/);
  });
});

describe('weight decay', () => {
  it('adds λ·w to every weight gradient and nothing to the biases', () => {
    const network = Network.fromSpec(spec(3, [layer('h', 4, 'tanh'), layer('o', 2, 'sigmoid')], 3));
    network.layers.forEach((l) => l.bias.fill(0.3));
    const d = data(randomMatrix(createRng(1), 5, 3), randomMatrix(createRng(2), 5, 2, 0, 1));
    const plain = backprop(network, d, 'binary-cross-entropy');
    const decayed = backprop(network, d, 'binary-cross-entropy', { weightDecay: 0.01 });
    expect(decayed.loss).toBe(plain.loss);
    network.layers.forEach((l, i) => {
      l.weights.forEach((w, j) => expect(decayed.gradients.layers[i].weights[j]).toBeCloseTo(plain.gradients.layers[i].weights[j] + 0.01 * w, 15));
      expect(decayed.gradients.layers[i].bias).toEqual(plain.gradients.layers[i].bias);
    });
  });
});

/** Ten samples of a 2-input, 3-class problem. */
function tenSamples(): DataSet {
  const rng = createRng(4, 'data');
  const X = randomMatrix(rng, 10, 2);
  const T = X.map(([a, b]) => { const k = a + b > 0.5 ? 0 : a > b ? 1 : 2; return [0, 1, 2].map((j) => (j === k ? 1 : 0)); });
  return data(X, T);
}

function net(seed = 1): Network {
  return Network.fromSpec(spec(2, [layer('hidden', 5, 'tanh'), layer('output', 3, 'softmax')], seed));
}

describe('the trainer', () => {
  it('steps one mini-batch at a time, the last batch smaller, in file order without shuffling', () => {
    const trainer = new Trainer(net(), tenSamples(), 'cross-entropy', trainSpec({ batchSize: 4, shuffle: false }));
    expect(trainer.stepsPerEpoch).toBe(3);
    expect([...trainer.currentOrder()]).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const steps = [trainer.step(), trainer.step(), trainer.step(), trainer.step()];
    expect(steps.map((s) => s.batchSize)).toEqual([4, 4, 2, 4]);
    expect(steps.map((s) => [s.epoch, s.batch])).toEqual([[0, 0], [0, 1], [0, 2], [1, 0]]);
    expect(steps.map((s) => s.endOfEpoch)).toEqual([false, false, true, false]);
    expect(trainer.steps).toBe(4);
    expect(trainer.epochsDone).toBe(1);
  });

  it('matches a hand-written loop of autodiff gradients and written-out update rules', () => {
    for (const optimizer of ['sgd', 'momentum', 'adam'] as const) {
      const d = tenSamples();
      const train = trainSpec({ optimizer, learningRate: 0.05, momentum: 0.8, weightDecay: 0.001, batchSize: 3, shuffle: false });
      const fused = net(2);
      const reference = net(2);
      const trainer = new Trainer(fused, d, 'cross-entropy', train);
      const state = reference.layers.map((l) => ({ v: [new Float64Array(l.weights.length), new Float64Array(l.units)], s: [new Float64Array(l.weights.length), new Float64Array(l.units)] }));
      let t = 0;
      for (let step = 0; step < 8; step++) {
        const start = (step % 4) * 3; // 10 samples, batches of 3: 0-2, 3-5, 6-8, 9
        const rows = Array.from({ length: Math.min(3, 10 - start) }, (_, i) => start + i);
        const batch: DataSet = {
          inputs: matrixFromRows(rows.map((r) => Array.from(d.inputs.data.subarray(r * 2, r * 2 + 2)))),
          targets: matrixFromRows(rows.map((r) => Array.from(d.targets.data.subarray(r * 3, r * 3 + 3)))),
        };
        const g = autodiffBackprop(reference, batch, 'cross-entropy', { weightDecay: train.weightDecay }).gradients;
        t++;
        reference.layers.forEach((l, i) => {
          [[l.weights, g[i].weights], [l.bias, g[i].bias]].forEach(([w, gr], p) => {
            const v = state[i].v[p], s = state[i].s[p];
            for (let j = 0; j < w.length; j++) {
              if (optimizer === 'sgd') w[j] -= train.learningRate * gr[j];
              if (optimizer === 'momentum') { v[j] = train.momentum * v[j] + gr[j]; w[j] -= train.learningRate * v[j]; }
              if (optimizer === 'adam') {
                v[j] = 0.9 * v[j] + 0.1 * gr[j];
                s[j] = 0.999 * s[j] + 0.001 * gr[j] * gr[j];
                w[j] -= train.learningRate * (v[j] / (1 - 0.9 ** t)) / (Math.sqrt(s[j] / (1 - 0.999 ** t)) + 1e-8);
              }
            }
          });
        });
        trainer.step();
      }
      fused.layers.forEach((l, i) => {
        l.weights.forEach((w, j) => expect(w, optimizer).toBeCloseTo(reference.layers[i].weights[j], 12));
        l.bias.forEach((b, j) => expect(b, optimizer).toBeCloseTo(reference.layers[i].bias[j], 12));
      });
    }
  });

  it('uses the whole training set as one batch when batchSize is not given', () => {
    const trainer = new Trainer(net(), tenSamples(), 'cross-entropy', trainSpec({ batchSize: undefined }));
    expect(trainer.batchSize).toBe(10);
    expect(trainer.stepsPerEpoch).toBe(1);
    const before = evaluateLoss(trainer.network, tenSamples(), 'cross-entropy');
    expect(trainer.step().loss).toBeCloseTo(before, 14);
  });

  it('shuffles with the seed: same seed, same order and weights; another seed, another order and weights', () => {
    const run = (seed: number) => {
      const t = new Trainer(net(1), tenSamples(), 'cross-entropy', trainSpec({ batchSize: 2, shuffle: true, optimizer: 'momentum' }), { seed });
      const orders = [[...t.currentOrder()]];
      t.runEpochs(3);
      orders.push([...t.currentOrder()]);
      return { orders, weights: t.network.layers.map((l) => [...l.weights]) };
    };
    const a = run(1), b = run(1), c = run(2);
    expect(a).toEqual(b);
    expect(c.orders[0]).not.toEqual(a.orders[0]);
    expect(c.weights).not.toEqual(a.weights);
    expect([...a.orders[0]].sort((x, y) => x - y)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(a.orders[1]).not.toEqual(a.orders[0]); // a new order every epoch
  });

  it('trains for the configured epochs and lowers the loss; accuracy counts arg-max matches', () => {
    const d = tenSamples();
    const trainer = new Trainer(net(3), d, 'cross-entropy', trainSpec({ optimizer: 'adam', learningRate: 0.05, batchSize: 5, epochs: 60 }));
    const before = trainer.evaluateLoss();
    const result = trainer.runEpochs();
    expect(result.reason).toBe('done');
    expect(result.steps).toBe(120);
    expect(trainer.evaluateLoss()).toBeLessThan(before / 2);
    const acc = trainer.accuracy();
    const out = predict(trainer.network, d.inputs);
    let correct = 0;
    for (let r = 0; r < 10; r++) {
      const row = Array.from(out.data.subarray(r * 3, r * 3 + 3));
      if (d.targets.data[r * 3 + row.indexOf(Math.max(...row))] === 1) correct++;
    }
    expect(acc).toBe(correct / 10);
  });

  it('gives accuracy only for class-like targets: one-hot rows, or 0/1 with one output (threshold 0.5)', () => {
    expect(isClassification(matrixFromRows([[0, 1], [1, 0]]))).toBe(true);
    expect(isClassification(matrixFromRows([[0.2, 0.8]]))).toBe(false);
    expect(isClassification(matrixFromRows([[1, 1]]))).toBe(false);
    expect(isClassification(matrixFromRows([[0], [1]]))).toBe(true);
    const one = Network.fromSpec(spec(1, [layer('o', 1, 'sigmoid', { weights: [[10]], bias: 0 })]));
    expect(accuracy(one, data([[1], [-1], [0.2], [-0.3]], [[1], [0], [0], [0]]))).toBe(0.75);
    expect(accuracy(one, data([[1]], [[0.3]]))).toBeUndefined();
  });

  it('stops when the callback returns false, when the signal is aborted, or on a non-finite value', () => {
    const trainer = new Trainer(net(), tenSamples(), 'cross-entropy', trainSpec({ batchSize: 1 }));
    let seen = 0;
    const r1 = trainer.run(100, { onStep: () => (++seen < 7 ? undefined : false) });
    expect(r1).toMatchObject({ steps: 7, reason: 'cancelled' });
    const signal = { aborted: false };
    const r2 = trainer.run(100, { signal, onStep: (s) => { if (s.step >= 10) signal.aborted = true; } });
    expect(r2).toMatchObject({ steps: 3, reason: 'cancelled' });
    const linear = Network.fromSpec(spec(2, [layer('hidden', 5, 'linear'), layer('output', 3, 'linear')], 1));
    const exploding = new Trainer(linear, tenSamples(), 'squared', trainSpec({ learningRate: 1e100, batchSize: 1 }));
    const r3 = exploding.run(50);
    expect(r3.reason).toBe('non-finite');
    expect(r3.last?.nonFinite).toBeDefined();
  });

  it('runs asynchronously and can be cancelled from outside', async () => {
    const trainer = new Trainer(net(), tenSamples(), 'cross-entropy', trainSpec({ batchSize: 1 }));
    const controller = new AbortController();
    const running = trainer.runAsync(1e9, { signal: controller.signal, yieldEveryMs: 1 });
    await new Promise((r) => setTimeout(r, 30));
    controller.abort();
    const result = await running;
    expect(result.reason).toBe('cancelled');
    expect(result.steps).toBeGreaterThan(0);
  });
});

describe('losses over a data set', () => {
  it('evaluateLoss equals backprop\'s loss and the autodiff loss, for every loss kind', () => {
    const d = tenSamples();
    for (const loss of ['squared', 'mse', 'cross-entropy', 'binary-cross-entropy'] as LossKind[]) {
      const n = net(5);
      expect(evaluateLoss(n, d, loss)).toBeCloseTo(backprop(n, d, loss).loss, 14);
      expect(evaluateLoss(n, d, loss)).toBeCloseTo(autodiffBackprop(n, d, loss).loss, 12);
    }
  });

  it('processes a data set larger than one chunk the same way as in one piece', () => {
    const rng = createRng(8, 'big');
    const X = randomMatrix(rng, 2500, 3), T = randomMatrix(rng, 2500, 2, 0, 1);
    const n = Network.fromSpec(spec(3, [layer('h', 6, 'relu', { init: 'he' }), layer('o', 2, 'sigmoid')], 2));
    const whole = backprop(n, data(X, T), 'binary-cross-entropy');
    const ref = autodiffBackprop(n, data(X, T), 'binary-cross-entropy');
    expect(whole.loss).toBeCloseTo(ref.loss, 12);
    n.layers.forEach((l, i) => l.weights.forEach((_, j) => expect(whole.gradients.layers[i].weights[j]).toBeCloseTo(ref.gradients[i].weights[j], 12)));
  });
});

export type { TrainSpec };
