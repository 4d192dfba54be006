/**
 * The loss contour card (depth Derive): the objective J over a plane of two parameters, or two random
 * filter-normalised directions, as a heat map with contour lines, the gradient's arrow and the path of
 * the next training steps; a sampled table and sentences behind it, and a keyboard cursor (arrow keys
 * on the focused picture) that reads J at every grid point. Only draws the worker's `LossContour`.
 */
import { l10n } from '../../src/shared/l10n';
import { formatValue } from '../../src/shared/format';
import type { LossContour, LossSlice } from '../../src/shared/protocol';
import { visibility } from '../model/depth';
import {
  arrowPixels, axisNames, centreIndex, contourAxesFor, contourChoices, contourKey, contourLevels, contourPixel, contourSegments, contourSummary, contourTable, gridPoint, pointSentence,
  type ContourBox,
} from '../model/contourModel';
import { objectiveCaption, sliceTargetFor, trainingModeCaption } from '../model/sliceModel';
import { distinctColor, gridPixels, parseColor, scaleColor, type Rgb } from '../model/boundaryModel';
import { card } from './chartCard';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, replaceChildren, show, uniqueId } from './dom';
import { isHighContrast, withAlpha, type ChartTheme } from './theme';

const SIZE = 340;
const BOX: ContourBox = { width: SIZE, height: SIZE, left: 44, right: 10, top: 10, bottom: 34 };
const ARROW_PX = 48;

