import { describe, expect, it } from 'vitest';
import { explainGradient } from '../../src/worker/teaching/chainRule';
import { explanationMarkdown } from '../../src/teaching/chainRuleMarkdown';
import { analyse, session } from './helpers';
import { SOFTSIGN_WRONG_DF, randomModel } from './randomModels';

function explain(loss: Parameters<typeof randomModel>[1], hidden: Parameters<typeof randomModel>[2], output: Parameters<typeof randomModel>[3], target: Parameters<typeof explainGradient>[1]) {
  const s = session(randomModel(77, loss, hidden, output, 6).text);
  const e = explainGradient(analyse(s), target, { data: s.model.data.train, network: s.currentNetwork });
  return { e, page: explanationMarkdown(e, { depth: 4, train: s.model.train }) };
}

const OUTPUT_WEIGHT = { layerIndex: 1, param: 'weights' as const, index: [0, 0] };
const HIDDEN_BIAS = { layerIndex: 0, param: 'bias' as const, index: [0] };

describe('each page names the rule it multiplies out', () => {
  it('softmax with cross-entropy: the middle factors cancel to δ = out − t', () => {
    const { e, page } = explain('cross-entropy', ['tanh'], 'softmax', OUTPUT_WEIGHT);
    expect(e.combined).toBe('softmax-cross-entropy');
    e.rows.forEach((r) => expect(r.delta).toBeCloseTo(r.out - (r.target ?? NaN), 15));
    expect(page).toContain('the two middle factors cancel');
  });

  it('sigmoid with binary cross-entropy: out · (1 − out) cancels', () => {
    const { e, page } = explain('binary-cross-entropy', ['relu'], 'sigmoid', OUTPUT_WEIGHT);
    expect(e.combined).toBe('sigmoid-binary-cross-entropy');
    e.rows.forEach((r) => expect(r.dLdOut * (r.dOutdNet ?? NaN)).toBeCloseTo(r.delta, 12));
    expect(page).toContain('the factor out · (1 − out) cancels');
  });

  it('softmax with squared error: the whole Jacobian, each term listed', () => {
    const { e, page } = explain('squared', ['tanh'], 'softmax', OUTPUT_WEIGHT);
    expect(e.combined).toBeUndefined();
    for (const r of e.rows) {
      const terms = r.softmax ?? [];
      expect(terms.length).toBe(e.outputs);
      expect(terms.reduce((s, t) => s + t.product, 0)).toBeCloseTo(r.delta, 15);
    }
    expect(page).toContain('∂outₖ/∂netⱼ = outₖ · ([k = j] − outⱼ)');
    expect(page).toContain('| Jacobian |');
  });

  it('mse: the 2/K factor with the network\'s K', () => {
    const { e, page } = explain('mse', ['sigmoid'], 'linear', OUTPUT_WEIGHT);
    e.rows.forEach((r) => expect(r.dLdOut).toBe((2 / e.outputs) * (r.out - (r.target ?? NaN))));
    expect(page).toContain(`(2/${e.outputs})·(outⱼ − tⱼ)`);
  });

  it('a custom activation: the student\'s df, as written, at net', () => {
    const { e, page } = explain('squared', [SOFTSIGN_WRONG_DF], 'linear', HIDDEN_BIAS);
    e.rows.forEach((r) => expect(r.dOutdNet).toBe(1 / (1 + Math.abs(r.net))));
    expect(page).toContain('`1 / (1 + abs(x))`');
    expect(page).toContain('Back-propagation uses your df as written');
  });

  it('relu: says for how many samples the unit is off', () => {
    const s = session(JSON.stringify({
      inputs: 1,
      layers: [{ name: 'h', units: 1, activation: 'relu', weights: [[1]], bias: 0 }, { name: 'o', units: 1, weights: [[1]] }],
      loss: 'squared',
      data: { inputs: [[1], [-1], [-2], [3]], targets: [[0], [0], [0], [0]] },
    }));
    const e = explainGradient(analyse(s), { layerIndex: 0, param: 'weights', index: [0, 0] });
    expect(e.rows.map((r) => r.delta === 0)).toEqual([false, true, true, false]);
    expect(explanationMarkdown(e, { depth: 4 })).toContain('2 of the 4 samples shown have netⱼ ≤ 0');
  });
});
