/**
 * The decision boundary card: the output over a plane of two inputs (canvas), the training and test
 * points, each first-layer unit's line, each unit's own small picture, and the same as a table and
 * sentences for screen readers. Only draws the worker's `BoundaryGrid`; the plane is chosen here.
 */
import { l10n } from '../../src/shared/l10n';
import {
  boundarySummary, cellColor, distinctColor, featureChoices, gridPixels, labelColor, parseColor, pointRows, scaleColor, toPixel, unitLine,
  type BoundaryPalette, type Rgb,
} from '../model/boundaryModel';
import { planeFor } from '../model/boundaryModel';
import type { BoundaryGrid, BoundaryOptions } from '../../src/shared/protocol';
import { card } from './chartCard';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, replaceChildren, show, uniqueId } from './dom';
import type { ChartTheme } from './theme';

const SIZE = 300;
const UNIT_SIZE = 72;
const MAX_UNIT_PICTURES = 16;

function rgb(c: Rgb, alpha = 1): string {
  return `rgba(${c[0]}, ${c[1]}, ${c[2]}, ${alpha})`;
}

export function paletteOf(theme: ChartTheme): BoundaryPalette {
  const read = (c: string, fallback: Rgb) => parseColor(c) ?? fallback;
  return {
    // Orange against blue, unless the theme makes them alike (Light High Contrast): then red.
    low: read(distinctColor(theme.blue, [theme.orange, theme.red, theme.purple]), [230, 120, 30]),
    high: read(theme.blue, [40, 120, 230]),
    middle: read(theme.background, [128, 128, 128]),
    classes: theme.series.map((c) => read(c, [128, 128, 128])),
  };
}

/** Draws an n × n grid of colours over the whole canvas (smoothed, as TensorFlow Playground does). */
function paintGrid(canvas: HTMLCanvasElement, n: number, color: (k: number) => Rgb): CanvasRenderingContext2D | null {
  const ctx = canvas.getContext('2d');
  if (!ctx) return null;
  const tile = document.createElement('canvas');
  tile.width = n; tile.height = n;
  const tctx = tile.getContext('2d');
  if (!tctx) return ctx;
  tctx.putImageData(new ImageData(gridPixels(n, color), n, n), 0, 0);
  ctx.imageSmoothingEnabled = true;
  ctx.clearRect(0, 0, canvas.width, canvas.height);
  ctx.drawImage(tile, 0, 0, canvas.width, canvas.height);
  return ctx;
}

function sizeCanvas(canvas: HTMLCanvasElement, css: number): number {
  const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
  const px = Math.round(css * ratio);
  if (canvas.width !== px) { canvas.width = px; canvas.height = px; }
  return ratio;
}

