/**
 * The gradient check of layered networks: it passes on every PyTorch fixture network (every
 * parameter of every type, dropout masks held), fails on a wrong derivative inside a conv layer and on
 * a deliberately wrong batch-norm rule, marks max-pool kinks like ReLU kinks, samples large tensors,
 * and leaves the network (parameters, running statistics, masks) as it found it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../src/engine/backprop';
import { BatchNormLayer } from '../../src/engine/layers/batchnorm';
import { layeredGradientCheck } from '../../src/engine/layers/gradcheck';
import { LayeredNetwork } from '../../src/engine/layers/network';
import type { DropoutLayer } from '../../src/engine/layers/shape-layers';
import type { LayerSpec } from '../../src/engine/layers/spec';
import type { DataSet } from '../../src/engine/spec';
import { softsign, softsignWrongDf } from './helpers';

const DIR = join(__dirname, '..', 'fixtures', 'pytorch-layers');

function fixtureNetwork(file: string): { network: LayeredNetwork; data: DataSet; loss: 'squared' } {
  const fx = JSON.parse(readFileSync(join(DIR, file), 'utf8'));
  const layers = (fx.model.layers as Record<string, unknown>[]).map((raw) => (
    raw.type === 'conv2d' ? { ...raw, init: 'xavier', weights: (raw.weights as unknown[]).flat(3) }
      : raw.type === 'dense' ? { ...raw, init: 'xavier' } : raw) as unknown as LayerSpec);
  const network = LayeredNetwork.fromSpec({ inputs: fx.model.inputs, layers, seed: fx.model.seed });
  const data = { inputs: matrixFromRows(fx.model.data.inputs), targets: matrixFromRows(fx.model.data.targets) };
  for (const l of network.layers) if (l.type === 'dropout') (l as DropoutLayer).setMask(fx.masks[0][l.name], data.inputs.rows);
  return { network, data, loss: fx.model.loss };
}

const image = (values: number[], rows: number, cols: number): DataSet => ({
  inputs: matrixFromRows(Array.from({ length: rows }, (_, r) => values.slice(r * cols, (r + 1) * cols))),
  targets: matrixFromRows(Array.from({ length: rows }, (_, r) => [r % 2 === 0 ? 0.5 : -0.25, 0.1])),
});

/** conv (custom activation) → batch norm → avg pool → flatten → dense, on 3 samples of 1×4×4. */
function smallConvNet(convActivation = softsign as LayerSpec extends never ? never : typeof softsign, bnActivation: 'tanh' | 'linear' = 'tanh'): LayeredNetwork {
  return LayeredNetwork.fromSpec({
    inputs: [1, 4, 4], seed: 5,
    layers: [
      { type: 'conv2d', name: 'conv', filters: 2, kernel: [3, 2], padding: 1, activation: convActivation, init: 'xavier' },
      { type: 'batchnorm', name: 'bn', activation: bnActivation, scale: [1.2, 0.7], shift: [0.1, -0.2] },
      { type: 'avgpool2d', name: 'pool', size: 2 },
      { type: 'flatten', name: 'flat' },
      { type: 'dense', name: 'out', units: 2, activation: 'linear', init: 'xavier' },
    ],
  });
}
const smallData = image(Array.from({ length: 48 }, (_, i) => Math.sin(i * 1.7) * 0.9), 3, 16);

