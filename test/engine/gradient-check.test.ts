/**
 * The gradient check of report-json-v1: central differences against the fused back-propagation,
 * relative errors and thresholds, kinks, seeded sampling of large tensors, and speed.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { affordableGradCheckSamples, gradientCheck, Network, DEFAULT_THRESHOLDS, backprop, evaluateLoss } from '../../src/engine/index';
import type { LossKind } from '../../src/engine/spec';
import { loadDigits } from './digits';
import { data, layer, softsign, softsignWrongDf, spec, workedExample } from './helpers';
import { buildCase, HIDDEN, LOSSES, OUTPUT_FOR, randomCase } from './random-networks';

describe('the gradient check', () => {
  it('passes correct back-propagation through twelve sigmoid layers, whose first gradients are tiny, and still fails a wrong df there', () => {
    // Twelve sigmoid layers: the first layers' gradients are ~1e-7 … 1e-10, so a step of 1e-6 moves the loss
    // by its last digits only. Measured again with larger steps (Richardson), every entry passes.
    const rows = Array.from({ length: 12 }, (_, n) => [Math.sin(n + 1), Math.cos(2 * n + 1), ((n % 5) - 2) / 2, (n % 3) - 1]);
    const d = data(rows, rows.map(([a, b]) => [a * b > 0 ? 1 : 0, a + b > 0 ? 1 : 0]));
    const deep = (hidden: typeof softsign | 'sigmoid') => Network.fromSpec(spec(4, [
      ...Array.from({ length: 11 }, (_, i) => layer(`s${i + 1}`, 6, i === 0 ? hidden : 'sigmoid')),
      layer('out', 2, 'sigmoid'),
    ], 6));
    const network = deep('sigmoid');
    const first = backprop(network, d, 'squared').gradients.layers[0].weights;
    expect(Math.max(...Array.from(first, Math.abs))).toBeLessThan(1e-6);
    const result = gradientCheck(network, d, 'squared');
    expect(result.status).toBe('pass');
    expect(result.maxRelError).toBeLessThanOrEqual(DEFAULT_THRESHOLDS.gradCheckPass);
    // A wrong derivative in the first layer is still caught: it disagrees far beyond any rounding.
    const wrong = gradientCheck(deep(softsignWrongDf), d, 'squared');
    expect(wrong.status).toBe('fail');
    expect(wrong.entries.filter((e) => e.layerIndex === 0 && e.status === 'fail').length).toBeGreaterThan(0);
  });

  it('passes the 2-2-2 worked example, all 12 entries within 1e-6 (excellent with a step of 1e-5)', () => {
    const { spec: s, data: d, loss } = workedExample();
    const result = gradientCheck(Network.fromSpec(s), d, loss);
    expect(result.status).toBe('pass');
    expect(result.checked).toBe(12);
    expect(result.kinks).toBe(0);
    expect(result.maxRelError).toBeLessThan(1e-6);
    // The hidden gradients are ~5e-4 while the loss is ~0.3: float64 rounding of the loss limits
    // central differences with h = 1e-6 to about 1e-7 relative; a larger step is more precise here.
    const coarser = gradientCheck(Network.fromSpec(s), d, loss, { eps: 1e-5 });
    expect(coarser.excellent).toBe(true);
    expect(coarser.maxRelError).toBeLessThanOrEqual(DEFAULT_THRESHOLDS.gradCheckExcellent);
    const w5 = result.entries.find((e) => e.layer === 'output' && e.param === 'weights' && e.index[0] === 0 && e.index[1] === 0);
    expect(w5?.analytic).toBeCloseTo(0.082167041, 9);
    expect(w5?.numeric).toBeCloseTo(0.082167041, 8);
    expect(result.entries.map((e) => `${e.layerIndex}:${e.param}:${e.index.join(',')}`)).toEqual([
      '0:weights:0,0', '0:weights:0,1', '0:weights:1,0', '0:weights:1,1', '0:bias:0', '0:bias:1',
      '1:weights:0,0', '1:weights:0,1', '1:weights:1,0', '1:weights:1,1', '1:bias:0', '1:bias:1',
    ]);
  });

  it('passes correct gradients of networks with every activation and every loss', () => {
    let n = 0;
    for (const loss of LOSSES) {
      for (const outputActivation of OUTPUT_FOR[loss]) {
        for (const activation of HIDDEN) {
          const { network, data: d } = buildCase({
            seed: 300 + n++, inputs: 3, hidden: [{ units: 4, activation }], outputs: 3, outputActivation, loss, batch: 5, weightDecay: 0,
          });
          const result = gradientCheck(network, d, loss);
          const bad = result.entries.filter((e) => !e.kink && e.status !== 'pass');
          expect(bad, `${loss} ${JSON.stringify(outputActivation)} ${JSON.stringify(activation)}`).toEqual([]);
          expect(result.status).toBe('pass');
        }
      }
    }
  });

  it('computes the same numerical gradients as plain full forward passes at θ ± h, on random deeper networks', () => {
    fc.assert(fc.property(randomCase, fc.integer({ min: 0, max: 1000 }), (c, pick) => {
      const { network, data: d } = buildCase({ ...c, weightDecay: 0 });
      const eps = 1e-5;
      const result = gradientCheck(network, d, c.loss, { eps, maxEntriesPerTensor: 3, seed: pick });
      expect(result.checked).toBe(network.layers.reduce((n, l) => n + Math.min(3, l.weights.length) + Math.min(3, l.units), 0));
      for (const e of result.entries) {
        const l = network.layers[e.layerIndex];
        const values = e.param === 'weights' ? l.weights : l.bias;
        const i = e.param === 'weights' ? e.index[0] * l.fanIn + e.index[1] : e.index[0];
        const original = values[i];
        values[i] = original + eps;
        const plus = evaluateLoss(network, d, c.loss);
        values[i] = original - eps;
        const minus = evaluateLoss(network, d, c.loss);
        values[i] = original;
        const numeric = (plus - minus) / (2 * eps);
        expect(Math.abs(e.numeric - numeric), `${e.layer}.${e.param}[${e.index.join(',')}]`).toBeLessThan(1e-13 * Math.max(1, Math.abs(plus)) / eps);
      }
    }), { numRuns: 150, seed: 424242 });
  });

  it('finds no failures in correct random networks (kinks aside)', () => {
    fc.assert(fc.property(randomCase, (c) => {
      const { network, data: d } = buildCase({ ...c, weightDecay: 0 });
      const result = gradientCheck(network, d, c.loss);
      expect(result.status).not.toBe('fail');
    }), { numRuns: 150, seed: 777 });
  });

  it('fails a custom activation whose df is wrong, and points at its layer and those before it', () => {
    const build = (hiddenAct: typeof softsign) => Network.fromSpec(spec(2, [
      layer('first', 3, 'tanh', { weights: [[0.3, -0.8], [0.5, 0.2], [-0.6, 0.9]], bias: 0.1 }),
      layer('student', 3, hiddenAct, { weights: [[0.7, -0.4, 0.2], [0.1, 0.9, -0.5], [-0.3, 0.6, 0.8]], bias: [0.2, -0.1, 0.3] }),
      layer('output', 2, 'sigmoid', { weights: [[0.5, -0.5, 0.25], [-0.25, 0.75, 0.5]], bias: 0 }),
    ]));
    const d = data([[0.5, -1], [1.5, 0.3], [-0.7, 0.8]], [[0, 1], [1, 0], [1, 1]]);
    expect(gradientCheck(build(softsign), d, 'squared').status).toBe('pass');
    const result = gradientCheck(build(softsignWrongDf), d, 'squared');
    expect(result.status).toBe('fail');
    expect(result.maxRelError).toBeGreaterThan(DEFAULT_THRESHOLDS.gradCheckFail);
    const failingLayers = new Set(result.entries.filter((e) => e.status === 'fail').map((e) => e.layer));
    expect(failingLayers.has('student')).toBe(true);
    expect(failingLayers.has('output')).toBe(false); // the output layer's gradients do not pass through df
  });

  it('marks an entry whose relu input lies within ±h of 0 as a kink and does not fail it', () => {
    // net = 0.5·x + b = 3e-7 for x = 1; nudging the weight by ±1e-6 moves net across 0.
    const network = Network.fromSpec(spec(1, [
      layer('hidden', 1, 'relu', { weights: [[0.5]], bias: -0.5 + 3e-7 }),
      layer('output', 1, 'linear', { weights: [[2]], bias: 0 }),
    ]));
    const d = data([[1]], [[1]]);
    const result = gradientCheck(network, d, 'squared');
    const w = result.entries.find((e) => e.layer === 'hidden' && e.param === 'weights');
    const b = result.entries.find((e) => e.layer === 'hidden' && e.param === 'bias');
    expect(w?.kink).toBe(true);
    expect(b?.kink).toBe(true);
    expect(w?.relError).toBeGreaterThan(1e-2); // the finite difference straddles the kink…
    expect(result.kinks).toBe(2);
    expect(result.status).not.toBe('fail'); // …but is not counted as a failure
    expect(result.maxRelError).toBeLessThan(1e-2);
    const outB = result.entries.find((e) => e.layer === 'output' && e.param === 'bias');
    expect(outB?.kink).toBe(false);
    expect(outB?.status).toBe('pass');
    // Without the kink rule the same numbers would fail.
    expect(result.entries.filter((e) => e.kink).every((e) => e.relError > DEFAULT_THRESHOLDS.gradCheckFail)).toBe(true);
  });

  it('samples large tensors with a seed, checks every tensor, and restores the parameters exactly', () => {
    const network = Network.fromSpec(spec(20, [layer('wide', 30, 'tanh'), layer('out', 4, 'softmax')], 3));
    const before = network.layers.map((l) => [l.weights.slice(), l.bias.slice()]);
    const d = loadDigitsLike(network.inputs, 4, 12);
    const a = gradientCheck(network, d, 'cross-entropy', { maxEntriesPerTensor: 10 });
    const b = gradientCheck(network, d, 'cross-entropy', { maxEntriesPerTensor: 10 });
    const c = gradientCheck(network, d, 'cross-entropy', { maxEntriesPerTensor: 10, seed: 4 });
    expect(a.checked).toBe(10 + 10 + 10 + 4);
    expect(a.entries).toEqual(b.entries);
    expect(c.entries.map((e) => e.index)).not.toEqual(a.entries.map((e) => e.index));
    for (const [layerName, param] of [['wide', 'weights'], ['wide', 'bias'], ['out', 'weights'], ['out', 'bias']]) {
      expect(a.entries.some((e) => e.layer === layerName && e.param === param)).toBe(true);
    }
    expect(a.status).toBe('pass');
    network.layers.forEach((l, i) => {
      expect(l.weights).toEqual(before[i][0]);
      expect(l.bias).toEqual(before[i][1]);
    });
  });

  it('fails, and says NaN, when the network computes NaN', () => {
    const { spec: s, data: d, loss } = workedExample();
    const network = Network.fromSpec(s);
    network.layers[0].weights[1] = NaN;
    const result = gradientCheck(network, d, loss);
    expect(result.status).toBe('fail');
    expect(result.maxRelError).toBeNaN();
  });

  it('takes its thresholds and step as options', () => {
    const { spec: s, data: d, loss } = workedExample();
    const strict = gradientCheck(Network.fromSpec(s), d, loss, { thresholds: { pass: 1e-14, fail: 1e-13 } });
    expect(strict.status).toBe('fail');
    const coarse = gradientCheck(Network.fromSpec(s), d, loss, { eps: 0.5 });
    expect(coarse.eps).toBe(0.5);
    expect(coarse.maxRelError).toBeGreaterThan(1e-5);
  });

  // Its speed (the 200 ms budget) is measured by `npm run bench`, not here: timed unit tests lie on busy machines.
  it('checks every tensor of the digits 64-32-10 network on 1,437 samples, sampling the large ones', () => {
    const digits = loadDigits(1437);
    expect(digits.inputs.rows).toBe(1437);
    for (const hidden of ['tanh', 'relu'] as const) {
      const network = Network.fromSpec(spec(64, [layer('hidden', 32, hidden, { init: hidden === 'relu' ? 'he' : 'xavier' }), layer('output', 10, 'softmax')], 1));
      const result = gradientCheck(network, digits, 'cross-entropy');
      expect(result.checked).toBe(64 + 32 + 64 + 10);
      expect(result.status).toBe('pass');
    }
  });

  it('checks the loss of a seeded subset of samples: analytic is back-propagation of exactly that subset, and correct code passes', () => {
    const digits = loadDigits(600);
    const network = Network.fromSpec(spec(64, [layer('hidden', 32, 'tanh'), layer('output', 10, 'softmax')], 5));
    const result = gradientCheck(network, digits, 'cross-entropy', { samples: 40 });
    expect(result.samples).toBe(40);
    const picks = result.sampleIndices!;
    expect(picks).toHaveLength(40);
    expect(new Set(picks).size).toBe(40);
    picks.slice(1).forEach((n, i) => expect(n).toBeGreaterThan(picks[i]));
    expect(picks.every((n) => Number.isInteger(n) && n >= 0 && n < 600)).toBe(true);
    expect(gradientCheck(network, digits, 'cross-entropy', { samples: 40 }).sampleIndices).toEqual(picks);
    expect(gradientCheck(network, digits, 'cross-entropy', { samples: 40, seed: 9 }).sampleIndices).not.toEqual(picks);
    const subset = {
      inputs: { rows: 40, cols: 64, data: Float64Array.from(picks.flatMap((n) => Array.from(digits.inputs.data.subarray(n * 64, (n + 1) * 64)))) },
      targets: { rows: 40, cols: 10, data: Float64Array.from(picks.flatMap((n) => Array.from(digits.targets.data.subarray(n * 10, (n + 1) * 10)))) },
    };
    const exact = backprop(network, subset, 'cross-entropy').gradients.layers;
    for (const e of result.entries) {
      const g = exact[e.layerIndex];
      expect(e.analytic).toBe(e.param === 'weights' ? g.weights[e.index[0] * network.layers[e.layerIndex].fanIn + e.index[1]] : g.bias[e.index[0]]);
    }
    expect(result.status).toBe('pass');
    expect(result.maxRelError).toBeLessThan(1e-6);
    const all = gradientCheck(network, digits, 'cross-entropy');
    expect([all.samples, all.sampleIndices]).toEqual([600, undefined]);
  });

  it('still fails a wrong df when it checks a subset of the samples', () => {
    const build = (act: typeof softsign) => Network.fromSpec(spec(64, [layer('student', 12, act), layer('output', 10, 'softmax')], 2));
    const digits = loadDigits(300);
    expect(gradientCheck(build(softsign), digits, 'cross-entropy', { samples: 8 }).status).toBe('pass');
    const wrong = gradientCheck(build(softsignWrongDf), digits, 'cross-entropy', { samples: 8 });
    expect(wrong.samples).toBe(8);
    expect(wrong.status).toBe('fail');
    expect(wrong.entries.some((e) => e.layer === 'student' && e.status === 'fail')).toBe(true);
  });

  it('affords every sample of a small model and a shrinking subset of larger ones, from the shapes alone', () => {
    const small = Network.fromSpec(spec(4, [layer('hidden', 7, 'tanh'), layer('output', 3, 'softmax')], 1));
    expect(affordableGradCheckSamples(small, 120)).toBe(120);
    const deep = Network.fromSpec(spec(512, [layer('a', 512, 'relu'), layer('b', 512, 'relu'), layer('out', 10, 'softmax')], 1));
    const s = affordableGradCheckSamples(deep, 2560);
    expect(s).toBeGreaterThanOrEqual(16);
    expect(s).toBeLessThan(2560 / 2);
    expect(affordableGradCheckSamples(deep, 25600)).toBeGreaterThan(s);
    expect(affordableGradCheckSamples(deep, 10)).toBe(10); // never more samples than there are
  });

  it('finds the initial cross-entropy of a 10-class softmax net near −ln(0.1) = 2.302', () => {
    const network = Network.fromSpec(spec(64, [layer('output', 10, 'softmax', { init: { normal: [0, 0.001] } })], 1));
    const result = backprop(network, loadDigits(200), 'cross-entropy');
    expect(result.loss).toBeCloseTo(-Math.log(0.1), 2);
  });
});

function loadDigitsLike(inputs: number, outputs: number, rows: number) {
  const X: number[][] = [], T: number[][] = [];
  for (let r = 0; r < rows; r++) {
    X.push(Array.from({ length: inputs }, (_, c) => Math.sin(r * 1.7 + c * 0.31)));
    T.push(Array.from({ length: outputs }, (_, k) => (k === r % outputs ? 1 : 0)));
  }
  return data(X, T);
}

export type { LossKind };
