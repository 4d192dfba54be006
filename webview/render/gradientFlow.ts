/**
 * How big the gradients are in each layer: mean and max |∂L/∂θ| per layer on a log scale (vanishing
 * and exploding gradients show as a slope), and the mean per layer over the course of training.
 */
import { l10n } from '../../src/shared/l10n';
import type { Chart as ChartT } from 'chart.js';
import { forLog, gradientFlowData, layerHistoryData } from '../model/chartData';
import { formatNumber } from '../model/format';
import { axis, baseOptions, categoryAxis, createChart } from './charts';
import { ChartCard, card } from './chartCard';
import type { Component, RenderContext } from './context';
import { Memo } from './context';
import { show } from './dom';
import { drawGate } from './drawWhenVisible';
import { withAlpha } from './theme';

function logAxis(theme: RenderContext['theme'], title: string) {
  return axis(theme, { title, log: true });
}

export class GradientFlow implements Component {
  readonly element: HTMLElement;
  private readonly now = new ChartCard(l10n.t('Gradient size per layer'), 'medium');
  private readonly over = new ChartCard(l10n.t('Gradient size per layer over training'), 'medium');
  private readonly memo = new Memo();
  private nowChart: ChartT<'bar'> | undefined;
  private overChart: ChartT<'line'> | undefined;
  private nowLayout = '';
  private overLayout = '';

  constructor() {
    const { section, body } = card('gradient-flow', l10n.t('Gradient flow'));
    body.append(this.now.element, this.over.element);
    drawGate.watch(this.now.canvas);
    drawGate.watch(this.over.canvas);
    this.element = section;
  }

  update({ state, theme, themeVersion }: RenderContext): void {
    const a = state.analysis;
    if (!this.memo.changed(a, state.layerHistory, themeVersion)) return;
    if (!a) return;
    const flow = gradientFlowData(a);
    const mean = flow.mean.map(forLog), max = flow.max.map(forLog);
    // The chart is made once per theme and set of layers; later analyses only bring new numbers, drawn
    // when the chart is near the screen (drawWhenVisible.ts).
    const nowLayout = `${themeVersion}\n${flow.labels.join('\n')}`;
    if (this.nowChart && nowLayout === this.nowLayout) {
      const chart = this.nowChart;
      drawGate.draw(chart.canvas, () => {
        chart.data.datasets[0].data = mean;
        chart.data.datasets[1].data = max;
        chart.update('none');
      });
    } else {
      this.nowChart?.destroy();
      drawGate.cancel(this.now.canvas);
      this.nowLayout = nowLayout;
      this.nowChart = createChart(this.now.canvas, {
        type: 'bar',
        data: {
          labels: [...flow.labels],
          datasets: [
            { label: l10n.t('mean |gradient|'), data: mean, backgroundColor: withAlpha(theme.blue, 0.75), borderColor: theme.blue, borderWidth: 1 },
            { label: l10n.t('max |gradient|'), data: max, backgroundColor: withAlpha(theme.orange, 0.75), borderColor: theme.orange, borderWidth: 1 },
          ],
        },
        options: { ...baseOptions(theme), scales: { x: categoryAxis(theme, l10n.t('layer')), y: logAxis(theme, '|∂L/∂θ|') } } as never,
      });
    }
    this.now.describe(l10n.t('Gradient size per layer, logarithmic scale: {0}.', flow.labels.map((l, i) => l10n.t('{0} mean {1}, max {2}', l, formatNumber(flow.mean[i], 3), formatNumber(flow.max[i], 3))).join('; ')));
    this.now.setTable(() => ({
      caption: l10n.t('Gradient size per layer (weights and bias together; a layer without parameters: the δ passing through it)'),
      headers: [l10n.t('layer'), l10n.t('mean |gradient|'), l10n.t('max |gradient|'), l10n.t('gradient norm')],
      rows: a.layers.map((l, i) => [flow.labels[i], formatNumber(flow.mean[i], 5), formatNumber(flow.max[i], 5), flow.passing[i] ? '–' : formatNumber(l.stats.gradNorm, 5)]),
    }));

    const history = layerHistoryData(state.layerHistory, a.layers.map((l) => l.name));
    const enough = history.steps.length >= 2;
    show(this.over.element, enough);
    if (!enough) { this.overChart?.destroy(); this.overChart = undefined; drawGate.cancel(this.over.canvas); return; }
    const datasets = history.layers.map((l, i) => ({
      label: l10n.t('{0} mean |gradient|', l.label),
      data: history.steps.map((step, j) => ({ x: step, y: forLog(l.meanAbs[j]) })),
      borderColor: theme.series[i % theme.series.length], backgroundColor: theme.series[i % theme.series.length],
      borderWidth: 1.75, pointRadius: history.steps.length < 40 ? 2.5 : 0, parsing: false as const, spanGaps: true,
    }));
    const overLayout = `${themeVersion}\n${datasets.map((d) => d.label).join('\n')}`;
    if (this.overChart && overLayout === this.overLayout) {
      const chart = this.overChart;
      drawGate.draw(chart.canvas, () => {
        datasets.forEach((d, i) => Object.assign(chart.data.datasets[i], { data: d.data, pointRadius: d.pointRadius }));
        chart.update('none');
      });
    } else {
      this.overChart?.destroy();
      drawGate.cancel(this.over.canvas);
      this.overLayout = overLayout;
      this.overChart = createChart(this.over.canvas, {
        type: 'line',
        data: { datasets },
        options: { ...baseOptions(theme), scales: { x: axis(theme, { title: l10n.t('step') }), y: logAxis(theme, l10n.t('mean |∂L/∂θ|')) } } as never,
      });
    }
    this.over.describe(l10n.t('Mean gradient size per layer at {0} analysed steps from {1} to {2}, logarithmic scale.', history.steps.length, history.steps[0], history.steps[history.steps.length - 1]));
    this.over.setTable(() => ({
      caption: l10n.t('Mean |gradient| per layer at each analysed step'),
      headers: [l10n.t('step'), ...history.layers.map((l) => l.label)],
      rows: history.steps.map((s, j) => [String(s), ...history.layers.map((l) => formatNumber(l.meanAbs[j], 4))]),
    }));
  }

  dispose(): void { this.nowChart?.destroy(); this.overChart?.destroy(); }
}