describe('the layered gradient check', () => {
  const files = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();
  it('passes on every PyTorch fixture network, every parameter of every type, dropout masks held', () => {
    let checked = 0;
    for (const file of files) {
      const { network, data, loss } = fixtureNetwork(file);
      const r = layeredGradientCheck(network, data, loss, { maxEntriesPerTensor: 12 });
      if (r.status !== 'pass') {
        const bad = r.entries.filter((e) => e.status !== 'pass').slice(0, 3);
        expect.fail(`${file}: ${r.status}, max relative error ${r.maxRelError}: ${JSON.stringify(bad)}`);
      }
      checked += r.checked;
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it('passes on a conv → batch norm network and fails when the conv activation\'s df is wrong', () => {
    expect(layeredGradientCheck(smallConvNet(), smallData, 'squared').status).toBe('pass');
    const wrong = layeredGradientCheck(smallConvNet(softsignWrongDf), smallData, 'squared');
    expect(wrong.status).toBe('fail');
    expect(wrong.entries.some((e) => e.layer === 'conv' && e.status === 'fail')).toBe(true);
  });

  it('fails on a deliberately wrong batch-norm rule (batch statistics treated as constants), passes on the right one', () => {
    /** The classic mistake: dx = γ·s·g, forgetting the paths through the batch mean and variance. */
    class ConstantStatisticsBatchNorm extends BatchNormLayer {
      override backward(x: Float64Array, n: number, delta: Float64Array, dx: Float64Array | undefined, grads: readonly Float64Array[], scale: number): void {
        super.backward(x, n, delta, undefined, grads, scale);
        if (!dx) return;
        for (let k = 0; k < n; k++) {
          for (let g = 0; g < this.groups; g++) {
            const c = this.gamma[g] * this.invStd[g];
            for (let i = k * this.inSize + g * this.spatial, e = i + this.spatial; i < e; i++) dx[i] = c * delta[i];
          }
        }
      }
    }
    const right = smallConvNet(softsign, 'linear');
    const bn = right.layers[1] as BatchNormLayer;
    const wrongLayers = right.layers.map((l) => (l !== bn ? l : new ConstantStatisticsBatchNorm(
      bn.name, bn.index, bn.inShape, bn.activation, bn.momentum, bn.epsilon,
      bn.gamma.slice(), bn.beta.slice(), bn.runningMean.slice(), bn.runningVar.slice(), undefined,
    )));
    const wrong = new LayeredNetwork(right.inputShape, wrongLayers, right.seed);
    expect(layeredGradientCheck(right, smallData, 'squared').status).toBe('pass');
    const result = layeredGradientCheck(wrong, smallData, 'squared');
    expect(result.status).toBe('fail');
    // The parameters before the batch norm are the ones whose gradient went wrong.
    expect(result.entries.filter((e) => e.status === 'fail').every((e) => e.layer === 'conv')).toBe(true);
  });

  it('marks a max-pool whose maximum moves under the nudge as a kink, like a ReLU kink', () => {
    // conv 1×1 with weight 0: both values of the 1×2 window are 0 (a tie); ±h makes either one the maximum.
    const network = LayeredNetwork.fromSpec({
      inputs: [1, 1, 2], seed: 1,
      layers: [
        { type: 'conv2d', name: 'conv', filters: 1, kernel: 1, activation: 'linear', init: 'xavier', weights: [0], bias: 0.3 },
        { type: 'maxpool2d', name: 'pool', size: [1, 2] },
        { type: 'flatten', name: 'flat' },
        { type: 'dense', name: 'out', units: 1, activation: 'linear', init: 'xavier', weights: [[2]] },
      ],
    });
    const data = { inputs: matrixFromRows([[1, -2]]), targets: matrixFromRows([[1]]) };
    const r = layeredGradientCheck(network, data, 'squared');
    const w = r.entries.find((e) => e.layer === 'conv' && e.param === 'weights');
    expect(w?.kink).toBe(true);
    expect(r.kinks).toBeGreaterThan(0);
    expect(r.entries.find((e) => e.layer === 'conv' && e.param === 'bias')?.kink).toBe(false);
  });

  it('checks a large tensor on a seeded sample and names conv weights by [f, c, u, v]', () => {
    const network = LayeredNetwork.fromSpec({
      inputs: [3, 6, 6], seed: 3,
      layers: [
        { type: 'conv2d', name: 'conv', filters: 8, kernel: 3, padding: 'same', activation: 'tanh', init: 'xavier' },
        { type: 'flatten', name: 'flat' },
        { type: 'dense', name: 'out', units: 2, activation: 'linear', init: 'xavier' },
      ],
    });
    const data = image(Array.from({ length: 2 * 108 }, (_, i) => Math.cos(i)), 2, 108);
    const r = layeredGradientCheck(network, data, 'squared', { maxEntriesPerTensor: 10 });
    const conv = r.entries.filter((e) => e.layer === 'conv' && e.param === 'weights');
    expect(conv).toHaveLength(10);
    expect(conv.every((e) => e.index.length === 4 && e.index[0] < 8 && e.index[1] < 3)).toBe(true);
    expect(r.status).toBe('pass');
  });

  it('changes nothing: parameters, running statistics and dropout masks are as before', () => {
    const { network, data, loss } = fixtureNetwork(files.find((f) => {
      const m = JSON.parse(readFileSync(join(DIR, f), 'utf8')).model;
      return m.layers.some((l: { type: string }) => l.type === 'dropout') && m.layers.some((l: { type: string }) => l.type === 'batchnorm');
    }) as string);
    const before = network.parameters.map((p) => p.param.values.slice());
    const stats = network.layers.filter((l) => l.type === 'batchnorm').map((l) => (l as BatchNormLayer).runningMean.slice());
    const masks = network.layers.filter((l) => l.type === 'dropout').map((l) => (l as DropoutLayer).mask.slice());
    layeredGradientCheck(network, data, loss);
    network.parameters.forEach((p, i) => expect(Array.from(p.param.values)).toEqual(Array.from(before[i])));
    network.layers.filter((l) => l.type === 'batchnorm').forEach((l, i) => expect(Array.from((l as BatchNormLayer).runningMean)).toEqual(Array.from(stats[i])));
    network.layers.filter((l) => l.type === 'dropout').forEach((l, i) => expect(Array.from((l as DropoutLayer).mask)).toEqual(Array.from(masks[i])));
  });
});
