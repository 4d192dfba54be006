/**
 * The one family of number formats: every number GradLens writes for people (CLI, lenses, hovers,
 * explanations, step-through, panel) goes through `formatIn` with one of the named styles below.
 *
 * A finite non-zero value whose magnitude lies in [plainFrom, plainBelow) is written as a plain
 * decimal: `significant` significant digits (or `decimals` decimals), trailing zeros dropped. Outside
 * that range it is written in exponent notation, `m.mmmeX`, with `exponentDigits` digits after the
 * point (trailing zeros dropped when `trimExponent`) and no `+` in the exponent. Zero is `0`;
 * NaN, ∞ and −∞ read as such (always with the typographic minus). `minus` chooses the hyphen `-` or the typographic minus `−`: before the
 * number only (`sign`), or in the exponent as well (`typographic`).
 */

export interface NumberStyle {
  readonly significant: number;
  /** Magnitudes in [plainFrom, plainBelow) are written without an exponent. */
  readonly plainFrom: number;
  readonly plainBelow: number;
  /** Plain decimals with this many decimals (trailing zeros dropped) instead of `significant` digits. */
  readonly decimals?: number;
  /** Digits after the point in exponent notation (default `significant − 1`). */
  readonly exponentDigits?: number;
  /** Drop trailing zeros of the mantissa (default true). */
  readonly trimExponent?: boolean;
  readonly minus: 'hyphen' | 'sign' | 'typographic';
}

function trimZeros(text: string): string {
  return text.includes('.') ? text.replace(/0+$/, '').replace(/\.$/, '') : text;
}

export function formatIn(value: number, style: NumberStyle): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? '∞' : '−∞';
  if (value === 0) return '0';
  const a = Math.abs(value);
  let text: string;
  if (a >= style.plainFrom && a < style.plainBelow) {
    text = style.decimals !== undefined ? trimZeros(value.toFixed(style.decimals)) : String(Number(value.toPrecision(style.significant)));
    if (text === '-0') text = '0';
  } else {
    const [mantissa, exponent] = value.toExponential(style.exponentDigits ?? style.significant - 1).split('e');
    text = `${style.trimExponent === false ? mantissa : trimZeros(mantissa)}e${exponent.replace('+', '')}`;
  }
  if (style.minus === 'hyphen') return text;
  text = text.replace(/^-/, '−');
  return style.minus === 'typographic' ? text.replace('e-', 'e−') : text;
}

/** Full double precision, the shortest form that reads back as the same number. */
export function formatExact(value: number, minus: NumberStyle['minus'] = 'hyphen'): string {
  if (!Number.isFinite(value)) return formatIn(value, { significant: 1, plainFrom: 0, plainBelow: 0, minus });
  const text = String(value);
  if (minus === 'hyphen') return text;
  const signed = text.replace(/^-/, '−');
  return minus === 'typographic' ? signed.replace('e-', 'e−') : signed;
}

/** A fraction in [0, 1] as a percentage with one decimal: 0.9667 → `96.7 %`; `–` when not finite. */
export function formatPercent(fraction: number): string {
  if (!Number.isFinite(fraction)) return '–';
  return `${(fraction * 100).toFixed(1)} %`;
}

// ---- the named styles ----------------------------------------------------------------------

/** Lenses, hints, hovers and the CLI: 3 significant digits, plain in [0.001, 10,000). */
export const valueStyle = (significant = 3): NumberStyle => ({ significant, plainFrom: 1e-3, plainBelow: 1e4, trimExponent: false, minus: 'hyphen' });

/** Always scientific, `digits` digits after the point, kept: 0.0311 → `3.1e-2`. */
export const scientificStyle = (digits = 1): NumberStyle => ({ significant: digits + 1, plainFrom: Infinity, plainBelow: Infinity, trimExponent: false, minus: 'hyphen' });

/**
 * The classic worked example's digits (explanations): nine decimals in [1e-4, 1e6) (0.74136507,
 * 0.082167041), else nine significant digits (1.23456789e−7).
 */
export const WORKED_EXAMPLE: NumberStyle = { significant: 9, plainFrom: 1e-4, plainBelow: 1e6, decimals: 9, minus: 'typographic' };

/** Summaries and captions in the teaching pages: 4 significant digits, plain in [0.001, 100,000). */
export const summaryStyle = (significant = 4): NumberStyle => ({ significant, plainFrom: 1e-3, plainBelow: 1e5, trimExponent: false, minus: 'typographic' });

/** The panel: `digits` significant digits, plain in [0.001, 100,000), short exponents (`1.2e-7`). */
export const panelStyle = (digits = 4): NumberStyle => ({ significant: digits, plainFrom: 1e-3, plainBelow: 1e5, exponentDigits: Math.max(0, digits - 2), minus: 'sign' });

/** Relative errors in the panel: always exponent notation, 2 significant digits (`1.6e-7`). */
export const RELATIVE_ERROR: NumberStyle = { significant: 2, plainFrom: Infinity, plainBelow: Infinity, minus: 'hyphen' };

/** Step-through derivation lines: 6 significant digits in [1e-4, 1e6), else 5 (`1.2346e-7`). */
export const DERIVATION: NumberStyle = { significant: 6, plainFrom: 1e-4, plainBelow: 1e6, exponentDigits: 4, trimExponent: false, minus: 'sign' };

/** Warnings of the detectors: 3 significant digits in [0.001, 10,000), else 2 (`1.2e-5`). */
export const WARNING: NumberStyle = { significant: 3, plainFrom: 1e-3, plainBelow: 1e4, exponentDigits: 1, trimExponent: false, minus: 'hyphen' };

/** Depth 1 (Drive), which avoids exponents: 3 significant digits down to 1e-6 (0.000498, not 4.98e-4). */
export const DRIVE: NumberStyle = { significant: 3, plainFrom: 1e-6, plainBelow: Infinity, exponentDigits: 1, minus: 'sign' };

// ---- the family's everyday members ---------------------------------------------------------

/** A value with `significant` significant digits (lenses, hints, CLI): 0.082167041 → `0.0822`; 1.2e-9 → `1.20e-9`. */
export function formatValue(value: number, significant = 3): string {
  return formatIn(value, valueStyle(significant));
}

/** Scientific notation with `digits` digits after the point: 0.0311 → `3.1e-2`. Zero is `0`. */
export function formatScientific(value: number, digits = 1): string {
  return formatIn(value, scientificStyle(digits));
}
