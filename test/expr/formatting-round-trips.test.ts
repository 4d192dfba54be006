import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileExpression, exprEquals, formatExpression, parseExpression, type Expr } from '../../src/expr';
import { POINTS, exprArb, n, sameNumber } from './helpers';

function ast(text: string): Expr {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return r.ast;
}

/** The tree the parser would build: a negative literal is a negated literal. */
function parserShaped(e: Expr): Expr {
  switch (e.kind) {
    case 'number': return e.value < 0 ? { kind: 'neg', arg: n(-e.value) } : e;
    case 'neg': return { kind: 'neg', arg: parserShaped(e.arg) };
    case 'binary': return { ...e, left: parserShaped(e.left), right: parserShaped(e.right) };
    case 'call': return { ...e, args: e.args.map(parserShaped) };
    default: return e;
  }
}

describe('formatting is readable, minimal and round-trips', () => {
  it.each([
    ['x/(1+abs(x))', 'x / (1 + abs(x))'],
    ['1/(1+abs(x))^2', '1 / (1 + abs(x))^2'],
    ['((x))', 'x'],
    ['(1+2)+3', '1 + 2 + 3'],
    ['1+(2+3)', '1 + (2 + 3)'],
    ['1-(2-3)', '1 - (2 - 3)'],
    ['(1*2)*3', '1 * 2 * 3'],
    ['1/(2*3)', '1 / (2 * 3)'],
    ['1*(2/3)', '1 * (2 / 3)'],
    ['-(x^2)', '-x^2'],
    ['(-x)^2', '(-x)^2'],
    ['2^(3^2)', '2^3^2'],
    ['(2^3)^2', '(2^3)^2'],
    ['x^(-1)', 'x^(-1)'],
    ['x^-1', 'x^(-1)'],
    ['1 - -x', '1 - (-x)'],
    ['2 * -x', '2 * (-x)'],
    ['-(-x)', '-(-x)'],
    ['--x', '-(-x)'],
    ['-(x+1)', '-(x + 1)'],
    ['-x*2', '-x * 2'],
    ['-(x*2)', '-(x * 2)'],
    ['+x', 'x'],
    ['max( x ,0 )', 'max(x, 0)'],
    ['pow(x,2)', 'pow(x, 2)'],
    ['sigmoid(-x)', 'sigmoid(-x)'],
    ['e^(pi*x)', 'e^(pi * x)'],
    ['1e-3*x', '0.001 * x'],
    ['1.50', '1.5'],
    ['1e21', '1e+21'],
    ['1e-7', '1e-7'],
    ['(x+1)(x-1)'.replace(')(', ')*('), '(x + 1) * (x - 1)'],
  ])('%s prints as %s', (text, expected) => {
    expect(formatExpression(ast(text))).toBe(expected);
    expect(exprEquals(ast(expected), ast(text))).toBe(true);
  });

  it('prints negative, infinite and NaN literals (from hand-built trees) re-parseably', () => {
    const cases: [Expr, string][] = [
      [n(-2), '-2'],
      [{ kind: 'binary', op: '^', left: n(-2), right: { kind: 'x' } }, '(-2)^x'],
      [{ kind: 'binary', op: '-', left: { kind: 'x' }, right: n(-2) }, 'x - (-2)'],
      [{ kind: 'binary', op: '^', left: { kind: 'x' }, right: n(-0.5) }, 'x^(-0.5)'],
      [{ kind: 'neg', arg: n(-2) }, '-(-2)'],
      [n(Infinity), '(1/0)'],
      [n(-Infinity), '(-1/0)'],
      [n(NaN), '(0/0)'],
    ];
    for (const [tree, text] of cases) {
      expect(formatExpression(tree)).toBe(text);
      const back = ast(text);
      for (const x of POINTS) expect(sameNumber(compileExpression(back)(x), compileExpression(tree)(x))).toBe(true);
    }
  });

  it('parse(format(tree)) is the same tree for every tree the parser can produce (property)', () => {
    fc.assert(fc.property(exprArb(4, true).map(parserShaped), (tree) => {
      const text = formatExpression(tree);
      const back = parseExpression(text);
      if (!back.ok) throw new Error(`${text}: ${back.error.message}`);
      expect(exprEquals(back.ast, tree), text).toBe(true);
      expect(formatExpression(back.ast)).toBe(text);
    }), { numRuns: 1000, seed: 3 });
  });

  it('prints any tree, negative literals included, as text that computes the same values (property)', () => {
    fc.assert(fc.property(exprArb(4, true), (tree) => {
      const text = formatExpression(tree);
      const back = parseExpression(text);
      if (!back.ok) throw new Error(`${text}: ${back.error.message}`);
      const [a, b] = [compileExpression(tree), compileExpression(back.ast)];
      for (const x of POINTS) expect(Object.is(a(x), b(x)) || (Number.isNaN(a(x)) && Number.isNaN(b(x))), text).toBe(true);
    }), { numRuns: 1000, seed: 4 });
  });

  it('format(parse(text)) is a normal form: formatting twice changes nothing (property)', () => {
    const piece = fc.constantFrom('x', '2', '0.5', 'e', 'pi', '+', '-', '*', '/', '^', '(', ')', 'sin(', 'max(', ',');
    fc.assert(fc.property(fc.array(piece, { maxLength: 30 }), (pieces) => {
      const r = parseExpression(pieces.join(''));
      if (!r.ok) return;
      const once = formatExpression(r.ast);
      const again = parseExpression(once);
      expect(again.ok).toBe(true);
      if (again.ok) expect(formatExpression(again.ast)).toBe(once);
    }), { numRuns: 3000, seed: 17 });
  });
});
