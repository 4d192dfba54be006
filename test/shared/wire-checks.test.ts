/**
 * The checks every validator of wire data shares (src/shared/wireChecks.ts): what passes as a record, a
 * plain object, one of a list of names, a count.
 */
import { describe, expect, it } from 'vitest';
import { asRecord, isCount, isOneOf, isPlainObject } from '../../src/shared/wireChecks';

describe('the wire checks', () => {
  it('take any object as a record of unchecked fields, and nothing else', () => {
    expect(asRecord({ a: 1 })).toEqual({ a: 1 });
    expect(asRecord([1])).toEqual([1]);
    for (const v of [null, undefined, 1, 'x', true]) expect(asRecord(v)).toBeUndefined();
  });

  it('take as a plain object only a JSON object or one without prototype', () => {
    expect(isPlainObject({ a: 1 })).toBe(true);
    expect(isPlainObject(Object.create(null))).toBe(true);
    for (const v of [null, [], new Date(0), Object.create({ inherited: 1 }), 'x', 1]) expect(isPlainObject(v)).toBe(false);
  });

  it('take one of the list\'s names, by value', () => {
    expect(isOneOf(['sgd', 'adam'], 'adam')).toBe(true);
    for (const v of ['Adam', 'momentum', undefined, ['adam']]) expect(isOneOf(['sgd', 'adam'], v)).toBe(false);
  });

  it('take as a count a whole number from 0 to the maximum', () => {
    expect([0, 7, 10].map((v) => isCount(v, 10))).toEqual([true, true, true]);
    for (const v of [-1, 11, 0.5, Number.NaN, Infinity, '3', undefined]) expect(isCount(v, 10)).toBe(false);
  });
});
