/**
 * #17: the loss comparison names each loss once, with its formula, and its numbers follow from one
 * another; where the sample-level "right" (largest output at the target's largest) and the per-output
 * threshold (|o − t| > 0.5) disagree, a sentence reconciles them, and only there.
 */
import { describe, expect, it } from 'vitest';
import { compareLosses } from '../../src/worker/teaching/lossComparison';
import { lossComparisonMarkdown } from '../../src/teaching/lossComparisonMarkdown';
import { short } from '../../src/teaching/text';
import { exampleSession, session } from './helpers';

function pageOf(text: string | undefined, example?: string) {
  const s = example ? exampleSession(example) : session(text!);
  const c = compareLosses(s.currentNetwork, s.model.data.train);
  return { c, page: lossComparisonMarkdown(c, { modelName: s.model.name, step: 0 }) };
}

const count = (text: string, part: string) => text.split(part).length - 1;
const RECONCILING = /counts? as (right|wrong) (because|although)/;

describe('on the sigmoid worked example, each loss appears once, named, with its formula', () => {
  const { c, page } = pageOf(undefined, 'worked-example.nn.json');
  const current = page.slice(0, page.indexOf('McCaffrey, 2013)'));

  it('writes binary cross-entropy once, summed over the 2 outputs, with its formula and the per-output mean it is twice', () => {
    expect(c.crossEntropyLoss).toBe('binary-cross-entropy');
    const total = short(c.crossEntropyLossValue, 6), perOutput = short(c.crossEntropyLossValue / 2, 6);
    expect(total).toBe('1.65053');
    expect(current).toContain(`- binary cross-entropy, summed over the 2 outputs: −Σₖ [tₖ ln oₖ + (1 − tₖ) ln(1 − oₖ)] = ${total} = 2 × ${perOutput} per output`);
    expect(count(page, total)).toBe(1);
    // the two numbers follow from each other: the sum over the outputs is 2 × the mean per output
    expect(Math.abs(2 * Number(perOutput) - Number(total))).toBeLessThanOrEqual(1e-5);
  });

  it('no longer prints McCaffrey\'s −Σ t ln o (0.2579) beside it, a second "cross-entropy" of the same outputs', () => {
    expect(c.measures.meanCrossEntropy).toBeCloseTo(0.2579, 4);
    expect(current).not.toContain(short(c.measures.meanCrossEntropy));
    expect(current).not.toContain('average cross-entropy');
  });

  it('writes squared error once, ½ Σ (t − o)² = 0.298371 (Mazur\'s E_total), and McCaffrey\'s Σ (t − o)² as twice it', () => {
    expect(current).toContain('- squared error ½ Σₖ (tₖ − oₖ)², summed over the 2 outputs: 0.298371; McCaffrey\'s Σₖ (tₖ − oₖ)² is twice it, 0.596742');
    expect(c.measures.meanSquaredError).toBeCloseTo(2 * c.squaredLoss, 14);
    expect(count(page, '0.298371')).toBe(1);
  });

  it('reconciles "1 of 1 right" with the one output more than 0.5 from its target (0.751 against 0.01)', () => {
    expect(current).toContain('- right: 1 of 1');
    expect(current).toContain('For the 1 output more than 0.5 from its target');
    expect(current).toContain('The sample counts as right because its largest output is the right class; 1 of its 2 outputs is still more than 0.5 from its target.');
    expect(current.match(new RegExp(RECONCILING, 'g'))).toHaveLength(1);
  });
});

describe('the reconciling sentence appears exactly when the two counts disagree', () => {
  const sigmoid = (weights: number[][], bias: number[], inputs: number[][], targets: number[][]) => JSON.stringify({
    inputs: inputs[0].length,
    layers: [{ units: weights.length, activation: 'sigmoid', weights, bias }],
    loss: 'squared',
    data: { inputs, targets },
  });

  it('not when every right sample has every output within 0.5 and every wrong one has one beyond', () => {
    // outputs near the targets (right, all close) and one sample confidently wrong (wrong, far)
    const { c, page } = pageOf(sigmoid([[6, 0], [0, 6]], [-3, -3], [[1, 0], [0, 1], [0, 1]], [[1, 0], [0, 1], [1, 0]]));
    expect(c.measures.correct).toBe(2);
    expect([c.summary.rightButFar, c.summary.wrongButClose]).toEqual([0, 0]);
    expect(page).not.toMatch(RECONCILING);
  });

  it('when a sample is wrong although every output is within 0.5 of its target', () => {
    // outputs (0.6, 0.62) against target (1, 0.5): both within 0.5, but the largest output is the second
    const { c, page } = pageOf(sigmoid([[0], [0]], [Math.log(0.6 / 0.4), Math.log(0.62 / 0.38)], [[0]], [[1, 0.5]]));
    expect(c.measures.correct).toBe(0);
    expect(c.summary.wrongButClose).toBe(1);
    expect(page).toContain('One sample counts as wrong although each of its outputs is within 0.5 of its target: its largest output is not the right class.');
  });

  it('when several samples are right with outputs far from their targets', () => {
    // two samples with outputs (0.9, 0.7) against (1, 0): right (the first is largest), the second output 0.7 from its target
    const { c, page } = pageOf(sigmoid([[0], [0]], [Math.log(0.9 / 0.1), Math.log(0.7 / 0.3)], [[0], [1]], [[1, 0], [1, 0]]));
    expect(c.measures.correct).toBe(2);
    expect([c.summary.rightButFar, c.summary.farOutputsOfRight]).toEqual([2, 2]);
    expect(page).toContain('2 samples count as right because their largest output is the right class, although 2 of their outputs are still more than 0.5 from their targets.');
  });
});
