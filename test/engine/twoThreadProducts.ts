/**
 * The two-thread product checks that run twice: in Node with the node:worker_threads helper
 * (two-thread-kernels.test.ts) and in a browser's Web Worker with the web build's helper
 * (test/e2e/web-kernels/threadsWorker.ts, where `vitest` is vitestInBrowser.ts).
 *
 * On random shapes with awkward remainders (fixed seeds: the same shapes in every run), the products
 * split between the two threads are the one-thread SIMD kernels' bit for bit (every entry is still
 * summed in order by one thread), hence the forward product equals the TypeScript reference exactly
 * and the backward products are within 1e-12 of the sum of their terms' magnitudes; the helper
 * computes every chunk (`callerWorks` false, deterministic) or shares them, and did compute some.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as reference from '../../src/engine/kernels';
import { denseForward } from '../../src/engine/products';
import { createRng } from '../../src/engine/rng';
import { loadSimdKernels, type SimdKernels } from '../../src/engine/wasm/simdKernels';

const AWKWARD = [1, 3, 7, 31, 32, 33, 36, 63, 64, 65, 129];
const size = fc.oneof(fc.constantFrom(...AWKWARD), fc.integer({ min: 1, max: 150 }));
export const shape = fc.record({ n: size, fanIn: size, units: size, seed: fc.integer({ min: 1, max: 1e6 }) });
/** Fixed seeds: the same shapes in every run. */
export const RUNS = { numRuns: 40, seed: 21 };

