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
  private readonly chartCard = new ChartCard('Squared error versus cross-entropy', 'large');
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
    const { section, body } = card('loss-comparison', 'Squared error vs cross-entropy', group);
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
        line(`trained on squared error${own ? ' (its loss)' : ''}`, theme.blue, false, data.squared),
        line(`trained on cross-entropy${own ? ' (its loss)' : ''}`, theme.orange, true, data.crossEntropy),
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
    this.chartCard.describe(`Training curves over ${data.steps} steps from the same initial weights, by ${own ? 'each run\'s own loss' : measure.axis}: the squared-error run ends at ${formatNumber(lastSq?.y)}, the cross-entropy run at ${formatNumber(lastCe?.y)}.`);
    this.chartCard.setEmpty(data.squared.length + data.crossEntropy.length === 0 ? 'No curve points.' : undefined);
    this.chartCard.setTable(() => ({
      caption: `${own ? 'Loss' : measure.axis} of each run per recorded step`,
      headers: ['step', 'squared error run', 'cross-entropy run'],
      rows: curves.squared.map((p, i) => {
        const other = curves.crossEntropy[i];
        return [String(p.step), formatNumber(measureOf(p, data.measure), 6), formatNumber(other && measureOf(other, data.measure), 6)];
      }),
    }));
    this.note.textContent = `Both runs start from the same weights and see the same batches; ${own
      ? 'each curve is the loss that run is trained on (two different scales).'
      : `both are measured by ${measure.axis}, whichever loss they were trained on.`}${data.note ? ` ${data.note}` : ''}`;
  }

  dispose(): void { this.chart?.destroy(); }
}
