/** Tick labels of logarithmic chart axes (pure: the chart module and the tests share it). */
import { formatNumber } from './format';

export function isPowerOfTen(v: number): boolean {
  const exponent = Math.log10(v);
  return Math.abs(exponent - Math.round(exponent)) < 1e-9;
}

/**
 * Log-scale tick labels as powers of ten (1e-3), other ticks dropped; on an axis within one decade
 * (no power of ten among its ticks) the lowest and highest ticks are labelled with their values, so
 * the axis still reads.
 */
export function logTicks(value: number | string, index?: number, ticks?: readonly { value: number }[]): string {
  const v = Number(value);
  if (!(v > 0)) return '';
  if (isPowerOfTen(v)) return `1e${Math.round(Math.log10(v))}`;
  const withinDecade = ticks !== undefined && !ticks.some((t) => t.value > 0 && isPowerOfTen(t.value));
  return withinDecade && (index === 0 || index === ticks.length - 1) ? formatNumber(v, 3) : '';
}
