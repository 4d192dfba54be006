/**
 * The dense products the fused engine runs, each on the faster of two implementations for its size:
 *
 *   forward  net = A·Wᵀ + b       backward dA = Δ·W       backward dW += s·Δᵀ·A, db += s·Σ_i Δ
 *
 * - `kernels.ts`: plain TypeScript, register-blocked; the readable reference, and the faster one for
 *   small products (no copies, no call into WebAssembly).
 * - `wasm/simdKernels.ts`: WebAssembly SIMD (f64x2), 2–4× faster on large products, but every call
 *   copies its operands into the module's memory.
 * - two threads (`wasm/twoThreads.ts`): the SIMD gemm of a large product split by rows or columns
 *   between this thread and a helper thread on a shared memory, when the platform injected a way to
 *   start one (`useKernelThreads`: src/worker/kernelThreads.ts) and shared memory is available.
 * Same signatures as `kernels.ts`; the forward product is bit-identical on every path, the backward
 * products differ in summation order only (last bits; two threads give the one-thread SIMD bits).
 * Where WebAssembly or its SIMD is missing, or the module fails to start, every product runs on the
 * reference and `kernelStatus()` says why; where shared memory is missing, SIMD runs on one thread.
 */
import * as reference from './kernels';
import { loadSharedSimdKernels, loadSimdKernels, type SimdKernels, type WasmApi } from './wasm/simdKernels';
import type { HelperThreadStarter } from './wasm/twoThreads';

/** Which implementation ran, for the log. */
export type KernelPath = 'wasm-simd' | 'typescript';
/** `auto`: by size (the default); a path: that one for every size (tests, the benchmark). */
export type KernelChoice = 'auto' | KernelPath;

/**
 * A product goes to WebAssembly when it has at least `rows` rows (samples: the copy of W is shared by
 * all rows) and `multiplyAdds` multiply-adds. Measured with `npm run bench` (its kernel table: both
 * paths alternating, 31 rounds, on the layers 4→7, 7→3, 64→32, 32→10, 784→128, 128→10, 512→512 and
 * 512→10 at batch 1 … 256, medians of per-round ratios) on a 2-core AMD EPYC at load 20–30, 6 December
 * 2026: from these sizes on, the SIMD path was faster at every measured point, typically by 1.2–4×; below them
 * the copies cost more than SIMD saves (at one sample it is 2–3× slower, and 4→7 or 7→3 layers never gain).
 */
export const CROSSOVER = Object.freeze({
  forward: { rows: 8, multiplyAdds: 65536 },
  backwardInput: { rows: 16, multiplyAdds: 16384 },
  backwardParams: { rows: 16, multiplyAdds: 65536 },
});

/**
 * A SIMD product of at least this many multiply-adds is split between two threads (when a helper
 * thread is available). Measured with `npm run bench` (kernel table, one- and two-thread SIMD
 * alternating): see docs/PERFORMANCE.md. Below it the wake-up and the chunks' overhead (tens of µs)
 * would eat the gain; the teaching shapes never come near (they are not even on SIMD). The quiet run
 * of 6 December (2 × AMD EPYC, load 1.8) measured two threads at least 1.1× faster from 4,194,304
 * multiply-adds (forward; 6.4 M backward to the input, 8.4 M to the parameters), and slower than one
 * thread at 1–2 M: hence 2²².
 */
export const TWO_THREADS_FROM = 1 << 22;

/** Per thread: the loaded module (or why not), loaded on the first product that wants it. */
let choice: KernelChoice = 'auto';
let wasmApi: WasmApi | null | undefined;
let simd: SimdKernels | string | undefined;
/** The injected way to start a helper thread, and from how many multiply-adds products use it. */
let threads: { starter: HelperThreadStarter; from: number; callerWorks: boolean } | undefined;
/** Why the SIMD kernels run on one thread although a helper could be started. */
let oneThreadReason: string | undefined;

