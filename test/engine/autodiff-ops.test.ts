/**
 * Every autodiff op's backward rule against central differences, broadcasting, reuse of a value,
 * shape errors, and a gradient check that can fail.
 */
import { describe, expect, it } from 'vitest';
import {
  add, avgpool2d, checkGradients, constant, conv2d, customActivation, defineOp, div, exp, leakyRelu, log, logSoftmax, matmul,
  maxpool2d, mean, mul, neg, pow, registeredOps, relu, reshape, scalar, sigmoid, softmax, sub, sum, tanh, tensor, transpose,
  type Tensor,
} from '../../src/engine/autodiff/index';
import { createRng } from '../../src/engine/rng';
import { softsign, softsignWrongDf } from './helpers';

const rng = createRng(7, 'autodiff-tests');

/** A leaf with values in [lo, hi), kept away from 0 when `awayFromZero` (kinks, ln, division). */
function rand(shape: number[], lo = -2, hi = 2, awayFromZero = false): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const v = Array.from({ length: n }, () => {
    let x = lo + (hi - lo) * rng.next();
    if (awayFromZero && Math.abs(x) < 0.1) x += x < 0 ? -0.2 : 0.2;
    return x;
  });
  return tensor(v, shape);
}

/** Contracts any output with fixed random weights, so every output element matters differently. */
function scalarise(t: Tensor): Tensor {
  const w = constant(Array.from({ length: t.size }, (_, i) => 0.5 + ((i * 7919) % 13) / 13), t.shape);
  return sum(mul(t, w));
}

function expectGradientsMatch(f: (...xs: Tensor[]) => Tensor, inputs: Tensor[], tol = 1e-6): void {
  const result = checkGradients((...xs) => scalarise(f(...xs)), inputs);
  expect(result.entries.length).toBe(inputs.reduce((a, t) => a + t.size, 0));
  expect(result.maxRelError).toBeLessThan(tol);
}

