/**
 * Training and evaluation modes: dropout's masks come from the seeded stream `dropout:<index>` (so the
 * same seed gives the same masks), hold 0 or 1/(1 − p), and are the identity in evaluation; batch
 * norm uses the batch's statistics in training and the running ones in evaluation, and the running
 * variance is updated with the unbiased batch variance.
 */
import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../src/engine/backprop';
import type { BatchNormLayer } from '../../src/engine/layers/batchnorm';
import { EVALUATION, TRAINING } from '../../src/engine/layers/layer';
import { LayeredNetwork } from '../../src/engine/layers/network';
import { layeredBackprop } from '../../src/engine/layers/pass';
import type { DropoutLayer } from '../../src/engine/layers/shape-layers';
import { createRng } from '../../src/engine/rng';

const dropoutNet = (seed: number): LayeredNetwork => LayeredNetwork.fromSpec({
  inputs: 50, seed,
  layers: [
    { type: 'dropout', name: 'drop', rate: 0.3 },
    { type: 'dense', name: 'out', units: 1, activation: 'linear', init: 'xavier' },
  ],
});
const ones = { inputs: matrixFromRows([Array(50).fill(1), Array(50).fill(1)]), targets: matrixFromRows([[0], [1]]) };

describe('dropout', () => {
  it('draws its masks from the seeded stream dropout:<index>, one next() per value, dropped when next() < p', () => {
    const net = dropoutNet(11);
    const res = layeredBackprop(net, ones, 'squared', { mode: TRAINING });
    const rng = createRng(11, 'dropout:0');
    const expected = Array.from({ length: 100 }, () => (rng.next() < 0.3 ? 0 : 1 / 0.7));
    expect(Array.from((net.layers[0] as DropoutLayer).mask.subarray(0, 100))).toEqual(expected);
    expect(Array.from(res.out[0])).toEqual(expected);
    expect(expected.filter((m) => m === 0).length).toBeGreaterThan(10);
  });

  it('gives the same masks from the same seed, new masks on the next training pass, none in evaluation', () => {
    const a = dropoutNet(5), b = dropoutNet(5);
    layeredBackprop(a, ones, 'squared');
    layeredBackprop(b, ones, 'squared');
    const first = (a.layers[0] as DropoutLayer).mask.slice(0, 100);
    expect(Array.from(first)).toEqual(Array.from((b.layers[0] as DropoutLayer).mask.subarray(0, 100)));
    layeredBackprop(a, ones, 'squared');
    expect(Array.from((a.layers[0] as DropoutLayer).mask.subarray(0, 100))).not.toEqual(Array.from(first));
    const evaluation = layeredBackprop(a, ones, 'squared', { mode: EVALUATION });
    expect(Array.from(evaluation.out[0])).toEqual(Array(100).fill(1));
  });
});

describe('batch norm', () => {
  const net = (): LayeredNetwork => LayeredNetwork.fromSpec({
    inputs: [1, 1, 2], seed: 1,
    layers: [
      { type: 'batchnorm', name: 'bn', momentum: 0.5, epsilon: 1e-5, scale: 2, shift: 1, runningMean: [0.5], runningVar: [2] },
      { type: 'flatten', name: 'f' },
    ],
  });
  // One channel over 2 samples × 2 positions: values 1, 3, 5, 7 → mean 4, biased variance 5, unbiased 20/3.
  const data = { inputs: matrixFromRows([[1, 3], [5, 7]]), targets: matrixFromRows([[0, 0], [0, 0]]) };

  it('normalises with the batch statistics in training and updates the running ones (unbiased variance)', () => {
    const n = net();
    const res = layeredBackprop(n, data, 'squared');
    const bn = n.layers[0] as BatchNormLayer;
    expect(bn.batchMean[0]).toBe(4);
    expect(bn.batchVar[0]).toBe(5);
    const s = 1 / Math.sqrt(5 + 1e-5);
    expect(Array.from(res.out[0])).toEqual([1, 3, 5, 7].map((x) => 2 * (x - 4) * s + 1));
    expect(bn.runningMean[0]).toBe(0.5 * 0.5 + 0.5 * 4);
    expect(bn.runningVar[0]).toBeCloseTo(0.5 * 2 + 0.5 * (20 / 3), 14);
  });

  it('normalises with the running statistics in evaluation and leaves them unchanged', () => {
    const n = net();
    const res = layeredBackprop(n, data, 'squared', { mode: EVALUATION });
    const s = 1 / Math.sqrt(2 + 1e-5);
    expect(Array.from(res.out[0])).toEqual([1, 3, 5, 7].map((x) => 2 * (x - 0.5) * s + 1));
    expect((n.layers[0] as BatchNormLayer).runningMean[0]).toBe(0.5);
  });
});
