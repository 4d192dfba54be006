/** Divergence from a run's losses: a thousandfold growth over the best so far, or a non-finite loss. */
import { describe, expect, it } from 'vitest';
import { findDivergence } from '../../src/analysis/divergence';

const run = (...losses: number[]) => losses.map((loss, step) => ({ step, loss }));

describe('findDivergence', () => {
  it('finds nothing in a loss that falls, wobbles or settles', () => {
    expect(findDivergence(run(1, 0.5, 0.7, 0.4, 0.45, 0.44))).toBeUndefined();
    expect(findDivergence(run(5, 500, 4000))).toBeUndefined(); // 800-fold: not yet three orders of magnitude
  });

  it('names the step where the growth started (the best loss before it) and the largest loss after', () => {
    expect(findDivergence(run(2, 1, 3, 3.7e7, 1.5e47, 1.5e47))).toEqual({ fromStep: 1, fromLoss: 1, toStep: 4, toLoss: 1.5e47 });
  });

  it('counts a non-finite loss as divergence, and says at which step it appeared', () => {
    expect(findDivergence(run(2, 1, Infinity, NaN))).toEqual({ fromStep: 1, fromLoss: 1, toStep: 1, toLoss: 1, nonFiniteStep: 2 });
    expect(findDivergence(run(1, 10, 1e4, NaN))).toMatchObject({ fromStep: 0, toStep: 2, toLoss: 1e4, nonFiniteStep: 3 });
  });
});
