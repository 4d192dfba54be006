/** Numbers inside a neuron's circle: at most five characters, as close to the value as fits. */
import { describe, expect, it } from 'vitest';
import { compactNumber } from '../../webview/model/format';

describe('a neuron\'s label', () => {
  it('keeps three significant digits when they fit in five characters', () => {
    expect(['0.593', '0.5', '−1', '12.3', '0', '123'].map((s) => compactNumber(Number(s.replace('−', '-'))))).toEqual(['0.593', '0.5', '−1', '12.3', '0', '123']);
  });

  it('rounds to two decimals or an exponent when they do not, never longer than five characters', () => {
    expect(compactNumber(-0.0793)).toBe('−0.08');
    expect(compactNumber(-0.121)).toBe('−0.12');
    expect(compactNumber(0.000438)).toBe('4e-4');
    expect(compactNumber(-0.000438)).toBe('−4e-4');
    expect(compactNumber(-12.34)).toBe('−12.3');
    expect(compactNumber(-1234.5)).toBe('−1230');
    expect(compactNumber(123456)).toBe('1.2e5'); // exponents carry no '+' any more, so two digits fit
    for (const v of [-0.0793, 0.00123, -123.4, 98765, -0.999, 1e-9, -3.14159, 0.0049]) expect(compactNumber(v).length, String(v)).toBeLessThanOrEqual(5);
  });
});
