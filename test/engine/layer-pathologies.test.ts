/**
 * Detectors of layered networks: dead relu filters per conv channel, saturation without batch norm,
 * vanishing gradients through a conv stack, dropout rates of 0.9 and more, and batch norm trained on
 * groups of one value (a clear warning, and finite numbers rather than NaN).
 */
import { describe, expect, it } from 'vitest';
import { matrixFromRows } from '../../src/engine/backprop';
import { LayeredNetwork } from '../../src/engine/layers/network';
import { layeredBackprop } from '../../src/engine/layers/pass';
import { detectLayerPathologies } from '../../src/engine/layers/pathologies';
import type { LayerSpec } from '../../src/engine/layers/spec';
import type { DataSet } from '../../src/engine/spec';

const images = (n: number, size: number, seed = 1): number[][] =>
  Array.from({ length: n }, (_, s) => Array.from({ length: size }, (_, i) => Math.sin((s + 1) * (i + seed) * 0.7)));
const dataOf = (inputs: number[][], K: number): DataSet => ({
  inputs: matrixFromRows(inputs),
  targets: matrixFromRows(inputs.map((_, s) => Array.from({ length: K }, (_, k) => (k === s % K ? 1 : 0)))),
});

describe('layered detectors', () => {
  it('name the dead filter of a conv layer: its bias keeps every position of every sample below 0', () => {
    const layers: LayerSpec[] = [
      { type: 'conv2d', name: 'conv1', filters: 3, kernel: 3, activation: 'relu', init: 'xavier', bias: [0.1, -50, 0.1] },
      { type: 'flatten', name: 'flat' },
      { type: 'dense', name: 'out', units: 2, activation: 'softmax', init: 'xavier' },
    ];
    const network = LayeredNetwork.fromSpec({ inputs: [1, 5, 5], layers, seed: 2 });
    const data = dataOf(images(4, 25), 2);
    const warnings = detectLayerPathologies(network, layeredBackprop(network, data, 'cross-entropy'));
    const dead = warnings.find((w) => w.code === 'dead-relu');
    expect(dead?.layer).toBe('conv1');
    expect(dead?.severity).toBe('warning');
    expect(dead?.details.deadIndices).toBe('1');
    expect(dead?.message).toContain('1 of the 3 relu filters');
  });

  it('stay quiet about a healthy conv network', () => {
    const layers: LayerSpec[] = [
      { type: 'conv2d', name: 'conv1', filters: 2, kernel: 3, padding: 'same', activation: 'leaky-relu', init: 'xavier' },
      { type: 'batchnorm', name: 'bn', activation: 'tanh' },
      { type: 'maxpool2d', name: 'pool', size: 2 },
      { type: 'flatten', name: 'flat' },
      { type: 'dropout', name: 'drop', rate: 0.2 },
      { type: 'dense', name: 'out', units: 2, activation: 'softmax', init: 'xavier' },
    ];
    const network = LayeredNetwork.fromSpec({ inputs: [1, 4, 4], layers, seed: 3 });
    const data = dataOf(images(6, 16), 2);
    expect(detectLayerPathologies(network, layeredBackprop(network, data, 'cross-entropy'))).toEqual([]);
  });

  it('flag a dropout rate of 0.9', () => {
    const network = LayeredNetwork.fromSpec({
      inputs: 3, seed: 1,
      layers: [{ type: 'dropout', name: 'drop', rate: 0.9 }, { type: 'dense', name: 'out', units: 1, activation: 'linear', init: 'xavier' }],
    });
    const data = { inputs: matrixFromRows([[1, 2, 3], [0, 1, 0]]), targets: matrixFromRows([[1], [0]]) };
    const w = detectLayerPathologies(network, layeredBackprop(network, data, 'squared'));
    expect(w.map((x) => [x.code, x.layer])).toContainEqual(['dropout-rate', 'drop']);
  });

  it('warn, without NaN, when batch norm trains on one sample: variance 0, output β, no gradient before it', () => {
    const network = LayeredNetwork.fromSpec({
      inputs: 2, seed: 1,
      layers: [
        { type: 'dense', name: 'hidden', units: 3, activation: 'linear', init: 'xavier' },
        { type: 'batchnorm', name: 'bn', activation: 'sigmoid', shift: [0.1, 0.2, 0.3] },
        { type: 'dense', name: 'out', units: 1, activation: 'linear', init: 'xavier' },
      ],
    });
    const data = { inputs: matrixFromRows([[0.5, -1]]), targets: matrixFromRows([[1]]) };
    const result = layeredBackprop(network, data, 'squared');
    expect(result.nonFinite).toBeUndefined();
    expect(Number.isFinite(result.loss)).toBe(true);
    expect(Array.from(result.net[1])).toEqual([0.1, 0.2, 0.3]);
    expect(Array.from(result.gradients[0][0]).every((g) => g === 0)).toBe(true);
    const w = detectLayerPathologies(network, result);
    const bn = w.find((x) => x.code === 'batchnorm-batch-size');
    expect(bn?.layer).toBe('bn');
    expect(bn?.message).toContain('variance is 0');
  });

  it('flag saturated sigmoid channels and a vanishing gradient at the bottom of a deep sigmoid conv stack', () => {
    const conv = (name: string, C: number): LayerSpec => ({
      type: 'conv2d', name, filters: 2, kernel: 3, padding: 'same', activation: 'sigmoid', init: 'xavier',
      weights: Array.from({ length: 2 * C * 9 }, (_, i) => (i % 2 === 0 ? 0.3 : -0.2)), bias: [6, 6],
    });
    const layers: LayerSpec[] = [conv('c1', 1), conv('c2', 2), conv('c3', 2), conv('c4', 2), conv('c5', 2), { type: 'flatten', name: 'flat' },
      { type: 'dense', name: 'out', units: 2, activation: 'softmax', init: 'xavier' }];
    const network = LayeredNetwork.fromSpec({ inputs: [1, 4, 4], layers, seed: 4 });
    const data = dataOf(images(4, 16), 2);
    const w = detectLayerPathologies(network, layeredBackprop(network, data, 'cross-entropy'));
    expect(w.some((x) => x.code === 'saturated' && x.layer === 'c1')).toBe(true);
    expect(w.some((x) => x.code === 'vanishing-gradient' && x.layer === 'c1')).toBe(true);
  });
});
