/**
 * The conv step card's per-sample conv gradients are no part of an analysis (an analysis made with the
 * card closed carries none): the card asks for one sample's of one layer, and the worker answers from
 * the document's last analysis with the numbers the analysis used to carry for every sample (the conv
 * layer's backward of δₙ alone on the analysis pass' im2col, the former per-analysis computation,
 * written out below as the oracle), whose mean is the batch's ∂L/∂W.
 */
import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { Conv2dLayer, LayeredNetwork, layeredBackprop } from '../../src/engine';
import type { Analysis } from '../../src/analysis/types';
import type { ConvSampleGradients } from '../../src/shared/layeredViews';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { isProblem, type WorkerDocument } from '../../src/worker/workerProtocol';
import { exampleFile, exampleText } from '../teaching/helpers';
import { IMAGES } from '../webview/layeredFixture';

/** Two conv layers, the second one's δ coupled across the batch by the batch norm after it. */
const TEXT = JSON.stringify({
  inputs: [1, 4, 4], seed: 5,
  layers: [
    { name: 'conv', type: 'conv2d', filters: 2, kernel: 3, padding: 1, activation: 'tanh' },
    { name: 'pool', type: 'maxpool2d', size: 2 },
    { name: 'conv2', type: 'conv2d', filters: 3, kernel: 2, padding: 1, activation: 'relu' },
    { name: 'norm', type: 'batchnorm' },
    { type: 'flatten' },
    { name: 'out', units: 2, activation: 'softmax' },
  ],
  loss: 'cross-entropy',
  data: { inputs: IMAGES, targets: [[1, 0], [0, 1], [1, 0]] },
  train: { optimizer: 'sgd', learningRate: 0.5, batchSize: 3, epochs: 2 },
});

const DOCUMENT: WorkerDocument = { uri: 'file:///views.nn.json', version: 1, text: TEXT, fileName: '/views.nn.json', settings: DEFAULT_ANALYSIS_SETTINGS };

function worker(): { store: SessionStore; teaching: TeachingRequests } {
  const store = new SessionStore(openSession);
  return { store, teaching: new TeachingRequests(store) };
}

/**
 * The former per-analysis computation: on a copy of the analysed network, the analysis pass over the
 * training set, then per sample n the conv layer's backward of δ with every row but n's zero (scale 1)
 * for ∂Lₙ/∂W, and its backward of the recorded rows for ∂Lₙ/∂x.
 */
function formerGradients(network: LayeredNetwork, copy: (n: LayeredNetwork) => LayeredNetwork, layer: number): { weights: number[][]; input: number[][] } {
  const probe = copy(network);
  const data = { inputs: { rows: 3, cols: 16, data: Float64Array.from(IMAGES.flat()) }, targets: { rows: 3, cols: 2, data: Float64Array.from([1, 0, 0, 1, 1, 0]) } };
  const result = layeredBackprop(probe, data, 'cross-entropy');
  const conv = probe.layers[layer] as Conv2dLayer;
  const x = layer === 0 ? data.inputs.data : result.out[layer - 1];
  const delta = result.delta[layer];
  const scratch = () => conv.params.map((p) => new Float64Array(p.values.length));
  const dx = new Float64Array(3 * conv.inSize);
  conv.backward(x, 3, delta.slice(0, 3 * conv.outSize), dx, scratch(), 0);
  const weights: number[][] = [];
  for (let n = 0; n < 3; n++) {
    const only = new Float64Array((n + 1) * conv.outSize);
    only.set(delta.subarray(n * conv.outSize, (n + 1) * conv.outSize), n * conv.outSize);
    const grads = scratch();
    conv.backward(x, n + 1, only, undefined, grads, 1);
    weights.push(Array.from(grads[0]));
  }
  return { weights, input: [0, 1, 2].map((n) => Array.from(dx.subarray(n * conv.inSize, (n + 1) * conv.inSize))) };
}

const close = (actual: number, expected: number, what: string) => {
  if (!(Math.abs(actual - expected) <= 1e-12 * Math.max(1, Math.abs(expected)))) expect.fail(`${what}: ${actual} vs ${expected}`);
};

