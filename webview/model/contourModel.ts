/**
 * The loss contour's view model (depth Derive): pure functions from a `LossContour` (the engine's
 * numbers) to contour levels, line segments (marching squares over the grid's points), the arrow, the
 * path, a sampled table and the sentences a screen reader reads. No DOM.
 */
import { formatValue } from '../../src/shared/format';
import { l10n } from '../../src/shared/l10n';
import type { Analysis } from '../../src/shared/analysis';
import type { ContourAxes, LossContour, SliceTarget } from '../../src/shared/teachingViews';
import { sliceChoices, targetKey, targetLabel } from './sliceModel';

/** A point of the plane in pixels. */
export interface Pixel { readonly px: number; readonly py: number }

/** Where the plot goes inside the canvas. */
export interface ContourBox {
  readonly width: number;
  readonly height: number;
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** A plane point (x, y) in pixels (y up). */
export function contourPixel(c: Pick<LossContour, 'xRange' | 'yRange'>, box: ContourBox, x: number, y: number): Pixel {
  const w = box.width - box.left - box.right, hgt = box.height - box.top - box.bottom;
  return {
    px: box.left + ((x - c.xRange[0]) / (c.xRange[1] - c.xRange[0])) * w,
    py: box.top + (1 - (y - c.yRange[0]) / (c.yRange[1] - c.yRange[0])) * hgt,
  };
}

/** The plane coordinates of grid point (i, j): x = x₀ + j·Δx, y = y₀ + i·Δy. */
export function gridPoint(c: Pick<LossContour, 'xRange' | 'yRange' | 'resolution'>, i: number, j: number): { x: number; y: number } {
  const n = c.resolution;
  return {
    x: c.xRange[0] + (j * (c.xRange[1] - c.xRange[0])) / (n - 1),
    y: c.yRange[0] + (i * (c.yRange[1] - c.yRange[0])) / (n - 1),
  };
}

/** Up to `count` contour levels at evenly spaced quantiles of the grid's values (so steep walls do not take every line). */
export function contourLevels(values: readonly number[], count = 9): number[] {
  const sorted = values.filter(Number.isFinite).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const levels: number[] = [];
  for (let k = 1; k <= count; k++) {
    const v = sorted[Math.min(sorted.length - 1, Math.floor((k / (count + 1)) * sorted.length))];
    if (levels.length === 0 || v > levels[levels.length - 1]) levels.push(v);
  }
  return levels.filter((v) => v > sorted[0] && v < sorted[sorted.length - 1]);
}

/**
 * The line segments where the grid's values cross `level` (marching squares: in each cell of four
 * neighbouring points, the crossings on its edges found by linear interpolation, joined in pairs;
 * a saddle cell decided by its centre's mean). Coordinates are in grid units (j across, i up).
 */
export function contourSegments(values: readonly number[], n: number, level: number): [{ j: number; i: number }, { j: number; i: number }][] {
  const out: [{ j: number; i: number }, { j: number; i: number }][] = [];
  const at = (i: number, j: number) => values[i * n + j];
  const cross = (a: number, b: number) => (a === b ? 0.5 : (level - a) / (b - a));
  for (let i = 0; i < n - 1; i++) {
    for (let j = 0; j < n - 1; j++) {
      const v00 = at(i, j), v01 = at(i, j + 1), v11 = at(i + 1, j + 1), v10 = at(i + 1, j);
      if (![v00, v01, v11, v10].every(Number.isFinite)) continue;
      // Edges: bottom (00→01), right (01→11), top (10→11), left (00→10).
      const edges: { j: number; i: number }[] = [];
      if ((v00 < level) !== (v01 < level)) edges.push({ j: j + cross(v00, v01), i });
      if ((v01 < level) !== (v11 < level)) edges.push({ j: j + 1, i: i + cross(v01, v11) });
      if ((v10 < level) !== (v11 < level)) edges.push({ j: j + cross(v10, v11), i: i + 1 });
      if ((v00 < level) !== (v10 < level)) edges.push({ j, i: i + cross(v00, v10) });
      if (edges.length === 2) out.push([edges[0], edges[1]]);
      else if (edges.length === 4) {
        const centreBelow = (v00 + v01 + v11 + v10) / 4 < level;
        // bottom, right, top, left: pair the edges around the corners on the centre's other side.
        if (centreBelow === (v00 < level)) { out.push([edges[0], edges[1]]); out.push([edges[2], edges[3]]); }
        else { out.push([edges[0], edges[3]]); out.push([edges[1], edges[2]]); }
      }
    }
  }
  return out;
}

/**
 * The arrow in pixels: from the current point, along the gradient as it points on screen (each
 * component rescaled by its axis's pixels per unit, so the arrow stands perpendicular to the drawn
 * contour lines), `length` pixels long. Undefined when the gradient is 0 on this plane.
 */
export function arrowPixels(c: LossContour, box: ContourBox, length: number): { from: Pixel; to: Pixel } | undefined {
  const from = contourPixel(c, box, c.centre[0], c.centre[1]);
  const w = box.width - box.left - box.right, hgt = box.height - box.top - box.bottom;
  // ∂J/∂px = ∂J/∂x · (x-units per pixel); y grows upwards, pixels downwards.
  const gx = c.arrow[0] * ((c.xRange[1] - c.xRange[0]) / w), gy = -c.arrow[1] * ((c.yRange[1] - c.yRange[0]) / hgt);
  const norm = Math.hypot(gx, gy);
  if (!(norm > 0) || !Number.isFinite(norm)) return undefined;
  return { from, to: { px: from.px + (gx / norm) * length, py: from.py + (gy / norm) * length } };
}

/** The plane's axes' names for people (the directions' names localised). */
export function axisNames(c: LossContour): [string, string] {
  return c.axes.kind === 'directions' ? [l10n.t('direction 1 (α)'), l10n.t('direction 2 (β)')] : [c.xLabel, c.yLabel];
}

/** Up to `count` evenly spaced grid indices, both ends and the middle among them (n odd). */
export function sampledIndices(n: number, count = 9): number[] {
  if (n <= count) return Array.from({ length: n }, (_, k) => k);
  return [...new Set(Array.from({ length: count }, (_, k) => Math.round((k * (n - 1)) / (count - 1))))];
}

/** The table behind the picture: J at a sampled grid (rows from the top, as drawn). */
export function contourTable(c: LossContour): { xs: string[]; rows: { y: string; values: string[] }[] } {
  const idx = sampledIndices(c.resolution);
  return {
    xs: idx.map((j) => formatValue(gridPoint(c, 0, j).x, 3)),
    rows: [...idx].reverse().map((i) => ({ y: formatValue(gridPoint(c, i, 0).y, 3), values: idx.map((j) => formatValue(c.values[i * c.resolution + j], 4)) })),
  };
}

/** The grid point nearest the current parameters (the middle one). */
export function centreIndex(c: LossContour): { i: number; j: number } {
  const m = (c.resolution - 1) / 2;
  return { i: m, j: m };
}

/** One sentence for a grid point (the keyboard cursor's announcement). */
export function pointSentence(c: LossContour, i: number, j: number): string {
  const [xn, yn] = axisNames(c);
  const p = gridPoint(c, i, j);
  return l10n.t('{0} = {1}, {2} = {3}: J = {4}', xn, formatValue(p.x, 4), yn, formatValue(p.y, 4), formatValue(c.values[i * c.resolution + j], 4));
}

/** Sentences for screen readers: the plane, J's range, the gradient, where the path goes. */
export function contourSummary(c: LossContour): string[] {
  const [xn, yn] = axisNames(c);
  const end = c.path[c.path.length - 1];
  return [
    l10n.t('J over {0} from {1} to {2} and {3} from {4} to {5}, on a {6} × {6} grid: from {7} to {8}.',
      xn, formatValue(c.xRange[0], 3), formatValue(c.xRange[1], 3), yn, formatValue(c.yRange[0], 3), formatValue(c.yRange[1], 3), c.resolution, formatValue(c.range[0], 4), formatValue(c.range[1], 4)),
    l10n.t('At the current parameters J = {0}; the gradient on this plane is ({1}, {2}), the arrow (J rises along it).', formatValue(c.loss, 4), formatValue(c.arrow[0], 4), formatValue(c.arrow[1], 4)),
    l10n.t('The next {0} training steps go from ({1}, {2}) to ({3}, {4}).', c.path.length - 1, formatValue(c.path[0][0], 4), formatValue(c.path[0][1], 4), formatValue(end[0], 4), formatValue(end[1], 4)),
    recentSentence(c),
  ];
}

/** Where the session's recent training steps came from, or that there are none yet. */
export function recentSentence(c: LossContour): string {
  const recent = c.recent ?? [];
  if (recent.length === 0) return l10n.t('No recent training steps to show: train to see the path the parameters took.');
  const first = recent[0], last = recent[recent.length - 1];
  return l10n.t('The last {0} training steps came from ({1}, {2}) to ({3}, {4}).', recent.length, formatValue(first[0], 4), formatValue(first[1], 4), formatValue(last[0], 4), formatValue(last[1], 4));
}

/** The plane's choices: two random directions, or the slice's parameter against each other one. */
export function contourChoices(analysis: Analysis | undefined, target: SliceTarget | undefined): { key: string; label: string; axes: ContourAxes }[] {
  if (!analysis || !target) return [];
  const directions = { key: 'directions', label: l10n.t('two random directions, filter-normalised (Li et al. 2018)'), axes: { kind: 'directions', seed: 1 } as ContourAxes };
  const first = targetLabel(analysis, target);
  return [directions, ...sliceChoices(analysis).filter((t) => targetKey(t) !== targetKey(target)).map((t) => ({
    key: targetKey(t), label: l10n.t('{0} against {1}', first, targetLabel(analysis, t)), axes: { kind: 'parameters', second: t } as ContourAxes,
  }))];
}

/** A choice's key for a plane. */
export function contourKey(axes: ContourAxes): string {
  return axes.kind === 'directions' ? axes.kind : targetKey(axes.second);
}

/**
 * The plane the panel asks for: the view's choice when it fits the model and differs from the slice's
 * parameter, else the slice's parameter against the one after it in the model (the one before, for the
 * last): output.weights[1, 1] against output.weights[1, 2].
 */
export function contourAxesFor(analysis: Analysis | undefined, target: SliceTarget | undefined, chosen: ContourAxes | undefined): ContourAxes | undefined {
  const choices = contourChoices(analysis, target);
  if (choices.length === 0) return undefined;
  if (chosen) {
    const found = choices.find((c) => c.key === contourKey(chosen));
    if (found) return found.axes;
  }
  const all = sliceChoices(analysis);
  const at = all.findIndex((t) => targetKey(t) === targetKey(target!));
  const neighbour = all[at + 1] ?? all[at - 1];
  const found = neighbour && choices.find((c) => c.key === targetKey(neighbour));
  return (found ?? choices[1] ?? choices[0]).axes;
}
