/**
 * The lecture handout's decision boundary (issue 17) for a model of two inputs: the worker's
 * `BoundaryGrid` (src/worker/teaching/decisionBoundary.ts: the engine's forward pass at every cell
 * centre) drawn as a static inline SVG, with the training and test points, each first-layer unit's
 * line where its net input is 0, and every unit's own small picture. Colours, written out so a test
 * can read a cell back:
 *
 *   binary      p = output probability: t = (p − ½)/½, diverging (red for class 0, blue for class 1)
 *   classes     the winning class's colour from CLASS_COLOURS, its share 0.25 + 0.5·strength (the rest white)
 *   regression  sequential over the grid's range (./handoutPictures.ts)
 *
 * Equal neighbouring cells of a row are one `<rect>` (the colours quantised to 1/32 of the scale, the
 * units' pictures too).
 * Text alternative: the SVG's aria-label and title, and a table of the points. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { BoundaryGrid } from '../shared/teachingViews';
import { heatColour, heatMapSvg } from './handoutPictures';
import { escapeHtml, short } from './text';
import { classicUnitName } from '../shared/names';

export const CLASS_COLOURS = ['#d1493b', '#3b6fd1', '#3ba15a', '#c28a1b', '#8a4fc2', '#1ba3a3', '#c24f8a', '#6b6b6b'] as const;

const STEPS = 32;
function quantise(t: number): number {
  return Math.round(t * STEPS) / STEPS;
}

function mixWhite(colour: string, t: number): string {
  const c = [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16));
  const s = Math.max(0, Math.min(1, t));
  return `#${c.map((v) => Math.round(255 + s * (v - 255)).toString(16).padStart(2, '0')).join('')}`;
}

/** The colour of grid cell k (row-major, row 0 at the bottom). */
export function boundaryCellColour(grid: BoundaryGrid, k: number): string {
  const v = grid.values[k];
  if (grid.kind === 'binary') return heatColour(quantise((v - 0.5) / 0.5), { kind: 'diverging', maxAbs: 1 });
  if (grid.kind === 'classes') return mixWhite(CLASS_COLOURS[v % CLASS_COLOURS.length], 0.25 + 0.5 * quantise(Math.max(0, Math.min(1, grid.strength?.[k] ?? 1))));
  const [lo, hi] = grid.range;
  return heatColour(lo + quantise(hi > lo ? (v - lo) / (hi - lo) : 0) * (hi - lo), { kind: 'sequential', lo, hi });
}

function pointColour(grid: BoundaryGrid, label: number): string {
  if (grid.kind === 'binary') return label >= 0.5 ? '#2166ac' : '#b2182b';
  if (grid.kind === 'classes') return CLASS_COLOURS[label % CLASS_COLOURS.length];
  return '#333333';
}

/** Where the line wx·x + wy·y + c = 0 crosses the box, or undefined when it misses it. */
export function lineInBox(wx: number, wy: number, c: number, xr: readonly [number, number], yr: readonly [number, number]): [number, number, number, number] | undefined {
  const hits: [number, number][] = [];
  if (wy !== 0) for (const x of xr) { const y = -(wx * x + c) / wy; if (y >= yr[0] && y <= yr[1]) hits.push([x, y]); }
  if (wx !== 0) for (const y of yr) { const x = -(wy * y + c) / wx; if (x >= xr[0] && x <= xr[1]) hits.push([x, y]); }
  const distinct = hits.filter((h, i) => hits.findIndex((o) => Math.abs(o[0] - h[0]) < 1e-12 && Math.abs(o[1] - h[1]) < 1e-12) === i);
  return distinct.length >= 2 ? [distinct[0][0], distinct[0][1], distinct[1][0], distinct[1][1]] : undefined;
}

const FONT = 'font-family="sans-serif" font-size="11"';

/** What the colours mean, in words. */
function colourText(grid: BoundaryGrid): string {
  if (grid.kind === 'binary') return l10n.t('red where the output is below 0.5, blue above');
  return grid.kind === 'classes' ? l10n.t('one colour per predicted class') : l10n.t('the output value from white (low) to dark blue (high)');
}

