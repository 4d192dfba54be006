/**
 * Static heat maps for the lecture handout: a grid of values as an inline SVG of one `<rect>` per cell
 * (no image files, no data URIs, no scripts), with `role="img"`, an `aria-label` and a `<title>` as its
 * text alternative. Two colour scales, both written out so a test can read a cell's colour back:
 *
 *   sequential (values ≥ 0, e.g. a ReLU map or an image): t = (v − lo)/(hi − lo) ∈ [0, 1],
 *     colour = white + t·(ink − white), ink = #1f3f8f
 *   diverging (signed values, gradients): t = v / max|v| ∈ [−1, 1],
 *     colour = white + |t|·(blue − white) for t > 0, white + |t|·(red − white) for t < 0
 *
 * Channels are rounded to integers; a constant map is drawn white. Neighbouring cells of a row with
 * the same colour are one rectangle.
 * Pure: no `vscode`, no DOM.
 */
import { escapeHtml } from './text';

type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const INK: Rgb = [31, 63, 143];
const BLUE: Rgb = [33, 102, 172];
const RED: Rgb = [178, 24, 43];

export type HeatScale =
  | { readonly kind: 'sequential'; readonly lo: number; readonly hi: number }
  | { readonly kind: 'diverging'; readonly maxAbs: number };

function hex(c: Rgb): string {
  return `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;
}

function mix(to: Rgb, t: number): Rgb {
  const s = Math.max(0, Math.min(1, t));
  return [WHITE[0] + s * (to[0] - WHITE[0]), WHITE[1] + s * (to[1] - WHITE[1]), WHITE[2] + s * (to[2] - WHITE[2])];
}

/** The colour of one value on a scale, as `#rrggbb`. */
export function heatColour(value: number, scale: HeatScale): string {
  if (!Number.isFinite(value)) return '#808080';
  if (scale.kind === 'sequential') {
    const span = scale.hi - scale.lo;
    return hex(mix(INK, span > 0 ? (value - scale.lo) / span : 0));
  }
  if (scale.maxAbs <= 0) return hex(WHITE);
  const t = value / scale.maxAbs;
  return hex(mix(t >= 0 ? BLUE : RED, Math.abs(t)));
}

/** The scale that fits `values`: sequential when none is negative (unless `signed`), else diverging. */
export function scaleFor(values: ArrayLike<number>, signed = false): HeatScale {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  if (!Number.isFinite(lo)) return { kind: 'sequential', lo: 0, hi: 0 };
  if (!signed && lo >= 0) return { kind: 'sequential', lo: 0, hi };
  return { kind: 'diverging', maxAbs: Math.max(Math.abs(lo), Math.abs(hi)) };
}

export interface HeatMapOptions {
  /** The text alternative (aria-label and title). */
  readonly label: string;
  /** Drawn size of one cell in CSS pixels. */
  readonly cell: number;
  /** Round each value's place on the scale to 1/steps first (smooth pictures then need fewer rectangles). */
  readonly steps?: number;
}

/** `value` moved to the nearest of `steps` + 1 even places of the scale (unchanged without steps). */
export function onSteps(value: number, scale: HeatScale, steps: number | undefined): number {
  if (!steps || !Number.isFinite(value)) return value;
  if (scale.kind === 'diverging') return scale.maxAbs > 0 ? (Math.round((value / scale.maxAbs) * steps) / steps) * scale.maxAbs : value;
  const span = scale.hi - scale.lo;
  return span > 0 ? scale.lo + (Math.round(((value - scale.lo) / span) * steps) / steps) * span : value;
}

/**
 * `rows × cols` values (row-major, from `offset` in `values`) as an SVG heat map: cell (r, c) lies in
 * the `<rect x="c0" y="r" width="k" height="1">` of the viewBox with c0 ≤ c < c0 + k (neighbours of
 * one colour share a rectangle), coloured by {@link heatColour}.
 */
export function heatMapSvg(values: ArrayLike<number>, offset: number, rows: number, cols: number, scale: HeatScale, options: HeatMapOptions): string {
  const label = escapeHtml(options.label);
  const parts = [`<svg class="heat" role="img" aria-label="${label}" width="${cols * options.cell}" height="${rows * options.cell}" viewBox="0 0 ${cols} ${rows}" shape-rendering="crispEdges"><title>${label}</title>`];
  const colour = (r: number, c: number) => heatColour(onSteps(values[offset + r * cols + c], scale, options.steps), scale);
  for (let r = 0; r < rows; r++) {
    let c = 0;
    while (c < cols) {
      const fill = colour(r, c);
      let end = c + 1;
      while (end < cols && colour(r, end) === fill) end++;
      parts.push(`<rect x="${c}" y="${r}" width="${end - c}" height="1" fill="${fill}"/>`);
      c = end;
    }
  }
  parts.push(`<rect x="0" y="0" width="${cols}" height="${rows}" fill="none" stroke="#999999" stroke-width="${(1 / options.cell).toFixed(3)}"/></svg>`);
  return parts.join('');
}

/** Smallest and largest of a map's values (for its text alternative). */
export function extent(values: ArrayLike<number>, offset: number, count: number): [number, number] {
  let lo = Infinity, hi = -Infinity;
  for (let i = offset; i < offset + count; i++) {
    if (values[i] < lo) lo = values[i];
    if (values[i] > hi) hi = values[i];
  }
  return Number.isFinite(lo) ? [lo, hi] : [0, 0];
}
