import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDerivative, compileExpression, dependsOnX, differentiate, formatExpression, parseExpression, type Expr,
} from '../../src/expr';
import { exprArb } from './helpers';

function ast(text: string): Expr {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.ast;
}

function derivativeText(text: string): string | undefined {
  const d = differentiate(ast(text));
  return d && formatExpression(d);
}

/** Points that avoid 0 and the poles and kinks of the generated functions. */
const MANY_POINTS = Array.from({ length: 60 }, (_, i) => -2.95 + i * 0.1 + 0.0123);

/**
 * Whether the chain rule meets 0·∞ somewhere: a divisor, or the argument of sqrt, abs or log, or a base
 * under a power, that is exactly 0 at a sample point (as in `a / (x − x)` or `sqrt(abs(x) + x)` for
 * x < 0). There the symbolic derivative is honestly NaN while f may be finite.
 */
function hitsSingularity(e: Expr): boolean {
  const zeroSomewhere = (a: Expr) => MANY_POINTS.some((x) => compileExpression(a)(x) === 0);
  switch (e.kind) {
    case 'neg': return hitsSingularity(e.arg);
    case 'call':
      return e.args.some(hitsSingularity)
        || ((e.fn === 'sqrt' || e.fn === 'abs' || e.fn === 'log' || e.fn === 'pow') && zeroSomewhere(e.args[0]!));
    case 'binary':
      return hitsSingularity(e.left) || hitsSingularity(e.right)
        || (e.op === '/' && zeroSomewhere(e.right)) || (e.op === '^' && zeroSomewhere(e.left));
    default: return false;
  }
}