describe('every op\'s backward rule agrees with central differences', () => {
  it('add, sub, mul and div agree on equal shapes', () => {
    expectGradientsMatch((a, b) => add(a, b), [rand([2, 3]), rand([2, 3])]);
    expectGradientsMatch((a, b) => sub(a, b), [rand([2, 3]), rand([2, 3])]);
    expectGradientsMatch((a, b) => mul(a, b), [rand([2, 3]), rand([2, 3])]);
    expectGradientsMatch((a, b) => div(a, b), [rand([2, 3]), rand([2, 3], 0.5, 2)]);
  });

  it('add, sub, mul, div with broadcasting reduce the gradient over the broadcast axes', () => {
    const shapes: [number[], number[]][] = [[[2, 3], [3]], [[2, 3], [2, 1]], [[4, 1, 3], [2, 1]], [[3], []], [[], [2, 2]], [[1, 3], [2, 1]]];
    for (const [sa, sb] of shapes) {
      expectGradientsMatch((a, b) => add(a, b), [rand(sa), rand(sb)]);
      expectGradientsMatch((a, b) => sub(a, b), [rand(sa), rand(sb)]);
      expectGradientsMatch((a, b) => mul(a, b), [rand(sa), rand(sb)]);
      expectGradientsMatch((a, b) => div(a, b), [rand(sa), rand(sb, 0.5, 2)]);
      const g = add(rand(sa), rand(sb));
      expect(g.shape.length).toBe(Math.max(sa.length, sb.length));
    }
  });

  it('pow agrees with a constant exponent and with a tensor exponent (broadcast)', () => {
    expectGradientsMatch((a) => pow(a, 3), [rand([2, 3])]);
    expectGradientsMatch((a) => pow(a, 0.5), [rand([4], 0.5, 3)]);
    expectGradientsMatch((a, b) => pow(a, b), [rand([2, 3], 0.5, 2), rand([3], -1.5, 1.5)]);
  });

  it('neg, exp and log agree', () => {
    expectGradientsMatch((a) => neg(a), [rand([3, 2])]);
    expectGradientsMatch((a) => exp(a), [rand([3, 2])]);
    expectGradientsMatch((a) => log(a), [rand([3, 2], 0.2, 3)]);
  });

  it('tanh, sigmoid, relu and leaky-relu agree away from the kink', () => {
    expectGradientsMatch((a) => tanh(a), [rand([3, 4])]);
    expectGradientsMatch((a) => sigmoid(a), [rand([3, 4], -6, 6)]);
    expectGradientsMatch((a) => relu(a), [rand([3, 4], -2, 2, true)]);
    expectGradientsMatch((a) => leakyRelu(a), [rand([3, 4], -2, 2, true)]);
  });

  it('a custom activation uses its df', () => {
    expectGradientsMatch((a) => customActivation(a, softsign), [rand([2, 5], -3, 3, true)]);
  });

  it('softmax and log-softmax agree over the last axis', () => {
    expectGradientsMatch((a) => softmax(a), [rand([3, 4], -3, 3)]);
    expectGradientsMatch((a) => logSoftmax(a), [rand([3, 4], -3, 3)]);
    expectGradientsMatch((a) => softmax(a), [rand([2, 2, 3])]);
    expectGradientsMatch((a) => logSoftmax(a), [rand([5])]);
  });

  it('matmul agrees', () => {
    expectGradientsMatch((a, b) => matmul(a, b), [rand([3, 4]), rand([4, 2])]);
    expectGradientsMatch((a, b) => matmul(a, b), [rand([1, 5]), rand([5, 1])]);
  });

  it('sum and mean agree over all axes, one axis and several axes, with and without keepdims', () => {
    for (const op of [sum, mean]) {
      expectGradientsMatch((a) => op(a), [rand([2, 3, 4])]);
      expectGradientsMatch((a) => op(a, 1), [rand([2, 3, 4])]);
      expectGradientsMatch((a) => op(a, -1, true), [rand([2, 3, 4])]);
      expectGradientsMatch((a) => op(a, [0, 2]), [rand([2, 3, 4])]);
      expectGradientsMatch((a) => op(a, [0, 2], true), [rand([2, 3, 4])]);
    }
    expect(sum(rand([2, 3, 4]), [0, 2], true).shape).toEqual([1, 3, 1]);
    expect(mean(rand([2, 3, 4]), 1).shape).toEqual([2, 4]);
  });

  it('reshape and transpose agree', () => {
    expectGradientsMatch((a) => reshape(a, [3, -1]), [rand([2, 3, 2])]);
    expectGradientsMatch((a) => transpose(a), [rand([2, 3])]);
    expectGradientsMatch((a) => transpose(a, [1, 2, 0]), [rand([2, 3, 4])]);
    expect(transpose(rand([2, 3, 4]), [1, 2, 0]).shape).toEqual([3, 4, 2]);
  });

  it('a composite of ops, a dense layer with softmax cross-entropy, agrees', () => {
    const x = constant(rand([4, 3]).data, [4, 3]);
    const t = constant([1, 0, 0, 1, 0, 1, 0, 0], [4, 2]);
    expectGradientsMatch(
      (W, b) => neg(mean(sum(mul(t, logSoftmax(add(matmul(x, transpose(W)), b))), 1))),
      [rand([2, 3]), rand([2])],
    );
  });

  it('conv2d agrees for its input, weights and bias, over strides, paddings and non-square kernels', () => {
    const geometries = [
      { kh: 3, kw: 3, sh: 1, sw: 1, ph: 1, pw: 1 },
      { kh: 2, kw: 3, sh: 2, sw: 1, ph: 0, pw: 1 },
      { kh: 1, kw: 2, sh: 3, sw: 2, ph: 1, pw: 0 },
    ];
    for (const g of geometries) {
      expectGradientsMatch((x, w, b) => conv2d(x, w, b, g), [rand([2, 2, 5, 4]), rand([3, 2, g.kh, g.kw]), rand([3])]);
    }
  });

  it('conv2d follows PyTorch on a hand-computed case: a cross-correlation, zeros padded', () => {
    // x = [[1, 2], [3, 4]], w = [[1, 0], [0, -1]], b = 0.5, padding 1, stride 1: 3×3 output.
    const y = conv2d(tensor([1, 2, 3, 4], [1, 1, 2, 2]), tensor([1, 0, 0, -1], [1, 1, 2, 2]), tensor([0.5], [1]), { kh: 2, kw: 2, sh: 1, sw: 1, ph: 1, pw: 1 });
    expect(y.shape).toEqual([1, 1, 3, 3]);
    expect(Array.from(y.data)).toEqual([-0.5, -1.5, 0.5, -2.5, -2.5, 2.5, 0.5, 3.5, 4.5]);
  });

  it('maxpool2d and avgpool2d (padding counted in the mean) agree away from ties', () => {
    const g = { kh: 2, kw: 3, sh: 2, sw: 1, ph: 1, pw: 1 };
    expectGradientsMatch((x) => maxpool2d(x, g), [rand([2, 2, 4, 5])]);
    expectGradientsMatch((x) => avgpool2d(x, g), [rand([2, 2, 4, 5])]);
    // A 2×2 window over [[1, 5], [5, 2]]: the first 5 (row-major) takes the gradient.
    const x = tensor([1, 5, 5, 2], [1, 1, 2, 2]);
    sum(maxpool2d(x, { kh: 2, kw: 2, sh: 2, sw: 2, ph: 0, pw: 0 })).backward();
    expect(Array.from(x.grad ?? [])).toEqual([0, 1, 0, 0]);
    // count_include_pad: a 2×2 window with padding 1 over a single 4 averages 4/4 = 1.
    expect(avgpool2d(tensor([4], [1, 1, 1, 1]), { kh: 2, kw: 2, sh: 1, sw: 1, ph: 1, pw: 1 }).data[0]).toBe(1);
  });

  it('every registered op is covered by the tests above', () => {
    const covered = ['add', 'sub', 'mul', 'div', 'pow', 'neg', 'exp', 'log', 'tanh', 'sigmoid', 'relu', 'leaky-relu',
      'custom-activation', 'matmul', 'softmax', 'log-softmax', 'sum', 'mean', 'reshape', 'transpose',
      'conv2d', 'maxpool2d', 'avgpool2d'];
    const builtIn = registeredOps().filter((name) => !name.startsWith('test:'));
    expect(new Set(builtIn)).toEqual(new Set(covered));
  });
});

