/**
 * The small test runner the browser bundles of the fidelity tests use (test/e2e/web-kernels/vitestInBrowser.ts)
 * reports what vitest would: a passing case as passed, a failing one as failed with its error, under its
 * full name; a failing `beforeAll` fails its suite instead of running it; `expect` has vitest's matchers
 * and equality, and `expect.fail` throws.
 */
import { describe as vitestDescribe, expect as vitestExpect, it as vitestIt } from 'vitest';
import { afterAll, beforeAll, describe, expect, it, runCollected, type CaseResult } from '../e2e/web-kernels/vitestInBrowser';

vitestDescribe('the browser test runner', () => {
  vitestIt('runs the collected cases in order, with their hooks, and reports each outcome', async () => {
    const order: string[] = [];
    describe('outer', () => {
      beforeAll(() => { order.push('before'); });
      afterAll(() => { order.push('after'); });
      it('passes an equality', () => { order.push('passes'); expect([1, 2, { a: 3 }]).toEqual([1, 2, { a: 3 }]); });
      it('fails an equality', () => { order.push('fails'); expect(Array.from(new Float64Array([0.1 + 0.2]))).toEqual([0.3]); });
      it('fails explicitly', async () => { await Promise.resolve(); expect.fail('net[3]: 1 vs 2'); });
      describe('inner', () => {
        beforeAll(() => { throw new Error('no helper'); });
        it('never runs', () => { order.push('never'); });
      });
    });
    const results: CaseResult[] = [];
    await runCollected((result) => results.push(result));
    vitestExpect(order).toEqual(['before', 'passes', 'fails', 'after']);
    vitestExpect(results.map(({ name, passed }) => ({ name, passed }))).toEqual([
      { name: 'outer > passes an equality', passed: true },
      { name: 'outer > fails an equality', passed: false },
      { name: 'outer > fails explicitly', passed: false },
      { name: 'outer > inner > (beforeAll)', passed: false },
    ]);
    vitestExpect(results[1].error).toMatch(/^AssertionError: expected \[ 0\.30000000000000004 \] to deeply equal \[ 0\.3 \]/);
    vitestExpect(results[2].error).toBe('AssertionError: net[3]: 1 vs 2');
    vitestExpect(results[3].error).toBe('Error: no helper');
  });
});