function simdKernels(): SimdKernels | undefined {
  if (choice === 'typescript') return undefined;
  if (simd === undefined) {
    const api = wasmApi === undefined ? (globalThis as { WebAssembly?: WasmApi }).WebAssembly : wasmApi;
    oneThreadReason = undefined;
    if (threads) {
      const shared = loadSharedSimdKernels(threads.starter, threads.from, api);
      if (typeof shared === 'string') oneThreadReason = shared;
      else {
        if (shared.twoThreads) shared.twoThreads.callerWorks = threads.callerWorks;
        simd = shared;
      }
    }
    simd ??= loadSimdKernels(api);
  }
  return typeof simd === 'string' ? undefined : simd;
}

/** Forgets the loaded kernels (ending their helper thread, if any): the next product loads them again. */
function unload(): void {
  if (typeof simd === 'object') simd.twoThreads?.stop();
  simd = undefined;
}

/**
 * Lets large SIMD products use a second thread, started with `starter` on the first product that
 * wants it (the engine itself starts no thread: the platform injects how, see
 * src/worker/kernelThreads.ts); `null`: one thread (ends the helper). `fromMultiplyAdds`: the split's
 * crossover (default TWO_THREADS_FROM; 0 in tests and the benchmark). `callerWorks: false` (tests
 * only): the helper computes every chunk while this thread waits.
 */
export function useKernelThreads(
  starter: HelperThreadStarter | null,
  options: { fromMultiplyAdds?: number; callerWorks?: boolean } = {},
): void {
  const from = options.fromMultiplyAdds ?? TWO_THREADS_FROM, callerWorks = options.callerWorks ?? true;
  if (starter && threads?.starter === starter) {
    threads = { starter, from, callerWorks };
    if (typeof simd === 'object' && simd.twoThreads) {
      simd.twoThreadsFrom = from;
      simd.twoThreads.callerWorks = callerWorks;
    }
    return;
  }
  threads = starter ? { starter, from, callerWorks } : undefined;
  unload();
}

/** Ends the helper thread, if one runs (products go on, on one thread). For a clean shutdown. */
export function stopKernelThreads(): void {
  useKernelThreads(null);
}

/** Chunks of products the helper thread has computed so far (0 without one): proof it works. */
export function helperThreadChunks(): number {
  return typeof simd === 'object' && simd.twoThreads ? simd.twoThreads.helperChunks() : 0;
}

/** Chunks of split products this (calling) thread has computed so far (0 without a helper). */
export function callerThreadChunks(): number {
  return typeof simd === 'object' && simd.twoThreads ? simd.twoThreads.callerChunks() : 0;
}

/** Products run on each path since this thread started: proof of the path taken (tests). */
const productsRun: Record<KernelPath, number> = { 'wasm-simd': 0, typescript: 0 };

/** How many products ran on WebAssembly SIMD and on the TypeScript reference so far (this thread). */
export function productCounts(): Readonly<Record<KernelPath, number>> {
  return { ...productsRun };
}

/** Starts the helper thread now if it is to be used, and says whether it runs (tests wait for it). */
export function helperThreadReady(): boolean {
  const kernels = simdKernels();
  return Boolean(kernels?.twoThreads?.ready());
}

/**
 * Chooses the kernels from now on (this thread). `wasm` stands in for the `WebAssembly` global: `null`
 * as if there were none, an object to simulate a runtime without SIMD; absent, the real one.
 */
export function useKernels(next: KernelChoice, wasm?: WasmApi | null): void {
  choice = next;
  if (wasm !== wasmApi) {
    wasmApi = wasm;
    unload();
  }
}

/** The path large products take, and why it is not WebAssembly SIMD when it is not. */
export function kernelStatus(): { readonly path: KernelPath; readonly reason?: string } {
  if (choice === 'typescript') return { path: 'typescript', reason: 'chosen' };
  const kernels = simdKernels();
  return kernels ? { path: 'wasm-simd' } : { path: 'typescript', reason: String(simd) };
}

/**
 * Whether large SIMD products may use two threads: `two` with the helper's platform and state
 * (`not started` until the first large product), or `one` and why (no helper injected, no shared
 * memory, the helper failed or was stopped).
 */
