/**
 * Squared error versus cross-entropy: the training curves of the same network trained from the same
 * initial weights under each loss, overlaid in one chart (sent by the host after "Compare losses").
 */
import type { Chart as ChartT } from 'chart.js';
import { formatNumber } from '../model/format';
import { comparisonChartData } from '../model/stepThroughModel';
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
  private chart: ChartT<'line'> | undefined;

  constructor() {
    const { section, body } = card('loss-comparison', 'Squared error vs cross-entropy');
    body.append(this.chartCard.element, this.note);
    this.element = section;
    show(this.element, false);
  }

  update({ state, theme, themeVersion }: RenderContext): void {
    const curves = state.comparison;
    const log = state.view.logScale;
    if (!this.memo.changed(curves, log, themeVersion)) return;
    show(this.element, curves !== undefined);
    if (!curves) { this.chart?.destroy(); this.chart = undefined; return; }
    const data = comparisonChartData(curves, log);
    const line = (label: string, color: string, dashed: boolean, points: readonly { x: number; y: number }[]) => ({
      label, data: points as never, borderColor: color, backgroundColor: withAlpha(color, 0.15), borderWidth: 1.75,
      borderDash: dashed ? [5, 4] : [], pointRadius: points.length < 40 ? 2.5 : 0, parsing: false as const, spanGaps: true,
    });
    this.chart?.destroy();
    this.chart = createChart(this.chartCard.canvas, {
      type: 'line',
      data: { datasets: [line('trained on squared error (its loss)', theme.blue, false, data.squared), line('trained on cross-entropy (its loss)', theme.orange, true, data.crossEntropy)] },
      options: { ...baseOptions(theme), scales: { x: axis(theme, { title: 'step' }), y: axis(theme, { title: 'loss', log }) } },
    } as never);
    const lastSq = data.squared[data.squared.length - 1];
    const lastCe = data.crossEntropy[data.crossEntropy.length - 1];
    this.chartCard.describe(`Training curves over ${data.steps} steps from the same initial weights: squared error ends at ${formatNumber(lastSq?.y)}, cross-entropy at ${formatNumber(lastCe?.y)}.`);
    this.chartCard.setEmpty(data.squared.length + data.crossEntropy.length === 0 ? 'No curve points.' : undefined);
    this.chartCard.setTable(() => ({
      caption: 'Loss of each run per recorded step',
      headers: ['step', 'squared error run', 'cross-entropy run'],
      rows: curves.squared.map((p, i) => [String(p.step), formatNumber(p.loss, 6), formatNumber(curves.crossEntropy[i]?.loss, 6)]),
    }));
    this.note.textContent = `Both runs start from the same weights and see the same batches; each curve is the loss that run is trained on.${data.note ? ` ${data.note}` : ''}`;
  }

  dispose(): void { this.chart?.destroy(); }
}
