/**
 * The benchmark's CNN rows compare like with like: GradLens's layered trainer and TensorFlow.js
 * (tf.conv2d, tf.maxPool, NHWC layouts, the first dense layer's columns permuted from the C-major
 * flatten) train the same network from the same weights to float32 accuracy; the multiply-add count
 * follows the layers; tfjs-wasm's missing convolution gradient is detected, not crashed on.
 * No timings are asserted here.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CNN_SHAPES, cnnNetwork, cnnStepMultiplyAdds, gradLensCnnContender, makeCnnProblem, tfjsCanTrain, tfjsCnnContender, type CnnShape } from '../../bench/cnn';
import { AGREEMENT_TOLERANCE, checkAgreement } from '../../bench/harness';
import { initWasmBackend } from '../../bench/tfjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A small CNN with everything the rows use: "same" and valid convolutions, two channels in, pooling, a flatten into two dense layers. */
const small: CnnShape = {
  id: 'small', label: 'small CNN', input: [2, 6, 6], batch: 4,
  layers: [
    { kind: 'conv', filters: 3, kernel: 3, same: true }, { kind: 'maxpool', size: 2 },
    { kind: 'conv', filters: 4, kernel: 2, same: false }, { kind: 'flatten' },
    { kind: 'dense', units: 5 }, { kind: 'dense', units: 3 },
  ],
};

describe('the CNN rows of the benchmark', () => {
  beforeAll(async () => {
    tf.enableProdMode();
    await tf.setBackend('cpu');
    await tf.ready();
  });

  it('are the issue\'s digits CNN and LeNet-5, with the output shapes of their layers', () => {
    const [d, e] = CNN_SHAPES.map((s) => makeCnnProblem(s));
    expect(d.plan.map((p) => p.outShape.join('×'))).toEqual(['8×8×8', '8×4×4', '16×4×4', '256', '10']);
    expect(e.plan.map((p) => p.outShape.join('×'))).toEqual(['6×24×24', '6×12×12', '16×8×8', '16×4×4', '256', '120', '84', '10']);
    expect([d.shape.batch, e.shape.batch]).toEqual([32, 64]);
    expect(cnnNetwork(e).layers.map((l) => l.outShape.join('×'))).toEqual(e.plan.map((p) => p.outShape.join('×')));
    for (const p of [d, e]) for (const step of p.plan) for (const v of step.weights ?? []) expect(Math.fround(v)).toBe(v);
  });

  it('count multiply-adds per layer: forward and ∂W everywhere, ∂x but for the first layer', () => {
    const e = makeCnnProblem(CNN_SHAPES[1]);
    const conv1 = 64 * 6 * 24 * 24 * 25, conv2 = 64 * 16 * 8 * 8 * 150;
    const dense = 64 * (256 * 120 + 120 * 84 + 84 * 10);
    expect(cnnStepMultiplyAdds(e)).toEqual({ conv: 2 * conv1 + 3 * conv2, total: 2 * conv1 + 3 * conv2 + 3 * dense });
  });

  it('GradLens and tfjs-cpu train the same small CNN the same way: three SGD steps, losses and parameters agree', async () => {
    const p = makeCnnProblem(small);
    const contenders = [gradLensCnnContender(p), await tfjsCnnContender(tf, 'cpu', p)];
    try {
      const agreement = await checkAgreement(contenders, 3);
      for (const a of agreement) expect(a.losses[2]).toBeLessThan(a.losses[0]);
      expect(agreement[1].maxLossRelDiff).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
      expect(agreement[1].paramRelDiff).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
    } finally {
      for (const c of contenders) c.dispose();
    }
  });

  it('the agreement check can fail: TensorFlow.js given the batch with its two input channels swapped computes other losses', async () => {
    const p = makeCnnProblem(small);
    // Each sample's two 6×6 channels are 36 values apart: shifting by 36 swaps them (and moves the samples along).
    const swapped = { ...p, x: Float64Array.from(p.x, (_, i) => p.x[(i + 36) % p.x.length]) };
    const contenders = [gradLensCnnContender(p), await tfjsCnnContender(tf, 'cpu', swapped)];
    try {
      const agreement = await checkAgreement(contenders, 1);
      expect(agreement[1].maxLossRelDiff).toBeGreaterThan(AGREEMENT_TOLERANCE);
    } finally {
      for (const c of contenders) c.dispose();
    }
  });

  it('says when tfjs-wasm cannot train a convolution (no Conv2DBackpropFilter in 4.22), and that tfjs-cpu can', async () => {
    const p = makeCnnProblem(small);
    expect(await tfjsCanTrain(tf, 'cpu', p)).toBeUndefined();
    await initWasmBackend(tf, setWasmPaths, repoRoot);
    const why = await tfjsCanTrain(tf, 'wasm', p);
    // Either this TensorFlow.js has learnt it (then the rows show its times), or it names the missing kernel.
    if (why !== undefined) expect(why).toMatch(/Conv2DBackpropFilter/);
    await tf.setBackend('cpu');
  });
});
