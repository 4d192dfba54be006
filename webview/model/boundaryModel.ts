/**
 * The decision boundary's view model: pure functions from a `BoundaryGrid` (the engine's numbers) to
 * what the canvas draws and what a screen reader reads. No DOM.
 */
import { formatValue } from '../../src/shared/format';
import { l10n } from '../../src/shared/l10n';
import type { Analysis } from '../../src/shared/analysis';
import type { BoundaryGrid, BoundaryOptions, BoundaryUnit } from '../../src/shared/teachingViews';

export type Rgb = readonly [number, number, number];

/** Colours of the picture: the two ends of the scale (class 0 / low, class 1 / high) and one per class. */
export interface BoundaryPalette {
  readonly low: Rgb;
  readonly high: Rgb;
  readonly middle: Rgb;
  readonly classes: readonly Rgb[];
}

/** `#rrggbb`, `#rgb` or `rgb(a)(r, g, b, …)` as numbers; undefined when unreadable. */
export function parseColor(color: string): Rgb | undefined {
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(color.trim());
  if (hex) {
    const v = hex[1].length === 3 ? hex[1].split('').map((c) => c + c).join('') : hex[1];
    return [parseInt(v.slice(0, 2), 16), parseInt(v.slice(2, 4), 16), parseInt(v.slice(4, 6), 16)];
  }
  const rgb = /^rgba?\(\s*(\d+)\s*,\s*(\d+)\s*,\s*(\d+)/i.exec(color.trim());
  return rgb ? [Number(rgb[1]), Number(rgb[2]), Number(rgb[3])] : undefined;
}

/**
 * The first of `candidates` that differs clearly from `reference` (RGB distance at least `min`), else
 * the first candidate. A theme's chart colours can coincide: Light High Contrast's charts.orange is
 * #0F4A85, a dark blue beside its charts.blue #1A85FF, so a pair meant as opposites asks this.
 */
export function distinctColor(reference: string, candidates: readonly string[], min = 180): string {
  const ref = parseColor(reference);
  if (!ref) return candidates[0];
  const far = candidates.find((c) => {
    const rgb = parseColor(c);
    return rgb !== undefined && Math.hypot(rgb[0] - ref[0], rgb[1] - ref[1], rgb[2] - ref[2]) >= min;
  });
  return far ?? candidates[0];
}

function mix(a: Rgb, b: Rgb, t: number): Rgb {
  const s = Math.min(1, Math.max(0, t));
  return [Math.round(a[0] + (b[0] - a[0]) * s), Math.round(a[1] + (b[1] - a[1]) * s), Math.round(a[2] + (b[2] - a[2]) * s)];
}

/** A value on a diverging scale: low → middle (background) → high, by its place in [lo, hi]. */
export function scaleColor(value: number, lo: number, hi: number, palette: BoundaryPalette): Rgb {
  const t = hi > lo ? (value - lo) / (hi - lo) : 0.5;
  return t < 0.5 ? mix(palette.low, palette.middle, t * 2) : mix(palette.middle, palette.high, (t - 0.5) * 2);
}

/** The colour of grid cell k: the probability (0 → low, 1 → high), the class (faded when unsure), or the value. */
export function cellColor(grid: BoundaryGrid, k: number, palette: BoundaryPalette): Rgb {
  const v = grid.values[k];
  if (grid.kind === 'binary') return scaleColor(v, 0, 1, palette);
  if (grid.kind === 'classes') {
    const c = palette.classes[v % palette.classes.length];
    const sure = grid.outputs > 1 ? ((grid.strength?.[k] ?? 1) - 1 / grid.outputs) / (1 - 1 / grid.outputs) : 1;
    return mix(palette.middle, c, 0.25 + 0.75 * sure);
  }
  return scaleColor(v, grid.range[0], grid.range[1], palette);
}

/** The colour of a data point's label (the same scale as the cells, at full strength). */
export function labelColor(grid: BoundaryGrid, label: number, palette: BoundaryPalette): Rgb {
  if (grid.kind === 'binary') return label >= 0.5 ? palette.high : palette.low;
  if (grid.kind === 'classes') return palette.classes[label % palette.classes.length];
  return scaleColor(label, grid.range[0], grid.range[1], palette);
}

/** RGBA bytes of an n × n picture (row 0 at the top, as canvas ImageData wants; the grid's row 0 is the bottom). */
export function gridPixels(n: number, color: (k: number) => Rgb): Uint8ClampedArray<ArrayBuffer> {
  const bytes = new Uint8ClampedArray(new ArrayBuffer(n * n * 4));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const [r, g, b] = color(i * n + j);
      const p = ((n - 1 - i) * n + j) * 4;
      bytes[p] = r; bytes[p + 1] = g; bytes[p + 2] = b; bytes[p + 3] = 255;
    }
  }
  return bytes;
}

/** A point of the plane in pixels of a width × height picture (y up). */
export function toPixel(grid: Pick<BoundaryGrid, 'xRange' | 'yRange'>, x: number, y: number, width: number, height: number): { px: number; py: number } {
  const [x0, x1] = grid.xRange, [y0, y1] = grid.yRange;
  return { px: ((x - x0) / (x1 - x0)) * width, py: height - ((y - y0) / (y1 - y0)) * height };
}

