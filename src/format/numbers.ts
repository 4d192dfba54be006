/**
 * How GradLens writes numbers for people: short in lenses and hints, full precision on request.
 * Used by the CLI, the editor features and the explanations alike, so the same value reads the same.
 */

/** Scientific notation with `digits` digits after the point: 0.0311 → "3.1e-2". Zero is "0". */
export function formatScientific(value: number, digits = 1): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  return value.toExponential(digits).replace('e+', 'e');
}

/**
 * A value with `significant` significant digits: plain decimals between 0.001 and 10,000,
 * scientific notation outside. 0.082167041 → "0.0822"; 1.2e-9 → "1.20e-9".
 */
export function formatValue(value: number, significant = 3): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-3 && magnitude < 1e4) {
    const text = value.toPrecision(significant);
    return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
  }
  return value.toExponential(significant - 1).replace('e+', 'e');
}

/** Full double precision, shortest round-trip form (what the tests and the explanations compare). */
export function formatExact(value: number): string {
  return Number.isFinite(value) ? String(value) : formatValue(value);
}

/** A fraction in [0, 1] as a percentage with one decimal: 0.9667 → "96.7 %". */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(1)} %`;
}
