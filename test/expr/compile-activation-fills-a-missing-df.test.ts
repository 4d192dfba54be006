import { describe, expect, it } from 'vitest';
import { checkDerivative, compileActivation } from '../../src/expr';

describe('compileActivation compiles f and df, and fills a missing df symbolically', () => {
  it('uses df as written, even when it is wrong, keeping its text', () => {
    const r = compileActivation('x / (1 + abs(x))', '1 / (1 + abs(x))');
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.dfDerived).toBe(false);
    expect(r.dfText).toBe('1 / (1 + abs(x))');
    expect(r.f(1)).toBe(0.5);
    expect(r.df(1)).toBe(0.5);
    expect(checkDerivative(r.fAst, r.dfAst).ok).toBe(false);
  });

  it('derives a missing df and prints it', () => {
    const r = compileActivation('x / (1 + abs(x))', undefined);
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    expect(r.dfDerived).toBe(true);
    expect(r.dfText).toBe('1 / (1 + abs(x))^2');
    expect(r.df(1)).toBe(0.25);
    expect(r.df(0)).toBe(1);
    expect(checkDerivative(r.fAst, r.dfAst).ok).toBe(true);
  });

  it('asks for df when f has no symbolic derivative, pointing at the min/max in f', () => {
    const r = compileActivation('0.5 * max(0, x) + x', undefined);
    expect(r).toEqual({
      ok: false,
      errors: [{
        which: 'f', offset: 6, length: 9,
        message: "no symbolic derivative; write df ('max' has no derivative expressible in this language)",
      }],
    });
  });

  it('accepts a hand-written df for a function with no symbolic derivative', () => {
    const r = compileActivation('max(0, x)', '(1 + x / abs(x)) / 2');
    expect(r.ok).toBe(true);
    if (r.ok) expect([r.df(-2), r.df(3)]).toEqual([0, 1]);
  });

  it('reports the errors of both texts, each with which text and where', () => {
    const r = compileActivation('x / (1 + abss(x))', '1 / (1 + abs(x)^2');
    expect(r).toEqual({
      ok: false,
      errors: [
        { which: 'f', offset: 9, length: 4, message: "unknown name 'abss'; did you mean 'abs'?" },
        { which: 'df', offset: 4, length: 1, message: "unclosed '('" },
      ],
    });
  });

  it('reports an empty df as an error rather than deriving one', () => {
    const r = compileActivation('x', '');
    expect(r).toEqual({ ok: false, errors: [{ which: 'df', offset: 0, length: 0, message: 'empty expression' }] });
  });

  it('reports only f when f is wrong and df is absent', () => {
    const r = compileActivation('process.exit()', undefined);
    expect(r).toEqual({ ok: false, errors: [{ which: 'f', offset: 0, length: 7, message: "unknown name 'process'" }] });
  });
});
