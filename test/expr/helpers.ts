import fc from 'fast-check';
import type { Expr } from '../../src/expr';

/** A fully parenthesised prefix form that shows a tree's structure: `(+ 1 (* 2 x))`. */
export function sexpr(e: Expr): string {
  switch (e.kind) {
    case 'number': return String(e.value);
    case 'x': return 'x';
    case 'constant': return e.name;
    case 'neg': return `(neg ${sexpr(e.arg)})`;
    case 'binary': return `(${e.op} ${sexpr(e.left)} ${sexpr(e.right)})`;
    case 'call': return `(${e.fn} ${e.args.map(sexpr).join(' ')})`;
  }
}

export const X: Expr = { kind: 'x' };
export const n = (value: number): Expr => ({ kind: 'number', value });
const neg = (arg: Expr): Expr => ({ kind: 'neg', arg });
const bin = (op: '+' | '-' | '*' | '/' | '^') => ([left, right]: [Expr, Expr]): Expr =>
  ({ kind: 'binary', op, left, right });
const call1 = (fn: 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'sin' | 'cos') => (a: Expr): Expr =>
  ({ kind: 'call', fn, args: [a] });

const leaf: fc.Arbitrary<Expr> = fc.oneof(
  { arbitrary: fc.constant(X), weight: 4 },
  { arbitrary: fc.constantFrom(0.5, 1, 2, 3).map(n), weight: 2 },
  { arbitrary: fc.constantFrom<Expr>({ kind: 'constant', name: 'e' }, { kind: 'constant', name: 'pi' }), weight: 1 },
);

/**
 * Trees of at most `depth` levels, shaped like what students write: every operator and one-argument
 * function, powers with a constant exponent, pow(a, 3), and min/max only when `withMinMax`.
 */
export function exprArb(depth: number, withMinMax = false): fc.Arbitrary<Expr> {
  if (depth === 0) return leaf;
  const sub = exprArb(depth - 1, withMinMax);
  const pair = fc.tuple(sub, sub);
  const choices: fc.Arbitrary<Expr>[] = [
    leaf,
    sub.map(neg),
    pair.map(bin('+')), pair.map(bin('-')), pair.map(bin('*')), pair.map(bin('/')),
    fc.tuple(sub, fc.constantFrom(2, 3, -1, 0.5).map(n)).map(bin('^')),
    fc.tuple(fc.constantFrom(0.5, 2, 3).map(n), sub).map(bin('^')),
    sub.map((a): Expr => ({ kind: 'call', fn: 'pow', args: [a, n(3)] })),
    fc.constantFrom('exp', 'log', 'sqrt', 'abs', 'tanh', 'sigmoid', 'sin', 'cos' as const)
      .chain((fn) => sub.map(call1(fn))),
  ];
  if (withMinMax) {
    choices.push(pair.map(([a, b]): Expr => ({ kind: 'call', fn: 'max', args: [a, b] })));
    choices.push(pair.map(([a, b]): Expr => ({ kind: 'call', fn: 'min', args: [a, b] })));
  }
  return fc.oneof(...choices);
}

/** Same value, where NaN equals NaN and numbers agree to a relative 1e-12. */
export function sameNumber(a: number, b: number): boolean {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b);
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= 1e-12 * Math.max(1, Math.abs(a), Math.abs(b));
}

export const POINTS = [-3, -2.5, -1.3, -0.7, -0.1, 0, 0.1, 0.7, 1.3, 2.5, 3];
