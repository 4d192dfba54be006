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
 * The operands are copied into the module's memory (rows padded to an even length, and by one cache
 * line more when a row would be a multiple of 256 bytes, so a column walk does not hit one cache set),
 * Wᵀ and Δᵀ transposed on the way; the copies are O(n·fanIn + fanIn·units + n·units) against the
 * product's O(n·fanIn·units). Nothing here needs Node: only the `WebAssembly` global.
 */
import { GEMM_WASM_BASE64 } from './gemmModule';

/**
 * The part of the `WebAssembly` global this loader uses (a parameter, so tests can take it away),
 * typed here because the engine's TypeScript library (ES2022, no DOM) does not declare it.
 */
export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { readonly exports: object };
}

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

interface GemmExports {
  readonly memory: WasmMemory;
  gemm(x: number, ldx: number, y: number, ldy: number, c: number, ldc: number, m: number, k: number, n: number): void;
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
  private readonly memory: WasmMemory;
  private readonly gemm: GemmExports['gemm'];
  private heap: Float64Array;

  constructor(exports: GemmExports) {
    this.memory = exports.memory;
    this.gemm = exports.gemm;
    this.heap = new Float64Array(this.memory.buffer);
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
    const ldx = paddedRow(fanIn), ldy = paddedRow(units), ldc = ldy;
    const x = 0, y = line(x + 8 * n * ldx), c = line(y + 8 * fanIn * ldy);
    if (!this.reserve(c + 8 * n * ldc)) return false;
    const h = this.heap, xo = x / 8, yo = y / 8, co = c / 8;
    for (let i = 0; i < n; i++) {
      const s = i * fanIn, d = xo + i * ldx;
      for (let j = 0; j < fanIn; j++) h[d + j] = A[s + j];
    }
    for (let u = 0; u < units; u++) {
      const s = u * fanIn;
      for (let j = 0, d = yo + u; j < fanIn; j++, d += ldy) h[d] = W[s + j];
    }
    this.gemm(x, 8 * ldx, y, 8 * ldy, c, 8 * ldc, n, fanIn, units);
    for (let i = 0; i < n; i++) {
      const s = co + i * ldc, d = i * units;
      for (let u = 0; u < units; u++) net[d + u] = h[s + u] + b[u];
    }
    return true;
  }

  /** dA[i][c] = Σ_u Δ[i][u]·W[u][c] (overwrites dA), as `kernels.denseBackwardInput`. */
  backwardInput(D: Float64Array, n: number, units: number, W: Float64Array, fanIn: number, dA: Float64Array): boolean {
    const ldx = paddedRow(units), ldy = paddedRow(fanIn), ldc = ldy;
    const x = 0, y = line(x + 8 * n * ldx), c = line(y + 8 * units * ldy);
    if (!this.reserve(c + 8 * n * ldc)) return false;
    const h = this.heap, xo = x / 8, yo = y / 8, co = c / 8;
    for (let i = 0; i < n; i++) {
      const s = i * units, d = xo + i * ldx;
      for (let u = 0; u < units; u++) h[d + u] = D[s + u];
    }
    for (let u = 0; u < units; u++) {
      const s = u * fanIn, d = yo + u * ldy;
      for (let j = 0; j < fanIn; j++) h[d + j] = W[s + j];
    }
    this.gemm(x, 8 * ldx, y, 8 * ldy, c, 8 * ldc, n, units, fanIn);
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
    const ldx = paddedRow(n), ldy = paddedRow(fanIn), ldc = ldy;
    const x = 0, y = line(x + 8 * units * ldx), c = line(y + 8 * n * ldy);
    if (!this.reserve(c + 8 * units * ldc)) return false;
    const h = this.heap, xo = x / 8, yo = y / 8, co = c / 8;
    for (let u = 0; u < units; u++) {
      let sum = 0;
      for (let i = 0, s = u, d = xo + u * ldx; i < n; i++, s += units) {
        const v = D[s] * scale;
        h[d + i] = v;
        sum += v;
      }
      db[u] += sum;
    }
    for (let i = 0; i < n; i++) {
      const s = i * fanIn, d = yo + i * ldy;
      for (let j = 0; j < fanIn; j++) h[d + j] = A[s + j];
    }
    this.gemm(x, 8 * ldx, y, 8 * ldy, c, 8 * ldc, units, n, fanIn);
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
    return new SimdKernels(instance.exports as unknown as GemmExports);
  } catch (e) {
    return `failed to start: ${e instanceof Error ? e.message : String(e)}`;
  }
}
