/**
 * The WebAssembly SIMD products against the TypeScript reference (`kernels.ts`) and plain loops, on
 * random shapes with awkward remainders (1, 3, 7, 129 …): the forward product bit for bit, the
 * backward products within 1e-12 of the sum of the terms' magnitudes (they differ only in the order
 * of summation). And the dispatcher: small products stay on TypeScript, large ones go to SIMD, and
 * without WebAssembly or without SIMD everything runs on the reference and says so.
 */
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import * as reference from '../../src/engine/kernels';
import { CROSSOVER, denseBackwardInput, denseBackwardParams, denseForward, describeKernels, kernelStatus, pathFor, useKernels } from '../../src/engine/products';
import { GEMM_WASM_BASE64 } from '../../src/engine/wasm/gemmModule';
import { loadSimdKernels, paddedRow, SimdKernels, type WasmApi } from '../../src/engine/wasm/simdKernels';
import { createRng } from '../../src/engine/rng';
import { assembleGemm, gemmModuleSource } from '../../scripts/lib/gemm-wat.mjs';

const AWKWARD = [1, 2, 3, 4, 5, 7, 8, 9, 13, 31, 32, 33, 64, 129];
const size = fc.oneof(fc.constantFrom(...AWKWARD), fc.integer({ min: 1, max: 140 }));
const shape = fc.record({ n: size, fanIn: size, units: size, seed: fc.integer({ min: 1, max: 1e6 }), zeros: fc.boolean() });

