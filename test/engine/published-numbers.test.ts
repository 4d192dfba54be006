/**
 * The published, hand-checkable numbers of ../shared/notes/oracles.md (copied into this test as
 * literals), asserted to 1e-9 unless the source gives fewer digits.
 */
import { describe, expect, it } from 'vitest';
import { backprop, Network, Trainer, evaluateLoss, matrixToRows } from '../../src/engine/index';
import {
  add, constant, log, mean, mul, neg, pow, relu, scalar, sub, sum, tanh, tensor,
} from '../../src/engine/autodiff/index';
import { autodiffBackprop } from '../../src/engine/autodiff/nn';
import { data, layer, spec, trainSpec, workedExample } from './helpers';

function expectClose(actual: number, expected: number, tol = 1e-9): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(tol);
}

/**
 * A published figure agrees to the digits it was printed with: 1e-9, or half a unit in its last
 * printed decimal when the source gives fewer digits (0.19956143 is known to ±5e-9 only).
 */
function expectPublished(actual: number, published: number): void {
  const decimals = (String(published).split('.')[1] ?? '').length;
  expectClose(actual, published, Math.max(1e-9, 0.5 * 10 ** -decimals) * (1 + 1e-9));
}

function expectRowsPublished(actual: number[][], expected: number[][]): void {
  expect(actual.length).toBe(expected.length);
  actual.forEach((row, r) => row.forEach((v, c) => expectPublished(v, expected[r][c])));
}

function rows(a: Float64Array, cols: number): number[][] {
  const out: number[][] = [];
  for (let i = 0; i < a.length; i += cols) out.push(Array.from(a.subarray(i, i + cols)));
  return out;
}

describe('the 2-2-2 worked example (Mazur 2015)', () => {
  const published = {
    netH1: 0.3775, outH1: 0.593269992, outH2: 0.596884378,
    netO1: 1.105905967, outO1: 0.75136507, outO2: 0.772928465,
    eO1: 0.274811083, eO2: 0.023560026, eTotal: 0.298371109,
    deltaO1: 0.138498562, dEdW5: 0.082167041,
    gradOutput: [[0.08216704056, 0.08266762785], [-0.02260254048, -0.02274024222]],
    gradHidden: [[0.00043856773, 0.00087713547], [0.00049771274, 0.00099542547]],
    gradBiasHidden: [0.00877135469, 0.00995425471],
    gradBiasOutput: [0.13849856163, -0.03809823652],
    outputAfter: [[0.35891648, 0.408666186], [0.511301270, 0.561370121]],
    hiddenAfter: [[0.149780716, 0.19956143], [0.24975114, 0.29950229]],
  };

  it('reproduces the forward values and E_total', () => {
    const { spec: s, data: d, loss } = workedExample();
    const result = backprop(Network.fromSpec(s), d, loss, { recordSamples: 1 });
    const [hidden, output] = result.traces ?? [];
    expectClose(hidden.net.data[0], 0.05 * 0.15 + 0.10 * 0.20 + 0.35, 1e-15); // 0.3775 exactly
    expectPublished(hidden.net.data[0], published.netH1);
    expectPublished(hidden.out.data[0], published.outH1);
    expectPublished(hidden.out.data[1], published.outH2);
    expectPublished(output.net.data[0], published.netO1);
    expectPublished(output.out.data[0], published.outO1);
    expectPublished(output.out.data[1], published.outO2);
    expectPublished(result.loss, published.eTotal);
    // The per-output errors E_o = ½(t − o)².
    expectPublished(0.5 * (0.01 - output.out.data[0]) ** 2, published.eO1);
    expectPublished(0.5 * (0.99 - output.out.data[1]) ** 2, published.eO2);
  });

  it('gives the published output delta and every gradient, on the fused path and with autodiff', () => {
    const { spec: s, data: d, loss } = workedExample();
    const network = Network.fromSpec(s);
    const fused = backprop(network, d, loss, { recordSamples: 1 });
    const ad = autodiffBackprop(network, d, loss);
    expectPublished((fused.traces ?? [])[1].delta.data[0], published.deltaO1);
    expectPublished(ad.delta[1][0], published.deltaO1);
    for (const g of [fused.gradients.layers.map((l) => ({ w: l.weights, b: l.bias })), ad.gradients.map((l) => ({ w: l.weights, b: l.bias }))]) {
      expectPublished(g[1].w[0], published.dEdW5);
      expectRowsPublished(rows(g[1].w, 2), published.gradOutput);
      expectRowsPublished(rows(g[0].w, 2), published.gradHidden);
      expectRowsPublished([Array.from(g[0].b)], [published.gradBiasHidden]);
      expectRowsPublished([Array.from(g[1].b)], [published.gradBiasOutput]);
    }
  });

  it('gives the published weights after one SGD step at learning rate 0.5', () => {
    const { spec: s, data: d, loss } = workedExample();
    const network = Network.fromSpec(s);
    const trainer = new Trainer(network, d, loss, trainSpec({ optimizer: 'sgd', learningRate: 0.5, batchSize: 1, shuffle: false }));
    const step = trainer.step();
    expectPublished(step.loss, published.eTotal);
    expectRowsPublished(network.layers[1].weightRows(), published.outputAfter);
    expectRowsPublished(network.layers[0].weightRows(), published.hiddenAfter);
    // Biases are updated too (the article does not): b ← b − 0.5·∂E/∂b.
    const b0 = network.layers[0].bias, b1 = network.layers[1].bias;
    published.gradBiasHidden.forEach((g, u) => expectClose(b0[u], 0.35 - 0.5 * g, 1e-9));
    published.gradBiasOutput.forEach((g, u) => expectClose(b1[u], 0.6 - 0.5 * g, 1e-9));
  });
});

