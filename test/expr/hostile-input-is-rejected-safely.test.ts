import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, compileExpression, differentiate, formatExpression, parseExpression,
  type Expr,
} from '../../src/expr';

function error(text: string) {
  const r = parseExpression(text);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(text.slice(0, 50))}`);
  return r.error;
}

describe('hostile input is rejected with a clear error, never run and never a crash', () => {
  it.each([
    ['constructor', 0, 11],
    ['__proto__', 0, 9],
    ['process', 0, 7],
    ['process.exit()', 0, 7],
    ['this', 0, 4],
    ['toString', 0, 8],
    ['valueOf()', 0, 7],
    ['hasOwnProperty(x)', 0, 14],
    ['globalThis', 0, 10],
    ['require(x)', 0, 7],
    ['x + constructor(x)', 4, 11],
    ['Math', 0, 4],
    ['eval(x)', 0, 4],
  ])('%s is an unknown name', (text, offset, length) => {
    const e = error(text);
    expect(e.message).toMatch(/^unknown name '/);
    expect(e.message).toContain(`'${text.slice(offset, offset + length)}'`);
    expect([e.offset, e.length]).toEqual([offset, length]);
  });

  it('has no member access', () => {
    expect(error('x.constructor')).toEqual({
      message: "unexpected character '.'; '.' may only appear inside a number", offset: 1, length: 1,
    });
    expect(error('sin.call(x)').offset).toBe(3);
  });

  it('has no strings, brackets or other syntax', () => {
    expect(error('"a"')).toEqual({ message: "unexpected character '\"'; strings are not allowed", offset: 0, length: 1 });
    expect(error('`${x}`').offset).toBe(0);
    expect(error('x => x').offset).toBe(2);
    expect(error('x = 1').offset).toBe(2);
    expect(error('[x]').offset).toBe(0);
    expect(error('x; process.exit()').offset).toBe(1);
  });

  it('rejects a number that overflows to Infinity', () => {
    expect(error('1e999')).toEqual({ message: "number '1e999' is too large", offset: 0, length: 5 });
    expect(error('9'.repeat(400)).message).toMatch(/too large/);
  });

  it('parses 2^99999, which is Infinity at run time, without trouble', () => {
    const r = parseExpression('2^99999');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(compileExpression(r.ast)(0)).toBe(Infinity);
    expect(differentiate(r.ast)).toEqual({ kind: 'number', value: 0 });
  });

  it('reports 10,000 nested parentheses as too deep, without throwing', () => {
    const text = `${'('.repeat(10_000)}x${')'.repeat(10_000)}`;
    expect(error(text)).toEqual({
      message: `expression is nested too deeply (more than ${MAX_NESTING_DEPTH} levels)`, offset: 64, length: 1,
    });
  });

  it('accepts exactly the maximum nesting and rejects one more, for every kind of nesting', () => {
    const d = MAX_NESTING_DEPTH;
    const nests: [(k: number) => string, number][] = [
      [(k) => `${'('.repeat(k)}x${')'.repeat(k)}`, 1],
      [(k) => `${'sin('.repeat(k)}x${')'.repeat(k)}`, 4],
      [(k) => `${'-'.repeat(k)}x`, 1],
      [(k) => `x${'^x'.repeat(k)}`, 2],
    ];
    for (const [make, width] of nests) {
      expect(parseExpression(make(d)).ok).toBe(true);
      const e = error(make(d + 1));
      expect(e.message).toBe(`expression is nested too deeply (more than ${d} levels)`);
      expect(e.offset).toBeGreaterThanOrEqual(d * width - width);
    }
    expect(parseExpression(`${'-('.repeat(32)}x${')'.repeat(32)}`).ok).toBe(true);
    expect(error(`${'-('.repeat(33)}x${')'.repeat(33)}`).offset).toBe(64);
  });

  it('rejects very long input with an error at the limit', () => {
    const text = 'x+'.repeat(500_000) + 'x';
    expect(error(text)).toEqual({
      message: `expression is too long: ${text.length} characters (at most ${MAX_EXPRESSION_LENGTH})`,
      offset: MAX_EXPRESSION_LENGTH, length: text.length - MAX_EXPRESSION_LENGTH,
    });
  });

  it('handles the longest accepted input: a deep chain of sums, compiled, differentiated and printed', () => {
    const text = `${'x*x+'.repeat(249)}x`;
    expect(text.length).toBeLessThanOrEqual(MAX_EXPRESSION_LENGTH);
    const r = parseExpression(text);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(compileExpression(r.ast)(2)).toBe(249 * 4 + 2);
    const d = differentiate(r.ast)!;
    expect(compileExpression(d)(2)).toBe(249 * 4 + 1);
    expect(formatExpression(r.ast)).toBe(text.replaceAll('*', ' * ').replaceAll('+', ' + '));
  });

  it('rejects unicode look-alikes and invisible characters with a hint where one helps', () => {
    expect(error('ｘ + 1')).toMatchObject({ offset: 0, length: 1 });
    expect(error('x × 2')).toEqual({ message: "unexpected character '×'; write '*'", offset: 2, length: 1 });
    expect(error('sіn(x)')).toMatchObject({ offset: 1, length: 1 }); // Cyrillic і
    expect(error('x\u0000')).toEqual({ message: 'unexpected character U+0000', offset: 1, length: 1 });
    expect(error('\u202ex')).toMatchObject({ offset: 0, length: 1 });
    expect(error('x + 𝑥')).toMatchObject({ offset: 4, length: 2 });
  });

  it('does not let names reach property lookups: a hand-built call to an unknown function throws cleanly', () => {
    const bad = { kind: 'call', fn: 'constructor', args: [{ kind: 'x' }] } as unknown as Expr;
    expect(() => compileExpression(bad)).toThrow(/unknown function/);
    const proto = { kind: 'constant', name: '__proto__' } as unknown as Expr;
    expect(() => compileExpression(proto)).toThrow(/unknown constant/);
  });

  it('never throws on any text, and errors always lie inside the text', () => {
    const piece = fc.constantFrom(
      'x', 'e', 'pi', '(', ')', ',', '+', '-', '*', '/', '^', ' ', '1', '2.5', '.', '1e3', '1e999',
      'sin', 'max', 'pow', 'foo', '__proto__', 'π', '😀', '"',
    );
    const text = fc.oneof(fc.string({ maxLength: 40 }), fc.array(piece, { maxLength: 40 }).map((p) => p.join('')));
    fc.assert(fc.property(text, (t) => {
      const r = parseExpression(t);
      if (r.ok) {
        const again = parseExpression(formatExpression(r.ast));
        expect(again.ok).toBe(true);
      } else {
        expect(r.error.offset).toBeGreaterThanOrEqual(0);
        expect(r.error.length).toBeGreaterThanOrEqual(0);
        expect(r.error.offset + r.error.length).toBeLessThanOrEqual(t.length);
        expect(r.error.message.length).toBeGreaterThan(0);
      }
    }), { numRuns: 2000, seed: 7 });
  });
});