export class LossContourView implements Component {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { class: 'contour-canvas', attrs: { role: 'img', tabindex: '0', 'data-testid': 'contour-canvas' } });
  private readonly select: HTMLSelectElement;
  private readonly problem = h('p', { class: 'hint', attrs: { 'data-testid': 'contour-problem' } });
  private readonly caption = h('p', { class: 'hint contour-caption', attrs: { 'data-testid': 'contour-caption' } });
  private readonly legend = h('dl', { class: 'slice-facts', attrs: { 'data-testid': 'contour-facts' } });
  private readonly cursorText = h('p', { class: 'visually-hidden', attrs: { 'aria-live': 'polite', 'data-testid': 'contour-cursor' } });
  private readonly readable = h('div', { class: 'visually-hidden', attrs: { 'data-testid': 'contour-text' } });
  private readonly table = h('div', { class: 'table-scroll' });
  private readonly body: HTMLElement;
  private readonly memo = new Memo();
  private readonly choicesMemo = new Memo();
  private choices: ReturnType<typeof contourChoices> = [];
  private shown: { contour: LossContour; theme: ChartTheme } | undefined;
  private cursor: { i: number; j: number } | undefined;

  constructor(private readonly actions: Actions) {
    const c = card('loss-contour', l10n.t('Two weights at once: the loss contour'));
    this.element = c.section;
    const id = uniqueId('contour-axes');
    this.select = h('select', { class: 'select', attrs: { id, 'data-testid': 'contour-axes' } });
    this.select.addEventListener('change', () => {
      const choice = this.choices.find((ch) => ch.key === this.select.value);
      if (choice) this.actions.dispatch({ type: 'chooseContourAxes', axes: choice.axes });
    });
    this.canvas.addEventListener('keydown', (e) => this.move(e));
    this.canvas.addEventListener('blur', () => { this.cursor = undefined; this.redraw(); });
    this.body = h('div', { class: 'contour' }, this.canvas, this.caption, this.legend, this.cursorText, this.readable,
      h('details', { class: 'chart-table' }, h('summary', { text: l10n.t('Show as table') }), this.table));
    c.body.append(h('div', { class: 'field slice-choice contour-choice' }, h('label', { text: l10n.t('Plane'), attrs: { for: id } }), this.select), this.problem, this.body);
  }

  update({ state, depth, theme, themeVersion }: RenderContext): void {
    const a = state.analysis;
    const visible = a !== undefined && visibility(depth).derivation && visibility(depth).weightGradients;
    show(this.element, visible);
    if (!visible) return;
    const target = sliceTargetFor(a, state.view.sliceTarget);
    const axes = contourAxesFor(a, target, state.view.contourAxes);
    if (this.choicesMemo.changed(a, target && JSON.stringify(target), axes && contourKey(axes))) {
      this.choices = contourChoices(a, target);
      replaceChildren(this.select, ...this.choices.map((ch) => h('option', { text: ch.label, attrs: { value: ch.key } })));
      if (axes) this.select.value = contourKey(axes);
    }
    const slice: LossSlice | undefined = state.teach.slice;
    const contour = slice?.contour;
    const problem = state.teach.sliceProblem ?? slice?.contourProblem;
    this.problem.textContent = problem ?? (contour ? '' : l10n.t('Computing the contour…'));
    show(this.problem, problem !== undefined || !contour);
    show(this.body, contour !== undefined && problem === undefined);
    if (!contour || problem !== undefined || !this.memo.changed(contour, themeVersion)) return;
    this.cursor = undefined;
    this.shown = { contour, theme };
    this.redraw();
    this.describe(contour, slice!);
  }

  /** Arrow keys walk a cursor over the grid (Home: back to the current parameters); its value is announced. */
  private move(e: KeyboardEvent): void {
    const c = this.shown?.contour;
    if (!c) return;
    const step: Record<string, [number, number]> = { ArrowUp: [1, 0], ArrowDown: [-1, 0], ArrowRight: [0, 1], ArrowLeft: [0, -1] };
    const n = c.resolution;
    if (e.key === 'Home') this.cursor = centreIndex(c);
    else if (step[e.key]) {
      const at = this.cursor ?? centreIndex(c);
      const [di, dj] = step[e.key];
      this.cursor = { i: Math.min(n - 1, Math.max(0, at.i + di)), j: Math.min(n - 1, Math.max(0, at.j + dj)) };
    } else return;
    e.preventDefault();
    this.cursorText.textContent = pointSentence(c, this.cursor.i, this.cursor.j);
    this.redraw();
  }

  private redraw(): void {
    if (!this.shown) return;
    const { contour: c, theme } = this.shown;
    const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    this.canvas.width = Math.round(SIZE * ratio);
    this.canvas.height = Math.round(SIZE * ratio);
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.clearRect(0, 0, SIZE, SIZE);
    const plotW = SIZE - BOX.left - BOX.right, plotH = SIZE - BOX.top - BOX.bottom;
    // The heat map: low J in the background's colour, high J towards the theme's orange (a quiet
    // scale, so that the lines, the arrow and the path stay the strongest marks in every theme).
    const back: Rgb = parseColor(theme.background) ?? [128, 128, 128];
    const high: Rgb = parseColor(distinctColor(theme.background, [theme.orange, theme.blue])) ?? [230, 120, 30];
    const palette = { low: back, middle: back, high, classes: [] };
    const n = c.resolution;
    const tile = document.createElement('canvas');
    tile.width = n; tile.height = n;
    const tctx = tile.getContext('2d');
    if (tctx) {
      // Rank the values (the same quantile scale as the lines), faded to at most 60 % of the accent.
      const sorted = c.values.filter(Number.isFinite).slice().sort((a, b) => a - b);
      const rank = (v: number) => {
        let a = 0, b = sorted.length;
        while (a < b) { const m = (a + b) >> 1; if (sorted[m] < v) a = m + 1; else b = m; }
        return sorted.length > 1 ? a / (sorted.length - 1) : 0;
      };
      tctx.putImageData(new ImageData(gridPixels(n, (k) => scaleColor(0.5 + 0.3 * (Number.isFinite(c.values[k]) ? rank(c.values[k]) : 1), 0, 1, palette)), n, n), 0, 0);
      ctx.imageSmoothingEnabled = true;
      // Grid points are the picture's pixel centres: stretch so the outer points sit on the plot's edges.
      const cellW = plotW / (n - 1), cellH = plotH / (n - 1);
      ctx.drawImage(tile, BOX.left - cellW / 2, BOX.top - cellH / 2, plotW + cellW, plotH + cellH);
      ctx.clearRect(0, 0, SIZE, BOX.top); ctx.clearRect(0, 0, BOX.left, SIZE);
      ctx.clearRect(SIZE - BOX.right, 0, BOX.right, SIZE); ctx.clearRect(0, SIZE - BOX.bottom, SIZE, BOX.bottom);
    }
    // Contour lines in the foreground colour (high contrast: the theme's own strongest colour).
    const hc = isHighContrast(theme);
    ctx.strokeStyle = hc ? theme.foreground : withAlpha(theme.foreground, 0.55);
    ctx.lineWidth = hc ? 1.25 : 1;
    const toPx = (g: { j: number; i: number }) => ({ px: BOX.left + (g.j / (n - 1)) * plotW, py: BOX.top + (1 - g.i / (n - 1)) * plotH });
    for (const level of contourLevels(c.values)) {
      ctx.beginPath();
      for (const [a, b] of contourSegments(c.values, n, level)) {
        const p = toPx(a), q = toPx(b);
        ctx.moveTo(p.px, p.py); ctx.lineTo(q.px, q.py);
      }
      ctx.stroke();
    }
    // Frame and axes' ends.
    ctx.strokeStyle = theme.grid; ctx.lineWidth = 1;
    ctx.strokeRect(BOX.left, BOX.top, plotW, plotH);
    ctx.fillStyle = theme.foreground;
    ctx.font = `11px ${theme.fontFamily}`;
    const [xn, yn] = axisNames(c);
    ctx.textBaseline = 'top';
    ctx.fillText(formatValue(c.xRange[0], 3), BOX.left, SIZE - BOX.bottom + 3);
    const xEnd = formatValue(c.xRange[1], 3);
    ctx.fillText(xEnd, SIZE - BOX.right - ctx.measureText(xEnd).width, SIZE - BOX.bottom + 3);
    ctx.fillText(`${xn} →`, BOX.left + (plotW - ctx.measureText(`${xn} →`).width) / 2, SIZE - BOX.bottom + 17);
    ctx.textBaseline = 'middle';
    ctx.fillText(formatValue(c.yRange[1], 3), 2, BOX.top + 6);
    ctx.fillText(formatValue(c.yRange[0], 3), 2, SIZE - BOX.bottom - 6);
    ctx.save(); ctx.translate(12, BOX.top + plotH / 2 + ctx.measureText(`${yn} →`).width / 2); ctx.rotate(-Math.PI / 2);
    ctx.fillText(`${yn} →`, 0, 0); ctx.restore();
    // The path of the next steps: dots joined by a line, in the theme's green.
    ctx.save();
    ctx.beginPath(); ctx.rect(BOX.left, BOX.top, plotW, plotH); ctx.clip();
    ctx.strokeStyle = theme.green; ctx.fillStyle = theme.green; ctx.lineWidth = 2;
    const path = c.path.map(([x, y]) => contourPixel(c, BOX, x, y));
    ctx.beginPath(); path.forEach((p, k) => (k === 0 ? ctx.moveTo(p.px, p.py) : ctx.lineTo(p.px, p.py))); ctx.stroke();
    for (const p of path.slice(1)) { ctx.beginPath(); ctx.arc(p.px, p.py, 2.5, 0, 2 * Math.PI); ctx.fill(); }
    // The path of the session's recent steps: a dashed line with hollow squares, in the theme's purple.
    const recent = (c.recent ?? []).map(([x, y]) => contourPixel(c, BOX, x, y));
    if (recent.length > 0) {
      ctx.strokeStyle = theme.purple; ctx.lineWidth = 2; ctx.setLineDash([4, 3]);
      ctx.beginPath(); recent.forEach((p, k) => (k === 0 ? ctx.moveTo(p.px, p.py) : ctx.lineTo(p.px, p.py))); ctx.stroke();
      ctx.setLineDash([]); ctx.lineWidth = 1.5;
      for (const p of recent) ctx.strokeRect(p.px - 3, p.py - 3, 6, 6);
    }
    this.canvas.setAttribute('data-recent', String(recent.length));
    // The gradient's arrow (uphill), in the theme's red.
    const arrow = arrowPixels(c, BOX, ARROW_PX);
    if (arrow) {
      ctx.strokeStyle = theme.red; ctx.fillStyle = theme.red; ctx.lineWidth = 2.5;
      ctx.beginPath(); ctx.moveTo(arrow.from.px, arrow.from.py); ctx.lineTo(arrow.to.px, arrow.to.py); ctx.stroke();
      const angle = Math.atan2(arrow.to.py - arrow.from.py, arrow.to.px - arrow.from.px);
      ctx.beginPath();
      ctx.moveTo(arrow.to.px, arrow.to.py);
      ctx.lineTo(arrow.to.px - 9 * Math.cos(angle - 0.4), arrow.to.py - 9 * Math.sin(angle - 0.4));
      ctx.lineTo(arrow.to.px - 9 * Math.cos(angle + 0.4), arrow.to.py - 9 * Math.sin(angle + 0.4));
      ctx.closePath(); ctx.fill();
    }
    // The current parameters: a dot ringed in the background colour so it stands out on any shade.
    const now = contourPixel(c, BOX, c.centre[0], c.centre[1]);
    ctx.fillStyle = theme.foreground; ctx.strokeStyle = theme.background; ctx.lineWidth = 2;
    ctx.beginPath(); ctx.arc(now.px, now.py, 4.5, 0, 2 * Math.PI); ctx.fill(); ctx.stroke();
    if (this.cursor) {
      const p = gridPoint(c, this.cursor.i, this.cursor.j);
      const q = contourPixel(c, BOX, p.x, p.y);
      ctx.strokeStyle = theme.foreground; ctx.lineWidth = 2;
      ctx.strokeRect(q.px - 5, q.py - 5, 10, 10);
    }
    ctx.restore();
    this.canvas.setAttribute('data-arrow', arrow ? `${arrow.to.px - arrow.from.px},${arrow.to.py - arrow.from.py}` : '');
  }

  private describe(c: LossContour, slice: LossSlice): void {
    const summary = contourSummary(c);
    this.canvas.setAttribute('aria-label', `${summary.join(' ')} ${l10n.t('Arrow keys move a cursor over the grid and read J there.')}`);
    const mode = trainingModeCaption(slice);
    const directions = slice.trainingMode
      ? l10n.t('The plane is θ + α·d₁ + β·d₂ for two random directions, each conv filter and each dense unit\'s row scaled to the norm of its weights (filter normalisation, Li et al. 2018; biases and batch norm\'s γ and β not moved).')
      : l10n.t('The plane is θ + α·d₁ + β·d₂ for two random directions, each unit\'s row scaled to the norm of its weights (filter normalisation, Li et al. 2018; biases not moved).');
    this.caption.textContent = `${objectiveCaption(c.weightDecay, 'contour')}${mode ? ` ${mode}` : ''} ${c.axes.kind === 'directions'
      ? directions
      : l10n.t('Every other parameter stays at its current value.')} ${l10n.t('Lines: equal J. Red arrow: the gradient on this plane (J rises along it). Green: the next {0} {1} steps of the engine\'s trainer from here (a copy).', c.path.length - 1, slice.afterStep.optimizer)} ${(c.recent ?? []).length > 0
      ? l10n.t('Purple, dashed, squares: the last {0} steps this session trained, ending at the current parameters.', (c.recent ?? []).length)
      : l10n.t('No steps trained yet in this session: train to see the path of recent steps (purple).')}`;
    const [xn, yn] = axisNames(c);
    const facts = [
      { label: l10n.t('J at the current parameters'), value: formatValue(c.loss, 4), id: 'loss' },
      { label: c.axes.kind === 'directions' ? l10n.t('arrow ⟨∇J, d₁⟩ ({0})', xn) : l10n.t('arrow ∂J/∂{0}', xn), value: formatValue(c.arrow[0], 4), id: 'arrow-x' },
      { label: c.axes.kind === 'directions' ? l10n.t('arrow ⟨∇J, d₂⟩ ({0})', yn) : l10n.t('arrow ∂J/∂{0}', yn), value: formatValue(c.arrow[1], 4), id: 'arrow-y' },
      { label: l10n.t('grid'), value: `${c.resolution} × ${c.resolution}`, id: 'grid' },
    ];
    replaceChildren(this.legend, ...facts.flatMap((f) => [h('dt', { text: f.label }), h('dd', { text: f.value, attrs: { 'data-testid': `contour-${f.id}` } })]));
    replaceChildren(this.readable, ...summary.map((s) => h('p', { text: s })));
    const t = contourTable(c);
    replaceChildren(this.table, h('table', {},
      h('caption', { text: l10n.t('J on a sampled grid: {0} across, {1} down the rows', xn, yn) }),
      h('thead', {}, h('tr', {}, h('th', { text: `${yn} \\ ${xn}`, attrs: { scope: 'col' } }), ...t.xs.map((x) => h('th', { text: x, attrs: { scope: 'col' } })))),
      h('tbody', {}, ...t.rows.map((r) => h('tr', {}, h('th', { text: r.y, attrs: { scope: 'row' } }), ...r.values.map((v) => h('td', { text: v }))))),
    ), h('table', {},
      h('caption', { text: l10n.t('The path of the next steps on this plane') }),
      h('thead', {}, h('tr', {}, ...[l10n.t('step'), xn, yn].map((s) => h('th', { text: s, attrs: { scope: 'col' } })))),
      h('tbody', {}, ...c.path.map((p, k) => h('tr', {}, ...[String(k), formatValue(p[0], 4), formatValue(p[1], 4)].map((s) => h('td', { text: s }))))),
    ), h('table', {},
      h('caption', { text: l10n.t('The path of the recent steps on this plane (oldest first; the last is the current parameters)') }),
      h('thead', {}, h('tr', {}, ...[l10n.t('step'), xn, yn].map((s) => h('th', { text: s, attrs: { scope: 'col' } })))),
      h('tbody', {}, ...(c.recent ?? []).map((p, k, all) => h('tr', {}, ...[String(k - all.length + 1), formatValue(p[0], 4), formatValue(p[1], 4)].map((s) => h('td', { text: s }))))),
    ));
  }
}
