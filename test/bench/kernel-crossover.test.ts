/** The kernel table's crossover: the smallest (rows, multiply-adds) from which SIMD wins at every measured point. */
import { describe, expect, it } from 'vitest';
import { callGflops, crossovers, twoThreadCrossover, type KernelPoint } from '../../bench/kernels';

function point(product: KernelPoint['product'], rows: number, fanIn: number, units: number, speedup: number, twoThreadSpeedup = 1): KernelPoint {
  return { product, rows, fanIn, units, multiplyAdds: rows * fanIn * units, typescriptMs: speedup, wasmMs: 1, twoThreadMs: 1 / twoThreadSpeedup, speedup, twoThreadSpeedup };
}

describe('the kernel crossover', () => {
  it('is where SIMD is at least 1.1× faster at every point with as many rows and multiply-adds', () => {
    const points = [
      point('forward', 1, 100, 100, 0.4), point('forward', 8, 100, 100, 1.3), point('forward', 64, 100, 100, 3),
      point('forward', 4, 200, 100, 0.8), // as many multiply-adds, too few rows: the copy of W does not pay
      point('forward', 8, 4, 7, 0.5), point('forward', 256, 7, 7, 0.6), // a small layer never gains, whatever the batch
      point('backwardInput', 1, 100, 100, 2), point('backwardInput', 64, 100, 100, 3),
      point('backwardParams', 1, 100, 100, 0.5), point('backwardParams', 64, 100, 100, 1.05),
    ];
    const c = crossovers(points);
    expect(c.forward).toEqual({ rows: 8, multiplyAdds: 80_000 });
    expect(c.backwardInput).toEqual({ rows: 1, multiplyAdds: 10_000 });
    expect(c.backwardParams).toBeUndefined();
  });

  it('for two threads is the fewest multiply-adds from which the split is at least 1.1× faster at every larger point', () => {
    const points = [
      point('forward', 8, 100, 100, 2, 0.6), point('forward', 64, 100, 100, 2, 1.2), point('forward', 256, 100, 100, 2, 1.7),
      point('forward', 64, 784, 128, 2, 1.05), // 6.4 M multiply-adds but not faster: the crossover moves above it
      point('forward', 256, 512, 512, 2, 1.8),
      point('backwardInput', 1, 100, 100, 2, 1.5), point('backwardInput', 256, 100, 100, 2, 1.9),
      point('backwardParams', 256, 512, 512, 2, 1.0),
    ];
    const c = twoThreadCrossover(points);
    expect(c.forward).toBe(256 * 512 * 512);
    expect(c.backwardInput).toBe(10_000);
    expect(c.backwardParams).toBeUndefined();
  });

  it('counts a multiply-add as two floating-point operations', () => {
    const p = { ...point('forward', 10, 100, 100, 2), typescriptMs: 1, wasmMs: 0.5, twoThreadMs: 0.25 };
    expect(callGflops(p, 'typescript')).toBeCloseTo(0.2, 12);
    expect(callGflops(p, 'wasm')).toBeCloseTo(0.4, 12);
    expect(callGflops(p, 'two')).toBeCloseTo(0.8, 12);
  });
});
