import { describe, expect, it } from 'vitest';
import { relativeError } from '../../src/shared/relativeError';
import { relError } from '../../src/engine/gradcheck';
import { relativeError as autodiffRelativeError } from '../../src/engine/autodiff/gradcheck';

describe('relative error, one definition', () => {
  it.each([
    [1, 1, 1e-8, 0],
    [1, 0.5, 1e-8, 0.5],
    [-2, 2, 1e-8, 2],
    [1e-12, 2e-12, 1e-8, 1e-4],
    [1e-12, 2e-12, 0, 0.5],
    [0, 0, 0, 0],
    [0, 0, 1e-8, 0],
  ])('of %d and %d with floor %d is %d', (a, b, floor, expected) => {
    expect(relativeError(a, b, floor)).toBeCloseTo(expected, 15);
  });

  it('uses the gradient check floor 1e-8 by default, and is what both gradient checks use', () => {
    expect(relativeError(1e-12, 2e-12)).toBeCloseTo(1e-4, 15);
    for (const [a, b] of [[0.3, 0.30000001], [1e-10, -1e-10], [5, 4]]) {
      expect(relError(a, b)).toBe(relativeError(a, b));
      expect(autodiffRelativeError(a, b)).toBe(relativeError(a, b));
    }
  });

  it('reads NaN when a value is NaN', () => {
    expect(relativeError(NaN, 1)).toBeNaN();
  });
});
