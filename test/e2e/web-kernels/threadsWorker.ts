/**
 * The engine's two threads in a browser, in a dedicated Web Worker of the test page (as the web build's
 * analysis worker), with the web build's own helper starter (`webHelperThreads`, src/worker/webKernelThreads.ts).
 *
 * In a cross-origin-isolated page: on random shapes with awkward remainders, the products split with
 * the helper Web Worker are the one-thread SIMD kernels' bit for bit (forward: the TypeScript
 * reference's too; backward within 1e-12 of the sum of the terms' magnitudes), the helper computing
 * every chunk or sharing them; and the dispatcher sends a product of TWO_THREADS_FROM multiply-adds
 * to both threads and one just below it to one (chunks counted per thread).
 * In a page that is not: no SharedArrayBuffer, the starter says why, the shared kernels refuse
 * cleanly even if a helper is offered, and the products run on one thread with the reference's numbers.
 *
 * Messages to the page: `start`, one `case` per test, `end` (as fidelityWorker.ts).
 */
import fc from 'fast-check';
import * as reference from '../../../src/engine/kernels';
import {
  callerThreadChunks, denseBackwardInput, denseForward, describeKernels, helperThreadChunks, helperThreadReady, productCounts,
  threadStatus, TWO_THREADS_FROM, useKernels, useKernelThreads,
} from '../../../src/engine/products';
import { createRng } from '../../../src/engine/rng';
import { loadSharedSimdKernels, loadSimdKernels, type SimdKernels } from '../../../src/engine/wasm/simdKernels';
import type { HelperThreadStarter } from '../../../src/engine/wasm/twoThreads';
import { webHelperThreads } from '../../../src/worker/webKernelThreads';
import { afterAll, beforeAll, describe, expect, it, runCollected } from './vitestInBrowser';
import { scope, until } from './workerScope';

const AWKWARD = [1, 3, 7, 31, 32, 33, 36, 63, 64, 65, 129];
const size = fc.oneof(fc.constantFrom(...AWKWARD), fc.integer({ min: 1, max: 150 }));
const shape = fc.record({ n: size, fanIn: size, units: size, seed: fc.integer({ min: 1, max: 1e6 }) });
/** Fixed seeds: the same shapes in every run. */
const RUNS = { numRuns: 40, seed: 21 };

