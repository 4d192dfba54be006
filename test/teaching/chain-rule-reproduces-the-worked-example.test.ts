import { describe, expect, it } from 'vitest';
import { explainGradient } from '../../src/worker/teaching/chainRule';
import { explanationMarkdown } from '../../src/teaching/chainRuleMarkdown';
import { analyse, exampleSession } from './helpers';

// Matt Mazur, "A Step by Step Backpropagation Example" (2015), as in ../shared/notes/oracles.md:
// published values, rounded to the digits the article prints.
const analysis = analyse(exampleSession('worked-example.nn.json'));
const w5 = explainGradient(analysis, { layerIndex: 1, param: 'weights', index: [0, 0] });
const w1 = explainGradient(analysis, { layerIndex: 0, param: 'weights', index: [0, 0] });

describe('Explain Gradient on the 2-2-2 worked example gives every number of the published walkthrough', () => {
  it('derives ∂E/∂w5 as ∂E/∂out_o1 · ∂out_o1/∂net_o1 · ∂net_o1/∂w5', () => {
    const row = w5.rows[0];
    expect(row.dLdOut).toBeCloseTo(0.74136507, 8);
    expect(row.dOutdNet).toBeCloseTo(0.186815602, 9);
    expect(row.dNetdParam).toBeCloseTo(0.593269992, 9);
    expect(row.product).toBeCloseTo(0.082167041, 9);
    expect(w5.mean).toBeCloseTo(0.082167041, 9);
  });

  it('derives ∂E/∂w1 through the sum over both output units', () => {
    const row = w1.rows[0];
    expect(row.downstream?.map((t) => t.product)).toHaveLength(2);
    // ∂E_o1/∂out_h1 = 0.055399425 and ∂E_o2/∂out_h1 = −0.019049119 in the article, which multiplied
    // rounded intermediates for the second: float64 gives −0.0190491183, equal to 8 decimals.
    expect(row.downstream![0].product).toBeCloseTo(0.055399425, 9);
    expect(row.downstream![1].product).toBeCloseTo(-0.019049119, 8);
    expect(row.dLdOut).toBeCloseTo(0.036350306, 9);
    expect(row.dOutdNet).toBeCloseTo(0.241300709, 9);
    expect(row.dNetdParam).toBeCloseTo(0.05, 12);
    expect(row.product).toBeCloseTo(0.000438568, 9);
  });

  it('agrees with the engine to 1e-12 and says so', () => {
    for (const e of [w5, w1]) {
      expect(e.relDiff).toBeLessThanOrEqual(1e-12);
      expect(e.agrees).toBe(true);
      expect(e.maxDeltaRelDiff).toBeLessThanOrEqual(1e-12);
    }
  });

  it('prints the published digits in the page', () => {
    const page5 = explanationMarkdown(w5, { depth: 4 });
    for (const digits of ['0.74136507', '0.186815602', '0.593269992', '0.082167041', '0.75136507', '1.105905967']) {
      expect(page5).toContain(digits);
    }
    const page1 = explanationMarkdown(w1, { depth: 4 });
    for (const digits of ['0.036350306', '0.241300709', '0.05', '0.000438568', '0.138498562', '0.3775']) {
      expect(page1).toContain(digits);
    }
  });

  it('shows the SGD update of the article: w5 0.4 → 0.35891648 with η = 0.5', () => {
    const page = explanationMarkdown(w5, { depth: 4, train: { optimizer: 'sgd', learningRate: 0.5, weightDecay: 0 } });
    expect(page).toContain('0.35891648');
  });
});
