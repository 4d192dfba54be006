/**
 * The dense products alone, TypeScript reference against WebAssembly SIMD on one thread and on two
 * (the split of src/engine/wasm/twoThreads.ts at every size, with the Node helper), alternating (TS,
 * SIMD, SIMD 2 threads, TS, …) on the layers of the benchmark's networks at batch sizes 1 … 256:
 * GFLOP/s per path and product, where the SIMD path starts to win and where two threads start to win
 * (the crossovers `src/engine/products.ts` uses). A call of a SIMD path includes copying its operands
 * in and the result out, as in the engine (the copies stay on the calling thread).
 */
import { performance } from 'node:perf_hooks';
import * as reference from '../src/engine/kernels';
import { CROSSOVER } from '../src/engine/products';
import { nodeHelperThreads } from '../src/worker/nodeKernelThreads';
import { createRng } from '../src/engine/rng';
import { loadSharedSimdKernels, loadSimdKernels, SimdKernels } from '../src/engine/wasm/simdKernels';
import { median } from './stats';

export type ProductName = keyof typeof CROSSOVER;
export const PRODUCTS: readonly ProductName[] = ['forward', 'backwardInput', 'backwardParams'];

/** fanIn → units of the layers measured: (a)'s, (b)'s, (c)'s and the digits network's. */
export const KERNEL_LAYERS: readonly (readonly [number, number])[] = [[4, 7], [7, 3], [64, 32], [32, 10], [784, 128], [128, 10], [512, 512], [512, 10]];
export const KERNEL_BATCHES: readonly number[] = [1, 2, 4, 8, 16, 32, 64, 128, 256];

export interface KernelPoint {
  readonly product: ProductName;
  readonly fanIn: number;
  readonly units: number;
  readonly rows: number;
  readonly multiplyAdds: number;
  /** Median ms per call. */
  readonly typescriptMs: number;
  readonly wasmMs: number;
  /** Median ms per call on two threads. */
  readonly twoThreadMs: number;
  /** Median over rounds of (TypeScript time / SIMD time) of the same round: robust to a loaded machine. */
  readonly speedup: number;
  /** Median over rounds of (one-thread SIMD time / two-thread SIMD time) of the same round. */
  readonly twoThreadSpeedup: number;
}

