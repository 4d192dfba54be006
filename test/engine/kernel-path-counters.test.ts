/**
 * The counters that prove which path a product took (src/engine/products.ts), as the browser checks
 * of test/e2e/web-kernels.e2e.test.ts read them: products per path follow the dispatcher's choice, and
 * the chunks of a split product are counted once each, on the thread that computed them.
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as reference from '../../src/engine/kernels';
import {
  callerThreadChunks, denseForward, helperThreadChunks, helperThreadReady, productCounts, useKernels, useKernelThreads,
} from '../../src/engine/products';
import { nodeHelperThreads } from '../../src/worker/nodeKernelThreads';

function forward(n: number, fanIn: number, units: number): { net: Float64Array; ref: Float64Array } {
  const A = new Float64Array(n * fanIn).map((_, i) => Math.sin(i)), W = new Float64Array(units * fanIn).map((_, i) => Math.cos(i));
  const b = new Float64Array(units).fill(0.25), net = new Float64Array(n * units), ref = new Float64Array(n * units);
  denseForward(A, n, fanIn, W, b, units, net);
  reference.denseForward(A, n, fanIn, W, b, units, ref);
  return { net, ref };
}

const delta = (before: Record<string, number>, after: Record<string, number>) =>
  Object.fromEntries(Object.keys(before).map((key) => [key, after[key] - before[key]]));

afterEach(() => {
  useKernelThreads(null);
  useKernels('auto');
});

describe('the kernel path counters', () => {
  it('count each product once, on the path the dispatcher chose', () => {
    let before = productCounts();
    forward(2, 4, 7); // the 4→7 teaching layer: below every crossover
    forward(64, 64, 32); // 131,072 multiply-adds on 64 rows: above the forward crossover
    expect(delta(before, productCounts())).toEqual({ 'wasm-simd': 1, typescript: 1 });

    useKernels('typescript');
    before = productCounts();
    forward(64, 64, 32);
    expect(delta(before, productCounts())).toEqual({ 'wasm-simd': 0, typescript: 1 });

    useKernels('wasm-simd');
    before = productCounts();
    forward(2, 4, 7);
    expect(delta(before, productCounts())).toEqual({ 'wasm-simd': 1, typescript: 0 });
  });

  it('count the chunks of a split product per thread: all the helper\'s when the caller only waits, the same total when both work', async () => {
    useKernels('wasm-simd');
    useKernelThreads(nodeHelperThreads, { fromMultiplyAdds: 0, callerWorks: false });
    while (!helperThreadReady()) await new Promise((resolve) => setTimeout(resolve, 5));
    const chunks = () => ({ helper: helperThreadChunks(), caller: callerThreadChunks() });

    let before = chunks();
    let { net, ref } = forward(256, 40, 48);
    expect(Array.from(net)).toEqual(Array.from(ref));
    const helperOnly = delta(before, chunks());
    expect(helperOnly.caller).toBe(0);
    expect(helperOnly.helper).toBeGreaterThan(1);

    useKernelThreads(nodeHelperThreads, { fromMultiplyAdds: 0, callerWorks: true });
    before = chunks();
    ({ net, ref } = forward(256, 40, 48));
    expect(Array.from(net)).toEqual(Array.from(ref));
    const shared = delta(before, chunks());
    expect(shared.caller + shared.helper).toBe(helperOnly.helper);
  });

  it('report no chunks without a helper thread', () => {
    useKernels('wasm-simd');
    forward(256, 40, 48);
    expect({ helper: helperThreadChunks(), caller: callerThreadChunks() }).toEqual({ helper: 0, caller: 0 });
  });
});
