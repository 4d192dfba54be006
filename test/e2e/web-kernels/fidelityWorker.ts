/**
 * The engine's fidelity test files, unchanged, in a dedicated Web Worker of the test page (as the web
 * build's analysis worker runs the engine): the 40 PyTorch float64 fixtures, the fused dense and layered
 * paths against the autodiff on random shapes, the published numbers, and the gradient checks (dense
 * and layered). Every product runs on the WebAssembly SIMD kernels (`useKernels('wasm-simd')`); where
 * the page is cross-origin isolated, every product of at least 32 rows or columns is also split with a
 * helper Web Worker (the web build's starter, `webHelperThreads`), which computes every chunk
 * (`callerWorks: false`), so the numbers checked are the helper's.
 *
 * Messages to the page: `start` (the kernel log line), one `case` per test (name, passed, error),
 * `end` (products per path and chunks per thread: proof of the path taken, and the log line again).
 */
import {
  callerThreadChunks, describeKernels, helperThreadChunks, helperThreadReady, productCounts, threadStatus, useKernels, useKernelThreads,
} from '../../../src/engine/products';
import { webHelperThreads } from '../../../src/worker/webKernelThreads';
import { runCollected } from './vitestInBrowser';
import { scope, until } from './workerScope';
import '../../engine/fused-vs-autodiff.test';
import '../../engine/published-numbers.test';
import '../../engine/gradient-check.test';
import '../../engine/pytorch-layers.test';
import '../../engine/layers-vs-autodiff.test';
import '../../engine/layered-gradient-check.test';

scope.onmessage = () => {
  scope.onmessage = null;
  void run();
};

async function run(): Promise<void> {
  useKernels('wasm-simd');
  const helpers = webHelperThreads();
  if (typeof helpers !== 'string') {
    useKernelThreads(helpers, { fromMultiplyAdds: 0, callerWorks: false });
    await until(helperThreadReady, () => threadStatus().threads === 1);
  }
  scope.postMessage({ type: 'start', kernels: describeKernels(), crossOriginIsolated: scope.crossOriginIsolated === true, helpers: typeof helpers === 'string' ? helpers : helpers.name });
  await runCollected((result) => scope.postMessage({ type: 'case', ...result }));
  scope.postMessage({
    type: 'end', kernels: describeKernels(), products: productCounts(),
    chunks: { helper: helperThreadChunks(), caller: callerThreadChunks() },
  });
}
