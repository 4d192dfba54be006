/**
 * The fidelity suites again, with every product on the WebAssembly SIMD kernels and every product of
 * at least 32 rows or columns split between this thread and the Node helper thread (crossover 0; the
 * helper computes every chunk, `callerWorks: false`, so its results are the ones checked): the fused
 * path against the autodiff, the published numbers, the gradient check (its one-unit recomputations
 * use the TypeScript forward product, bit-identical to the split one) and TensorFlow.js. The suites
 * are unchanged; they run in this file's own module context, after the hook below set the kernels.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { helperThreadChunks, helperThreadReady, kernelStatus, threadStatus, useKernels, useKernelThreads } from '../../src/engine/products';
import { nodeHelperThreads } from '../../src/worker/nodeKernelThreads';
import './fused-vs-autodiff.test';
import './published-numbers.test';
import './gradient-check.test';
import './fused-vs-tfjs.test';

beforeAll(async () => {
  useKernels('wasm-simd');
  useKernelThreads(nodeHelperThreads, { fromMultiplyAdds: 0, callerWorks: false });
  while (!helperThreadReady()) await new Promise((resolve) => setTimeout(resolve, 5));
  expect(kernelStatus().path).toBe('wasm-simd');
  expect(threadStatus()).toEqual({ threads: 2, reason: 'node:worker_threads helper running' });
}, 120_000);
afterAll(() => {
  // The suites' larger networks (digits 64-32-10, the TensorFlow.js shapes) had products split.
  expect(helperThreadChunks()).toBeGreaterThan(0);
  useKernelThreads(null);
  useKernels('auto');
});
