/**
 * The dense products the fused engine runs, each on the faster of two implementations for its size:
 *
 *   forward  net = A·Wᵀ + b       backward dA = Δ·W       backward dW += s·Δᵀ·A, db += s·Σ_i Δ
 *
 * - `kernels.ts`: plain TypeScript, register-blocked; the readable reference, and the faster one for
 *   small products (no copies, no call into WebAssembly).
 * - `wasm/simdKernels.ts`: WebAssembly SIMD (f64x2), 2–4× faster on large products, but every call
 *   copies its operands into the module's memory.
 * Same signatures as `kernels.ts`; the forward product is bit-identical on both paths, the backward
 * products differ in summation order only (last bits). Where WebAssembly or its SIMD is missing, or
 * the module fails to start, every product runs on the reference and `kernelStatus()` says why.
 */
import * as reference from './kernels';
import { loadSimdKernels, type SimdKernels, type WasmApi } from './wasm/simdKernels';

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

/** Per thread: the loaded module (or why not), loaded on the first product that wants it. */
let choice: KernelChoice = 'auto';
let wasmApi: WasmApi | null | undefined;
let simd: SimdKernels | string | undefined;

function simdKernels(): SimdKernels | undefined {
  if (choice === 'typescript') return undefined;
  if (simd === undefined) {
    simd = loadSimdKernels(wasmApi === undefined ? (globalThis as { WebAssembly?: WasmApi }).WebAssembly : wasmApi);
  }
  return typeof simd === 'string' ? undefined : simd;
}

/**
 * Chooses the kernels from now on (this thread). `wasm` stands in for the `WebAssembly` global: `null`
 * as if there were none, an object to simulate a runtime without SIMD; absent, the real one.
 */
export function useKernels(next: KernelChoice, wasm?: WasmApi | null): void {
  choice = next;
  if (wasm !== wasmApi) {
    wasmApi = wasm;
    simd = undefined;
  }
}

/** The path large products take, and why it is not WebAssembly SIMD when it is not. */
export function kernelStatus(): { readonly path: KernelPath; readonly reason?: string } {
  if (choice === 'typescript') return { path: 'typescript', reason: 'chosen' };
  const kernels = simdKernels();
  return kernels ? { path: 'wasm-simd' } : { path: 'typescript', reason: String(simd) };
}

/** One line for the worker's and the command line's log: `kernels: wasm-simd` or `kernels: typescript (why)`. */
export function describeKernels(): string {
  const { path, reason } = kernelStatus();
  if (path === 'typescript') return `kernels: typescript (${reason})`;
  if (choice !== 'auto') return 'kernels: wasm-simd (every size)';
  const limits = Object.values(CROSSOVER);
  const span = (values: number[]) => (Math.min(...values) === Math.max(...values) ? `${values[0]}` : `${Math.min(...values)}–${Math.max(...values)}`);
  return `kernels: wasm-simd (WebAssembly SIMD f64x2 from ${span(limits.map((l) => l.rows))} samples and ${span(limits.map((l) => l.multiplyAdds))} multiply-adds per product; TypeScript below)`;
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
  if (!k || !k.forward(A, n, fanIn, W, b, units, net)) reference.denseForward(A, n, fanIn, W, b, units, net);
}

/** dA[i][c] = Σ_u Δ[i][u]·W[u][c] for the first n rows (overwrites dA). */
export function denseBackwardInput(
  D: Float64Array, n: number, units: number,
  W: Float64Array, fanIn: number, dA: Float64Array,
): void {
  const k = fast(CROSSOVER.backwardInput, n, n * fanIn * units);
  if (!k || !k.backwardInput(D, n, units, W, fanIn, dA)) reference.denseBackwardInput(D, n, units, W, fanIn, dA);
}

/** dW[u][c] += scale·Σ_i Δ[i][u]·A[i][c] and db[u] += scale·Σ_i Δ[i][u] over the first n rows (accumulates). */
export function denseBackwardParams(
  D: Float64Array, n: number, units: number,
  A: Float64Array, fanIn: number, scale: number,
  dW: Float64Array, db: Float64Array,
): void {
  const k = fast(CROSSOVER.backwardParams, n, n * fanIn * units);
  if (!k || !k.backwardParams(D, n, units, A, fanIn, scale, dW, db)) reference.denseBackwardParams(D, n, units, A, fanIn, scale, dW, db);
}