function random(length: number, seed: number, stream: string): Float64Array {
  const rng = createRng(seed, stream);
  const a = new Float64Array(length);
  for (let i = 0; i < length; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

function expectSameSum(actual: Float64Array, expected: Float64Array, magnitude: Float64Array, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-12 * magnitude[i])) expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (Σ|terms| ${magnitude[i]})`);
  }
}

/** Σ_u |Δ[i][u]·W[u][c]|: the scale of backward-input's rounding. */
function inputMagnitude(D: Float64Array, W: Float64Array, n: number, units: number, fanIn: number): Float64Array {
  const magnitude = new Float64Array(n * fanIn);
  for (let i = 0; i < n; i++) for (let c = 0; c < fanIn; c++) for (let u = 0; u < units; u++) magnitude[i * fanIn + c] += Math.abs(D[i * units + u] * W[u * fanIn + c]);
  return magnitude;
}

/** A forward product of `n × fanIn → units` with its TypeScript reference. */
function forwardCase(n: number, fanIn: number, units: number, seed: number) {
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

const chunks = () => ({ helper: helperThreadChunks(), caller: callerThreadChunks() });

function twoThreadChecks(starter: HelperThreadStarter): void {
  describe('two threads on one product (the helper a Web Worker on shared WebAssembly memory)', () => {
    let two: SimdKernels;
    const one = loadSimdKernels() as SimdKernels;
    beforeAll(async () => {
      const k = loadSharedSimdKernels(starter, 0);
      if (typeof k === 'string') throw new Error(`this page cannot share WebAssembly memory: ${k}`);
      two = k;
      if (!await until(() => two.twoThreads!.ready(), () => two.twoThreads!.status() !== 'starting')) throw new Error(`helper: ${two.twoThreads!.status()}`);
    });
    afterAll(() => two?.twoThreads?.stop());

    /** Runs `body` with the helper computing every chunk, then with both threads taking chunks. */
    function bothWays(body: () => void): void {
      for (const callerWorks of [false, true]) {
        two.twoThreads!.callerWorks = callerWorks;
        body();
      }
    }

    it('forward: net = A·Wᵀ + b bit for bit the TypeScript reference and the one-thread SIMD kernel', () => {
      const before = two.twoThreads!.helperChunks();
      bothWays(() => fc.assert(fc.property(shape, ({ n, fanIn, units, seed }) => {
        const A = random(n * fanIn, seed, 'A'), W = random(units * fanIn, seed, 'W'), b = random(units, seed, 'b');
        const split = new Float64Array(n * units), single = new Float64Array(n * units), ref = new Float64Array(n * units);
        expect(two.forward(A, n, fanIn, W, b, units, split)).toBe(true);
        expect(one.forward(A, n, fanIn, W, b, units, single)).toBe(true);
        reference.denseForward(A, n, fanIn, W, b, units, ref);
        expect(Array.from(split)).toEqual(Array.from(single));
        expect(Array.from(split)).toEqual(Array.from(ref));
      }), RUNS));
      expect(two.twoThreads!.helperChunks()).toBeGreaterThan(before);
    });

    it('backward input: dA = Δ·W equals the one-thread SIMD kernel and is within 1e-12 of the reference', () => {
      const before = two.twoThreads!.helperChunks();
      bothWays(() => fc.assert(fc.property(shape, ({ n, fanIn, units, seed }) => {
        const D = random(n * units, seed, 'D'), W = random(units * fanIn, seed, 'W');
        const split = new Float64Array(n * fanIn), single = new Float64Array(n * fanIn), ref = new Float64Array(n * fanIn);
        expect(two.backwardInput(D, n, units, W, fanIn, split)).toBe(true);
        expect(one.backwardInput(D, n, units, W, fanIn, single)).toBe(true);
        reference.denseBackwardInput(D, n, units, W, fanIn, ref);
        expect(Array.from(split)).toEqual(Array.from(single));
        expectSameSum(split, ref, inputMagnitude(D, W, n, units, fanIn), 'dA');
      }), RUNS));
      expect(two.twoThreads!.helperChunks()).toBeGreaterThan(before);
    });

    it('backward parameters: dW += s·Δᵀ·A (column chunks when units are few) equals one thread, within 1e-12 of the reference', () => {
      const before = two.twoThreads!.helperChunks();
      const wide = fc.record({ n: size, fanIn: fc.integer({ min: 33, max: 300 }), units: fc.constantFrom(1, 3, 10, 31), seed: fc.integer({ min: 1, max: 1e6 }) });
      bothWays(() => fc.assert(fc.property(fc.oneof(shape, wide), ({ n, fanIn, units, seed }) => {
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
      expect(two.twoThreads!.helperChunks()).toBeGreaterThan(before);
    });
  });

  describe('the dispatcher with the web build\'s helper', () => {
    it(`splits a product of at least TWO_THREADS_FROM (${TWO_THREADS_FROM}) multiply-adds with the helper Web Worker, and not one below`, async () => {
      useKernels('auto');
      useKernelThreads(starter);
      try {
        expect(describeKernels()).toMatch(new RegExp(`; two threads from ${TWO_THREADS_FROM} multiply-adds \\(Web Worker helper not started\\)\\)$`));
        // The helper computes every chunk first: a deterministic proof that it works.
        useKernelThreads(starter, { callerWorks: false });
        if (!await until(helperThreadReady, () => threadStatus().threads === 1)) throw new Error(`helper: ${threadStatus().reason}`);
        expect(threadStatus()).toEqual({ threads: 2, reason: 'Web Worker helper running' });

        const below = forwardCase(256, 127, 127, 3); // 4,129,024 multiply-adds
        expect(256 * 127 * 127).toBeLessThan(TWO_THREADS_FROM);
        let counted = chunks(), simd = productCounts()['wasm-simd'];
        expect(Array.from(below.run())).toEqual(Array.from(below.ref));
        expect(chunks()).toEqual(counted);
        expect(productCounts()['wasm-simd']).toBe(simd + 1);

        const above = forwardCase(256, 129, 131, 4); // 4,326,144 multiply-adds
        expect(256 * 129 * 131).toBeGreaterThanOrEqual(TWO_THREADS_FROM);
        counted = chunks();
        expect(Array.from(above.run())).toEqual(Array.from(above.ref));
        const helperOnly = chunks().helper - counted.helper;
        expect(helperOnly).toBeGreaterThan(1);
        expect(chunks().caller).toBe(counted.caller);

        // Both threads take chunks, as shipped: the same chunks between them, the same bits.
        useKernelThreads(starter, { callerWorks: true });
        counted = chunks();
        expect(Array.from(above.run())).toEqual(Array.from(above.ref));
        const after = chunks();
        expect(after.helper - counted.helper + after.caller - counted.caller).toBe(helperOnly);

        // Backward to the input above the crossover too: two threads, within 1e-12 of the reference.
        const n = 256, units = 129, fanIn = 131;
        const D = random(n * units, 5, 'D'), W = random(units * fanIn, 5, 'W');
        const dA = new Float64Array(n * fanIn), ref = new Float64Array(n * fanIn);
        counted = chunks();
        denseBackwardInput(D, n, units, W, fanIn, dA);
        reference.denseBackwardInput(D, n, units, W, fanIn, ref);
        expectSameSum(dA, ref, inputMagnitude(D, W, n, units, fanIn), 'dA');
        expect(chunks().helper + chunks().caller).toBeGreaterThan(counted.helper + counted.caller);
      } finally {
        useKernelThreads(null);
      }
      expect(describeKernels()).toMatch(/; one thread \(no helper thread on this platform\)\)$/);
    });
  });
}

function oneThreadChecks(why: string): void {
  describe('a page that is not cross-origin isolated', () => {
    it('has no SharedArrayBuffer, and the web build\'s starter says why', () => {
      expect(scope.crossOriginIsolated).toBe(false);
      expect(typeof SharedArrayBuffer).toBe('undefined');
      expect(why).toBe('not cross-origin isolated');
      expect(describeKernels()).toMatch(/^kernels: wasm-simd \(.*; one thread \(no helper thread on this platform\)\)$/);
    });

    it('refuses the shared kernels cleanly even if a helper is offered: one thread, said in the log, never started', () => {
      let started = 0;
      const offered: HelperThreadStarter = { name: 'offered', start: () => { started++; return { stop: () => undefined }; } };
      expect(loadSharedSimdKernels(offered, 0)).toBe('no SharedArrayBuffer (not cross-origin isolated)');
      useKernels('auto');
      useKernelThreads(offered);
      try {
        expect(threadStatus()).toEqual({ threads: 1, reason: 'no SharedArrayBuffer (not cross-origin isolated)' });
        expect(describeKernels()).toContain('; one thread (no SharedArrayBuffer (not cross-origin isolated)))');
        const above = forwardCase(256, 129, 131, 4);
        const simd = productCounts()['wasm-simd'];
        expect(Array.from(above.run())).toEqual(Array.from(above.ref));
        expect(productCounts()['wasm-simd']).toBe(simd + 1);
        expect(started).toBe(0);
        expect(chunks()).toEqual({ helper: 0, caller: 0 });
      } finally {
        useKernelThreads(null);
      }
    });

    it('runs every product on one-thread SIMD with the reference\'s numbers on random shapes with awkward remainders', () => {
      useKernels('wasm-simd');
      try {
        const simd = productCounts()['wasm-simd'];
        fc.assert(fc.property(shape, ({ n, fanIn, units, seed }) => {
          const forward = forwardCase(n, fanIn, units, seed);
          expect(Array.from(forward.run())).toEqual(Array.from(forward.ref));
          const D = random(n * units, seed, 'D'), W = random(units * fanIn, seed, 'W');
          const dA = new Float64Array(n * fanIn), ref = new Float64Array(n * fanIn);
          denseBackwardInput(D, n, units, W, fanIn, dA);
          reference.denseBackwardInput(D, n, units, W, fanIn, ref);
          expectSameSum(dA, ref, inputMagnitude(D, W, n, units, fanIn), 'dA');
        }), RUNS);
        expect(productCounts()['wasm-simd']).toBe(simd + 2 * RUNS.numRuns);
      } finally {
        useKernels('auto');
      }
    });
  });
}

const helpers = webHelperThreads();
if (typeof helpers === 'string') oneThreadChecks(helpers);
else twoThreadChecks(helpers);

scope.onmessage = () => {
  scope.onmessage = null;
  void run();
};

async function run(): Promise<void> {
  scope.postMessage({ type: 'start', kernels: describeKernels(), crossOriginIsolated: scope.crossOriginIsolated === true, helpers: typeof helpers === 'string' ? helpers : helpers.name });
  await runCollected((result) => scope.postMessage({ type: 'case', ...result }));
  scope.postMessage({ type: 'end', kernels: describeKernels(), products: productCounts(), chunks: chunks() });
}
