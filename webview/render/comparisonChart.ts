/**
 * Squared error versus cross-entropy: the training curves of the same network trained from the same
 * initial weights under each loss, overlaid in one chart (sent by the host after "Compare losses"),
 * measured by each run's own loss or by one yardstick for both (Σ(t − o)², accuracy).
 */
import { l10n } from '../../src/shared/l10n';
import type { Chart as ChartT } from 'chart.js';
import { formatNumber } from '../model/format';
import { COMPARISON_MEASURES, comparisonChartData, measureOf, type ComparisonMeasure } from '../model/stepThroughModel';
import { axis, baseOptions, createChart } from './charts';
import { ChartCard, card } from './chartCard';
import type { Component, RenderContext } from './context';
import { Memo } from './context';
import { h, show } from './dom';
import { withAlpha } from './theme';

export class ComparisonChart implements Component {
  readonly element: HTMLElement;
  private readonly chartCard = new ChartCard(l10n.t('Squared error versus cross-entropy'), 'large');
  private readonly note = h('p', { class: 'note' });
  private readonly memo = new Memo();
  private readonly measureButtons: Record<ComparisonMeasure, HTMLButtonElement>;
  private measure: ComparisonMeasure = 'ownLoss';
  private context: RenderContext | undefined;
  private chart: ChartT<'line'> | undefined;

  constructor() {
    this.measureButtons = Object.fromEntries(COMPARISON_MEASURES.map((m) => {
      const button = h('button', { class: 'toggle', text: m.label, attrs: { type: 'button', 'aria-pressed': String(m.id === this.measure), 'data-measure': m.id } });
      button.addEventListener('click', () => this.setMeasure(m.id));
      return [m.id, button];
    })) as Record<ComparisonMeasure, HTMLButtonElement>;
    const group = h('div', { class: 'toggle-group', attrs: { role: 'group', 'aria-label': l10n.t('Measure both runs by') } },
      h('span', { class: 'toggle-label', text: l10n.t('Measure') }), ...COMPARISON_MEASURES.map((m) => this.measureButtons[m.id]));
    const { section, body } = card('loss-comparison', l10n.t('Squared error vs cross-entropy'), group);
    body.append(this.chartCard.element, this.note);
    this.element = section;
    show(this.element, false);
  }

  private setMeasure(measure: ComparisonMeasure): void {
    this.measure = measure;
    for (const m of COMPARISON_MEASURES) this.measureButtons[m.id].setAttribute('aria-pressed', String(m.id === measure));
    if (this.context) this.update(this.context);
  }

  update(context: RenderContext): void {
    this.context = context;
    const { state, theme, themeVersion } = context;
    const curves = state.comparison;
    const log = state.view.logScale;
    if (!this.memo.changed(curves, log, themeVersion, this.measure)) return;
    show(this.element, curves !== undefined);
    if (!curves) { this.chart?.destroy(); this.chart = undefined; return; }
    const data = comparisonChartData(curves, log, this.measure);
    const measure = COMPARISON_MEASURES.find((m) => m.id === data.measure)!;
    const own = data.measure === 'ownLoss';
    const line = (label: string, color: string, dashed: boolean, points: readonly { x: number; y: number }[]) => ({
      label, data: points as never, borderColor: color, backgroundColor: withAlpha(color, 0.15), borderWidth: 1.75,
      borderDash: dashed ? [5, 4] : [], pointRadius: points.length < 40 ? 2.5 : 0, parsing: false as const, spanGaps: true,
    });
    this.chart?.destroy();
    this.chart = createChart(this.chartCard.canvas, {
      type: 'line',
      data: { datasets: [
        line(own ? l10n.t('trained on squared error (its loss)') : l10n.t('trained on squared error'), theme.blue, false, data.squared),
        line(own ? l10n.t('trained on cross-entropy (its loss)') : l10n.t('trained on cross-entropy'), theme.orange, true, data.crossEntropy),
      ] },
      options: {
        ...baseOptions(theme),
        scales: {
          x: axis(theme, { title: l10n.t('step') }),
          y: axis(theme, { title: measure.axis, log: data.logScale, ...(data.measure === 'accuracy' ? { min: 0, max: 1 } : {}) }),
        },
      },
    } as never);
    const lastSq = data.squared[data.squared.length - 1];
    const lastCe = data.crossEntropy[data.crossEntropy.length - 1];
    this.chartCard.describe(own
      ? l10n.t('Training curves over {0} steps from the same initial weights, by each run\'s own loss: the squared-error run ends at {1}, the cross-entropy run at {2}.', data.steps, formatNumber(lastSq?.y), formatNumber(lastCe?.y))
      : l10n.t('Training curves over {0} steps from the same initial weights, by {1}: the squared-error run ends at {2}, the cross-entropy run at {3}.', data.steps, measure.axis, formatNumber(lastSq?.y), formatNumber(lastCe?.y)));
    this.chartCard.setEmpty(data.squared.length + data.crossEntropy.length === 0 ? l10n.t('No curve points.') : undefined);
    this.chartCard.setTable(() => ({
      caption: own ? l10n.t('Loss of each run per recorded step') : l10n.t('{0} of each run per recorded step', measure.axis),
      headers: [l10n.t('step'), l10n.t('squared error run'), l10n.t('cross-entropy run')],
      rows: curves.squared.map((p, i) => {
        const other = curves.crossEntropy[i];
        return [String(p.step), formatNumber(measureOf(p, data.measure), 6), formatNumber(other && measureOf(other, data.measure), 6)];
      }),
    }));
    const note = own
      ? l10n.t('Both runs start from the same weights and see the same batches; each curve is the loss that run is trained on (two different scales).')
      : l10n.t('Both runs start from the same weights and see the same batches; both are measured by {0}, whichever loss they were trained on.', measure.axis);
    this.note.textContent = data.note ? `${note} ${data.note}` : note;
  }

  dispose(): void { this.chart?.destroy(); }
}
