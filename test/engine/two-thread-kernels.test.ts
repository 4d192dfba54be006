/**
 * Large products split between this thread and a helper thread (src/engine/wasm/twoThreads.ts, the
 * Node helper of src/worker/nodeKernelThreads.ts): on random shapes with awkward remainders the
 * results are the one-thread SIMD kernels' bit for bit (every entry is still summed in order by one
 * thread), hence the forward product equals the TypeScript reference exactly and the backward
 * products within 1e-12 of the sum of the terms' magnitudes. Chunks by rows and by columns, the
 * helper computing every chunk (deterministic: `callerWorks` false) or sharing them. And the
 * fallbacks: without shared memory, or when the helper cannot start, one thread, said in the log.
 */
import { describe, expect, it } from 'vitest';
import * as reference from '../../src/engine/kernels';
import {
  denseForward, describeKernels, helperThreadChunks, helperThreadReady, threadStatus, TWO_THREADS_FROM, useKernels, useKernelThreads,
} from '../../src/engine/products';
import { loadSharedSimdKernels, type WasmApi } from '../../src/engine/wasm/simdKernels';
import type { HelperThreadStarter } from '../../src/engine/wasm/twoThreads';
import { nodeHelperThreads } from '../../src/worker/nodeKernelThreads';
import { describeTwoThreadProducts, random } from './twoThreadProducts';

/** Resolves when `ready()` holds; the test's own timeout is the only limit (no timing assumed). */
async function until(ready: () => boolean): Promise<void> {
  while (!ready()) await new Promise((resolve) => setTimeout(resolve, 5));
}

describeTwoThreadProducts('two threads on one product', async () => {
  const two = loadSharedSimdKernels(nodeHelperThreads, 0);
  if (typeof two === 'string') throw new Error(`this Node cannot share WebAssembly memory: ${two}`);
  await until(() => two.twoThreads!.ready());
  return two;
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
