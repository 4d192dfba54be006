/**
 * The Compare runs card: a button for Compare Runs… (the host asks what to vary), and once a
 * comparison arrived, both runs' loss curves overlaid, their accuracy overlaid (classes only), each
 * layer's gradient norms of both runs side by side, the measured summary, a table behind each chart,
 * and Save into the handout. Both buttons are the panel's themed buttons (a contrast border in high
 * contrast); there a run's start bars are outlines and its end bars solid, so no shade has to tell them apart.
 */
import { l10n } from '../../src/shared/l10n';
import type { Chart as ChartT } from 'chart.js';
import { forLog } from '../model/chartData';
import { formatNumber } from '../model/format';
import { curveRows, gradientHeaders, gradientRows, runComparisonView, type XY } from '../model/runComparisonModel';
import { axis, baseOptions, categoryAxis, createChart } from './charts';
import { ChartCard, card } from './chartCard';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, show } from './dom';
import { isHighContrast, withAlpha, type ChartTheme } from './theme';

function line(label: string, color: string, dashed: boolean, points: readonly XY[]) {
  return {
    label, data: points as never, borderColor: color, backgroundColor: withAlpha(color, 0.15), borderWidth: 2,
    borderDash: dashed ? [6, 4] : [], pointRadius: points.length < 40 ? 2.5 : 0, parsing: false as const, spanGaps: true,
  };
}

/**
 * The variant's colour beside the model's blue: orange, except in Light High Contrast, whose
 * charts.orange is a dark blue next to its charts.blue (test/webview/harness/themes.ts); purple there.
 */
function otherRun(theme: ChartTheme): string {
  return theme.kind === 'high-contrast-light' ? theme.purple : theme.orange;
}

export class RunComparisonCard implements Component {
  readonly element: HTMLElement;
  private readonly lossCard = new ChartCard(l10n.t('Loss of both runs'), 'large');
  private readonly accuracyCard = new ChartCard(l10n.t('Accuracy of both runs'), 'medium');
  private readonly gradientCard = new ChartCard(l10n.t('Gradient flow of both runs'), 'medium');
  private readonly heading = h('h3', { class: 'run-comparison-title' });
  private readonly summary = h('p', { class: 'run-comparison-summary', attrs: { 'data-testid': 'run-comparison-summary', 'aria-live': 'polite' } });
  private readonly empty = h('p', { class: 'note', text: l10n.t('Train this model beside a variant of it (another optimizer, learning rate, activation, initialisation, loss, batch size or a frozen layer) from the same seed, and see the difference measured.') });
  private readonly save: HTMLButtonElement;
  private readonly results: HTMLElement;
  private readonly accuracyBlock: HTMLElement;
  private readonly memo = new Memo();
  private charts: ChartT[] = [];

