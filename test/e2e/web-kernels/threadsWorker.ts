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
  callerThreadChunks, denseBackwardInput, describeKernels, helperThreadChunks, helperThreadReady, productCounts,
  threadStatus, TWO_THREADS_FROM, useKernels, useKernelThreads,
} from '../../../src/engine/products';
import { loadSharedSimdKernels } from '../../../src/engine/wasm/simdKernels';
import type { HelperThreadStarter } from '../../../src/engine/wasm/twoThreads';
import { webHelperThreads } from '../../../src/worker/webKernelThreads';
import { describeTwoThreadProducts, expectSameSum, forwardCase, inputMagnitude, random, RUNS, shape } from '../../engine/twoThreadProducts';
import { describe, expect, it, runCollected } from './vitestInBrowser';
import { scope, until } from './workerScope';

const chunks = () => ({ helper: helperThreadChunks(), caller: callerThreadChunks() });

function twoThreadChecks(starter: HelperThreadStarter): void {
  describeTwoThreadProducts('two threads on one product (the helper a Web Worker on shared WebAssembly memory)', async () => {
    const two = loadSharedSimdKernels(starter, 0);
    if (typeof two === 'string') throw new Error(`this page cannot share WebAssembly memory: ${two}`);
    if (!await until(() => two.twoThreads!.ready(), () => two.twoThreads!.status() !== 'starting')) throw new Error(`helper: ${two.twoThreads!.status()}`);
    return two;
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
