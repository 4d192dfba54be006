import { describe, expect, it } from 'vitest';
import { compileExpression, parseExpression } from '../../src/expr';
import { sexpr } from './helpers';

function tree(text: string): string {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return sexpr(r.ast);
}

function value(text: string, x = 0): number {
  const r = parseExpression(text);
  if (!r.ok) throw new Error(`${text}: ${r.error.message}`);
  return compileExpression(r.ast)(x);
}

describe('precedence and associativity follow the usual mathematical conventions', () => {
  it.each([
    ['1 + 2 * 3', '(+ 1 (* 2 3))'],
    ['1 * 2 + 3', '(+ (* 1 2) 3)'],
    ['1 - 2 - 3', '(- (- 1 2) 3)'],
    ['8 / 4 / 2', '(/ (/ 8 4) 2)'],
    ['8 / 4 * 2', '(* (/ 8 4) 2)'],
    ['1 - 2 + 3', '(+ (- 1 2) 3)'],
    ['2 ^ 3 ^ 2', '(^ 2 (^ 3 2))'],
    ['-x^2', '(neg (^ x 2))'],
    ['-x ^ 2 ^ 3', '(neg (^ x (^ 2 3)))'],
    ['(-x)^2', '(^ (neg x) 2)'],
    ['2^-x', '(^ 2 (neg x))'],
    ['2^-x^2', '(^ 2 (neg (^ x 2)))'],
    ['x^2*3', '(* (^ x 2) 3)'],
    ['3*x^2', '(* 3 (^ x 2))'],
    ['-x*3', '(* (neg x) 3)'],
    ['2*-x', '(* 2 (neg x))'],
    ['--x', '(neg (neg x))'],
    ['+x', 'x'],
    ['+-+x', '(neg x)'],
    ['1 - -x', '(- 1 (neg x))'],
    ['(1 + 2) * 3', '(* (+ 1 2) 3)'],
    ['((x))', 'x'],
    ['sin(x)^2', '(^ (sin x) 2)'],
    ['-sin(x)', '(neg (sin x))'],
    ['max(1 + x, 2 * x)', '(max (+ 1 x) (* 2 x))'],
    ['pow(x, 2)^3', '(^ (pow x 2) 3)'],
    ['e^x', '(^ e x)'],
    ['2*pi', '(* 2 pi)'],
    ['x / (1 + abs(x))', '(/ x (+ 1 (abs x)))'],
  ])('%s parses as %s', (text, expected) => {
    expect(tree(text)).toBe(expected);
  });

  it('evaluates by those rules', () => {
    expect(value('1 + 2 * 3')).toBe(7);
    expect(value('2 ^ 3 ^ 2')).toBe(512);
    expect(value('-2^2')).toBe(-4);
    expect(value('(-2)^2')).toBe(4);
    expect(value('2^-1')).toBe(0.5);
    expect(value('8 / 4 / 2')).toBe(1);
    expect(value('10 - 4 - 3')).toBe(3);
    expect(value('-x^2', 3)).toBe(-9);
  });

  it.each([
    ['0', 0], ['42', 42], ['3.25', 3.25], ['.5', 0.5], ['5.', 5], ['1e-3', 0.001], ['1E+2', 100],
    ['2.5e3', 2500], ['007', 7], ['1e-999', 0],
  ])('reads the number %s', (text, expected) => {
    expect(tree(text)).toBe(String(expected));
  });

  it('accepts any whitespace between tokens', () => {
    expect(tree(' \t1\n+\r\n x\u00a0')).toBe('(+ 1 x)');
  });

  it('reads e as the constant and as an exponent marker only inside a number', () => {
    expect(tree('e')).toBe('e');
    expect(tree('2*e')).toBe('(* 2 e)');
    expect(tree('2e1')).toBe('20');
    expect(tree('e-1')).toBe('(- e 1)');
  });
});
