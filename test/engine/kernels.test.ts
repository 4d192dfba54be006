/**
 * The dense kernels against plain triple loops, on every size that exercises a different register
 * block and remainder (rows 1 … 9, units 1 … 8). The forward product must equal the one-unit
 * recomputation bit for bit, whatever block a row falls into: the gradient check compares per-sample
 * losses of a full-batch pass with those of a compact pass of some rows only.
 */
import { describe, expect, it } from 'vitest';
import { denseBackwardInput, denseBackwardParams, denseForward, denseForwardUnit } from '../../src/engine/kernels';
import { createRng } from '../../src/engine/rng';

function random(n: number, seed: string): Float64Array {
  const rng = createRng(3, seed);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) a[i] = rng.next() * 2 - 1;
  return a;
}

describe('dense kernels', () => {
  it('denseForward: every entry equals denseForwardUnit bit for bit, and the naive sum closely', () => {
    for (let n = 1; n <= 9; n++) {
      for (let units = 1; units <= 8; units++) {
        const fanIn = 1 + ((n * 7 + units * 3) % 11);
        const A = random(n * fanIn, `A${n}:${units}`), W = random(units * fanIn, `W${n}:${units}`), b = random(units, `b${n}:${units}`);
        const net = new Float64Array(n * units), unit = new Float64Array(n * units);
        denseForward(A, n, fanIn, W, b, units, net);
        for (let u = 0; u < units; u++) denseForwardUnit(A, n, fanIn, W, b, units, unit, u);
        expect(Array.from(net)).toEqual(Array.from(unit));
        // A compact pass over the odd rows only gives the same values for those rows.
        const rows = Array.from({ length: n }, (_, i) => i).filter((i) => i % 2 === 1);
        const sub = new Float64Array(rows.length * fanIn);
        rows.forEach((r, i) => sub.set(A.subarray(r * fanIn, (r + 1) * fanIn), i * fanIn));
        const subNet = new Float64Array(rows.length * units);
        denseForward(sub, rows.length, fanIn, W, b, units, subNet);
        rows.forEach((r, i) => expect(Array.from(subNet.subarray(i * units, (i + 1) * units))).toEqual(Array.from(net.subarray(r * units, (r + 1) * units))));
      }
    }
  });

  it('denseBackwardInput and denseBackwardParams match plain loops', () => {
    for (let n = 1; n <= 9; n++) {
      for (let units = 1; units <= 8; units++) {
        const fanIn = 1 + ((n * 5 + units) % 9);
        const A = random(n * fanIn, `a${n}:${units}`), W = random(units * fanIn, `w${n}:${units}`), D = random(n * units, `d${n}:${units}`);
        for (let i = 0; i < D.length; i += 3) D[i] = 0; // some zero deltas, as dead relu units give
        const dA = new Float64Array(n * fanIn).fill(7);
        denseBackwardInput(D, n, units, W, fanIn, dA);
        const dW = new Float64Array(units * fanIn), db = new Float64Array(units);
        denseBackwardParams(D, n, units, A, fanIn, 0.5, dW, db);
        for (let i = 0; i < n; i++) {
          for (let c = 0; c < fanIn; c++) {
            let s = 0;
            for (let u = 0; u < units; u++) s += D[i * units + u] * W[u * fanIn + c];
            expect(dA[i * fanIn + c]).toBeCloseTo(s, 12);
          }
        }
        for (let u = 0; u < units; u++) {
          let sb = 0;
          for (let i = 0; i < n; i++) sb += 0.5 * D[i * units + u];
          expect(db[u]).toBeCloseTo(sb, 12);
          for (let c = 0; c < fanIn; c++) {
            let s = 0;
            for (let i = 0; i < n; i++) s += 0.5 * D[i * units + u] * A[i * fanIn + c];
            expect(dW[u * fanIn + c]).toBeCloseTo(s, 12);
          }
        }
      }
    }
  });
});
