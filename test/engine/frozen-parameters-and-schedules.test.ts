/**
 * Frozen parameters (`trainable`, model file 1.1) in every optimiser, and the learning-rate
 * schedules `step`, `exponential`, `cosine`.
 */
import { describe, expect, it } from 'vitest';
import { backprop, createOptimizer, evaluateLoss, Network, Trainer } from '../../src/engine/index';
import { createParamOptimizer } from '../../src/engine/optimizers';
import { scheduledLearningRate } from '../../src/engine/schedules';
import type { OptimizerKind } from '../../src/engine/spec';
import { layer, spec, trainSpec, workedExample } from './helpers';

describe('frozen parameters', () => {
  // The walkthrough's 0.291027924 also computes the hidden deltas with the already-updated output
  // weights (oracles.md); with every gradient taken at the original weights, as every optimiser here
  // does, frozen biases give 0.29102777369359933 (NumPy float64, the same update), equal to 6 digits.
  it('reproduce the classic 2-2-2 walkthrough to 6 digits: with the biases frozen, one sgd step at 0.5 gives loss 0.2910278', () => {
    const ex = workedExample();
    const frozen = { ...ex.spec, layers: ex.spec.layers.map((l) => ({ ...l, trainable: { bias: false } })) };
    const network = Network.fromSpec(frozen);
    const g = backprop(network, ex.data, ex.loss).gradients;
    createOptimizer({ optimizer: 'sgd', learningRate: 0.5 }, network).step(network, g);
    const after = evaluateLoss(network, ex.data, ex.loss);
    expect(after).toBeCloseTo(0.291027924, 6);
    expect(Math.abs(after - 0.29102777369359933)).toBeLessThan(1e-15);
    expect(Array.from(network.layers[0].bias)).toEqual([0.35, 0.35]);
    expect(Array.from(network.layers[1].bias)).toEqual([0.6, 0.6]);
  });

  it('without freezing, the same step gives another loss (the biases move)', () => {
    const ex = workedExample();
    const network = Network.fromSpec(ex.spec);
    createOptimizer({ optimizer: 'sgd', learningRate: 0.5 }, network).step(network, backprop(network, ex.data, ex.loss).gradients);
    expect(Math.abs(evaluateLoss(network, ex.data, ex.loss) - 0.291027924)).toBeGreaterThan(1e-4);
  });

  for (const optimizer of ['sgd', 'momentum', 'adam'] as OptimizerKind[]) {
    it(`${optimizer} never changes a frozen array and moves the trainable ones exactly as without frozen neighbours`, () => {
      const frozen = new Float64Array([1, 2, 3]), free = new Float64Array([1, 2, 3]), alone = new Float64Array([1, 2, 3]);
      const g = new Float64Array([0.5, -0.25, 2]);
      const both = createParamOptimizer({ optimizer, learningRate: 0.1 }, [{ size: 3, trainable: false }, { size: 3, trainable: true }]);
      const single = createParamOptimizer({ optimizer, learningRate: 0.1 }, [{ size: 3, trainable: true }]);
      for (let s = 0; s < 3; s++) {
        both.step([frozen, free], [g, g]);
        single.step([alone], [g]);
      }
      expect(Array.from(frozen)).toEqual([1, 2, 3]);
      expect(Array.from(free)).toEqual(Array.from(alone));
      expect(free[0]).not.toBe(1);
    });
  }

  it('a dense layer frozen as a whole keeps its weights and bias through training; its gradient is still computed', () => {
    const s = spec(2, [
      layer('first', 3, 'tanh', { weights: [[0.1, 0.2], [0.3, -0.4], [0.5, 0.6]], bias: 0.1 }),
      layer('second', 1, 'linear', { weights: [[0.2, -0.1, 0.3]] }),
    ]);
    const network = Network.fromSpec({ ...s, layers: [{ ...s.layers[0], trainable: false }, s.layers[1]] });
    const data = { inputs: { rows: 2, cols: 2, data: Float64Array.of(1, 2, -1, 0.5) }, targets: { rows: 2, cols: 1, data: Float64Array.of(1, -1) } };
    const before = network.layers[0].weights.slice();
    expect(backprop(network, data, 'squared').gradients.layers[0].weights.some((v) => v !== 0)).toBe(true);
    new Trainer(network, data, 'squared', trainSpec({ optimizer: 'adam', epochs: 5 })).runEpochs();
    expect(Array.from(network.layers[0].weights)).toEqual(Array.from(before));
    expect(Array.from(network.layers[1].weights)).not.toEqual([0.2, -0.1, 0.3]);
  });
});

describe('learning-rate schedules', () => {
  it('step halves the rate every 10 epochs (StepLR)', () => {
    const s = { type: 'step', every: 10, factor: 0.5 } as const;
    expect(scheduledLearningRate(s, 0.1, 0, 30)).toBe(0.1);
    expect(scheduledLearningRate(s, 0.1, 9, 30)).toBe(0.1);
    expect(scheduledLearningRate(s, 0.1, 10, 30)).toBe(0.05);
    expect(scheduledLearningRate(s, 0.1, 25, 30)).toBe(0.025);
  });

  it('exponential multiplies by gamma each epoch (ExponentialLR)', () => {
    expect(scheduledLearningRate({ type: 'exponential', gamma: 0.9 }, 1, 3, 10)).toBeCloseTo(0.729, 15);
  });

  it('cosine falls from lr0 to min over the epochs, half way at the middle (CosineAnnealingLR)', () => {
    const s = { type: 'cosine', min: 0.01 } as const;
    expect(scheduledLearningRate(s, 0.1, 0, 10)).toBeCloseTo(0.1, 15);
    expect(scheduledLearningRate(s, 0.1, 5, 10)).toBeCloseTo(0.055, 15);
    expect(scheduledLearningRate(s, 0.1, 10, 10)).toBeCloseTo(0.01, 15);
    expect(scheduledLearningRate({ type: 'cosine' }, 0.2, 10, 10)).toBeCloseTo(0, 15);
  });

  it('the trainer applies the schedule at the end of each epoch', () => {
    const network = Network.fromSpec(spec(1, [layer('only', 1, 'linear', { weights: [[1]] })]));
    const data = { inputs: { rows: 4, cols: 1, data: Float64Array.of(1, 2, 3, 4) }, targets: { rows: 4, cols: 1, data: Float64Array.of(2, 4, 6, 8) } };
    const trainer = new Trainer(network, data, 'squared', trainSpec({ learningRate: 0.01, batchSize: 2, epochs: 4, schedule: { type: 'step', every: 1, factor: 0.5 } }));
    const rates: number[] = [];
    trainer.run(8, { onStep: () => { rates.push(trainer.optimizer.learningRate); } });
    expect(rates).toEqual([0.01, 0.005, 0.005, 0.0025, 0.0025, 0.00125, 0.00125, 0.000625]);
  });
});