function random(n: number, stream: string): Float64Array {
  const rng = createRng(21, stream);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

/** One call of `product` on `path`, on fixed operands of the given shape. */
function caller(product: ProductName, simd: SimdKernels | undefined, rows: number, fanIn: number, units: number): () => void {
  const A = random(rows * fanIn, 'A'), W = random(units * fanIn, 'W'), b = random(units, 'b'), D = random(rows * units, 'D');
  const net = new Float64Array(rows * units), dA = new Float64Array(rows * fanIn), dW = new Float64Array(units * fanIn), db = new Float64Array(units);
  switch (product) {
    case 'forward': return simd ? () => { simd.forward(A, rows, fanIn, W, b, units, net); } : () => reference.denseForward(A, rows, fanIn, W, b, units, net);
    case 'backwardInput': return simd ? () => { simd.backwardInput(D, rows, units, W, fanIn, dA); } : () => reference.denseBackwardInput(D, rows, units, W, fanIn, dA);
    case 'backwardParams': return simd
      ? () => { simd.backwardParams(D, rows, units, A, fanIn, 0.01, dW, db); }
      : () => reference.denseBackwardParams(D, rows, units, A, fanIn, 0.01, dW, db);
  }
}

/** ms per call of each of `calls`, one sample per round, alternating blocks of ~blockMs. */
function alternate(calls: readonly (() => void)[], rounds: number, blockMs: number): number[][] {
  const reps = calls.map((f) => {
    for (let i = 0; i < 3; i++) f();
    const t0 = performance.now();
    let k = 0;
    while (performance.now() - t0 < blockMs / 2 || k < 1) { f(); k++; }
    return Math.max(1, Math.round((k * blockMs) / (performance.now() - t0)));
  });
  const samples = calls.map(() => [] as number[]);
  for (let r = 0; r < rounds; r++) {
    calls.forEach((f, i) => {
      const t0 = performance.now();
      for (let k = 0; k < reps[i]; k++) f();
      samples[i].push((performance.now() - t0) / reps[i]);
    });
  }
  return samples;
}

/** Every product on every layer and batch size, all three paths. Throws when this runtime has no SIMD or no shared memory. */
export async function measureKernels(options: { rounds: number; blockMs: number }): Promise<KernelPoint[]> {
  const simd = loadSimdKernels();
  if (!(simd instanceof SimdKernels)) throw new Error(`WebAssembly SIMD unavailable: ${simd}`);
  const shared = loadSharedSimdKernels(nodeHelperThreads, 0);
  if (typeof shared === 'string') throw new Error(`two threads unavailable: ${shared}`);
  while (!shared.twoThreads!.ready()) await new Promise((resolve) => setTimeout(resolve, 5));
  const points: KernelPoint[] = [];
  try {
    for (const product of PRODUCTS) {
      for (const [fanIn, units] of KERNEL_LAYERS) {
        for (const rows of KERNEL_BATCHES) {
          const [ts, wasm, two] = alternate([
            caller(product, undefined, rows, fanIn, units), caller(product, simd, rows, fanIn, units), caller(product, shared, rows, fanIn, units),
          ], options.rounds, options.blockMs);
          points.push({
            product, fanIn, units, rows, multiplyAdds: rows * fanIn * units,
            typescriptMs: median(ts), wasmMs: median(wasm), twoThreadMs: median(two),
            speedup: median(ts.map((t, r) => t / wasm[r])), twoThreadSpeedup: median(wasm.map((t, r) => t / two[r])),
          });
        }
      }
    }
  } finally {
    shared.twoThreads!.stop();
  }
  return points;
}

/**
 * Per product: the smallest multiply-adds from which two threads were at least `margin` times faster
 * than one at every measured point that large, or undefined if never.
 */
export function twoThreadCrossover(points: readonly KernelPoint[], margin = 1.1): Record<ProductName, number | undefined> {
  const out = {} as Record<ProductName, number | undefined>;
  for (const product of PRODUCTS) {
    const mine = points.filter((p) => p.product === product);
    out[product] = [...new Set(mine.map((p) => p.multiplyAdds))].sort((a, b) => a - b)
      .find((macs) => mine.filter((p) => p.multiplyAdds >= macs).every((p) => p.twoThreadSpeedup >= margin));
  }
  return out;
}

/**
 * Per product: the smallest multiply-adds and rows from which the SIMD path was at least `margin`
 * times faster at every measured point that large (both limits at once), or undefined if never.
 */
export function crossovers(points: readonly KernelPoint[], margin = 1.1): Record<ProductName, { rows: number; multiplyAdds: number } | undefined> {
  const out = {} as Record<ProductName, { rows: number; multiplyAdds: number } | undefined>;
  for (const product of PRODUCTS) {
    const mine = points.filter((p) => p.product === product);
    const wins = (p: KernelPoint) => p.speedup >= margin;
    let best: { rows: number; multiplyAdds: number } | undefined;
    for (const rows of [...new Set(mine.map((p) => p.rows))].sort((a, b) => a - b)) {
      for (const macs of [...new Set(mine.map((p) => p.multiplyAdds))].sort((a, b) => a - b)) {
        const covered = mine.filter((p) => p.rows >= rows && p.multiplyAdds >= macs);
        if (covered.length > 0 && covered.every(wins)) {
          // Prefer the candidate that sends the most measured points to SIMD.
          if (!best || covered.length > mine.filter((p) => p.rows >= best!.rows && p.multiplyAdds >= best!.multiplyAdds).length) best = { rows, multiplyAdds: macs };
          break;
        }
      }
    }
    out[product] = best;
  }
  return out;
}

/** Giga floating-point operations per second of one call (a multiply-add counts as two). */
export function callGflops(p: KernelPoint, path: 'typescript' | 'wasm' | 'two'): number {
  return (2 * p.multiplyAdds) / ((path === 'wasm' ? p.wasmMs : path === 'two' ? p.twoThreadMs : p.typescriptMs) * 1e6);
}
