/**
 * Large products split between this thread and a helper thread (src/engine/wasm/twoThreads.ts, the
 * Node helper of src/worker/nodeKernelThreads.ts): on random shapes with awkward remainders the
 * results are the one-thread SIMD kernels' bit for bit (every entry is still summed in order by one
 * thread), hence the forward product equals the TypeScript reference exactly and the backward
 * products within 1e-12 of the sum of the terms' magnitudes. Chunks by rows and by columns, the
 * helper computing every chunk (deterministic: `callerWorks` false) or sharing them. And the
 * fallbacks: without shared memory, or when the helper cannot start, one thread, said in the log.
 */
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as reference from '../../src/engine/kernels';
import {
  denseForward, describeKernels, helperThreadChunks, helperThreadReady, threadStatus, TWO_THREADS_FROM, useKernels, useKernelThreads,
} from '../../src/engine/products';
import { createRng } from '../../src/engine/rng';
import { loadSharedSimdKernels, loadSimdKernels, SimdKernels, type WasmApi } from '../../src/engine/wasm/simdKernels';
import type { HelperThreadStarter } from '../../src/engine/wasm/twoThreads';
import { nodeHelperThreads } from '../../src/worker/nodeKernelThreads';

const AWKWARD = [1, 3, 7, 31, 32, 33, 36, 63, 64, 65, 129];
const size = fc.oneof(fc.constantFrom(...AWKWARD), fc.integer({ min: 1, max: 150 }));
const shape = fc.record({ n: size, fanIn: size, units: size, seed: fc.integer({ min: 1, max: 1e6 }) });

function random(length: number, seed: number, stream: string): Float64Array {
  const rng = createRng(seed, stream);
  const a = new Float64Array(length);
  for (let i = 0; i < length; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

/** Resolves when `ready()` holds; the test's own timeout is the only limit (no timing assumed). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
}

function expectSameSum(actual: Float64Array, expected: Float64Array, magnitude: Float64Array, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-12 * magnitude[i])) expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (Σ|terms| ${magnitude[i]})`);
  }
}

let two: SimdKernels;
const one = loadSimdKernels() as SimdKernels;

beforeAll(async () => {
  const k = loadSharedSimdKernels(nodeHelperThreads, 0);
  if (typeof k === 'string') throw new Error(`this Node cannot share WebAssembly memory: ${k}`);
  two = k;
  await until(() => two.twoThreads!.ready());
}, 120_000);
afterAll(() => two?.twoThreads?.stop());

/** Runs `body` with the helper computing every chunk, then with both threads taking chunks. */
function bothWays(body: () => void): void {
  for (const callerWorks of [false, true]) {
    two.twoThreads!.callerWorks = callerWorks;
    body();
  }
}

describe('two threads on one product', () => {
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
    }), { numRuns: 40 }));
    // Shapes of at least 32 rows or columns are split; the helper computed chunks of them.
    expect(two.twoThreads!.helperChunks()).toBeGreaterThan(before);
  });

  it('backward input: dA = Δ·W equals the one-thread SIMD kernel and is within 1e-12 of the reference', () => {
    bothWays(() => fc.assert(fc.property(shape, ({ n, fanIn, units, seed }) => {
      const D = random(n * units, seed, 'D'), W = random(units * fanIn, seed, 'W');
      const split = new Float64Array(n * fanIn), single = new Float64Array(n * fanIn), ref = new Float64Array(n * fanIn);
      expect(two.backwardInput(D, n, units, W, fanIn, split)).toBe(true);
      expect(one.backwardInput(D, n, units, W, fanIn, single)).toBe(true);
      reference.denseBackwardInput(D, n, units, W, fanIn, ref);
      const magnitude = new Float64Array(n * fanIn);
      for (let i = 0; i < n; i++) for (let c = 0; c < fanIn; c++) for (let u = 0; u < units; u++) magnitude[i * fanIn + c] += Math.abs(D[i * units + u] * W[u * fanIn + c]);
      expect(Array.from(split)).toEqual(Array.from(single));
      expectSameSum(split, ref, magnitude, 'dA');
    }), { numRuns: 40 }));
  });

  it('backward parameters: dW += s·Δᵀ·A (column chunks when units are few) equals one thread, within 1e-12 of the reference', () => {
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
    }), { numRuns: 40 }));
  });
});