describe('differentiate gives simplified derivatives', () => {
  it.each([
    ['x', '1'],
    ['5', '0'],
    ['pi', '0'],
    ['3 * x + 2', '3'],
    ['pi * x', 'pi'],
    ['x * 2 * 3', '6'],
    ['-x', '-1'],
    ['x^2', '2 * x'],
    ['x^3', '3 * x^2'],
    ['x^2^3', '8 * x^7'],
    ['x^-1', '-x^(-2)'],
    ['1 / x', '-1 / x^2'],
    ['1 / (1 + x)', '-1 / (1 + x)^2'],
    ['x / 4', '0.25'],
    ['x * x', '2 * x'],
    ['x + x', '2'],
    ['pow(x, 3)', '3 * x^2'],
    ['exp(x)', 'exp(x)'],
    ['exp(2 * x)', '2 * exp(2 * x)'],
    ['exp(-x^2 / 2)', '-exp(-x^2 / 2) * x'],
    ['log(x)', '1 / x'],
    ['log(1 + exp(x))', 'exp(x) / (1 + exp(x))'],
    ['sqrt(x)', '1 / (2 * sqrt(x))'],
    ['abs(x)', 'x / abs(x)'],
    ['tanh(x)', '1 - tanh(x)^2'],
    ['sigmoid(x)', 'sigmoid(x) * (1 - sigmoid(x))'],
    ['sin(x)', 'cos(x)'],
    ['cos(x)', '-sin(x)'],
    ['cos(2 * x)', '-2 * sin(2 * x)'],
    ['e^x', 'e^x'],
    ['2^x', '2^x * log(2)'],
    ['x^x', 'x^x * (log(x) + 1)'],
    ['pow(x, x)', 'x^x * (log(x) + 1)'],
    ['x / (1 + abs(x))', '1 / (1 + abs(x))^2'],
    ['x * sigmoid(x)', 'sigmoid(x) + x * (sigmoid(x) * (1 - sigmoid(x)))'],
    ['sin(x) / x', '(cos(x) * x - sin(x)) / x^2'],
    ['max(1, 2) * x', '2'],
    ['min(2, 1) * x', '1'],
    ['x - x + 0 * max(x, 0)', '0'],
    ['abs(x * (x - x))', '0'],
  ])('d/dx %s = %s', (f, df) => {
    expect(derivativeText(f)).toBe(df);
  });

  it.each(['max(0, x)', 'min(x, 1)', 'max(x, x^2)', '1 + 2 * min(sin(x), 0.5)'])(
    '%s has no derivative expressible in the language: undefined',
    (f) => {
      expect(differentiate(ast(f))).toBeUndefined();
    },
  );

  it('gives exactly the derivative the spec writes for softsign', () => {
    const d = differentiate(ast('x / (1 + abs(x))'))!;
    expect(d).toEqual(ast('1 / (1 + abs(x))^2'));
  });

  it('writes abs\' as x/abs(x), which is NaN at the kink', () => {
    const d = differentiate(ast('abs(x)'))!;
    const df = compileExpression(d);
    expect([df(-2), df(3)]).toEqual([-1, 1]);
    expect(df(0)).toBeNaN();
  });

  it('matches central differences on many hand-picked functions at many points', () => {
    const fs = [
      'x / (1 + abs(x))', 'x * sigmoid(x)', 'log(1 + exp(x))', 'tanh(x)^3', 'sin(x) * cos(2 * x)',
      'exp(-x^2)', 'sqrt(1 + x^2)', 'x^x', 'pow(2, sin(x))', 'sigmoid(tanh(x) * 3)', '1 / (1 + x^2)',
      'abs(x)^1.5', 'log(abs(x))', 'pi^x + e^(2 * x)', 'x^(1/3)', '(1 + x^2)^-0.5', '-x^3 / 6 + x',
      'x * tanh(log(1 + exp(x)))', 'cos(x)^2 + sin(x)^2', 'exp(x) / (1 + exp(x))^2',
    ];
    for (const f of fs) {
      const d = differentiate(ast(f));
      expect(d, f).toBeDefined();
      const check = checkDerivative(ast(f), d!, MANY_POINTS);
      expect(check.ok, `${f}: ${JSON.stringify(check.worst)}`).toBe(true);
      expect(check.checkedPoints, f).toBeGreaterThan(20);
    }
  });

  it('matches central differences for random expressions (property)', () => {
    let checked = 0;
    fc.assert(fc.property(exprArb(3), (f) => {
      fc.pre(!hitsSingularity(f));
      const d = differentiate(f);
      expect(d).toBeDefined();
      const check = checkDerivative(f, d!, MANY_POINTS);
      checked += check.checkedPoints;
      if (!check.ok) {
        throw new Error(`d/dx ${formatExpression(f)} = ${formatExpression(d!)}: ${JSON.stringify(check.worst)}`);
      }
    }), { numRuns: 500, seed: 20240611 });
    expect(checked).toBeGreaterThan(500 * 10);
  });

  it('is caught by the check when it is off by 0.1% (property: the check is not lenient)', () => {
    let caught = 0;
    fc.assert(fc.property(exprArb(3), (f) => {
      fc.pre(!hitsSingularity(f));
      const d = differentiate(f)!;
      const df = compileExpression(d);
      fc.pre(checkDerivative(f, d, MANY_POINTS).checkedPoints >= 5);
      fc.pre(MANY_POINTS.some((x) => Math.abs(df(x)) > 1e-3 && Number.isFinite(df(x))));
      const wrong: Expr = { kind: 'binary', op: '*', left: { kind: 'number', value: 1.001 }, right: d };
      expect(checkDerivative(f, wrong, MANY_POINTS).ok, formatExpression(f)).toBe(false);
      caught++;
    }), { numRuns: 300, seed: 11 });
    expect(caught).toBeGreaterThan(100);
  });

  it('gives undefined only when a min or max depends on x (property)', () => {
    const hasVaryingMinMax = (e: Expr): boolean => {
      switch (e.kind) {
        case 'neg': return hasVaryingMinMax(e.arg);
        case 'binary': return hasVaryingMinMax(e.left) || hasVaryingMinMax(e.right);
        case 'call':
          return ((e.fn === 'min' || e.fn === 'max') && dependsOnX(e)) || e.args.some(hasVaryingMinMax);
        default: return false;
      }
    };
    let undefinedCount = 0;
    fc.assert(fc.property(exprArb(3, true), (f) => {
      const d = differentiate(f);
      if (!hasVaryingMinMax(f)) expect(d).toBeDefined();
      if (d === undefined) undefinedCount++;
    }), { numRuns: 300, seed: 99 });
    expect(undefinedCount).toBeGreaterThan(10);
  });

  it('prints derivatives that parse back to the same function (property)', () => {
    fc.assert(fc.property(exprArb(3), (f) => {
      const d = differentiate(f)!;
      const text = formatExpression(d);
      const back = parseExpression(text);
      if (!back.ok) throw new Error(`${text}: ${back.error.message}`);
      const a = compileExpression(d);
      const b = compileExpression(back.ast);
      for (const x of MANY_POINTS.slice(0, 12)) {
        const [va, vb] = [a(x), b(x)];
        expect(Object.is(va, vb) || (Number.isNaN(va) && Number.isNaN(vb)), `${text} at ${x}`).toBe(true);
      }
    }), { numRuns: 300, seed: 5 });
  });
});
