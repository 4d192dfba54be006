import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SAMPLE_POINTS, checkDerivative, checkDerivativeFns, compileExpression, parseExpression, type Expr,
} from '../../src/expr';

function ast(text: string): Expr {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.ast;
}

const check = (f: string, df: string, points?: number[]) => checkDerivative(ast(f), ast(df), points);

describe('checkDerivative flags a wrong df and accepts a right one', () => {
  it('accepts the softsign derivative from the spec', () => {
    const r = check('x / (1 + abs(x))', '1 / (1 + abs(x))^2');
    expect(r.ok).toBe(true);
    expect(r.checkedPoints).toBe(DEFAULT_SAMPLE_POINTS.length);
    expect(r.worst!.relError).toBeLessThan(1e-9);
  });

  it('flags the softsign derivative that forgets the square, with the worst point', () => {
    const r = check('x / (1 + abs(x))', '1 / (1 + abs(x))');
    expect(r.ok).toBe(false);
    const w = r.worst!;
    expect(Math.abs(w.x)).toBe(2.875);
    expect(w.given).toBeCloseTo(1 / 3.875, 12);
    expect(w.numeric).toBeCloseTo(1 / 3.875 ** 2, 9);
    expect(w.relError).toBeCloseTo(1 - 1 / 3.875, 6);
  });

  it.each([
    ['sigmoid(x)', 'sigmoid(x) * (1 - sigmoid(x))', true],
    ['sigmoid(x)', 'sigmoid(x) * (1 + sigmoid(x))', false],
    ['tanh(x)', '1 - tanh(x)^2', true],
    ['tanh(x)', '1 - tanh(x)', false],
    ['log(1 + exp(x))', 'sigmoid(x)', true],
    ['x^3', '3 * x^2', true],
    ['x^3', '3 * x^2 + 1e-4', false],
    ['sin(x)', 'cos(x)', true],
    ['cos(x)', 'sin(x)', false],
    ['abs(x)', 'x / abs(x)', true],
    ['max(0, x)', 'max(0, x / abs(x))', true],
    ['max(0, x)', '1', false],
    ['min(x, 1)', '(1 - (x - 1) / abs(x - 1)) / 2', true],
    ['5', '0', true],
    ['5 + 0 * x', '1e-9', true], // below the 1e-8 absolute floor
    ['x', '1 + 2e-5', false],
    ['1e-3 * x^2', '1e-3 * x', false],
  ])('f = %s, df = %s → ok %s', (f, df, ok) => {
    expect(check(f, df).ok).toBe(ok);
  });

  it('skips points outside the domain of f and reports how many were checked', () => {
    const r = check('log(x)', '1 / x');
    expect(r.ok).toBe(true);
    expect(r.checkedPoints).toBe(12);
    const none = check('sqrt(-1 - x^2)', '0');
    expect(none).toEqual({ ok: true, checkedPoints: 0 });
  });

  it('fails where df is NaN or infinite but f has a slope', () => {
    const r = check('x^2', 'log(x)');
    expect(r.ok).toBe(false);
    expect(r.worst!.relError).toBe(Infinity);
    expect(r.worst!.given).toBeNaN();
  });

  it('measures the slope right next to a kink with a smaller step', () => {
    const r = check('abs(x - 0.13)', '(x - 0.13) / abs(x - 0.13)');
    expect(r.ok).toBe(true);
    expect(r.checkedPoints).toBe(DEFAULT_SAMPLE_POINTS.length);
  });

  it('flags a df that is NaN exactly on a kink at a sample point, where f is finite', () => {
    const r = check('abs(x - 0.125)', '(x - 0.125) / abs(x - 0.125)');
    expect(r.ok).toBe(false);
    expect(r.worst!.x).toBe(0.125);
    expect(r.worst!.given).toBeNaN();
  });

  it('is not fooled by fast oscillation or by a huge constant in f', () => {
    expect(check('sin(x^9)', '9 * x^8 * cos(x^9)').ok).toBe(true);
    expect(check('sin(x^9)', '9 * x^8 * cos(x^9) * 1.01').ok).toBe(false);
    expect(check('3^3^e + x', '1').ok).toBe(true);
  });

  it('uses the sample points given', () => {
    const r = check('x^2', '2 * x', [0.5]);
    expect(r).toMatchObject({ ok: true, checkedPoints: 1, worst: { x: 0.5, given: 1 } });
    const wrongOnlyFarOut = check('x^2', 'min(2 * x, 4)', [-1, 1, 1.5]);
    expect(wrongOnlyFarOut.ok).toBe(true);
    expect(check('x^2', 'min(2 * x, 4)', [-1, 1, 1.5, 2.5]).ok).toBe(false);
  });

  it('works on plain functions too', () => {
    const f = compileExpression(ast('x / (1 + abs(x))'));
    expect(checkDerivativeFns(f, (x) => 1 / (1 + Math.abs(x)) ** 2).ok).toBe(true);
    expect(checkDerivativeFns(f, (x) => 1 / (1 + Math.abs(x))).ok).toBe(false);
  });
});
