/**
 * The three dense products of `kernels.ts` on the WebAssembly SIMD matrix product (gemm, f64x2),
 * same arguments, same results up to summation order, and for the forward product bit for bit:
 *
 *   forward  net = A·Wᵀ + b   gemm(X = A, Y = Wᵀ): net[i][u] = (Σ_c A[i][c]·W[u][c], c = 0, 1, …) + b[u]
 *   backward dA  = Δ·W        gemm(X = Δ, Y = W):  dA[i][c] = Σ_u Δ[i][u]·W[u][c], u = 0, 1, …
 *   backward dW += (sΔ)ᵀ·A    gemm(X = (s·Δ)ᵀ, Y = A): dW[u][c] += Σ_i (s·Δ[i][u])·A[i][c], i = 0, 1, …
 *            db += Σ_i s·Δ[i][u]                                              (plain loop, here)
 *
 * gemm sums every entry sequentially, like a plain loop; the forward product of `kernels.ts` does too
 * (then adds the bias), so both give the same bits and the gradient check's one-unit recomputation
 * holds on either path. The backward products of `kernels.ts` group four terms at a time: there the
 * two paths differ in the last bits only.
 *
 * The operands are copied into the module's memory: X and C row by row (rows padded to an even
 * length, and by one cache line more when a row would be a multiple of 256 bytes), Y packed in the
 * column strips the module reads (`packY`), Δᵀ transposed on the way. The copies are
 * O(n·fanIn + fanIn·units + n·units) against the product's O(n·fanIn·units). Nothing here needs Node:
 * only the `WebAssembly` global.
 */
import { GEMM_WASM_BASE64, GEMM_WASM_SHARED_BASE64, GEMM_WASM_SHARED_MAX_PAGES, GEMM_WASM_TILE } from './gemmModule';
import { TwoThreadGemm, type HelperThreadStarter } from './twoThreads';

/**
 * The part of the `WebAssembly` global this loader uses (a parameter, so tests can take it away),
 * typed here because the engine's TypeScript library (ES2022, no DOM) does not declare it.
 */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
  /** Only for two threads (a shared memory). */
  Memory?: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

/** gemm(x, ldx, y, c, ldc, m, k, n): C = X·Y on byte offsets of the module's memory. */
type Gemm = (x: number, ldx: number, y: number, c: number, ldc: number, m: number, k: number, n: number) => void;

interface GemmExports {
  readonly memory: WasmMemory;
  readonly gemm: Gemm;
}

/** Bytes the module's memory may grow to (a wasm32 memory holds 4 GB; the engine's chunks need far less). */
const MAX_BYTES = 1 << 30;
const PAGE = 65536;

/** Row length in doubles for n columns: even (16-byte rows) and never a multiple of 32 (256 bytes). */
export function paddedRow(n: number): number {
  let ld = n + (n & 1);
  if (ld % 32 === 0) ld += 8;
  return ld;
}

/** Columns of the module's widest column strip. */
const STRIP = 2 * GEMM_WASM_TILE.nv;

/**
 * Writes Y (k × n, Y[p][j] = src[p·ps + j·js]) into h from `at` in the module's packed layout:
 * strips of STRIP columns, then of 2, then of 1, each strip its k rows one after the other.
 */
export function packY(h: Float64Array, at: number, src: Float64Array, k: number, n: number, ps: number, js: number): void {
  let d = at, j = 0;
  for (; j + STRIP <= n; j += STRIP) {
    for (let p = 0; p < k; p++) {
      const o = p * ps + j * js;
      for (let q = 0; q < STRIP; q++) h[d++] = src[o + q * js];
    }
  }
  for (; j + 2 <= n; j += 2) {
    for (let p = 0; p < k; p++) {
      const o = p * ps + j * js;
      h[d++] = src[o];
      h[d++] = src[o + js];
    }
  }
  for (; j < n; j++) {
    for (let p = 0, o = j * js; p < k; p++, o += ps) h[d++] = src[o];
  }
}

/** Offset of `bytes` rounded up to a 64-byte cache line. */
const line = (bytes: number) => (bytes + 63) & ~63;

function decodeBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** The dense products on one instance of the SIMD module (one per thread). */
export class SimdKernels {
  private heap: Float64Array;

  /**
   * `gemm` runs on `memory` (the module's own, or a shared one split between two threads by
   * `twoThreads`, which then also runs the products of at least `twoThreadsFrom` multiply-adds).
   */
  constructor(
    private readonly memory: WasmMemory,
    private readonly oneThread: Gemm,
    readonly twoThreads?: TwoThreadGemm,
    public twoThreadsFrom = Infinity,
  ) {
    this.heap = new Float64Array(this.memory.buffer);
  }

  /** The product C = X·Y of m·k·n multiply-adds, on two threads from `twoThreadsFrom` on. */
  private gemm(x: number, ldx: number, y: number, c: number, ldc: number, m: number, k: number, n: number): void {
    if (this.twoThreads && m * k * n >= this.twoThreadsFrom) this.twoThreads.run(x, ldx, y, c, ldc, m, k, n);
    else this.oneThread(x, ldx, y, c, ldc, m, k, n);
  }

  /** The memory as doubles, at least `bytes` long; false when it cannot grow that far. */
  private reserve(bytes: number): boolean {
    if (bytes > MAX_BYTES) return false;
    const have = this.memory.buffer.byteLength;
    if (have < bytes) {
      try {
        this.memory.grow(Math.ceil((bytes - have) / PAGE));
      } catch {
        return false;
      }
    }
    if (this.heap.buffer !== this.memory.buffer) this.heap = new Float64Array(this.memory.buffer);
    return true;
  }

  /** net[i][u] = Σ_c A[i][c]·W[u][c] + b[u], as `kernels.denseForward`. False: too big for the memory, nothing written. */
  forward(A: Float64Array, n: number, fanIn: number, W: Float64Array, b: Float64Array, units: number, net: Float64Array): boolean {
    const ldx = paddedRow(fanIn), ldc = paddedRow(units);
    const x = 0, y = line(x + 8 * n * ldx), c = line(y + 8 * fanIn * units);
    if (!this.reserve(c + 8 * n * ldc)) return false;
    const h = this.heap, xo = x / 8, co = c / 8;
    for (let i = 0; i < n; i++) {
      const s = i * fanIn, d = xo + i * ldx;
      for (let j = 0; j < fanIn; j++) h[d + j] = A[s + j];
    }
    packY(h, y / 8, W, fanIn, units, 1, fanIn); // Y = Wᵀ: Y[c][u] = W[u·fanIn + c]
    this.gemm(x, 8 * ldx, y, c, 8 * ldc, n, fanIn, units);
    for (let i = 0; i < n; i++) {
      const s = co + i * ldc, d = i * units;
      for (let u = 0; u < units; u++) net[d + u] = h[s + u] + b[u];
    }
    return true;
  }

  /** dA[i][c] = Σ_u Δ[i][u]·W[u][c] (overwrites dA), as `kernels.denseBackwardInput`. */
  backwardInput(D: Float64Array, n: number, units: number, W: Float64Array, fanIn: number, dA: Float64Array): boolean {
    const ldx = paddedRow(units), ldc = paddedRow(fanIn);
    const x = 0, y = line(x + 8 * n * ldx), c = line(y + 8 * units * fanIn);
    if (!this.reserve(c + 8 * n * ldc)) return false;
    const h = this.heap, xo = x / 8, co = c / 8;
    for (let i = 0; i < n; i++) {
      const s = i * units, d = xo + i * ldx;
      for (let u = 0; u < units; u++) h[d + u] = D[s + u];
    }
    packY(h, y / 8, W, units, fanIn, fanIn, 1); // Y = W
    this.gemm(x, 8 * ldx, y, c, 8 * ldc, n, units, fanIn);
    for (let i = 0; i < n; i++) {
      const s = co + i * ldc, d = i * fanIn;
      for (let j = 0; j < fanIn; j++) dA[d + j] = h[s + j];
    }
    return true;
  }