export class BoundaryView implements Component {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { class: 'boundary-canvas', attrs: { role: 'img', 'data-testid': 'boundary-canvas' } });
  private readonly units = h('div', { class: 'boundary-units', attrs: { 'aria-hidden': 'true' } });
  private readonly caption = h('p', { class: 'hint boundary-caption' });
  private readonly problem = h('p', { class: 'hint', attrs: { 'data-testid': 'boundary-problem' } });
  private readonly readable = h('div', { class: 'visually-hidden', attrs: { 'data-testid': 'boundary-text' } });
  private readonly xSelect: HTMLSelectElement;
  private readonly ySelect: HTMLSelectElement;
  private readonly holdSelect: HTMLSelectElement;
  private readonly body: HTMLElement;
  private readonly memo = new Memo();
  private readonly choicesMemo = new Memo();
  private plane: BoundaryOptions | undefined;

  constructor(private readonly actions: Actions) {
    const c = card('boundary', l10n.t('Decision boundary'));
    this.element = c.section;
    const xId = uniqueId('boundary-x'), yId = uniqueId('boundary-y'), holdId = uniqueId('boundary-hold');
    this.xSelect = h('select', { class: 'select', attrs: { id: xId, 'data-testid': 'boundary-x' } });
    this.ySelect = h('select', { class: 'select', attrs: { id: yId, 'data-testid': 'boundary-y' } });
    this.holdSelect = h('select', { class: 'select', attrs: { id: holdId, 'data-testid': 'boundary-hold' } });
    const choose = () => {
      const x = Number(this.xSelect.value), y = Number(this.ySelect.value);
      if (x === y) return;
      const hold = this.holdSelect.value === 'mean' ? { kind: 'mean' as const } : { kind: 'sample' as const, sample: Number(this.holdSelect.value) };
      this.actions.dispatch({ type: 'choosePlane', plane: { xFeature: x, yFeature: y, hold } });
    };
    for (const s of [this.xSelect, this.ySelect, this.holdSelect]) s.addEventListener('change', choose);
    this.body = h('div', { class: 'boundary' },
      h('div', { class: 'boundary-controls' },
        h('div', { class: 'field' }, h('label', { text: l10n.t('Across'), attrs: { for: xId } }), this.xSelect),
        h('div', { class: 'field' }, h('label', { text: l10n.t('Up'), attrs: { for: yId } }), this.ySelect),
        h('div', { class: 'field' }, h('label', { text: l10n.t('Other inputs at'), attrs: { for: holdId } }), this.holdSelect)),
      h('div', { class: 'boundary-pictures' },
        h('div', { class: 'boundary-main' }, this.canvas, this.caption),
        this.units),
      this.readable);
    c.body.append(this.problem, this.body);
  }

  update({ state, depth, theme, themeVersion }: RenderContext): void {
    const a = state.analysis;
    const inputs = featureChoices(a);
    show(this.element, a !== undefined);
    this.element.classList.toggle('main-picture', depth === 1);
    if (!a) return;
    const grid = state.teach.boundary;
    const problem = inputs.length < 2 ? l10n.t('The decision boundary draws two inputs against each other; this model has {0}.', a.inputs) : state.teach.boundaryProblem;
    this.problem.textContent = problem ?? (grid ? '' : l10n.t('Computing the boundary…'));
    show(this.problem, problem !== undefined || !grid);
    show(this.body, inputs.length >= 2 && grid !== undefined && problem === undefined);

    this.plane = planeFor(a, state.view.plane);
    // By value: `planeFor` builds the default plane afresh on every render.
    if (this.choicesMemo.changed(a.inputs, a.sampleInputs.length, JSON.stringify(this.plane))) this.fillChoices(inputs, a.sampleInputs.length);
    if (!grid || problem !== undefined || !this.memo.changed(grid, themeVersion)) return;
    this.draw(grid, theme);
  }

  private fillChoices(inputs: { index: number; name: string }[], samples: number): void {
    const options = (select: HTMLSelectElement, selected: number) => replaceChildren(select, ...inputs.map((f) =>
      h('option', { text: f.name, attrs: { value: f.index, selected: f.index === selected } })));
    const plane = this.plane;
    if (!plane) return;
    options(this.xSelect, plane.xFeature);
    options(this.ySelect, plane.yFeature);
    this.xSelect.value = String(plane.xFeature);
    this.ySelect.value = String(plane.yFeature);
    replaceChildren(this.holdSelect,
      h('option', { text: l10n.t('their training means'), attrs: { value: 'mean' } }),
      ...Array.from({ length: samples }, (_, i) => h('option', { text: l10n.t('sample {0}\'s values', i + 1), attrs: { value: i } })));
    this.holdSelect.value = plane.hold.kind === 'mean' ? 'mean' : String(plane.hold.sample);
    this.holdSelect.disabled = inputs.length <= 2;
  }

  private draw(grid: BoundaryGrid, theme: ChartTheme): void {
    const palette = paletteOf(theme);
    const ratio = sizeCanvas(this.canvas, SIZE);
    const ctx = paintGrid(this.canvas, grid.resolution, (k) => cellColor(grid, k, palette));
    const W = this.canvas.width, H = this.canvas.height;
    if (ctx) {
      // Each first-layer unit's line: where its net input is 0.
      ctx.setLineDash([5 * ratio, 4 * ratio]);
      ctx.lineWidth = 1.25 * ratio;
      ctx.strokeStyle = theme.foreground;
      ctx.globalAlpha = 0.7;
      for (const u of grid.units) {
        const ends = unitLine(u, grid.xRange, grid.yRange);
        if (!ends) continue;
        const p = toPixel(grid, ends[0].x, ends[0].y, W, H), q = toPixel(grid, ends[1].x, ends[1].y, W, H);
        ctx.beginPath(); ctx.moveTo(p.px, p.py); ctx.lineTo(q.px, q.py); ctx.stroke();
      }
      ctx.setLineDash([]);
      ctx.globalAlpha = 1;
      // The data: training points filled circles, test points squares, each in its target's colour.
      for (const point of grid.points) {
        const { px, py } = toPixel(grid, point.x, point.y, W, H);
        ctx.fillStyle = rgb(labelColor(grid, point.label, palette));
        ctx.beginPath();
        const r = 5 * ratio;
        if (point.set === 'train') ctx.arc(px, py, r, 0, 2 * Math.PI); else ctx.rect(px - r, py - r, 2 * r, 2 * r);
        ctx.fill();
        // A ring in the background's colour under the foreground's: the point stands out on any region.
        ctx.strokeStyle = theme.background; ctx.lineWidth = 4 * ratio; ctx.stroke();
        ctx.strokeStyle = theme.foreground; ctx.lineWidth = 1.5 * ratio; ctx.stroke();
      }
      // Axis names.
      // Axis names, haloed in the background's colour so they read on any region.
      ctx.fillStyle = theme.foreground;
      ctx.strokeStyle = theme.background;
      ctx.lineWidth = 3 * ratio;
      ctx.lineJoin = 'round';
      ctx.font = `${11 * ratio}px ${theme.fontFamily}`;
      ctx.textBaseline = 'bottom';
      const label = (text: string, x: number, y: number) => { ctx.strokeText(text, x, y); ctx.fillText(text, x, y); };
      label(`${grid.xName} →`, 4 * ratio, H - 3 * ratio);
      ctx.save(); ctx.translate(12 * ratio, H - 4 * ratio - ctx.measureText(`${grid.xName} →`).width - 8 * ratio); ctx.rotate(-Math.PI / 2);
      ctx.textBaseline = 'top'; label(`${grid.yName} →`, 0, -10 * ratio); ctx.restore();
    }
    const summary = boundarySummary(grid);
    this.canvas.setAttribute('aria-label', summary[0]);
    this.canvas.setAttribute('data-step', String(grid.step));
    this.canvas.setAttribute('data-points', String(grid.points.length));
    this.canvas.setAttribute('data-resolution', String(grid.resolution));
    const shown = grid.kind === 'binary' ? l10n.t('Probability of class 1') : grid.kind === 'classes' ? l10n.t('Winning class') : l10n.t('Output');
    this.caption.textContent = grid.source === 'stepThrough'
      ? l10n.t('{0} at step {1} (step-through); dashed: where each {2} unit\'s net input is 0.', shown, grid.step, grid.layerName)
      : l10n.t('{0} at step {1}; dashed: where each {2} unit\'s net input is 0.', shown, grid.step, grid.layerName);

    replaceChildren(this.units, ...grid.units.slice(0, MAX_UNIT_PICTURES).map((u) => {
      const canvas = h('canvas', { class: 'boundary-unit-canvas' });
      sizeCanvas(canvas, UNIT_SIZE);
      const [lo, hi] = u.range;
      const m = Math.max(Math.abs(lo), Math.abs(hi));
      // A unit's output is coloured on its own symmetric scale (tanh: −1…1; sigmoid and ReLU from 0).
      const [from, to] = lo < 0 ? [-m, m] : [0, Math.max(hi, 1e-12)];
      paintGrid(canvas, grid.unitResolution, (k) => scaleColor(u.values[k], from, to, palette));
      return h('figure', { class: 'boundary-unit' }, canvas, h('figcaption', { text: `${grid.layerName} ${u.unit + 1}` }));
    }));

    const rows = pointRows(grid);
    replaceChildren(this.readable,
      ...summary.map((s) => h('p', { text: s })),
      h('table', {},
        h('caption', { text: l10n.t('The data points on this plane, their targets and the network\'s answers') }),
        h('thead', {}, h('tr', {}, ...[l10n.t('set'), grid.xName, grid.yName, l10n.t('target'), l10n.t('network')].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))),
        h('tbody', {}, ...rows.map((r) => h('tr', {}, ...[r.set, r.x, r.y, r.target, r.output].map((t) => h('td', { text: t }))))),
      ));
  }
}
