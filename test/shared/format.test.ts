/**
 * The one number-formatting family, against a table of cases: each named style on the values that
 * show its edges (zero, signs, the ends of the plain range, exponents, non-finite values).
 */
import { describe, expect, it } from 'vitest';
import {
  DERIVATION, DRIVE, RELATIVE_ERROR, WARNING, WORKED_EXAMPLE, formatExact, formatIn, formatPercent,
  panelStyle, scientificStyle, summaryStyle, valueStyle, type NumberStyle,
} from '../../src/shared/format';

const table: [string, NumberStyle, number, string][] = [
  // lenses, hints, hovers, CLI
  ['value', valueStyle(), 0.082167041, '0.0822'],
  ['value', valueStyle(), 1.2e-9, '1.20e-9'],
  ['value', valueStyle(), -0.5, '-0.5'],
  ['value', valueStyle(), 1234.5, '1230'],
  ['value', valueStyle(), 12345, '1.23e4'],
  ['value', valueStyle(), 0.001, '0.001'],
  ['value', valueStyle(), 0.000999, '9.99e-4'],
  ['value', valueStyle(), 0, '0'],
  ['value', valueStyle(), NaN, 'NaN'],
  ['value', valueStyle(), -Infinity, '−∞'],
  ['scientific', scientificStyle(), 0.0311, '3.1e-2'],
  ['scientific', scientificStyle(), 2, '2.0e0'],
  ['scientific', scientificStyle(2), 123456, '1.23e5'],
  // the worked example's digits
  ['worked example', WORKED_EXAMPLE, 0.74136507, '0.74136507'],
  ['worked example', WORKED_EXAMPLE, 0.082167041, '0.082167041'],
  ['worked example', WORKED_EXAMPLE, 0.000438568, '0.000438568'],
  ['worked example', WORKED_EXAMPLE, 0.05, '0.05'],
  ['worked example', WORKED_EXAMPLE, -0.0217, '−0.0217'],
  ['worked example', WORKED_EXAMPLE, 1.23456789e-7, '1.23456789e−7'],
  ['worked example', WORKED_EXAMPLE, 2.5e7, '2.5e7'],
  ['worked example', WORKED_EXAMPLE, Infinity, '∞'],
  // teaching summaries
  ['summary', summaryStyle(), 0.5, '0.5'],
  ['summary', summaryStyle(), 0.123456, '0.1235'],
  ['summary', summaryStyle(), -1.2e-7, '−1.200e−7'],
  ['summary', summaryStyle(6), 0.2983711, '0.298371'],
  ['summary', summaryStyle(), 99999, '100000'],
  ['summary', summaryStyle(), 123456, '1.235e5'],
  // panel
  ['panel', panelStyle(), 0.5, '0.5'],
  ['panel', panelStyle(), -0.123456, '−0.1235'],
  ['panel', panelStyle(), 1.5e-7, '1.5e-7'],
  ['panel', panelStyle(), -1.234e-7, '−1.23e-7'],
  ['panel', panelStyle(3), 0.000123, '1.2e-4'],
  ['panel', panelStyle(), 12345, '12350'],
  ['panel', panelStyle(), 123456, '1.23e5'],
  ['relative error', RELATIVE_ERROR, 1.6e-7, '1.6e-7'],
  ['relative error', RELATIVE_ERROR, 1e-9, '1e-9'],
  ['relative error', RELATIVE_ERROR, 0, '0'],
  ['relative error', RELATIVE_ERROR, 12, '1.2e1'],
  // step-through
  ['derivation', DERIVATION, 0.7413650695523157, '0.741365'],
  ['derivation', DERIVATION, -0.0000123456789, '−1.2346e-5'],
  ['derivation', DERIVATION, 5e-5, '5.0000e-5'],
  ['drive', DRIVE, 0.000498123, '0.000498'],
  ['drive', DRIVE, -2.5e-6, '−0.0000025'],
  ['drive', DRIVE, 1.23e-7, '1.2e-7'],
  ['drive', DRIVE, 1234.5, '1230'],
  // detector warnings
  ['warning', WARNING, 0.0456, '0.0456'],
  ['warning', WARNING, 1.234e-5, '1.2e-5'],
  ['warning', WARNING, 3e-6, '3.0e-6'],
  ['warning', WARNING, 45678, '4.6e4'],
];

describe('one number-formatting family', () => {
  it.each(table.map(([name, style, value, text]) => [name, value, text, style] as const))('in the %s style writes %d as "%s"', (_name, value, text, style) => {
    expect(formatIn(value, style)).toBe(text);
  });

  it('writes exact values with every digit, with either minus', () => {
    expect(formatExact(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(formatExact(-1.5e-9)).toBe('-1.5e-9');
    expect(formatExact(-1.5e-9, 'typographic')).toBe('−1.5e−9');
    expect(formatExact(-0.25, 'sign')).toBe('−0.25');
    expect(formatExact(NaN)).toBe('NaN');
  });

  it('writes fractions as percentages with one decimal', () => {
    expect(formatPercent(0.9667)).toBe('96.7 %');
    expect(formatPercent(1)).toBe('100.0 %');
    expect(formatPercent(NaN)).toBe('–');
  });
});