describe('the backward walk', () => {
  it('accumulates: a value used twice gets both contributions', () => {
    const x = scalar(3);
    const y = mul(x, x); // dy/dx = 2x
    y.backward();
    expect(x.grad?.[0]).toBe(6);
    const a = tensor([1, 2], [2]);
    const z = sum(add(mul(a, a), mul(exp(a), a))); // d/da = 2a + e^a (1 + a)
    z.backward();
    expect(a.grad?.[0]).toBeCloseTo(2 + Math.E * 2, 12);
    expect(a.grad?.[1]).toBeCloseTo(4 + Math.exp(2) * 3, 12);
  });

  it('accumulates over a diamond-shaped graph matching an independent derivative', () => {
    const x = tensor([0.3, -0.7, 1.1], [3]);
    const f = (v: Tensor) => { const s = sigmoid(v); return sum(add(mul(s, tanh(v)), div(s, add(1, mul(v, v))))); };
    expectGradientsMatch(f, [x]);
  });

  it('replaces gradients on every call instead of adding to the previous call', () => {
    const x = scalar(2);
    const y = mul(x, 5);
    y.backward();
    y.backward();
    expect(x.grad?.[0]).toBe(5);
  });

  it('gives constants no gradient', () => {
    const c = constant([1, 2]);
    const x = tensor([3, 4]);
    sum(mul(c, x)).backward();
    expect(Array.from(x.grad ?? [])).toEqual([1, 2]);
    expect(c.grad).toBeUndefined();
  });

  it('handles a deep chain without overflowing the stack', () => {
    const x = scalar(0.5);
    let y: Tensor = x;
    for (let i = 0; i < 10_000; i++) y = add(y, 0);
    y.backward();
    expect(x.grad?.[0]).toBe(1);
  });

  it('asks for a seed when the output is not a scalar', () => {
    const x = tensor([1, 2]);
    expect(() => exp(x).backward()).toThrow(/not a scalar/);
    exp(x).backward(Float64Array.of(1, 1));
    expect(x.grad?.[1]).toBeCloseTo(Math.exp(2), 12);
  });

  it('fails loudly on an op without a backward rule', () => {
    const record = defineOp({ name: 'test:argmax-like' });
    const x = tensor([1, 5, 2]);
    const y = record(Float64Array.of(1), [], [x]);
    expect(() => y.backward()).toThrow(/op 'test:argmax-like' has no backward rule/);
  });

  it('fails loudly when a backward rule returns a gradient of the wrong shape', () => {
    const record = defineOp({ name: 'test:bad-shape', backward: (g) => [{ shape: [1], data: Float64Array.of(g[0]) }] });
    const x = tensor([1, 2], [2]);
    const y = record(Float64Array.of(3), [], [x]);
    expect(() => y.backward()).toThrow(/backward of 'test:bad-shape' gave a gradient of shape \[1\] for input 0 of shape \[2\]/);
  });

  it('refuses to register an op name twice', () => {
    expect(() => defineOp({ name: 'add' })).toThrow(/registered twice/);
  });
});

