/**
 * The benchmark's own helpers: order statistics, table and number formats, the multiply-add count,
 * and the correctness guard of the comparison itself: GradLens and TensorFlow.js, given the same
 * initial weights and batch, compute the same losses and the same SGD updates (to float32 accuracy).
 * No timings are asserted here.
 */
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { gradLensContender } from '../../bench/gradlens';
import { AGREEMENT_TOLERANCE, agreementHolds, checkAgreement } from '../../bench/harness';
import { ISSUE_SHAPES, makeProblem, shape, stepMultiplyAdds } from '../../bench/problem';
import { median, quantile, summarize } from '../../bench/stats';
import { formatKB, formatMs, formatRatio, formatTable } from '../../bench/table';
import { initWasmBackend, tfjsContender } from '../../bench/tfjs';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('order statistics', () => {
  it('median of odd and even counts, unsorted input left untouched', () => {
    const xs = [5, 1, 3];
    expect(median(xs)).toBe(3);
    expect(xs).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('quantiles interpolate between ranks (R type 7)', () => {
    const xs = Array.from({ length: 11 }, (_, i) => 10 - i); // 0 … 10, reversed
    expect(quantile(xs, 0)).toBe(0);
    expect(quantile(xs, 0.1)).toBeCloseTo(1, 12);
    expect(quantile(xs, 0.9)).toBeCloseTo(9, 12);
    expect(quantile(xs, 1)).toBe(10);
    expect(quantile([1, 2], 0.25)).toBeCloseTo(1.25, 12);
    expect(() => quantile(xs, 1.5)).toThrow();
    expect(summarize([3, 1, 2])).toEqual({ median: 2, p10: 1.2, p90: 2.8, min: 1, samples: 3 });
  });
});

describe('formats', () => {
  it('durations pick µs, ms or s with three significant digits', () => {
    expect(formatMs(0.0013)).toBe('1.30 µs');
    expect(formatMs(0.58)).toBe('580 µs');
    expect(formatMs(11.63)).toBe('11.6 ms');
    expect(formatMs(146.4)).toBe('146 ms');
    expect(formatMs(1100)).toBe('1.10 s');
    expect(formatMs(NaN)).toBe('n/a');
    expect(formatRatio(446.2)).toBe('446×');
    expect(formatRatio(1234.5)).toBe('1,235×');
    expect(formatRatio(2.314)).toBe('2.31×');
    expect(formatRatio(Infinity)).toBe('n/a');
    expect(formatKB(300 * 1024)).toBe('300.0 KB');
  });

  it('tables align columns (plain text and Markdown), counting µ and × as one column', () => {
    const text = formatTable(['shape', 'ms'], [['(a)', '1.30 µs'], ['(b) long', '6.1 ms']]);
    expect(text.split('\n')).toEqual([
      'shape          ms',
      '--------  -------',
      '(a)       1.30 µs',
      '(b) long   6.1 ms',
    ]);
    const md = formatTable(['shape', 'ratio'], [['(a)', '446×']], { markdown: true });
    expect(md.split('\n')).toEqual([
      '| shape | ratio |',
      '|:------|------:|',
      '| (a)   |  446× |',
    ]);
    expect(() => formatTable(['a', 'b'], [['only one']])).toThrow(/row 0/);
  });
});

describe('benchmark problems', () => {
  it('the issue\'s three shapes, with float32-representable weights and one-hot targets', () => {
    expect(ISSUE_SHAPES.map((s) => s.label)).toEqual([
      '4-7-3 tanh/softmax, batch 1', '784-128-10 relu/softmax, batch 64', '512-512-512-10 relu/softmax, batch 256',
    ]);
    const p = makeProblem(ISSUE_SHAPES[0]);
    for (const w of [...p.weights, ...p.bias, p.x]) for (const v of w) expect(Math.fround(v)).toBe(v);
    expect(Array.from(p.t).reduce((a, b) => a + b, 0)).toBe(1);
    expect(makeProblem(ISSUE_SHAPES[0]).weights[0]).toEqual(p.weights[0]); // seeded
  });

  it('counts multiply-adds: forward and dW for every layer, dA for all but the first', () => {
    // 4-7-3 at batch 1: forward 28 + 21, dW 28 + 21, dA of layer 2 21.
    expect(stepMultiplyAdds(shape('t', [4, 7, 3], 'tanh', 1))).toBe(119);
    expect(stepMultiplyAdds(shape('t', [784, 128, 10], 'relu', 64))).toBe(64 * (2 * 784 * 128 + 3 * 128 * 10));
  });
});

describe('GradLens and TensorFlow.js train the same network the same way', () => {
  beforeAll(async () => {
    tf.enableProdMode(); // only silences the advice to install tfjs-node
    await tf.setBackend('cpu');
    await tf.ready();
  });

  for (const s of [ISSUE_SHAPES[0], shape('small-relu', [20, 16, 12, 4], 'relu', 8), shape('small-sigmoid', [6, 5, 3], 'sigmoid', 3)]) {
    it(`${s.label}: losses of three SGD steps and the parameters after them agree (tfjs-cpu, float32)`, async () => {
      const p = makeProblem(s);
      const contenders = [gradLensContender(p), await tfjsContender(tf, 'cpu', p)];
      try {
        const agreement = await checkAgreement(contenders, 3);
        expect(agreement[1].losses).toHaveLength(3);
        // The loss goes down: the update really happened, in both.
        for (const a of agreement) expect(a.losses[2]).toBeLessThan(a.losses[0]);
        expect(agreement[1].maxLossRelDiff).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
        expect(agreement[1].paramRelDiff).toBeLessThanOrEqual(AGREEMENT_TOLERANCE);
        expect(agreementHolds(agreement)).toBe(true);
      } finally {
        for (const c of contenders) c.dispose();
      }
    });
  }

  it('the wasm backend loads from node_modules (no network) and agrees too', async () => {
    const features = await initWasmBackend(tf, setWasmPaths, repoRoot);
    expect(typeof features.simd).toBe('boolean');
    const p = makeProblem(shape('wasm', [10, 8, 3], 'relu', 5));
    const contenders = [gradLensContender(p), await tfjsContender(tf, 'wasm', p)];
    try {
      expect(contenders[1].name).toBe('tfjs-wasm');
      const agreement = await checkAgreement(contenders, 3);
      expect(agreementHolds(agreement)).toBe(true);
    } finally {
      for (const c of contenders) c.dispose();
      await tf.setBackend('cpu');
    }
  });

  it('the guard notices a different learning rate', async () => {
    const p = makeProblem(shape('lr', [5, 4, 3], 'tanh', 4));
    const contenders = [gradLensContender(p), await tfjsContender(tf, 'cpu', { ...p, learningRate: p.learningRate * 50 })];
    try {
      expect(agreementHolds(await checkAgreement(contenders, 3))).toBe(false);
    } finally {
      for (const c of contenders) c.dispose();
    }
  });
});
