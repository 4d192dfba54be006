/**
 * Small pure helpers shared by the teaching documents: how numbers are written in derivations (the
 * digits of the published worked example, a style of src/shared/format.ts), Markdown and HTML escaping (re-exported from src/shared/escape.ts).
 * No `vscode` import.
 */
import { WORKED_EXAMPLE, formatExact, formatIn, summaryStyle } from '../shared/format';
import { entryIndex } from '../shared/names';

export { depthLabel } from '../shared/depth';

/** A number as the classic worked example writes it (0.74136507, 0.082167041, 1.23456789e−7). */
export function fmt(value: number): string {
  return formatIn(value, WORKED_EXAMPLE);
}

/** Full double precision (shortest round-trip), for the comparison with the engine. */
export function exact(value: number): string {
  return formatExact(value, 'typographic');
}

/** A short value (4 significant digits) for summaries and sparklines' captions. */
export function short(value: number, significant = 4): string {
  return formatIn(value, summaryStyle(significant));
}

/** A value in parentheses when negative, so products read clearly: 0.4 · (−0.02). */
export function factor(value: number): string {
  const text = fmt(value);
  return value < 0 ? `(${text})` : text;
}

export { escapeHtml, escapeMarkdown } from '../shared/escape';

/** A 1-based label for a parameter entry: `[1, 2]` for a weight (unit, input), `[1]` for a bias (src/shared/names.ts's convention). */
export function entryLabel(index: readonly number[]): string {
  return entryIndex(index);
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
