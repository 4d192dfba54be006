/**
 * The layered gradient check's incremental passes: a nudged entry recomputes only what it reaches
 * (its own unit, filter or group, then what that changes), so a conv layer's full forward pass runs
 * a fixed number of times however many entries are checked; the central differences it takes are
 * those of full forward passes over the same batch; and the sampled check differentiates the loss of
 * its subset, on the subset alone.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { matrixFromRows } from '../../src/engine/backprop';
import { layeredGradientCheck } from '../../src/engine/layers/gradcheck';
import { FROZEN_TRAINING } from '../../src/engine/layers/layer';
import { LayeredNetwork } from '../../src/engine/layers/network';
import { layeredForward, layeredLossOf, LayeredWorkspace, runLayeredBatch } from '../../src/engine/layers/pass';
import type { DropoutLayer } from '../../src/engine/layers/shape-layers';
import type { LayerSpec } from '../../src/engine/layers/spec';
import type { DataSet, LossKind } from '../../src/engine/spec';
import { loadDigits } from './digits';
import { softsign } from './helpers';

/** The digits CNN of the benchmark's row (d): conv → relu → max-pool → conv → flatten → dense → softmax. */
function digitsCnn(): LayeredNetwork {
  return LayeredNetwork.fromSpec({
    inputs: [1, 8, 8], seed: 7,
    layers: [
      { type: 'conv2d', name: 'conv1', filters: 8, kernel: 3, padding: 'same', activation: 'relu', init: 'he' },
      { type: 'maxpool2d', name: 'pool1', size: 2 },
      { type: 'conv2d', name: 'conv2', filters: 16, kernel: 3, padding: 'same', activation: 'relu', init: 'he' },
      { type: 'flatten', name: 'flat' },
      { type: 'dense', name: 'out', units: 10, activation: 'softmax', init: 'xavier' },
    ],
  });
}

/** conv (custom activation) → batch norm (tanh) → avg pool → flatten → dropout → dense, 3 samples of 1×4×4. */
function batchNormNet(): { network: LayeredNetwork; data: DataSet } {
  const network = LayeredNetwork.fromSpec({
    inputs: [1, 4, 4], seed: 5,
    layers: [
      { type: 'conv2d', name: 'conv', filters: 3, kernel: [3, 2], padding: 1, activation: softsign, init: 'xavier' },
      { type: 'batchnorm', name: 'bn', activation: 'tanh', scale: [1.2, 0.7, 0.9], shift: [0.1, -0.2, 0] },
      { type: 'avgpool2d', name: 'pool', size: 2 },
      { type: 'flatten', name: 'flat' },
      { type: 'dropout', name: 'drop', rate: 0.3 },
      { type: 'dense', name: 'hidden', units: 4, activation: 'sigmoid', init: 'xavier' },
      { type: 'batchnorm', name: 'bn2', activation: 'linear' },
      { type: 'dense', name: 'out', units: 2, activation: 'linear', init: 'xavier' },
    ],
  });
  const values = Array.from({ length: 48 }, (_, i) => Math.sin(i * 1.7) * 0.9);
  const data = {
    inputs: matrixFromRows([0, 1, 2].map((r) => values.slice(r * 16, (r + 1) * 16))),
    targets: matrixFromRows([[0.5, 0.1], [-0.25, 0.1], [0.5, -0.3]]),
  };
  return { network, data };
}

/** A PyTorch fixture network with dropout (masks as recorded) and batch norm. */
function fixtureWithDropoutAndBatchNorm(): { network: LayeredNetwork; data: DataSet; loss: LossKind } {
  const dir = join(__dirname, '..', 'fixtures', 'pytorch-layers');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.json')).sort()) {
    const fx = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    const types = (fx.model.layers as { type: string }[]).map((l) => l.type);
    if (!types.includes('dropout') || !types.includes('batchnorm') || !types.includes('conv2d')) continue;
    const layers = (fx.model.layers as Record<string, unknown>[]).map((raw) => (
      raw.type === 'conv2d' ? { ...raw, init: 'xavier', weights: (raw.weights as unknown[]).flat(3) }
        : raw.type === 'dense' ? { ...raw, init: 'xavier' } : raw) as unknown as LayerSpec);
    const network = LayeredNetwork.fromSpec({ inputs: fx.model.inputs, layers, seed: fx.model.seed });
    const data = { inputs: matrixFromRows(fx.model.data.inputs), targets: matrixFromRows(fx.model.data.targets) };
    for (const l of network.layers) if (l.type === 'dropout') (l as DropoutLayer).setMask(fx.masks[0][l.name], data.inputs.rows);
    return { network, data, loss: fx.model.loss };
  }
  throw new Error('no fixture with conv, dropout and batch norm');
}

/** The central difference of the batch loss by two full forward passes from the inputs, and whether they straddle a kink. */
function fullPassDifference(network: LayeredNetwork, data: DataSet, loss: LossKind, values: Float64Array, idx: number, h: number): number {
  const N = data.inputs.rows;
  const ws = new LayeredWorkspace(network, N);
  runLayeredBatch(network, ws, data.inputs.data, data.targets.data, N, loss, { mode: FROZEN_TRAINING, check: false });
  const original = values[idx];
  const lossAt = (x: number): number => {
    values[idx] = x;
    layeredForward(network, ws, data.inputs.data, N, FROZEN_TRAINING);
    return layeredLossOf(network, ws, data.targets.data, N, loss);
  };
  const plus = lossAt(original + h), minus = lossAt(original - h);
  values[idx] = original;
  return (plus - minus) / (2 * h);
}