describe('a shape error', () => {
  it('names the op and both shapes when they cannot broadcast', () => {
    expect(() => add(rand([2, 3]), rand([4]))).toThrow('add: cannot broadcast shapes [2, 3] and [4]');
    expect(() => mul(rand([2, 3]), rand([3, 2]))).toThrow('mul: cannot broadcast shapes [2, 3] and [3, 2]');
  });

  it('names matmul and both shapes when the inner dimensions differ or a tensor is not 2-D', () => {
    expect(() => matmul(rand([2, 3]), rand([4, 5]))).toThrow(/matmul: inner dimensions differ: \[2, 3\] × \[4, 5\]/);
    expect(() => matmul(rand([3]), rand([3, 1]))).toThrow(/matmul: expects two 2-D tensors, got shapes \[3\] and \[3, 1\]/);
  });

  it('names reshape, transpose or the reduction, and the shape it cannot take', () => {
    expect(() => reshape(rand([2, 3]), [4])).toThrow(/reshape: cannot reshape \[2, 3\] \(6 values\) to \[4\]/);
    expect(() => transpose(rand([2, 3]), [0, 0])).toThrow(/transpose/);
    expect(() => sum(rand([2, 3]), 2)).toThrow(/sum: axis 2 is out of range for shape \[2, 3\]/);
  });
});

describe('the gradient check can fail', () => {
  it('catches a deliberately wrong backward rule', () => {
    // square with the factor 2 forgotten in its backward rule.
    const record = defineOp({
      name: 'test:wrong-square',
      backward: (g, node) => {
        const [a] = node.inputs;
        return [{ shape: a.shape, data: a.data.map((x, i) => g[i] * x) }];
      },
    });
    const wrongSquare = (a: Tensor) => record(a.data.map((x) => x * x), a.shape, [a]);
    const result = checkGradients((a) => sum(wrongSquare(a)), [rand([3], 0.5, 2)]);
    expect(result.maxRelError).toBeGreaterThan(0.4);
    for (const e of result.entries) expect(e.numeric).toBeCloseTo(2 * e.analytic, 5);
  });

  it('catches a custom activation whose df is wrong', () => {
    const good = checkGradients((a) => sum(customActivation(a, softsign)), [rand([6], -3, 3, true)]);
    const bad = checkGradients((a) => sum(customActivation(a, softsignWrongDf)), [rand([6], -3, 3, true)]);
    expect(good.maxRelError).toBeLessThan(1e-7);
    expect(bad.maxRelError).toBeGreaterThan(1e-2);
  });

  it('fails with a far too large step, as tinygrad\'s test shows', () => {
    const result = checkGradients((a) => sum(exp(mul(a, 3))), [rand([3])], { eps: 0.5 });
    expect(result.maxRelError).toBeGreaterThan(1e-2);
  });
});

describe('numerical stability', () => {
  it('softmax and log-softmax survive huge inputs', () => {
    const s = softmax(tensor([1000, 1001, 1002], [3]));
    expect(Array.from(s.data).every(Number.isFinite)).toBe(true);
    expect(s.data[2]).toBeCloseTo(1 / (1 + Math.exp(-1) + Math.exp(-2)), 12);
    const l = logSoftmax(tensor([-1000, 0, 1000], [3]));
    expect(l.data[2]).toBeCloseTo(0, 12);
    expect(l.data[0]).toBeCloseTo(-2000, 9);
  });

  it('sigmoid does not overflow', () => {
    expect(sigmoid(tensor([-800, 800])).data[0]).toBeGreaterThanOrEqual(0);
    expect(sigmoid(tensor([-800, 800])).data[1]).toBe(1);
  });
});