describe('the dispatcher and its log line', () => {
  it('says two threads with the Node helper, and the split results are the reference\'s', async () => {
    useKernels('auto');
    useKernelThreads(nodeHelperThreads);
    try {
      expect(describeKernels()).toMatch(new RegExp(`; two threads from ${TWO_THREADS_FROM} multiply-adds \\(node:worker_threads helper not started\\)\\)$`));
      useKernelThreads(nodeHelperThreads, { fromMultiplyAdds: 0, callerWorks: false });
      await until(helperThreadReady);
      expect(threadStatus()).toEqual({ threads: 2, reason: 'node:worker_threads helper running' });
      const n = 64, fanIn = 70, units = 40;
      const A = random(n * fanIn, 5, 'A'), W = random(units * fanIn, 5, 'W'), b = random(units, 5, 'b');
      const net = new Float64Array(n * units), ref = new Float64Array(n * units);
      const chunks = helperThreadChunks();
      denseForward(A, n, fanIn, W, b, units, net);
      reference.denseForward(A, n, fanIn, W, b, units, ref);
      expect(Array.from(net)).toEqual(Array.from(ref));
      expect(helperThreadChunks()).toBeGreaterThan(chunks);
    } finally {
      useKernelThreads(null);
    }
    expect(describeKernels()).toMatch(/; one thread \(no helper thread on this platform\)\)$/);
  }, 120_000);

  it('falls back to one thread, and says why, when the helper cannot start or ends', () => {
    const throwing: HelperThreadStarter = { name: 'broken', start: () => { throw new Error('no threads here'); } };
    const ending: HelperThreadStarter = { name: 'short-lived', start: (_data, failed) => { failed('ended (exit code 1)'); return { stop: () => undefined }; } };
    for (const [starter, why] of [[throwing, 'helper thread failed to start: no threads here'], [ending, 'helper thread ended (exit code 1)']] as const) {
      useKernelThreads(starter, { fromMultiplyAdds: 0 });
      try {
        const n = 64, fanIn = 41, units = 35; // above the SIMD crossover
        const A = random(n * fanIn, 9, 'A'), W = random(units * fanIn, 9, 'W'), b = random(units, 9, 'b');
        const net = new Float64Array(n * units), ref = new Float64Array(n * units);
        denseForward(A, n, fanIn, W, b, units, net);
        reference.denseForward(A, n, fanIn, W, b, units, ref);
        expect(Array.from(net)).toEqual(Array.from(ref));
        expect(threadStatus()).toEqual({ threads: 1, reason: why });
        expect(describeKernels()).toContain(`; one thread (${why}))`);
      } finally {
        useKernelThreads(null);
      }
    }
  });

  it('without shared memory (a page that is not cross-origin isolated) the SIMD kernels run on one thread', () => {
    const api = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const noSharedMemory: WasmApi = { validate: (b) => api.validate(b), Module: api.Module, Instance: api.Instance };
    expect(loadSharedSimdKernels(nodeHelperThreads, 0, noSharedMemory)).toBe('no shared WebAssembly memory');
    useKernels('auto', noSharedMemory);
    useKernelThreads(nodeHelperThreads);
    try {
      expect(threadStatus()).toEqual({ threads: 1, reason: 'no shared WebAssembly memory' });
      expect(describeKernels()).toMatch(/^kernels: wasm-simd \(.*; one thread \(no shared WebAssembly memory\)\)$/);
    } finally {
      useKernelThreads(null);
      useKernels('auto');
    }
  });
});