describe('a single tanh neuron (Karpathy, micrograd lecture)', () => {
  it('has o = 0.7071 and the published input and weight gradients', () => {
    const x1 = scalar(2), x2 = scalar(0), w1 = scalar(-3), w2 = scalar(1), b = scalar(6.8813735870195432);
    const o = tanh(add(add(mul(x1, w1), mul(x2, w2)), b));
    o.backward();
    expectClose(o.item(), Math.SQRT1_2, 1e-9);
    expect(o.item().toFixed(4)).toBe('0.7071');
    expectClose(x1.grad?.[0] ?? NaN, -1.5, 1e-9);
    expectClose(w1.grad?.[0] ?? NaN, 1.0, 1e-9);
    expectClose(x2.grad?.[0] ?? NaN, 0.5, 1e-9);
    expectClose(w2.grad?.[0] ?? NaN, 0.0, 1e-9);
  });

  it('gives the same numbers as a one-unit tanh network on the fused path', () => {
    const network = Network.fromSpec(spec(2, [layer('neuron', 1, 'tanh', { weights: [[-3, 1]], bias: 6.8813735870195432 })]));
    // For L = ½(t − o)² with t = o − 1, ∂L/∂o = 1, so the gradients are ∂o/∂w.
    const out = 0.7071067811865476;
    const result = backprop(network, data([[2, 0]], [[out - 1]]), 'squared');
    expectClose(result.outputs.data[0], out, 1e-9);
    expectClose(result.gradients.layers[0].weights[0], 1.0, 1e-9);
    expectClose(result.gradients.layers[0].weights[1], 0.0, 1e-9);
  });
});

describe("micrograd's sanity expression", () => {
  it('gives y = −20 and dy/dx = 46, with x used many times', () => {
    const x = scalar(-4);
    const z = add(add(mul(2, x), 2), x);
    const q = add(relu(z), mul(z, x));
    const h = relu(mul(z, z));
    const y = add(add(h, q), mul(q, x));
    y.backward();
    expectClose(y.item(), -20, 1e-12);
    expectClose(x.grad?.[0] ?? NaN, 46, 1e-12);
  });
});

describe('squared error versus cross-entropy (McCaffrey 2013)', () => {
  const targets = [[0, 0, 1], [0, 1, 0], [1, 0, 0]];
  const net1 = [[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]];
  const net2 = [[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]];

  /** A linear 3-3 identity network outputs its inputs, so the engine's losses see these outputs. */
  const identity = (): Network => Network.fromSpec(spec(3, [
    layer('out', 3, 'linear', { weights: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], bias: 0 }),
  ]));

  it('has average cross-entropy 1.3784 vs 0.6391', () => {
    expectPublished(evaluateLoss(identity(), data(net1, targets), 'cross-entropy'), 1.3784);
    expectPublished(evaluateLoss(identity(), data(net2, targets), 'cross-entropy'), 0.6391);
    expectClose(evaluateLoss(identity(), data(net1, targets), 'cross-entropy'), -(Math.log(0.4) + Math.log(0.4) + Math.log(0.1)) / 3);
  });

  it('has average Σ(t − o)² per item 0.81 vs 0.34 (= 2 × the squared loss = K × mse)', () => {
    for (const kind of ['squared', 'mse'] as const) {
      const factor = kind === 'squared' ? 2 : 3;
      const a = factor * evaluateLoss(identity(), data(net1, targets), kind);
      const b = factor * evaluateLoss(identity(), data(net2, targets), kind);
      expectPublished(a, 0.81);
      expectPublished(b, 0.34);
      expectClose(a, (0.54 + 0.54 + 1.34) / 3, 1e-12); // the unrounded value
      expectClose(b, (0.14 + 0.14 + 0.74) / 3, 1e-12);
    }
  });

  it('computes the same averages with the autodiff ops', () => {
    for (const [outs, ce, sq] of [[net1, 1.3784, 0.81], [net2, 0.6391, 0.34]] as const) {
      const o = tensor(outs.flat(), [3, 3]);
      const t = constant(targets.flat(), [3, 3]);
      expectPublished(neg(mean(sum(mul(t, log(o)), 1))).item(), ce);
      expectPublished(mean(sum(pow(sub(t, o), 2), 1)).item(), sq);
    }
  });

  it('with softmax and cross-entropy the output signal is o − t (the o(1 − o) factor cancels)', () => {
    const network = Network.fromSpec(spec(3, [
      layer('out', 3, 'softmax', { weights: [[1, 0, 0], [0, 1, 0], [0, 0, 1]], bias: 0 }),
    ]));
    const d = data(net1, targets);
    const result = backprop(network, d, 'cross-entropy', { recordSamples: 3 });
    const trace = (result.traces ?? [])[0];
    const out = matrixToRows(trace.out), delta = matrixToRows(trace.delta);
    delta.forEach((row, n) => row.forEach((v, k) => expectClose(v, out[n][k] - targets[n][k], 1e-12)));
  });
});