function random(length: number, seed: number, stream: string): Float64Array {
  const rng = createRng(seed, stream);
  const a = new Float64Array(length);
  for (let i = 0; i < length; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

function simd(): SimdKernels {
  const k = loadSimdKernels();
  if (!(k instanceof SimdKernels)) throw new Error(`this Node has no WebAssembly SIMD: ${k}`);
  return k;
}

/** |actual − expected| ≤ 1e-12 · Σ|term| for every entry (the bound reordering a sum can move it by). */
function expectSameSum(actual: Float64Array, expected: Float64Array, magnitude: Float64Array, what: string): void {
  for (let i = 0; i < expected.length; i++) {
    if (!(Math.abs(actual[i] - expected[i]) <= 1e-12 * magnitude[i])) expect.fail(`${what}[${i}]: ${actual[i]} vs ${expected[i]} (Σ|terms| ${magnitude[i]})`);
  }
}

afterEach(() => useKernels('auto'));

describe('the WebAssembly SIMD kernels', () => {
  it('are the bytes that scripts/lib/gemm-wat.mjs assembles (npm run build writes them)', async () => {
    const committed = readFileSync(new URL('../../src/engine/wasm/gemmModule.ts', import.meta.url), 'utf8');
    const bytes = await assembleGemm(), sharedBytes = await assembleGemm(undefined, { shared: true });
    expect(committed).toBe(gemmModuleSource(bytes, sharedBytes));
    expect(Buffer.from(GEMM_WASM_BASE64, 'base64').equals(Buffer.from(bytes))).toBe(true);
  });

  it('forward: every net value equals the TypeScript kernel and its one-unit recomputation bit for bit', () => {
    const k = simd();
    fc.assert(fc.property(shape, ({ n, fanIn, units, seed }) => {
      const A = random(n * fanIn, seed, 'A'), W = random(units * fanIn, seed, 'W'), b = random(units, seed, 'b');
      const fast = new Float64Array(n * units), ref = new Float64Array(n * units), unit = new Float64Array(n * units);
      expect(k.forward(A, n, fanIn, W, b, units, fast)).toBe(true);
      reference.denseForward(A, n, fanIn, W, b, units, ref);
      reference.denseForwardUnit(A, n, fanIn, W, b, units, unit, (seed % units));
      expect(Array.from(fast)).toEqual(Array.from(ref));
      for (let i = 0; i < n; i++) expect(fast[i * units + (seed % units)]).toBe(unit[i * units + (seed % units)]);
    }), { numRuns: 60 });
  });

  it('backward input: dA = Δ·W within 1e-12 of the reference and of plain loops, overwriting dA', () => {
    const k = simd();
    fc.assert(fc.property(shape, ({ n, fanIn, units, seed, zeros }) => {
      const D = random(n * units, seed, 'D'), W = random(units * fanIn, seed, 'W');
      if (zeros) for (let i = 0; i < D.length; i += 3) D[i] = 0; // dead relu units
      const fast = new Float64Array(n * fanIn).fill(7), ref = new Float64Array(n * fanIn).fill(7);
      expect(k.backwardInput(D, n, units, W, fanIn, fast)).toBe(true);
      reference.denseBackwardInput(D, n, units, W, fanIn, ref);
      const plain = new Float64Array(n * fanIn), magnitude = new Float64Array(n * fanIn);
      for (let i = 0; i < n; i++) {
        for (let c = 0; c < fanIn; c++) {
          for (let u = 0; u < units; u++) {
            plain[i * fanIn + c] += D[i * units + u] * W[u * fanIn + c];
            magnitude[i * fanIn + c] += Math.abs(D[i * units + u] * W[u * fanIn + c]);
          }
        }
      }
      expectSameSum(fast, ref, magnitude, 'dA vs reference');
      // Summed sequentially over u, like the plain loop: the same bits.
      expect(Array.from(fast)).toEqual(Array.from(plain));
    }), { numRuns: 60 });
  });

  it('backward parameters: dW += s·Δᵀ·A and db += s·Σ Δ within 1e-12 of the reference, accumulating', () => {
    const k = simd();
    fc.assert(fc.property(shape, ({ n, fanIn, units, seed, zeros }) => {
      const D = random(n * units, seed, 'D'), A = random(n * fanIn, seed, 'A');
      if (zeros) for (let i = 0; i < D.length; i += 2) D[i] = 0;
      const start = random(units * fanIn, seed, 'start'), startB = random(units, seed, 'startB');
      const scale = 1 / n;
      const dW = Float64Array.from(start), db = Float64Array.from(startB);
      const rW = Float64Array.from(start), rb = Float64Array.from(startB);
      expect(k.backwardParams(D, n, units, A, fanIn, scale, dW, db)).toBe(true);
      reference.denseBackwardParams(D, n, units, A, fanIn, scale, rW, rb);
      const magW = new Float64Array(units * fanIn), magB = new Float64Array(units);
      for (let u = 0; u < units; u++) {
        magB[u] = Math.abs(startB[u]);
        for (let i = 0; i < n; i++) magB[u] += Math.abs(D[i * units + u] * scale);
        for (let c = 0; c < fanIn; c++) {
          magW[u * fanIn + c] = Math.abs(start[u * fanIn + c]);
          for (let i = 0; i < n; i++) magW[u * fanIn + c] += Math.abs(D[i * units + u] * scale * A[i * fanIn + c]);
        }
      }
      expectSameSum(dW, rW, magW, 'dW');
      expectSameSum(db, rb, magB, 'db');
    }), { numRuns: 60 });
  });

  it('pads rows to an even length that is never a multiple of 32 doubles (256 bytes)', () => {
    for (let n = 1; n <= 1100; n++) {
      const ld = paddedRow(n);
      expect(ld >= n && ld % 2 === 0 && ld % 32 !== 0 && ld - n <= 9).toBe(true);
    }
  });
});

describe('the product dispatcher', () => {
  it('keeps small products on TypeScript and sends large ones to WebAssembly SIMD, by the measured crossover', () => {
    expect(kernelStatus().path).toBe('wasm-simd');
    const { rows, multiplyAdds } = CROSSOVER.forward;
    expect(pathFor('forward', rows - 1, 1e9)).toBe('typescript');
    expect(pathFor('forward', rows, multiplyAdds - 1)).toBe('typescript');
    expect(pathFor('forward', rows, multiplyAdds)).toBe('wasm-simd');
    expect(pathFor('backwardParams', 1, 7 * 3)).toBe('typescript'); // the 4-7-3 teaching step
    useKernels('typescript');
    expect(pathFor('forward', 256, 1e9)).toBe('typescript');
    useKernels('wasm-simd');
    expect(pathFor('forward', 1, 1)).toBe('wasm-simd');
  });

  it('gives the same forward values and close gradients on either path for a 64-sample 129-unit layer', () => {
    const n = 64, fanIn = 129, units = 33;
    const A = random(n * fanIn, 5, 'A'), W = random(units * fanIn, 5, 'W'), b = random(units, 5, 'b'), D = random(n * units, 5, 'D');
    const run = () => {
      const net = new Float64Array(n * units), dA = new Float64Array(n * fanIn), dW = new Float64Array(units * fanIn), db = new Float64Array(units);
      denseForward(A, n, fanIn, W, b, units, net);
      denseBackwardInput(D, n, units, W, fanIn, dA);
      denseBackwardParams(D, n, units, A, fanIn, 0.25, dW, db);
      return { net, dA, dW, db };
    };
    useKernels('wasm-simd');
    const fast = run();
    useKernels('typescript');
    const ref = run();
    expect(Array.from(fast.net)).toEqual(Array.from(ref.net));
    for (const key of ['dA', 'dW', 'db'] as const) {
      for (let i = 0; i < ref[key].length; i++) expect(Math.abs(fast[key][i] - ref[key][i])).toBeLessThanOrEqual(1e-12 * 64);
    }
  });

  it('falls back to TypeScript, and says why, without WebAssembly, without SIMD, or when the module fails to start', () => {
    const real = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;
    const noSimd: WasmApi = { validate: () => false, Module: real.Module, Instance: real.Instance };
    const broken: WasmApi = { validate: () => true, Module: real.Module, Instance: class { constructor() { throw new Error('out of memory'); } } as unknown as WasmApi['Instance'] };
    const cases: [WasmApi | null, string][] = [[null, 'no WebAssembly'], [noSimd, 'no WebAssembly SIMD'], [broken, 'failed to start: out of memory']];
    const n = 64, fanIn = 100, units = 50;
    const A = random(n * fanIn, 9, 'A'), W = random(units * fanIn, 9, 'W'), b = random(units, 9, 'b'), D = random(n * units, 9, 'D');
    const expectedNet = new Float64Array(n * units), expectedDW = new Float64Array(units * fanIn), expectedDb = new Float64Array(units);
    reference.denseForward(A, n, fanIn, W, b, units, expectedNet);
    reference.denseBackwardParams(D, n, units, A, fanIn, 0.5, expectedDW, expectedDb);
    for (const [wasm, reason] of cases) {
      useKernels('auto', wasm);
      expect(kernelStatus()).toEqual({ path: 'typescript', reason });
      expect(describeKernels()).toBe(`kernels: typescript (${reason})`);
      expect(pathFor('forward', n, n * fanIn * units)).toBe('typescript');
      const net = new Float64Array(n * units), dW = new Float64Array(units * fanIn), db = new Float64Array(units);
      denseForward(A, n, fanIn, W, b, units, net);
      denseBackwardParams(D, n, units, A, fanIn, 0.5, dW, db);
      // Exactly the reference, grouping of the backward sums included.
      expect(Array.from(net)).toEqual(Array.from(expectedNet));
      expect(Array.from(dW)).toEqual(Array.from(expectedDW));
      expect(Array.from(db)).toEqual(Array.from(expectedDb));
    }
    expect(loadSimdKernels(null)).toBe('no WebAssembly');
  });

  it('says which path it uses in one line for the log', () => {
    expect(describeKernels()).toMatch(/^kernels: wasm-simd \(/);
    useKernels('typescript');
    expect(describeKernels()).toBe('kernels: typescript (chosen)');
  });
});