/** `length` numbers in [-1, 1) from the engine's seeded generator. */
export function random(length: number, seed: number, stream: string): Float64Array {
  const rng = createRng(seed, stream);
  const a = new Float64Array(length);
  for (let i = 0; i < length; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

/** Fails unless every entry is within 1e-12 of the sum of its terms' magnitudes. */
export function expectSameSum(actual: Float64Array, expected: Float64Array, magnitude: Float64Array, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-12 * magnitude[i])) expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (Σ|terms| ${magnitude[i]})`);
  }
}

/** Σ_u |Δ[i][u]·W[u][c]|: the scale of backward-input's rounding. */
export function inputMagnitude(D: Float64Array, W: Float64Array, n: number, units: number, fanIn: number): Float64Array {
  const magnitude = new Float64Array(n * fanIn);
  for (let i = 0; i < n; i++) for (let c = 0; c < fanIn; c++) for (let u = 0; u < units; u++) magnitude[i * fanIn + c] += Math.abs(D[i * units + u] * W[u * fanIn + c]);
  return magnitude;
}

/** A forward product of `n × fanIn → units` through the dispatcher, with its TypeScript reference. */
export function forwardCase(n: number, fanIn: number, units: number, seed: number) {
  const A = random(n * fanIn, seed, 'A'), W = random(units * fanIn, seed, 'W'), b = random(units, seed, 'b');
  const ref = new Float64Array(n * units);
  reference.denseForward(A, n, fanIn, W, b, units, ref);
  const run = () => {
    const net = new Float64Array(n * units);
    denseForward(A, n, fanIn, W, b, units, net);
    return net;
  };
  return { ref, run };
}

/**
 * The three products on two threads against one thread and the reference. `startTwoThreads` loads
 * the two-thread kernels and resolves when their helper is ready (the test's timeout is the only
 * limit); they are stopped after the block.
 */
export function describeTwoThreadProducts(title: string, startTwoThreads: () => Promise<SimdKernels>): void {
  describe(title, () => {
    let two: SimdKernels;
    const one = loadSimdKernels() as SimdKernels;
    beforeAll(async () => { two = await startTwoThreads(); }, 120_000);
    afterAll(() => two?.twoThreads?.stop());

    /** Runs `body` with the helper computing every chunk, then with both threads taking chunks; the helper computed some. */
    function bothWays(body: (two: SimdKernels, one: SimdKernels) => void): void {
      const before = two.twoThreads!.helperChunks();
      for (const callerWorks of [false, true]) {
        two.twoThreads!.callerWorks = callerWorks;
        body(two, one);
      }
      // Shapes of at least 32 rows or columns are split; the helper computed chunks of them.
      expect(two.twoThreads!.helperChunks()).toBeGreaterThan(before);
    }

    it('forward: net = A·Wᵀ + b bit for bit the TypeScript reference and the one-thread SIMD kernel', () => {
      bothWays((two, one) => fc.assert(fc.property(shape, ({ n, fanIn, units, seed }) => {
        const A = random(n * fanIn, seed, 'A'), W = random(units * fanIn, seed, 'W'), b = random(units, seed, 'b');
        const split = new Float64Array(n * units), single = new Float64Array(n * units), ref = new Float64Array(n * units);
        expect(two.forward(A, n, fanIn, W, b, units, split)).toBe(true);
        expect(one.forward(A, n, fanIn, W, b, units, single)).toBe(true);
        reference.denseForward(A, n, fanIn, W, b, units, ref);
        expect(Array.from(split)).toEqual(Array.from(single));
        expect(Array.from(split)).toEqual(Array.from(ref));
      }), RUNS));
    });

    it('backward input: dA = Δ·W equals the one-thread SIMD kernel and is within 1e-12 of the reference', () => {
      bothWays((two, one) => fc.assert(fc.property(shape, ({ n, fanIn, units, seed }) => {
        const D = random(n * units, seed, 'D'), W = random(units * fanIn, seed, 'W');
        const split = new Float64Array(n * fanIn), single = new Float64Array(n * fanIn), ref = new Float64Array(n * fanIn);
        expect(two.backwardInput(D, n, units, W, fanIn, split)).toBe(true);
        expect(one.backwardInput(D, n, units, W, fanIn, single)).toBe(true);
        reference.denseBackwardInput(D, n, units, W, fanIn, ref);
        expect(Array.from(split)).toEqual(Array.from(single));
        expectSameSum(split, ref, inputMagnitude(D, W, n, units, fanIn), 'dA');
      }), RUNS));
    });

    it('backward parameters: dW += s·Δᵀ·A (column chunks when units are few) equals one thread, within 1e-12 of the reference', () => {
      const wide = fc.record({ n: size, fanIn: fc.integer({ min: 33, max: 300 }), units: fc.constantFrom(1, 3, 10, 31), seed: fc.integer({ min: 1, max: 1e6 }) });
      bothWays((two, one) => fc.assert(fc.property(fc.oneof(shape, wide), ({ n, fanIn, units, seed }) => {
        const D = random(n * units, seed, 'D'), A = random(n * fanIn, seed, 'A');
        const start = random(units * fanIn, seed, 'start'), startB = random(units, seed, 'startB'), scale = 1 / n;
        const dW = Float64Array.from(start), db = Float64Array.from(startB);
        const sW = Float64Array.from(start), sb = Float64Array.from(startB);
        const rW = Float64Array.from(start), rb = Float64Array.from(startB);
        expect(two.backwardParams(D, n, units, A, fanIn, scale, dW, db)).toBe(true);
        expect(one.backwardParams(D, n, units, A, fanIn, scale, sW, sb)).toBe(true);
        reference.denseBackwardParams(D, n, units, A, fanIn, scale, rW, rb);
        const magW = new Float64Array(units * fanIn);
        for (let u = 0; u < units; u++) {
          for (let c = 0; c < fanIn; c++) {
            magW[u * fanIn + c] = Math.abs(start[u * fanIn + c]);
            for (let i = 0; i < n; i++) magW[u * fanIn + c] += Math.abs(D[i * units + u] * scale * A[i * fanIn + c]);
          }
        }
        expect(Array.from(dW)).toEqual(Array.from(sW));
        expect(Array.from(db)).toEqual(Array.from(sb));
        expectSameSum(dW, rW, magW, 'dW');
      }), RUNS));
    });
  });
}
