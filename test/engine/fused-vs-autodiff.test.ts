/**
 * The fused dense path agrees with the general autodiff (an independent implementation made of
 * small ops, each checked against central differences) on random networks: every activation,
 * every loss, batch sizes 1 to 16, with and without weight decay.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autodiffBackprop } from '../../src/engine/autodiff/nn';
import { backprop } from '../../src/engine/index';
import { buildCase, HIDDEN, LOSSES, OUTPUT_FOR, randomCase, type RandomCase } from './random-networks';



function expectArrayClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rel = 1e-9): void {
  expect(actual.length, what).toBe(expected.length);
  let scale = 1;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= rel * scale)) expect.fail(`${what}[${i}]: fused ${actual[i]} vs autodiff ${expected[i]}`);
  }
}

describe('the fused path agrees with the autodiff reference', () => {
  it('on random networks: loss, outputs, every gradient, and net/out/delta of every sample', () => {
    fc.assert(fc.property(randomCase, (c) => {
      const { network, data: d } = buildCase(c);
      const fused = backprop(network, d, c.loss, { recordSamples: c.batch, weightDecay: c.weightDecay });
      const ref = autodiffBackprop(network, d, c.loss, { weightDecay: c.weightDecay });
      expect(fused.nonFinite).toBeUndefined();
      expectArrayClose([fused.loss], [ref.loss], 'loss');
      expectArrayClose(fused.outputs.data, ref.outputs, 'outputs');
      network.layers.forEach((l, i) => {
        expectArrayClose(fused.gradients.layers[i].weights, ref.gradients[i].weights, `${l.name}.dW`);
        expectArrayClose(fused.gradients.layers[i].bias, ref.gradients[i].bias, `${l.name}.db`);
        const trace = (fused.traces ?? [])[i];
        expectArrayClose(trace.net.data, ref.net[i], `${l.name}.net`);
        expectArrayClose(trace.out.data, ref.out[i], `${l.name}.out`);
        expectArrayClose(trace.delta.data, ref.delta[i], `${l.name}.delta`);
      });
    }), { numRuns: 300, seed: 20240611 });
  });

  it('covers every loss with every allowed output activation and every hidden activation', () => {
    let cases = 0;
    for (const loss of LOSSES) {
      for (const outputActivation of OUTPUT_FOR[loss]) {
        for (const activation of HIDDEN) {
          for (const batch of [1, 7, 16]) {
            const c: RandomCase = {
              seed: ++cases, inputs: 3, hidden: [{ units: 4, activation }, { units: 3, activation }],
              outputs: 3, outputActivation, loss, batch, weightDecay: 0,
            };
            const { network, data: d } = buildCase(c);
            const fused = backprop(network, d, loss, { recordSamples: batch });
            const ref = autodiffBackprop(network, d, loss);
            expectArrayClose([fused.loss], [ref.loss], `${loss}/${String(outputActivation)}/${String(activation)} loss`);
            network.layers.forEach((l, i) => {
              expectArrayClose(fused.gradients.layers[i].weights, ref.gradients[i].weights, `${l.name}.dW`);
              expectArrayClose(fused.gradients.layers[i].bias, ref.gradients[i].bias, `${l.name}.db`);
              expectArrayClose((fused.traces ?? [])[i].delta.data, ref.delta[i], `${l.name}.delta`);
            });
          }
        }
      }
    }
    expect(cases).toBe(3 * 7 * (7 + 7 + 2 + 2));
  });
});