  /** dW[u][c] += Σ_i s·Δ[i][u]·A[i][c] and db[u] += Σ_i s·Δ[i][u], as `kernels.denseBackwardParams`. */
  backwardParams(
    D: Float64Array, n: number, units: number, A: Float64Array, fanIn: number, scale: number,
    dW: Float64Array, db: Float64Array,
  ): boolean {
    const ldx = paddedRow(n), ldc = paddedRow(fanIn);
    const x = 0, y = line(x + 8 * units * ldx), c = line(y + 8 * n * fanIn);
    if (!this.reserve(c + 8 * units * ldc)) return false;
    const h = this.heap, xo = x / 8, co = c / 8;
    for (let u = 0; u < units; u++) {
      let sum = 0;
      for (let i = 0, s = u, d = xo + u * ldx; i < n; i++, s += units) {
        const v = D[s] * scale;
        h[d + i] = v;
        sum += v;
      }
      db[u] += sum;
    }
    packY(h, y / 8, A, n, fanIn, fanIn, 1); // Y = A
    this.gemm(x, 8 * ldx, y, c, 8 * ldc, units, n, fanIn);
    for (let u = 0; u < units; u++) {
      const s = co + u * ldc, d = u * fanIn;
      for (let j = 0; j < fanIn; j++) dW[d + j] += h[s + j];
    }
    return true;
  }
}

/** Why the SIMD kernels are not in use, when they are not. */
export type SimdUnavailable = 'no WebAssembly' | 'no WebAssembly SIMD' | `failed to start: ${string}`;

/**
 * Compiles and instantiates the SIMD module synchronously (it is ~2 KB: allowed in workers and in
 * Node; the engine runs in a worker). Returns the kernels, or why not: no `WebAssembly` global, a
 * runtime without SIMD (the module does not validate), or an error while starting.
 */
export function loadSimdKernels(wasm: WasmApi | null | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly): SimdKernels | SimdUnavailable {
  if (!wasm || typeof wasm.validate !== 'function') return 'no WebAssembly';
  try {
    const bytes = decodeBase64(GEMM_WASM_BASE64);
    if (!wasm.validate(bytes)) return 'no WebAssembly SIMD';
    const instance = new wasm.Instance(new wasm.Module(bytes), {});
    const exports = instance.exports as unknown as GemmExports;
    return new SimdKernels(exports.memory, exports.gemm);
  } catch (e) {
    return `failed to start: ${e instanceof Error ? e.message : String(e)}`;
  }
}

/**
 * The SIMD kernels on a shared memory, with a helper thread for large products (started by
 * `starter` on the first one), or why not: no SharedArrayBuffer (a browser page that is not
 * cross-origin isolated), no shared WebAssembly memory or threads feature (the module does not
 * validate), or an error while starting. The caller falls back to `loadSimdKernels` (one thread).
 */
export function loadSharedSimdKernels(
  starter: HelperThreadStarter, twoThreadsFrom: number,
  wasm: WasmApi | null | undefined = (globalThis as { WebAssembly?: WasmApi }).WebAssembly,
): SimdKernels | string {
  if (!wasm || typeof wasm.validate !== 'function') return 'no WebAssembly';
  if (typeof SharedArrayBuffer !== 'function' || typeof Atomics !== 'object' || typeof Atomics.wait !== 'function') {
    return 'no SharedArrayBuffer (not cross-origin isolated)';
  }
  if (typeof wasm.Memory !== 'function') return 'no shared WebAssembly memory';
  try {
    const bytes = decodeBase64(GEMM_WASM_SHARED_BASE64);
    if (!wasm.validate(bytes)) return 'no WebAssembly threads';
    const memory = new wasm.Memory({ initial: 1, maximum: GEMM_WASM_SHARED_MAX_PAGES, shared: true });
    const module = new wasm.Module(bytes);
    const instance = new wasm.Instance(module, { env: { memory } });
    const gemm = (instance.exports as unknown as { gemm: Gemm }).gemm;
    return new SimdKernels(memory, gemm, new TwoThreadGemm(gemm, module, memory, starter), twoThreadsFrom);
  } catch (e) {
    return `failed to start: ${e instanceof Error ? e.message : String(e)}`;
  }
}