/**
 * Where a unit's line wx·x + wy·y + c = 0 crosses the plane's rectangle: its two ends, or undefined
 * when it misses the rectangle (or the unit ignores both drawn inputs).
 */
export function unitLine(unit: Pick<BoundaryUnit, 'wx' | 'wy' | 'c'>, xRange: readonly [number, number], yRange: readonly [number, number]): [{ x: number; y: number }, { x: number; y: number }] | undefined {
  const { wx, wy, c } = unit;
  const [x0, x1] = xRange, [y0, y1] = yRange;
  const hits: { x: number; y: number }[] = [];
  const inside = (v: number, lo: number, hi: number) => v >= lo - 1e-12 && v <= hi + 1e-12;
  if (wy !== 0) for (const x of [x0, x1]) { const y = -(wx * x + c) / wy; if (inside(y, y0, y1)) hits.push({ x, y }); }
  if (wx !== 0) for (const y of [y0, y1]) { const x = -(wy * y + c) / wx; if (inside(x, x0, x1)) hits.push({ x, y }); }
  const distinct = hits.filter((p, i) => hits.findIndex((q) => Math.abs(q.x - p.x) < 1e-12 && Math.abs(q.y - p.y) < 1e-12) === i);
  return distinct.length >= 2 ? [distinct[0], distinct[1]] : undefined;
}

/** The inputs one can draw against each other: names and indices (none below two inputs). */
export function featureChoices(analysis: Analysis | undefined): { index: number; name: string }[] {
  if (!analysis) return [];
  const inputs = analysis.inputs;
  if (inputs < 2) return [];
  return Array.from({ length: inputs }, (_, i) => ({ index: i, name: l10n.t('input {0}', i + 1) }));
}

/** The plane the panel asks for: the view's choice when it fits the model, else the first two inputs at their means. */
export function planeFor(analysis: Analysis | undefined, chosen: BoundaryOptions | undefined): BoundaryOptions | undefined {
  const inputs = featureChoices(analysis).length;
  if (inputs < 2) return undefined;
  if (chosen && chosen.xFeature < inputs && chosen.yFeature < inputs && chosen.xFeature !== chosen.yFeature) return chosen;
  return { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } };
}

function describeOutput(grid: BoundaryGrid, v: number): string {
  if (grid.kind === 'binary') return l10n.t('{0} (class {1})', formatValue(v, 3), v >= 0.5 ? 1 : 0);
  if (grid.kind === 'classes') return l10n.t('class {0}', v + 1);
  return formatValue(v, 3);
}

/** The table a screen reader reads instead of the picture: each data point, its target and the network's answer. */
export function pointRows(grid: BoundaryGrid): { set: string; x: string; y: string; target: string; output: string }[] {
  return grid.points.map((p) => ({
    set: p.set === 'train' ? l10n.t('training') : l10n.t('test'),
    x: formatValue(p.x, 3),
    y: formatValue(p.y, 3),
    target: grid.kind === 'classes' ? l10n.t('class {0}', p.label + 1) : formatValue(p.label, 3),
    output: describeOutput(grid, p.output),
  }));
}

/** Sentences for the picture: what is drawn, what the output spans, each unit's line as an equation. */
export function boundarySummary(grid: BoundaryGrid): string[] {
  const what = grid.kind === 'binary' ? l10n.t('The probability of class 1') : grid.kind === 'classes' ? l10n.t('The winning class of {0}', grid.outputs) : l10n.t('The output');
  const hold = grid.options.hold;
  const held = grid.held.length <= 2 ? ''
    : hold.kind === 'mean' ? l10n.t(', the other inputs held at their training means')
    : l10n.t(', the other inputs held at training sample {0}\'s values', hold.kind === 'sample' ? hold.sample + 1 : '');
  const x = [grid.xName, formatValue(grid.xRange[0], 3), formatValue(grid.xRange[1], 3), grid.yName, formatValue(grid.yRange[0], 3), formatValue(grid.yRange[1], 3), held, grid.resolution, grid.step] as const;
  const lines = [
    grid.source === 'stepThrough'
      ? l10n.t('{0} over {1} from {2} to {3} and {4} from {5} to {6}{7}, on a {8} × {8} grid, after step {9} of the step-through.', what, ...x)
      : l10n.t('{0} over {1} from {2} to {3} and {4} from {5} to {6}{7}, on a {8} × {8} grid, after step {9}.', what, ...x),
  ];
  if (grid.kind !== 'classes') lines.push(l10n.t('The output ranges from {0} to {1} on this plane.', formatValue(grid.range[0], 3), formatValue(grid.range[1], 3)));
  if (grid.evaluationMode) lines.push(l10n.t('The network answers as after training (evaluation mode): dropout passes every value, batch norm uses its running statistics.'));
  for (const u of grid.units) {
    lines.push(l10n.t('{0} unit {1}: its line is {2}·{3} + {4}·{5} + {6} = 0; its output ranges from {7} to {8}.',
      grid.layerName, u.unit + 1, formatValue(u.wx, 3), grid.xName, formatValue(u.wy, 3), grid.yName, formatValue(u.c, 3), formatValue(u.range[0], 3), formatValue(u.range[1], 3)));
  }
  return lines;
}
