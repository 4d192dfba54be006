import { describe, expect, it } from 'vitest';
import { compileExpression, parseExpression } from '../../src/expr';
import { POINTS } from './helpers';

function fn(text: string): (x: number) => number {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return compileExpression(r.ast);
}

describe('every function and constant computes what its name says', () => {
  const cases: [string, (x: number) => number][] = [
    ['exp(x)', Math.exp],
    ['log(x)', Math.log],
    ['sqrt(x)', Math.sqrt],
    ['abs(x)', Math.abs],
    ['tanh(x)', Math.tanh],
    ['sigmoid(x)', (x) => 1 / (1 + Math.exp(-x))],
    ['sin(x)', Math.sin],
    ['cos(x)', Math.cos],
    ['min(x, 0.5)', (x) => Math.min(x, 0.5)],
    ['max(0, x)', (x) => Math.max(0, x)],
    ['pow(x, 3)', (x) => x ** 3],
    ['pow(2, x)', (x) => 2 ** x],
    ['x + 1', (x) => x + 1],
    ['x - 1', (x) => x - 1],
    ['x * 3', (x) => x * 3],
    ['x / 4', (x) => x / 4],
    ['x ^ 2', (x) => x ** 2],
    ['-x', (x) => -x],
    ['e', () => Math.E],
    ['pi', () => Math.PI],
    ['x / (1 + abs(x))', (x) => x / (1 + Math.abs(x))],
  ];
  it.each(cases)('%s computes the same as its JavaScript counterpart', (text, expected) => {
    const f = fn(text);
    for (const x of POINTS) expect(Object.is(f(x), expected(x)) || f(x) === expected(x)).toBe(true);
  });

  it('log is the natural logarithm', () => {
    expect(fn('log(e)')(0)).toBe(1);
    expect(fn('log(x)')(-1)).toBeNaN();
  });

  it('sigmoid saturates without NaN', () => {
    expect(fn('sigmoid(x)')(0)).toBe(0.5);
    expect(fn('sigmoid(x)')(-1000)).toBe(0);
    expect(fn('sigmoid(x)')(1000)).toBe(1);
  });

  it('follows IEEE arithmetic rather than throwing', () => {
    expect(fn('2^99999')(0)).toBe(Infinity);
    expect(fn('1 / x')(0)).toBe(Infinity);
    expect(fn('sqrt(x)')(-1)).toBeNaN();
  });

  it('can be called millions of times without allocating a result per call', () => {
    const f = fn('x / (1 + abs(x)) + sigmoid(2 * x) - tanh(x)^2');
    let sum = 0;
    for (let i = 0; i < 2_000_000; i++) sum += f((i % 1000) / 100 - 5);
    expect(Number.isFinite(sum)).toBe(true);
  });
});
