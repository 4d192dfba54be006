/**
 * The fidelity suites again, with every product of every size on the WebAssembly SIMD kernels
 * (`useKernels('wasm-simd')`): the fused path against the autodiff, the published numbers, the
 * gradient check (whose one-unit recomputations use the TypeScript forward product, bit-identical to
 * the SIMD one) and TensorFlow.js. The suites themselves are unchanged; they run in this file's own
 * module context, after the hook below switched the kernels.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { kernelStatus, useKernels } from '../../src/engine/products';
import './fused-vs-autodiff.test';
import './published-numbers.test';
import './gradient-check.test';
import './fused-vs-tfjs.test';

beforeAll(() => {
  useKernels('wasm-simd');
  expect(kernelStatus().path).toBe('wasm-simd');
});
afterAll(() => useKernels('auto'));
