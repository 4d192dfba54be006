/**
 * The fused layers (conv2d via im2col and the dense kernels, pooling, flatten, dropout, batch norm,
 * stand-alone activations) agree with the autodiff reference (direct-loop conv and pooling ops, batch
 * norm composed of small ops) on random networks: random shapes, strides 1–3, paddings 0/1/"same",
 * non-square kernels, every loss, with and without weight decay; in training and evaluation mode.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { autodiffLayeredBackprop } from '../../src/engine/autodiff/layered';
import { EVALUATION } from '../../src/engine/layers/layer';
import { layeredBackprop } from '../../src/engine/layers/pass';
import { buildLayeredCase, layeredCase } from './random-layered';

function expectArrayClose(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string, rel = 1e-9): void {
  expect(actual.length, what).toBe(expected.length);
  let scale = 1e-3;
  for (let i = 0; i < expected.length; i++) scale = Math.max(scale, Math.abs(expected[i]));
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]);
    if (!(d <= rel * scale)) expect.fail(`${what}[${i}]: fused ${actual[i]} vs autodiff ${expected[i]}`);
  }
}

describe('the fused layers agree with the autodiff reference', () => {
  it('in training mode on random conv networks: loss, outputs, every gradient, net/out/delta of every layer', () => {
    fc.assert(fc.property(layeredCase, (c) => {
      const { network, data } = buildLayeredCase(c);
      const fused = layeredBackprop(network, data, c.loss, { weightDecay: c.weightDecay });
      const ref = autodiffLayeredBackprop(network, data, c.loss, { weightDecay: c.weightDecay });
      if (fused.nonFinite) return; // a genuinely non-finite loss (ln 0) is tested elsewhere
      expectArrayClose([fused.loss], [ref.loss], 'loss');
      expectArrayClose(fused.outputs, ref.outputs, 'outputs');
      network.layers.forEach((l, i) => {
        l.params.forEach((p, k) => expectArrayClose(fused.gradients[i][k], ref.gradients[i][k], `${l.name}(${l.type}).${p.name} gradient`));
        expectArrayClose(fused.net[i], ref.net[i], `${l.name}(${l.type}).net`);
        expectArrayClose(fused.out[i], ref.out[i], `${l.name}(${l.type}).out`);
        expectArrayClose(fused.delta[i], ref.delta[i], `${l.name}(${l.type}).delta`);
      });
    }), { numRuns: 150, seed: 20261206 });
  });

  it('in evaluation mode (dropout off, batch norm on running statistics)', () => {
    fc.assert(fc.property(layeredCase, (c) => {
      const { network, data } = buildLayeredCase(c);
      layeredBackprop(network, data, c.loss); // one training pass moves the running statistics away from 0 and 1
      const fused = layeredBackprop(network, data, c.loss, { mode: EVALUATION });
      const ref = autodiffLayeredBackprop(network, data, c.loss, { training: false });
      if (fused.nonFinite) return;
      expectArrayClose([fused.loss], [ref.loss], 'loss');
      network.layers.forEach((l, i) => {
        l.params.forEach((p, k) => expectArrayClose(fused.gradients[i][k], ref.gradients[i][k], `${l.name}(${l.type}).${p.name} gradient`));
        expectArrayClose(fused.delta[i], ref.delta[i], `${l.name}(${l.type}).delta`);
      });
    }), { numRuns: 60, seed: 7 });
  });
});