  constructor(actions: Actions) {
    const compare = h('button', { class: 'button secondary small', text: l10n.t('Compare runs…'), attrs: { type: 'button', 'data-testid': 'compare-runs' } });
    compare.addEventListener('click', () => actions.post({ type: 'compareRuns' }));
    this.save = h('button', { class: 'button secondary small', text: l10n.t('Save into the handout'), attrs: { type: 'button', 'data-testid': 'save-comparison' } });
    this.save.addEventListener('click', () => actions.post({ type: 'exportHandout' }));
    const { section, body } = card('run-comparison', l10n.t('Compare runs'),
      h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Compare runs') } }, compare, this.save));
    this.accuracyBlock = h('div', {}, h('h4', { text: l10n.t('Accuracy of both runs') }), this.accuracyCard.element);
    this.results = h('div', { class: 'run-comparison-results' }, this.heading, this.summary,
      h('h4', { text: l10n.t('Loss of both runs') }), this.lossCard.element,
      this.accuracyBlock,
      h('h4', { text: l10n.t('Gradient flow of both runs: ‖∂L/∂W‖ per layer at the start and the end') }), this.gradientCard.element);
    body.append(this.empty, this.results);
    this.element = section;
  }

  update({ state, theme, themeVersion }: RenderContext): void {
    const c = state.runComparison;
    const log = state.view.logScale;
    if (!this.memo.changed(c, log, themeVersion)) return;
    show(this.empty, c === undefined);
    show(this.results, c !== undefined);
    this.save.disabled = c === undefined;
    for (const chart of this.charts.splice(0)) chart.destroy();
    if (!c) return;
    const view = runComparisonView(c, log);
    this.heading.textContent = view.title;
    this.summary.textContent = view.summary;

    const lossChart = this.curves(this.lossCard, theme, view.baseLabel, view.otherLabel, view.loss.base, view.loss.other, { title: l10n.t('training loss'), log: view.loss.log });
    this.lossCard.canvas.setAttribute('data-colors', JSON.stringify([theme.blue, otherRun(theme)]));
    this.lossCard.canvas.setAttribute('data-datasets', String(lossChart.data.datasets.length));
    this.lossCard.describe(l10n.t('Loss of {0} and of {1} over {2} steps from the same seed: {0} ends at {3}, {1} at {4}.',
      view.baseLabel, view.otherLabel, view.steps, formatNumber(c.base.finalLoss), formatNumber(c.other.finalLoss)));
    this.lossCard.setTable(() => ({ caption: l10n.t('Training loss of each run per recorded step'), headers: [l10n.t('step'), view.baseLabel, view.otherLabel], rows: curveRows(c, (p) => p.loss) }));

    show(this.accuracyBlock, view.accuracy !== undefined);
    if (view.accuracy) {
      this.curves(this.accuracyCard, theme, view.baseLabel, view.otherLabel, view.accuracy.base, view.accuracy.other, { title: l10n.t('accuracy'), min: 0, max: 1 });
      this.accuracyCard.describe(l10n.t('Accuracy of {0} and of {1} over {2} steps: {0} ends at {3}, {1} at {4}.',
        view.baseLabel, view.otherLabel, view.steps, formatNumber(c.base.finalAccuracy), formatNumber(c.other.finalAccuracy)));
      this.accuracyCard.setTable(() => ({ caption: l10n.t('Accuracy of each run per recorded step'), headers: [l10n.t('step'), view.baseLabel, view.otherLabel], rows: curveRows(c, (p) => p.accuracy) }));
    }

    const g = view.gradients;
    const highContrast = isHighContrast(theme);
    const bars = (label: string, values: readonly number[], color: string, start: boolean) => ({
      label, data: values.map(forLog), borderColor: color, borderWidth: highContrast ? 2 : 1,
      backgroundColor: highContrast ? (start ? 'transparent' : color) : withAlpha(color, start ? 0.3 : 0.85),
    });
    // Legend boxes as tall as they are wide enough to show a start bar's outline beside an end bar's fill.
    const base = baseOptions(theme);
    const legend = base.plugins?.legend;
    this.charts.push(createChart(this.gradientCard.canvas, {
      type: 'bar',
      data: {
        labels: [...view.layers],
        datasets: [
          bars(l10n.t('{0}: start', view.baseLabel), g.baseStart, theme.blue, true), bars(l10n.t('{0}: end', view.baseLabel), g.baseEnd, theme.blue, false),
          bars(l10n.t('{0}: start', view.otherLabel), g.otherStart, otherRun(theme), true), bars(l10n.t('{0}: end', view.otherLabel), g.otherEnd, otherRun(theme), false),
        ],
      },
      options: { ...base, plugins: { ...base.plugins, legend: { ...legend, labels: { ...legend?.labels, boxHeight: 10 } } }, scales: { x: categoryAxis(theme, l10n.t('layer')), y: axis(theme, { title: '‖∂L/∂W‖', log: true }) } } as never,
    }) as unknown as ChartT);
    this.gradientCard.describe(l10n.t('Weight gradient norm per layer of both runs, before the first step and after the last, logarithmic scale: {0}.',
      view.layers.map((layer, i) => l10n.t('{0}: {1} {2} → {3}, {4} {5} → {6}', layer, view.baseLabel, formatNumber(g.baseStart[i], 3), formatNumber(g.baseEnd[i], 3), view.otherLabel, formatNumber(g.otherStart[i], 3), formatNumber(g.otherEnd[i], 3))).join('; ')));
    this.gradientCard.setTable(() => ({ caption: l10n.t('‖∂L/∂W‖ per layer of each run, at the start and the end'), headers: gradientHeaders(view), rows: gradientRows(view) }));
  }

  private curves(target: ChartCard, theme: ChartTheme, baseLabel: string, otherLabel: string, base: readonly XY[], other: readonly XY[], y: { title: string; log?: boolean; min?: number; max?: number }): ChartT<'line'> {
    const chart = createChart(target.canvas, {
      type: 'line',
      data: { datasets: [line(baseLabel, theme.blue, false, base), line(otherLabel, otherRun(theme), true, other)] },
      options: { ...baseOptions(theme), scales: { x: axis(theme, { title: l10n.t('step') }), y: axis(theme, y) } },
    } as never) as ChartT<'line'>;
    this.charts.push(chart as unknown as ChartT);
    target.setEmpty(base.length + other.length === 0 ? l10n.t('No curve points.') : undefined);
    return chart;
  }

  dispose(): void { for (const chart of this.charts.splice(0)) chart.destroy(); }
}
