/**
 * The panel's image views of a layered model come from the engine in the worker: the input gradient
 * (saliency) is each sample's own ∂Lₙ/∂x, max pooling names the input of each window that took the
 * maximum, once training moved, the first weights are the file's; a conv layer's per-sample gradients are
 * not part of an analysis (test/worker/conv-sample-gradients.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { ModelSession } from '../../src/analysis/modelSession';
import { LayeredNetwork, layeredEvaluateLoss, matrix } from '../../src/engine';
import { TRAINING } from '../../src/engine/layers/layer';

const INPUTS = [
  new Array(16).fill(0).map((_, i) => ((i * 7) % 11) / 10),
  new Array(16).fill(0).map((_, i) => ((i * 5) % 13) / 12),
  new Array(16).fill(0).map((_, i) => ((i * 3) % 7) / 6),
];
const TEXT = `{
  "inputs": [1, 4, 4], "seed": 5,
  "layers": [
    { "name": "conv", "type": "conv2d", "filters": 2, "kernel": 3, "padding": 1, "activation": "tanh" },
    { "name": "pool", "type": "maxpool2d", "size": 2 },
    { "type": "flatten" },
    { "name": "out", "units": 2, "activation": "softmax" }
  ],
  "loss": "cross-entropy",
  "data": { "inputs": ${JSON.stringify(INPUTS)}, "targets": [[1, 0], [0, 1], [1, 0]] },
  "train": { "optimizer": "sgd", "learningRate": 0.5, "batchSize": 3, "epochs": 2 }
}`;

function open() {
  const { session } = ModelSession.open(TEXT, 'views.nn.json', DEFAULT_ANALYSIS_SETTINGS);
  return session!;
}

describe('the layered views of an analysis', () => {
  it('give each sample\'s input gradient, as central differences of that sample\'s loss say', () => {
    const session = open();
    const analysis = session.analyse().analysis!;
    const network = session.anyNetwork as LayeredNetwork;
    const lossOfSample = (n: number, x: number[]) => {
      const copy = session.copy(network) as LayeredNetwork;
      return layeredEvaluateLoss(copy, { inputs: matrix(1, 16, Float64Array.from(x)), targets: matrix(1, 2, Float64Array.from(analysis.sampleTargets[n])) }, 'cross-entropy', TRAINING);
    };
    const h = 1e-6;
    for (let n = 0; n < 3; n++) {
      for (const i of [0, 5, 10, 15]) {
        const plus = [...INPUTS[n]], minus = [...INPUTS[n]];
        plus[i] += h; minus[i] -= h;
        const numeric = (lossOfSample(n, plus) - lossOfSample(n, minus)) / (2 * h);
        expect(analysis.layeredViews!.inputGradient[n][i]).toBeCloseTo(numeric, 7);
      }
    }
  });

  it('route every max-pool output to the input that holds the maximum of its window', () => {
    const analysis = open().analyse().analysis!;
    const routing = analysis.layeredViews!.layers[1].routing!;
    const poolIn = analysis.layers[0].out, poolOut = analysis.layers[1].out;
    expect(routing).toHaveLength(3);
    for (let n = 0; n < 3; n++) {
      poolOut[n].forEach((value, k) => {
        const at = routing[n][k];
        const [c, i, j] = [Math.floor(k / 4), Math.floor((k % 4) / 2), k % 2];
        const window = [0, 1].flatMap((u) => [0, 1].map((v) => c * 16 + (2 * i + u) * 4 + (2 * j + v)));
        expect(window).toContain(at);
        expect(poolIn[n][at]).toBe(value);
        expect(value).toBe(Math.max(...window.map((w) => poolIn[n][w])));
      });
    }
    expect(analysis.layeredViews!.layers[0].routing).toBeUndefined();
  });

  it('hold the file\'s weights as the first weights once training has taken a step, and none before', async () => {
    const session = open();
    const before = session.analyse().analysis!;
    expect(before.layeredViews!.layers[0].initialWeights).toBeUndefined();
    await session.train({ steps: 2, history: 'none' });
    const after = session.analyse().analysis!;
    expect(after.layeredViews!.layers[0].initialWeights).toEqual(before.layers[0].weights.value);
    expect(after.layeredViews!.layers[3].initialWeights).toEqual(before.layers[3].weights.value);
    expect(after.layers[0].weights.value).not.toEqual(before.layers[0].weights.value);
    expect(after.layeredViews!.layers[1].initialWeights).toBeUndefined();
  });

  it('carry no conv layer\'s per-sample gradients: the conv step card asks for one sample\'s when it shows them', () => {
    const analysis = open().analyse().analysis!;
    for (const layer of analysis.layeredViews!.layers) expect(Object.keys(layer)).not.toContain('convGradients');
  });
});