export function threadStatus(): { readonly threads: 1 | 2; readonly reason: string } {
  const kernels = simdKernels();
  if (!kernels) return { threads: 1, reason: 'no SIMD kernels' };
  if (!threads) return { threads: 1, reason: 'no helper thread on this platform' };
  if (!kernels.twoThreads) return { threads: 1, reason: oneThreadReason ?? 'no shared memory' };
  const state = kernels.twoThreads.status();
  const usable = state === 'running' || state === 'starting' || state === 'not started';
  return usable ? { threads: 2, reason: `${threads.starter.name} helper ${state}` } : { threads: 1, reason: `helper thread ${state}` };
}

/**
 * One line for the worker's and the command line's log: `kernels: wasm-simd (…)` with the thread
 * split (`two threads from N multiply-adds (node:worker_threads helper not started)` or `one thread
 * (why)`), or `kernels: typescript (why)`.
 */
export function describeKernels(): string {
  const { path, reason } = kernelStatus();
  if (path === 'typescript') return `kernels: typescript (${reason})`;
  const t = threadStatus();
  const split = t.threads === 2
    ? `two threads from ${threads?.from ?? TWO_THREADS_FROM} multiply-adds (${t.reason})`
    : `one thread (${t.reason})`;
  if (choice !== 'auto') return `kernels: wasm-simd (every size; ${split})`;
  const limits = Object.values(CROSSOVER);
  const span = (values: number[]) => (Math.min(...values) === Math.max(...values) ? `${values[0]}` : `${Math.min(...values)}–${Math.max(...values)}`);
  return `kernels: wasm-simd (WebAssembly SIMD f64x2 from ${span(limits.map((l) => l.rows))} samples and ${span(limits.map((l) => l.multiplyAdds))} multiply-adds per product; TypeScript below; ${split})`;
}

/** Which path a product of `rows` rows and `multiplyAdds` multiply-adds takes now. */
export function pathFor(product: keyof typeof CROSSOVER, rows: number, multiplyAdds: number): KernelPath {
  return fast(CROSSOVER[product], rows, multiplyAdds) ? 'wasm-simd' : 'typescript';
}

function fast(limit: { rows: number; multiplyAdds: number }, rows: number, multiplyAdds: number): SimdKernels | undefined {
  if (choice === 'typescript') return undefined;
  if (choice === 'auto' && (rows < limit.rows || multiplyAdds < limit.multiplyAdds)) return undefined;
  return simdKernels();
}

/** net[i][u] = Σ_c A[i][c]·W[u][c] + b[u] for the first n rows (bit-identical on both paths). */
export function denseForward(
  A: Float64Array, n: number, fanIn: number,
  W: Float64Array, b: Float64Array, units: number, net: Float64Array,
): void {
  const k = fast(CROSSOVER.forward, n, n * fanIn * units);
  if (k && k.forward(A, n, fanIn, W, b, units, net)) productsRun['wasm-simd']++;
  else {
    reference.denseForward(A, n, fanIn, W, b, units, net);
    productsRun.typescript++;
  }
}

/** dA[i][c] = Σ_u Δ[i][u]·W[u][c] for the first n rows (overwrites dA). */
export function denseBackwardInput(
  D: Float64Array, n: number, units: number,
  W: Float64Array, fanIn: number, dA: Float64Array,
): void {
  const k = fast(CROSSOVER.backwardInput, n, n * fanIn * units);
  if (k && k.backwardInput(D, n, units, W, fanIn, dA)) productsRun['wasm-simd']++;
  else {
    reference.denseBackwardInput(D, n, units, W, fanIn, dA);
    productsRun.typescript++;
  }
}

/** dW[u][c] += scale·Σ_i Δ[i][u]·A[i][c] and db[u] += scale·Σ_i Δ[i][u] over the first n rows (accumulates). */
export function denseBackwardParams(
  D: Float64Array, n: number, units: number,
  A: Float64Array, fanIn: number, scale: number,
  dW: Float64Array, db: Float64Array,
): void {
  const k = fast(CROSSOVER.backwardParams, n, n * fanIn * units);
  if (k && k.backwardParams(D, n, units, A, fanIn, scale, dW, db)) productsRun['wasm-simd']++;
  else {
    reference.denseBackwardParams(D, n, units, A, fanIn, scale, dW, db);
    productsRun.typescript++;
  }
}
