/**
 * The fused path agrees with TensorFlow.js (cpu backend, float32, so about 1e-4 relative) on random
 * networks: every activation, every loss, batch sizes 1 to 16. TensorFlow.js is used from tests only.
 */
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { backprop, type Network } from '../../src/engine/index';
import type { ActivationSpec, DataSet, LossKind } from '../../src/engine/spec';
import { createRng } from './helpers';
import { buildCase, HIDDEN, OUTPUT_FOR, type RandomCase } from './random-networks';

beforeAll(async () => {
  await tf.setBackend('cpu');
  await tf.ready();
});

function tfActivation(x: tf.Tensor2D, a: ActivationSpec): tf.Tensor2D {
  if (typeof a === 'object') return x.div(x.abs().add(1)); // softsign, the only custom activation used here
  switch (a) {
    case 'linear': return x;
    case 'sigmoid': return tf.sigmoid(x);
    case 'tanh': return tf.tanh(x);
    case 'relu': return tf.relu(x);
    case 'leaky-relu': return tf.leakyRelu(x, 0.01);
    case 'softmax': return tf.softmax(x);
    default: throw new Error(String(a));
  }
}

function tfLoss(kind: LossKind, net: tf.Tensor2D, o: tf.Tensor2D, t: tf.Tensor2D, outAct: ActivationSpec): tf.Scalar {
  switch (kind) {
    case 'squared': return tf.mean(tf.sum(tf.square(tf.sub(t, o)), 1).mul(0.5)) as tf.Scalar;
    case 'mse': return tf.mean(tf.square(tf.sub(t, o))) as tf.Scalar;
    case 'cross-entropy':
      return tf.neg(tf.mean(tf.sum(tf.mul(t, outAct === 'softmax' ? tf.logSoftmax(net) : tf.log(o)), 1))) as tf.Scalar;
    case 'binary-cross-entropy':
      return tf.neg(tf.mean(tf.sum(tf.add(tf.mul(t, tf.log(o)), tf.mul(tf.sub(1, t), tf.log(tf.sub(1, o)))), 1))) as tf.Scalar;
    default: throw new Error(String(kind));
  }
}

/** Loss and parameter gradients computed by TensorFlow.js in float32. */
function tfBackprop(network: Network, d: DataSet, kind: LossKind): { loss: number; grads: Float64Array[] } {
  let result: { loss: number; grads: Float64Array[] } = { loss: NaN, grads: [] };
  tf.tidy(() => {
    const x = tf.tensor2d(Float32Array.from(d.inputs.data), [d.inputs.rows, d.inputs.cols], 'float32');
    const t = tf.tensor2d(Float32Array.from(d.targets.data), [d.targets.rows, d.targets.cols], 'float32');
    const params: tf.Tensor[] = network.layers.flatMap((l) => [
      tf.tensor2d(Float32Array.from(l.weights), [l.units, l.fanIn], 'float32'), tf.tensor1d(Float32Array.from(l.bias), 'float32'),
    ]);
    const f = (...ps: tf.Tensor[]): tf.Scalar => {
      let a = x as tf.Tensor2D;
      let net = a;
      network.layers.forEach((l, i) => {
        net = tf.add(tf.matMul(a, ps[2 * i] as tf.Tensor2D, false, true), ps[2 * i + 1]) as tf.Tensor2D;
        a = tfActivation(net, l.activation);
      });
      return tfLoss(kind, net, a, t, network.layers[network.layers.length - 1].activation);
    };
    const { value, grads } = tf.valueAndGrads(f)(params);
    result = { loss: value.dataSync()[0], grads: grads.map((g) => Float64Array.from(g.dataSync())) };
  });
  return result;
}

function expectFloat32Close(actual: ArrayLike<number>, expected: ArrayLike<number>, what: string): void {
  let scale = 0;
  for (let i = 0; i < actual.length; i++) scale = Math.max(scale, Math.abs(actual[i]));
  const tol = 1e-4 * scale + 1e-6;
  for (let i = 0; i < actual.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= tol)) expect.fail(`${what}[${i}]: fused ${actual[i]} vs tfjs ${expected[i]} (tolerance ${tol})`);
  }
}

describe('the fused path agrees with TensorFlow.js (float32)', () => {
  it('for every loss, output activation and hidden activation, at batch sizes 1 to 16', () => {
    const rng = createRng(99, 'tfjs-cases');
    let cases = 0;
    for (const loss of Object.keys(OUTPUT_FOR) as LossKind[]) {
      for (const outputActivation of OUTPUT_FOR[loss]) {
        for (const activation of HIDDEN) {
          const batch = 1 + (cases % 16);
          const c: RandomCase = {
            seed: 1000 + cases, inputs: 1 + rng.int(4),
            hidden: [{ units: 2 + rng.int(5), activation }, { units: 1 + rng.int(5), activation: HIDDEN[rng.int(HIDDEN.length)] }],
            outputs: 2 + rng.int(3), outputActivation, loss, batch, weightDecay: 0,
          };
          cases++;
          const { network, data } = buildCase(c);
          const fused = backprop(network, data, loss);
          const ref = tfBackprop(network, data, loss);
          const label = `${loss}/${String(typeof outputActivation === 'object' ? 'softsign' : outputActivation)}/${typeof activation === 'object' ? 'softsign' : activation} batch ${batch}`;
          expectFloat32Close([fused.loss], [ref.loss], `${label} loss`);
          network.layers.forEach((l, i) => {
            expectFloat32Close(fused.gradients.layers[i].weights, ref.grads[2 * i], `${label} ${l.name}.dW`);
            expectFloat32Close(fused.gradients.layers[i].bias, ref.grads[2 * i + 1], `${label} ${l.name}.db`);
          });
        }
      }
    }
    expect(cases).toBe(7 * (7 + 7 + 2 + 2));
  });

  it('on 64 more random networks of every batch size from 1 to 16', () => {
    const rng = createRng(5, 'tfjs-random');
    const losses: LossKind[] = ['squared', 'mse', 'cross-entropy', 'binary-cross-entropy'];
    for (let i = 0; i < 64; i++) {
      const loss = losses[i % 4];
      const outs = OUTPUT_FOR[loss];
      const c: RandomCase = {
        seed: 5000 + i, inputs: 1 + rng.int(6),
        hidden: Array.from({ length: rng.int(4) }, () => ({ units: 1 + rng.int(8), activation: HIDDEN[rng.int(HIDDEN.length)] })),
        outputs: 2 + rng.int(4), outputActivation: outs[rng.int(outs.length)], loss, batch: 1 + (i % 16), weightDecay: 0,
      };
      const { network, data } = buildCase(c);
      const fused = backprop(network, data, loss);
      const ref = tfBackprop(network, data, loss);
      expectFloat32Close([fused.loss], [ref.loss], `case ${i} loss`);
      network.layers.forEach((l, k) => {
        expectFloat32Close(fused.gradients.layers[k].weights, ref.grads[2 * k], `case ${i} ${l.name}.dW`);
        expectFloat32Close(fused.gradients.layers[k].bias, ref.grads[2 * k + 1], `case ${i} ${l.name}.db`);
      });
    }
  });
});
