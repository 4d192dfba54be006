/**
 * Number formatting for the panel: short, aligned, and honest about very small or large values.
 * Styles of the one formatting family, src/shared/format.ts.
 */
import { RELATIVE_ERROR, formatIn, panelStyle, type NumberStyle } from '../../src/shared/format';

const ONE_DIGIT_EXPONENT: NumberStyle = { significant: 1, plainFrom: Infinity, plainBelow: Infinity, minus: 'sign' };

/** `digits` significant digits; exponent notation outside [1e-3, 1e5); `–` for a missing value. */
export function formatNumber(value: number | undefined, digits = 4): string {
  return value === undefined ? '–' : formatIn(value, panelStyle(digits));
}

/** Relative errors: always in exponent notation, 2 significant digits (`1.6e-7`). */
export function formatRelError(value: number): string {
  return formatIn(value, RELATIVE_ERROR);
}

/** `[0.05, 0.1]` for a short vector, shortened with `…` after `max` entries. */
export function formatVector(values: readonly number[], max = 6, digits = 3): string {
  const shown = values.slice(0, max).map((v) => formatNumber(v, digits));
  return `[${shown.join(', ')}${values.length > max ? ', …' : ''}]`;
}

/**
 * At most five characters, for a label inside a neuron: three significant digits when they fit,
 * else two decimals (|v| < 1), else an exponent. The exact value is in the neuron's label and the inspector.
 */
export function compactNumber(value: number): string {
  const three = formatNumber(value, 3);
  if (three.length <= 5 || !Number.isFinite(value)) return three;
  const abs = Math.abs(value);
  if (abs >= 0.005 && abs < 1) return formatNumber(Number(value.toFixed(2)), 3);
  if (abs >= 1 && abs < 1e4) return formatNumber(Number(value.toPrecision(abs >= 100 ? 3 : 2)), 3).slice(0, 5);
  return formatIn(value, ONE_DIGIT_EXPONENT);
}