describe('the conv step card\'s per-sample conv gradients', () => {
  it('are not in an analysis made while the card is closed', () => {
    const { store } = worker();
    const analysis = store.analyse(DOCUMENT).analysis!;
    expect(analysis.layeredViews!.layers).toHaveLength(6);
    for (const layer of analysis.layeredViews!.layers) expect(Object.keys(layer)).not.toContain('convGradients');
  });

  it('asked for by the open card, are each sample\'s own ∂Lₙ/∂W and ∂Lₙ/∂x with the numbers the analysis used to carry', () => {
    const { store, teaching } = worker();
    const session = store.get(DOCUMENT).session!;
    const analysis = store.analyse(DOCUMENT).analysis!;
    for (const layer of [0, 2]) {
      const former = formerGradients(session.anyNetwork as LayeredNetwork, (n) => session.copy(n) as LayeredNetwork, layer);
      for (let n = 0; n < 3; n++) {
        const answer = teaching.convGradients(DOCUMENT, layer, n) as ConvSampleGradients;
        expect(isProblem(answer)).toBe(false);
        expect([answer.layer, answer.sample, answer.step]).toEqual([layer, n, analysis.step]);
        expect(answer.weights).toHaveLength(former.weights[n].length);
        answer.weights!.forEach((g, q) => close(g, former.weights[n][q], `layer ${layer} ∂L${n}/∂W[${q}]`));
        expect(answer.input).toHaveLength(former.input[n].length);
        answer.input.forEach((g, i) => close(g, former.input[n][i], `layer ${layer} ∂L${n}/∂x[${i}]`));
      }
    }
  });

  it('average over the samples to the batch\'s ∂L/∂W, and the first layer\'s ∂Lₙ/∂x is the saliency map', () => {
    const { store, teaching } = worker();
    const analysis: Analysis = store.analyse(DOCUMENT).analysis!;
    const answers = [0, 1, 2].map((n) => teaching.convGradients(DOCUMENT, 0, n) as ConvSampleGradients);
    (analysis.layers[0].weights.grad as number[][]).flat().forEach((g, q) => {
      close((answers[0].weights![q] + answers[1].weights![q] + answers[2].weights![q]) / 3, g, `mean ∂Lₙ/∂W[${q}]`);
    });
    expect(answers[0].weights).not.toEqual(answers[1].weights);
    answers.forEach((a, n) => expect(a.input).toEqual(analysis.layeredViews!.inputGradient[n]));
  });

  it('describe the analysis on screen while the session trains on, until the next analysis', async () => {
    const { store, teaching } = worker();
    const before = store.analyse(DOCUMENT).analysis!;
    const first = teaching.convGradients(DOCUMENT, 0, 1) as ConvSampleGradients;
    await store.get(DOCUMENT).session!.train({ steps: 2, history: 'none' });
    expect(teaching.convGradients(DOCUMENT, 0, 1)).toEqual(first);
    const after = store.analyse(DOCUMENT).analysis!;
    const moved = teaching.convGradients(DOCUMENT, 0, 1) as ConvSampleGradients;
    expect([before.step, after.step, moved.step]).toEqual([0, 2, 2]);
    expect(moved.weights).not.toEqual(first.weights);
  });

  it('of a layer that is no conv, or a sample the analysis does not hold, are a problem for people', () => {
    const { teaching } = worker();
    const pool = teaching.convGradients(DOCUMENT, 1, 0);
    expect(isProblem(pool) && pool.problem).toBe('layer 2 is not a conv layer.');
    const missing = teaching.convGradients(DOCUMENT, 0, 3);
    expect(isProblem(missing) && missing.problem).toBe('the analysis holds no sample 4 of layer conv.');
    const dense = teaching.convGradients({ ...DOCUMENT, uri: 'file:///xor.nn.json', text: exampleText('xor.nn.json'), fileName: exampleFile('xor.nn.json') }, 0, 0);
    expect(isProblem(dense) && dense.problem).toBe('only a model with conv layers has conv gradients.');
  });
});
