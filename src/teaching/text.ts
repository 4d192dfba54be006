/**
 * Small pure helpers shared by the teaching documents: how numbers are written in derivations (the
 * digits of the published worked example), Markdown and HTML escaping (re-exported from src/shared/escape.ts).
 * No `vscode` import.
 */
export { depthLabel } from '../shared/depth';

/**
 * A number as the classic worked example writes it: nine decimals with trailing zeros dropped for
 * magnitudes in [1e-4, 1e6) (0.74136507, 0.082167041, 0.000438568, 0.05), else nine significant
 * digits in scientific notation (1.23456789e-7). Non-finite values read NaN, ∞, −∞.
 */
export function fmt(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const a = Math.abs(value);
  let text: string;
  if (a >= 1e-4 && a < 1e6) {
    text = value.toFixed(9);
    if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  } else {
    const [mantissa, exponent] = value.toExponential(8).split('e');
    const m = mantissa.includes('.') ? mantissa.replace(/0+$/, '').replace(/\.$/, '') : mantissa;
    text = `${m}e${exponent.replace('+', '')}`;
  }
  return minus(text === '-0' ? '0' : text);
}

/** Full double precision (shortest round-trip), for the comparison with the engine. */
export function exact(value: number): string {
  if (!Number.isFinite(value)) return fmt(value);
  return minus(String(value));
}

/** A short value (4 significant digits) for summaries and sparklines' captions. */
export function short(value: number, significant = 4): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const a = Math.abs(value);
  let text = a >= 1e-3 && a < 1e5 ? value.toPrecision(significant) : value.toExponential(significant - 1).replace('e+', 'e');
  if (!text.includes('e') && text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, '');
  return minus(text);
}

/** A value in parentheses when negative, so products read clearly: 0.4 · (−0.02). */
export function factor(value: number): string {
  const text = fmt(value);
  return value < 0 ? `(${text})` : text;
}

/** Typographic minus instead of a hyphen in front of numbers. */
function minus(text: string): string {
  return text.replace(/^-/, '−').replace(/e-/, 'e−');
}

export { escapeHtml, escapeMarkdown } from '../shared/escape';

/** A 1-based label for a parameter entry: `[1, 2]` for a weight (unit, input), `[1]` for a bias. */
export function entryLabel(index: readonly number[]): string {
  return `[${index.map((i) => i + 1).join(', ')}]`;
}

/** Sparkline of values (▁▂▃▄▅▆▇█), resampled to at most `width` characters. Non-finite values are gaps. */
export function sparkline(values: readonly number[], width = 40): string {
  const finite = values.filter((v) => Number.isFinite(v));
  if (finite.length === 0) return '';
  const bars = '▁▂▃▄▅▆▇█';
  const lo = Math.min(...finite), hi = Math.max(...finite);
  const n = Math.min(width, values.length);
  let out = '';
  for (let i = 0; i < n; i++) {
    const v = values[Math.round((i * (values.length - 1)) / Math.max(1, n - 1))];
    if (!Number.isFinite(v)) { out += ' '; continue; }
    const level = hi === lo ? 3 : Math.round(((v - lo) / (hi - lo)) * 7);
    out += bars[level];
  }
  return out;
}