/**
 * A first-layer unit's short label on the picture: `hidden.1`, or the walkthrough's `h1` under the
 * `gradlens.classicNames` setting on the classic 2-2-2 model (`classic`).
 */
function unitLabel(grid: BoundaryGrid, unit: number, classic: boolean): string {
  return classic ? classicUnitName(0, unit) : `${grid.layerName}.${unit + 1}`;
}

/** The plane as an SVG: the coloured grid, the units' lines, the points, the axes. */
export function boundarySvg(grid: BoundaryGrid, modelName: string, classic = false): string {
  const size = 360, left = 48, top = 16, W = left + size + 16, H = top + size + 40;
  const n = grid.resolution;
  const [x0, x1] = grid.xRange, [y0, y1] = grid.yRange;
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * size;
  const py = (y: number) => top + (1 - (y - y0) / (y1 - y0)) * size;
  const train = grid.points.filter((p) => p.set === 'train').length, test = grid.points.length - train;
  const label = l10n.t('Decision boundary of "{0}" over {1} and {2}: {3}; {4} training points (circles), {5} test points (squares), the lines of {6} units of {7}.',
    modelName, grid.xName, grid.yName, colourText(grid), train, test, grid.units.length, grid.layerName);
  const parts = [`<svg class="boundary" role="img" aria-label="${escapeHtml(label)}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}"><title>${escapeHtml(label)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff"/>`,
    // The grid in cell units: grid row i (0 at the bottom) is the rectangle row y = n − 1 − i.
    `<svg class="cells" x="${left}" y="${top}" width="${size}" height="${size}" viewBox="0 0 ${n} ${n}" preserveAspectRatio="none" shape-rendering="crispEdges">`];
  for (let i = 0; i < n; i++) {
    let j = 0;
    while (j < n) {
      const colour = boundaryCellColour(grid, i * n + j);
      let end = j + 1;
      while (end < n && boundaryCellColour(grid, i * n + end) === colour) end++;
      parts.push(`<rect x="${j}" y="${n - 1 - i}" width="${end - j}" height="1" fill="${colour}"/>`);
      j = end;
    }
  }
  parts.push('</svg>', `<svg x="${left}" y="${top}" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}" overflow="hidden">`);
  for (const u of grid.units) {
    const seg = lineInBox(u.wx, u.wy, u.c, grid.xRange, grid.yRange);
    if (!seg) continue;
    const [ax, ay, bx, by] = [px(seg[0]) - left, py(seg[1]) - top, px(seg[2]) - left, py(seg[3]) - top];
    parts.push(`<line x1="${ax.toFixed(1)}" y1="${ay.toFixed(1)}" x2="${bx.toFixed(1)}" y2="${by.toFixed(1)}" stroke="#222222" stroke-width="1.2" stroke-dasharray="5 3"/>`,
      `<text x="${Math.min(size - 24, Math.max(4, (ax + bx) / 2 + 4)).toFixed(1)}" y="${Math.min(size - 4, Math.max(12, (ay + by) / 2 - 4)).toFixed(1)}" ${FONT} fill="#222222">${escapeHtml(unitLabel(grid, u.unit, classic))}</text>`);
  }
  parts.push('</svg>');
  for (const p of grid.points) {
    const fill = pointColour(grid, p.label);
    parts.push(p.set === 'train'
      ? `<circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="8" fill="none" stroke="#000000" stroke-width="1.5"/><circle cx="${px(p.x).toFixed(1)}" cy="${py(p.y).toFixed(1)}" r="6" fill="${fill}" stroke="#ffffff" stroke-width="2"/>`
      : `<rect x="${(px(p.x) - 5).toFixed(1)}" y="${(py(p.y) - 5).toFixed(1)}" width="10" height="10" fill="${fill}" stroke="#000000" stroke-width="1"/>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${size}" height="${size}" fill="none" stroke="#666666"/>`,
    `<text x="${left}" y="${top + size + 14}" ${FONT}>${short(x0, 3)}</text>`,
    `<text x="${left + size}" y="${top + size + 14}" text-anchor="end" ${FONT}>${short(x1, 3)}</text>`,
    `<text x="${left + size / 2}" y="${top + size + 30}" text-anchor="middle" ${FONT}>${escapeHtml(grid.xName)}</text>`,
    `<text x="${left - 4}" y="${top + size}" text-anchor="end" ${FONT}>${short(y0, 3)}</text>`,
    `<text x="${left - 4}" y="${top + 10}" text-anchor="end" ${FONT}>${short(y1, 3)}</text>`,
    `<text x="14" y="${top + size / 2}" text-anchor="middle" transform="rotate(-90 14 ${top + size / 2})" ${FONT}>${escapeHtml(grid.yName)}</text>`,
    '</svg>');
  return parts.join('');
}

/** Each first-layer unit's output over the same plane, as small heat maps (top row = largest y). */
function unitPictures(grid: BoundaryGrid, classic: boolean): string {
  const m = grid.unitResolution;
  if (grid.units.length === 0 || m === 0 || grid.units.length > 32) return '';
  const figures = grid.units.map((u) => {
    const flipped: number[] = [];
    for (let i = m - 1; i >= 0; i--) for (let j = 0; j < m; j++) flipped.push(u.values[i * m + j]);
    const lo = Math.min(0, u.range[0]), hi = u.range[1];
    const scale = lo < 0 ? { kind: 'diverging' as const, maxAbs: Math.max(-lo, hi) } : { kind: 'sequential' as const, lo: 0, hi };
    const alt = l10n.t('Output of unit {0} of {1} over the plane: from {2} to {3}; its line {4}·x + {5}·y + {6} = 0', u.unit + 1, grid.layerName, short(u.range[0], 3), short(u.range[1], 3), short(u.wx, 4), short(u.wy, 4), short(u.c, 4));
    return `<figure>${heatMapSvg(flipped, 0, m, m, scale, { label: alt, cell: Math.max(2, Math.floor(64 / m)), steps: STEPS })}<figcaption>${escapeHtml(unitLabel(grid, u.unit, classic))}</figcaption></figure>`;
  });
  return `<p class="map-row-title">${l10n.t('What each unit of {0} sees: its own output over the same plane', escapeHtml(grid.layerName))}</p><div class="maps">${figures.join('')}</div>`;
}

function pointTable(grid: BoundaryGrid): string {
  const shown = grid.points.slice(0, 40);
  const rows = shown.map((p) => `<tr><td>${p.set === 'train' ? l10n.t('training') : l10n.t('test')}</td><td>${short(p.x, 4)}</td><td>${short(p.y, 4)}</td><td>${short(p.label, 4)}</td><td>${short(p.output, 4)}</td></tr>`);
  const more = grid.points.length > shown.length ? `<p>${l10n.t('The first {0} of {1} points.', shown.length, grid.points.length)}</p>` : '';
  return `<details><summary>${l10n.t('The points in a table')}</summary><table><thead><tr><th>${l10n.t('set')}</th><th>${escapeHtml(grid.xName)}</th><th>${escapeHtml(grid.yName)}</th><th>${l10n.t('target')}</th><th>${l10n.t('network\'s answer')}</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}</details>`;
}

/** The handout's section, or '' without a grid; `classic` labels the units h1, h2 (see {@link unitLabel}). */
export function boundarySection(grid: BoundaryGrid | undefined, modelName: string, classic = false): string {
  if (!grid) return '';
  return `<section><h2>${l10n.t('The decision boundary')}</h2>`
    + `<figure>${boundarySvg(grid, modelName, classic)}<figcaption>${l10n.t('The network\'s output at every point of the plane of {0} and {1} (a grid of {2}×{2}, the engine\'s forward pass at each cell\'s centre), at step {3}: {4}, paler where it is less sure. Dashed: where a unit of {5} has net input 0, the line it cuts the plane along.', escapeHtml(grid.xName), escapeHtml(grid.yName), grid.resolution, grid.step, colourText(grid), escapeHtml(grid.layerName))}${grid.evaluationMode ? ` ${l10n.t('The network answers as after training (evaluation mode): dropout passes every value, batch norm uses its running statistics.')}` : ''}</figcaption></figure>`
    + unitPictures(grid, classic) + pointTable(grid) + '</section>';
}
