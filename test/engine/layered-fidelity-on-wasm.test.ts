/**
 * The layered fidelity suites again, with every product of every size on the WebAssembly SIMD kernels
 * (`useKernels('wasm-simd')`): the 40 PyTorch float64 fixtures, the fused layers against the autodiff
 * reference, and the layered gradient check. Dense and conv layers run their products through
 * products.ts, so these are the same numbers on the fast path (summation order aside). The suites are
 * unchanged; they run in this file's own module context, after the hook below switched the kernels.
 */
import { afterAll, beforeAll, expect } from 'vitest';
import { kernelStatus, useKernels } from '../../src/engine/products';
import './pytorch-layers.test';
import './layers-vs-autodiff.test';
import './layered-gradient-check.test';

beforeAll(() => {
  useKernels('wasm-simd');
  expect(kernelStatus().path).toBe('wasm-simd');
});
afterAll(() => useKernels('auto'));
