/**
 * Issue 19, item 6: the derivative quick fix could break the file. f = (x+1)*(x+2)*…*(x+14) with a wrong
 * `df` offered a fix whose expression was 1,074 characters long, which the parser then rejected as too
 * long. A quick fix only offers what the parser accepts.
 */
import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/expr';
import { openText } from '../helpers/examples';

function custom(f: string, df: string, inputs = [[0.01], [-0.02], [0.03]]) {
  return openText(JSON.stringify({
    name: 'm', inputs: 1, seed: 2,
    layers: [{ name: 'hidden', units: 2, activation: { name: 'poly', f, df } }, { name: 'out', units: 1, activation: 'linear' }],
    loss: 'mse', data: { inputs, targets: [[0.1], [0.2], [0.3]] },
  }), '/work/poly.nn.json').analyse().analysis!;
}

describe('the symbolic-derivative quick fix', () => {
  it('for f = (x+1)*…*(x+14) with a wrong df, offers nothing the parser rejects', () => {
    const f = Array.from({ length: 14 }, (_, i) => `(x+${i + 1})`).join('*');
    const analysis = custom(f, '1');
    const failing = analysis.warnings.filter((w) => w.code === 'gradcheck-failed');
    expect(failing.length).toBeGreaterThan(0);
    for (const w of failing) {
      if (!w.quickFix) continue;
      const expression = JSON.parse(w.quickFix.newText) as string;
      expect(parseExpression(expression).ok, `${expression.length} characters`).toBe(true);
    }
  });

  it('for a small f it still offers the symbolic derivative, which parses', () => {
    const analysis = custom('x^3 + x', '1', [[1], [-2], [1.5]]);
    const fix = analysis.warnings.find((w) => w.quickFix)?.quickFix;
    expect(fix?.newText).toBe('"3 * x^2 + 1"');
    expect(parseExpression(JSON.parse(fix!.newText)).ok).toBe(true);
  });
});
