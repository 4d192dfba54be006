/**
 * The loss slice card ("nudge one weight"): the loss as one chosen weight or bias moves, the tangent
 * with the engine's slope ∂L/∂w, the numeric slope from a central difference, and where one optimiser
 * step goes. Only draws the worker's `LossSlice`; the parameter is chosen here.
 */
import { l10n } from '../../src/shared/l10n';
import { visibility } from '../model/depth';
import { objectiveCaption, trainingModeCaption, sliceChoices, sliceFacts, sliceGeometry, sliceSummary, sliceTargetFor, targetKey, targetLabel } from '../model/sliceModel';
import type { LossSlice } from '../../src/shared/protocol';
import { formatValue } from '../../src/shared/format';
import { card } from './chartCard';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, replaceChildren, show, uniqueId } from './dom';
import { withAlpha, type ChartTheme } from './theme';
import { distinctColor } from '../model/boundaryModel';

const WIDTH = 420, HEIGHT = 220;

export class LossSliceView implements Component {
  readonly element: HTMLElement;
  private readonly canvas = h('canvas', { class: 'slice-canvas', attrs: { role: 'img', 'data-testid': 'slice-canvas' } });
  private readonly select: HTMLSelectElement;
  private readonly facts = h('dl', { class: 'slice-facts', attrs: { 'data-testid': 'slice-facts' } });
  private readonly problem = h('p', { class: 'hint' });
  private readonly caption = h('p', { class: 'hint slice-caption', attrs: { 'data-testid': 'slice-caption' } });
  private readonly readable = h('p', { class: 'visually-hidden', attrs: { 'data-testid': 'slice-text' } });
  private readonly body: HTMLElement;
  private readonly memo = new Memo();
  private readonly choicesMemo = new Memo();
  private targets = sliceChoices(undefined);

  constructor(private readonly actions: Actions) {
    const c = card('loss-slice', l10n.t('Nudge one weight'));
    this.element = c.section;
    const id = uniqueId('slice-target');
    this.select = h('select', { class: 'select', attrs: { id, 'data-testid': 'slice-target' } });
    this.select.addEventListener('change', () => {
      const target = this.targets.find((t) => targetKey(t) === this.select.value);
      if (target) this.actions.dispatch({ type: 'chooseSliceTarget', target });
    });
    this.body = h('div', { class: 'slice' }, this.canvas, this.caption, this.facts, this.readable);
    c.body.append(h('div', { class: 'field slice-choice' }, h('label', { text: l10n.t('Weight or bias'), attrs: { for: id } }), this.select), this.problem, this.body);
  }

  update({ state, depth, theme, themeVersion }: RenderContext): void {
    const a = state.analysis;
    const visible = a !== undefined && visibility(depth).weightGradients;
    show(this.element, visible);
    if (!visible) return;
    const target = sliceTargetFor(a, state.view.sliceTarget);
    // The choices (up to 400 options) are compared by value: a new analysis of the same model keeps them.
    const targets = sliceChoices(a);
    const choices = targets.map((t) => `${targetKey(t)}=${targetLabel(a, t)}`).join('\n');
    if (this.choicesMemo.changed(choices, target && targetKey(target))) {
      this.targets = targets;
      replaceChildren(this.select, ...this.targets.map((t) => h('option', { text: targetLabel(a, t), attrs: { value: targetKey(t) } })));
      if (target) this.select.value = targetKey(target);
    }
    const slice = state.teach.slice;
    const problem = state.teach.sliceProblem;
    this.problem.textContent = problem ?? (slice ? '' : l10n.t('Computing the slice…'));
    show(this.problem, problem !== undefined || !slice);
    show(this.body, slice !== undefined && problem === undefined);
    if (!slice || problem !== undefined || !this.memo.changed(slice, themeVersion)) return;
    this.draw(slice, theme);
  }

  private draw(slice: LossSlice, theme: ChartTheme): void {
    const ratio = Math.max(1, Math.min(3, window.devicePixelRatio || 1));
    this.canvas.width = Math.round(WIDTH * ratio);
    this.canvas.height = Math.round(HEIGHT * ratio);
    const ctx = this.canvas.getContext('2d');
    const box = { width: WIDTH, height: HEIGHT, left: 52, right: 12, top: 12, bottom: 30 };
    const g = sliceGeometry(slice, box);
    if (ctx) {
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, WIDTH, HEIGHT);
      ctx.font = `${11}px ${theme.fontFamily}`;
      // Axes with their ends labelled.
      ctx.strokeStyle = theme.grid; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(box.left, box.top); ctx.lineTo(box.left, HEIGHT - box.bottom); ctx.lineTo(WIDTH - box.right, HEIGHT - box.bottom); ctx.stroke();
      ctx.fillStyle = theme.muted;
      ctx.textBaseline = 'top';
      ctx.fillText(formatValue(g.valueRange[0], 3), box.left, HEIGHT - box.bottom + 4);
      const right = formatValue(g.valueRange[1], 3);
      ctx.fillText(right, WIDTH - box.right - ctx.measureText(right).width, HEIGHT - box.bottom + 4);
      const mid = slice.label;
      ctx.fillText(mid, (WIDTH - ctx.measureText(mid).width) / 2, HEIGHT - box.bottom + 4);
      ctx.textBaseline = 'middle';
      ctx.fillText(formatValue(g.lossRange[1], 3), 4, box.top + 4);
      ctx.fillText(formatValue(g.lossRange[0], 3), 4, HEIGHT - box.bottom - 4);
      ctx.fillText('L', 4, (box.top + HEIGHT - box.bottom) / 2);
      // The curve.
      ctx.strokeStyle = theme.blue; ctx.lineWidth = 2;
      ctx.beginPath();
      g.curve.forEach((p, i) => (i === 0 ? ctx.moveTo(p.px, p.py) : ctx.lineTo(p.px, p.py)));
      ctx.stroke();
      // The tangent.
      // Orange against the blue curve, unless the theme makes them alike (Light High Contrast): then red.
      ctx.strokeStyle = distinctColor(theme.blue, [theme.orange, theme.red, theme.purple]); ctx.setLineDash([6, 4]); ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.moveTo(g.tangent[0].px, g.tangent[0].py); ctx.lineTo(g.tangent[1].px, g.tangent[1].py); ctx.stroke();
      ctx.setLineDash([]);
      // The step: an arrow from the current value to the value after one step, both on the curve.
      ctx.strokeStyle = withAlpha(theme.green, 0.9); ctx.lineWidth = 1.5;
      ctx.beginPath(); ctx.moveTo(g.current.px, g.current.py); ctx.lineTo(g.afterStep.px, g.afterStep.py); ctx.stroke();
      ctx.fillStyle = theme.green;
      ctx.beginPath(); ctx.arc(g.afterStep.px, g.afterStep.py, 4, 0, 2 * Math.PI); ctx.fill();
      ctx.fillStyle = theme.foreground;
      ctx.beginPath(); ctx.arc(g.current.px, g.current.py, 5, 0, 2 * Math.PI); ctx.fill();
    }
    this.caption.textContent = [objectiveCaption(slice.weightDecay), trainingModeCaption(slice)].filter((t) => t !== '').join(' ');
    const summary = sliceSummary(slice);
    this.canvas.setAttribute('aria-label', summary);
    this.readable.textContent = summary;
    replaceChildren(this.facts, ...sliceFacts(slice).flatMap((f) => [
      h('dt', { text: f.label }),
      h('dd', { text: f.value, attrs: { 'data-testid': `slice-${f.testId}` } }),
    ]));
  }
}