/** Every entry's numeric derivative equals the full passes' one (no Ridders refinement: every entry passes at h). */
function expectSameAsFullPasses(network: LayeredNetwork, data: DataSet, loss: LossKind): number {
  const h = 1e-6;
  const result = layeredGradientCheck(network, data, loss, { eps: h, maxEntriesPerTensor: 20, thresholds: { excellent: 10, pass: 10, fail: 20 } });
  let compared = 0;
  for (const e of result.entries) {
    const layer = network.layers[e.layerIndex];
    const param = layer.params.find((p) => p.name === e.param)!;
    let idx = 0;
    e.index.forEach((i, d) => { idx = idx * param.shape[d] + i; });
    const full = fullPassDifference(network, data, loss, param.values, idx, h);
    expect(Math.abs(e.numeric - full), `${e.layer}.${e.param}[${e.index.join(',')}]`).toBeLessThanOrEqual(1e-7 * Math.max(1, Math.abs(full)));
    compared++;
  }
  return compared;
}

describe('the incremental layered gradient check', () => {
  afterEach(() => vi.restoreAllMocks());

  it('runs each conv layer\'s full forward pass a fixed number of times, however many entries it checks: the nudges recompute only what they reach', () => {
    const digits = loadDigits(12);
    const fullForwards = (maxEntriesPerTensor: number): { conv1: number; conv2: number; nudges: number; checked: number } => {
      const network = digitsCnn();
      const [conv1, , conv2] = network.layers;
      const f1 = vi.spyOn(conv1, 'forward'), f2 = vi.spyOn(conv2, 'forward');
      const n1 = vi.spyOn(conv1, 'forwardNudged' as never) as unknown as { mock: { calls: unknown[] } };
      const result = layeredGradientCheck(network, digits, 'cross-entropy', { maxEntriesPerTensor });
      return { conv1: f1.mock.calls.length, conv2: f2.mock.calls.length, nudges: n1.mock.calls.length, checked: result.checked };
    };
    const few = fullForwards(4), many = fullForwards(64);
    expect(many.checked).toBeGreaterThan(4 * few.checked);
    // The base pass, once before the layer's own entries, and the pass that leaves the workspace as it was.
    expect(few.conv1).toBe(3);
    expect(many.conv1).toBe(3);
    expect(many.conv2).toBe(3);
    // Every conv1 entry was measured by nudged recomputations of its own filter (two per central difference).
    expect(many.nudges).toBeGreaterThanOrEqual(2 * (64 + 8));
  });

  it('takes the same central differences as full forward passes: the digits CNN (relu, max-pool, softmax)', () => {
    expect(expectSameAsFullPasses(digitsCnn(), loadDigits(10), 'cross-entropy')).toBeGreaterThan(60);
  });

  it('takes the same central differences as full forward passes through batch norm (image and flat), average pooling, dropout and a custom activation', () => {
    const { network, data } = batchNormNet();
    expect(expectSameAsFullPasses(network, data, 'squared')).toBeGreaterThan(40);
  });

  it('takes the same central differences as full forward passes on a PyTorch fixture with conv, dropout and batch norm', () => {
    const { network, data, loss } = fixtureWithDropoutAndBatchNorm();
    expect(expectSameAsFullPasses(network, data, loss)).toBeGreaterThan(20);
  });

  it('checks a seeded subset of samples as a batch of its own: the same result as checking those samples alone', () => {
    const digits = loadDigits(200);
    const sampled = layeredGradientCheck(digitsCnn(), digits, 'cross-entropy', { samples: 16, maxEntriesPerTensor: 8 });
    expect(sampled.samples).toBe(16);
    const picks = sampled.sampleIndices!;
    expect(picks).toHaveLength(16);
    expect(picks).toEqual([...picks].sort((a, b) => a - b));
    expect(new Set(picks).size).toBe(16);
    const subset: DataSet = {
      inputs: { rows: 16, cols: 64, data: Float64Array.from(picks.flatMap((n) => Array.from(digits.inputs.data.subarray(n * 64, (n + 1) * 64)))) },
      targets: { rows: 16, cols: 10, data: Float64Array.from(picks.flatMap((n) => Array.from(digits.targets.data.subarray(n * 10, (n + 1) * 10)))) },
    };
    const alone = layeredGradientCheck(digitsCnn(), subset, 'cross-entropy', { maxEntriesPerTensor: 8 });
    expect(sampled.entries).toEqual(alone.entries);
    expect(sampled.status).toBe('pass');
    expect(layeredGradientCheck(digitsCnn(), digits, 'cross-entropy', { samples: 16, maxEntriesPerTensor: 8, seed: 9 }).sampleIndices).not.toEqual(picks);
  });

  it('on a subset of a network with held dropout masks, passes and puts the whole batch\'s masks back', () => {
    const { network, data, loss } = fixtureWithDropoutAndBatchNorm();
    const drops = network.layers.filter((l): l is DropoutLayer => l.type === 'dropout');
    const before = drops.map((d) => ({ mask: Array.from(d.mask.subarray(0, d.maskSamples * d.inSize)), samples: d.maskSamples }));
    const N = data.inputs.rows;
    const result = layeredGradientCheck(network, data, loss, { samples: N - 1 });
    expect(result.samples).toBe(N - 1);
    expect(result.status).toBe('pass');
    drops.forEach((d, i) => {
      expect(d.maskSamples).toBe(before[i].samples);
      expect(Array.from(d.mask.subarray(0, d.maskSamples * d.inSize))).toEqual(before[i].mask);
    });
  });
});
