import { describe, expect, it } from 'vitest';
import { parseExpression } from '../../src/expr';

function error(text: string) {
  const r = parseExpression(text);
  if (r.ok) throw new Error(`expected an error for ${JSON.stringify(text)}`);
  return r.error;
}

describe('parse errors say what is wrong and point at the exact place', () => {
  it.each([
    // text, offset, length, message
    ['', 0, 0, 'empty expression'],
    ['   ', 0, 3, 'empty expression'],
    ['tanhh(x)', 0, 5, "unknown name 'tanhh'; did you mean 'tanh'?"],
    ['x + sigmod(x)', 4, 6, "unknown name 'sigmod'; did you mean 'sigmoid'?"],
    ['2 * Tanh(x)', 4, 4, "unknown name 'Tanh'; did you mean 'tanh'?"],
    ['PI * x', 0, 2, "unknown name 'PI'; did you mean 'pi'?"],
    ['ln(x)', 0, 2, "unknown name 'ln'; use 'log' (the natural logarithm)"],
    ['relu(x)', 0, 4, "unknown name 'relu'; write 'max(0, x)'"],
    ['x * y', 4, 1, "unknown name 'y'; the only variable is 'x'"],
    ['foo(x)', 0, 3, "unknown name 'foo'"],
    ['sin(x, 1)', 0, 9, "'sin' takes 1 argument, got 2"],
    ['1 + max(x)', 4, 6, "'max' takes 2 arguments, got 1"],
    ['pow(x, 2, 3)', 0, 12, "'pow' takes 2 arguments, got 3"],
    ['cos()', 0, 5, "'cos' takes 1 argument, got 0"],
    ['sin x', 0, 3, "'sin' is a function; write 'sin(...)'"],
    ['min + 1', 0, 3, "'min' is a function; write 'min(..., ...)'"],
    ['2x', 1, 1, "missing operator before 'x' (write multiplication as '*')"],
    ['2 (x + 1)', 2, 1, "missing operator before '(' (write multiplication as '*')"],
    ['x(1)', 1, 1, "missing operator before '(' (write multiplication as '*')"],
    ['(x + 1) (x - 1)', 8, 1, "missing operator before '(' (write multiplication as '*')"],
    ['x**2', 1, 2, "unexpected '*'; use '^' for powers"],
    ['x +', 2, 1, "expected a value after '+'"],
    ['sin(', 3, 1, "expected a value after '('"],
    ['x * / 2', 4, 1, "expected a value but found '/'"],
    ['max(x,)', 6, 1, "expected a value but found ')'"],
    ['(x', 0, 1, "unclosed '('"],
    ['1 + (2 * (x)', 4, 1, "unclosed '('"],
    ['sin(x', 3, 1, "unclosed '(' of 'sin('"],
    ['x)', 1, 1, "unmatched ')'"],
    ['()', 0, 2, 'empty parentheses'],
    ['x, 1', 1, 1, "unexpected ','; commas only separate function arguments"],
    ['(x, 1)', 2, 1, "unexpected ','; commas only separate function arguments"],
    ['1e999', 0, 5, "number '1e999' is too large"],
    ['x + 2e400 * x', 4, 5, "number '2e400' is too large"],
    ['x # 2', 2, 1, "unexpected character '#'"],
    ['x.y', 1, 1, "unexpected character '.'; '.' may only appear inside a number"],
    ['1.2.3', 3, 1, "unexpected character '.'; '.' may only appear inside a number"],
    ['x[0]', 1, 1, "unexpected character '['; use '(' and ')'"],
    ["'x'", 0, 1, "unexpected character '''; strings are not allowed"],
    ['2π', 1, 1, "unexpected character 'π'; write 'pi'"],
    ['x − 1', 2, 1, "unexpected character '−'; write '-'"],
    ['x²', 1, 1, "unexpected character '²'; write '^2'"],
    ['x + 😀', 4, 2, "unexpected character '😀'"],
    ['x\u200b+1', 1, 1, 'unexpected character U+200B'],
    ['x;', 1, 1, "unexpected character ';'"],
  ])('%j → offset %i, length %i: %s', (text, offset, length, message) => {
    expect(error(text)).toEqual({ message, offset, length });
  });

  it('reports the first problem from the left', () => {
    expect(error('foo + 1e999').message).toBe("unknown name 'foo'");
    expect(error('1e999 + foo').message).toBe("number '1e999' is too large");
  });

  it('never points outside the text', () => {
    for (const text of ['', 'x +', '(', 'sin(', 'max(x,', '-', 'x^', '1e5e5']) {
      const e = error(text);
      expect(e.offset).toBeGreaterThanOrEqual(0);
      expect(e.offset + e.length).toBeLessThanOrEqual(text.length);
    }
  });
});
