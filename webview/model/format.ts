/** Number formatting for the panel: short, aligned, and honest about very small or large values. */

/** `digits` significant digits; exponent notation outside [1e-3, 1e5); `–` for a missing value. */
export function formatNumber(value: number | undefined, digits = 4): string {
  if (value === undefined) return '–';
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const abs = Math.abs(value);
  const text = abs >= 1e-3 && abs < 1e5
    ? String(Number(value.toPrecision(digits)))
    : value.toExponential(Math.max(0, digits - 2)).replace(/\.?0+e/, 'e');
  return text.replace(/^-/, '−');
}

/** Relative errors: always in exponent notation, 2 significant digits (`1.6e-7`). */
export function formatRelError(value: number): string {
  if (!Number.isFinite(value)) return formatNumber(value);
  if (value === 0) return '0';
  return value.toExponential(1).replace('.0e', 'e');
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
  return value.toExponential(0).replace('e+', 'e').replace(/^-/, '−');
}
