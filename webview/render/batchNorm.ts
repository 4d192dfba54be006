/**
 * The batch-norm card: per layer, the distribution of the values before the layer and after it (γ·x̂ + β) as
 * two histograms side by side, of every channel pooled or of the one chosen, with their mean and standard
 * deviation written under them; and below, per channel (or feature) the table of the batch statistics, γ, β
 * and before → after, the data behind the picture.
 */
import type { Chart as ChartT } from 'chart.js';
import { batchNormDistributions, buildBatchNorm, type BatchNormView, type Distribution } from '../model/batchNormModel';
import { l10n } from '../../src/shared/l10n';
import { formatNumber } from '../model/format';
import { axis, baseOptions, categoryAxis, createChart } from './charts';
import { ChartCard, card } from './chartCard';
import type { Component, RenderContext } from './context';
import { Memo } from './context';
import { h, show } from './dom';
import { binLabels } from './histograms';
import { dataTable } from './lazyTables';
import { withAlpha, type ChartTheme } from './theme';

const ALL = 'all';

export class BatchNormCard implements Component {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly memo = new Memo();
  private charts: ChartT<'bar'>[] = [];
  /** The channel chosen per layer (by layer index), kept across analyses. */
  private readonly chosen = new Map<number, string>();

  constructor() {
    const c = card('batch-norm', l10n.t('Batch norm'));
    c.section.classList.add('wide');
    this.body = c.body;
    this.element = c.section;
  }

  update(context: RenderContext): void {
    const a = context.state.analysis;
    const has = !!a?.layers.some((l) => l.layered?.type === 'batchnorm');
    show(this.element, has);
    if (!a || !has || !this.memo.changed(a, context.themeVersion)) return;
    this.destroyCharts();
    this.body.replaceChildren(...buildBatchNorm(a).map((v) => this.layer(v, context.theme)));
  }

  private layer(v: BatchNormView, theme: ChartTheme): HTMLElement {
    const f = (x: number | undefined) => formatNumber(x, 4);
    const selectId = `batch-norm-channel-${v.layer}`;
    const select = h('select', { class: 'select', attrs: { id: selectId, 'data-testid': 'batch-norm-channel' } },
      h('option', { text: v.unit === 'channel' ? l10n.t('all channels') : l10n.t('all features'), attrs: { value: ALL } }),
      ...v.rows.map((r) => h('option', { text: v.unit === 'channel' ? l10n.t('channel {0}', r.channel + 1) : l10n.t('feature {0}', r.channel + 1), attrs: { value: r.channel } })));
    if (v.rows.some((r) => String(r.channel) === this.chosen.get(v.layer))) select.value = this.chosen.get(v.layer)!;
    const charts = h('div', { class: 'bn-charts' });
    const draw = () => {
      const channel = select.value === ALL ? undefined : Number(select.value);
      const d = batchNormDistributions(v, channel);
      const which = channel === undefined ? (v.unit === 'channel' ? l10n.t('all channels') : l10n.t('all features'))
        : v.unit === 'channel' ? l10n.t('channel {0}', channel + 1) : l10n.t('feature {0}', channel + 1);
      const before = this.chart(theme, l10n.t('{0}, {1}: before', v.title, which), l10n.t('before'), d.before, theme.blue, 'before');
      const after = this.chart(theme, l10n.t('{0}, {1}: after (γ·x̂ + β)', v.title, which), l10n.t('after (γ·x̂ + β)'), d.after, theme.green, 'after');
      charts.replaceChildren(before, after);
    };
    select.addEventListener('change', () => { this.chosen.set(v.layer, select.value); this.destroyLayerCharts(charts); draw(); });
    draw();
    const note = v.activation !== 'identity'
      ? h('p', { class: 'bn-note', text: l10n.t('"After" is the normalised value before the layer\'s {0}.', v.activation) }) : undefined;
    return h('div', { class: 'bn-layer', attrs: { 'data-layer': v.layer } },
      h('h3', { text: v.title }),
      h('div', { class: 'field bn-field' }, h('label', { text: v.unit === 'channel' ? l10n.t('Channel') : l10n.t('Feature'), attrs: { for: selectId } }), select),
      charts,
      ...(note ? [note] : []),
      h('div', { class: 'table-scroll' }, dataTable({
        caption: v.unit === 'channel'
          ? l10n.t('{0}: per channel, the batch\'s mean and variance it normalises with, and before → after over {1} samples (mean ± standard deviation)', v.title, v.samples)
          : l10n.t('{0}: per feature, the batch\'s mean and variance it normalises with, and before → after over {1} samples (mean ± standard deviation)', v.title, v.samples),
        headers: [v.unit === 'channel' ? l10n.t('channel') : l10n.t('feature'), l10n.t('batch mean'), l10n.t('batch variance'), l10n.t('running mean'), l10n.t('running variance'), 'γ', 'β', l10n.t('before'), l10n.t('after')],
        rows: v.rows.map((r) => [
          String(r.channel + 1), f(r.batchMean), f(r.batchVar), f(r.runningMean), f(r.runningVar), f(r.gamma), f(r.beta),
          `${formatNumber(r.before.mean, 3)} ± ${formatNumber(r.before.std, 3)}`, `${formatNumber(r.after.mean, 3)} ± ${formatNumber(r.after.std, 3)}`,
        ]),
      })));
  }

  /** One histogram with its heading, its moments written under it, an aria-label and the bins as a table. */
  private chart(theme: ChartTheme, title: string, heading: string, d: Distribution, color: string, side: string): HTMLElement {
    const slot = new ChartCard(title, 'small');
    slot.canvas.setAttribute('data-bn', side);
    const centres = d.counts.map((_, i) => (d.edges[i] + d.edges[i + 1]) / 2);
    const chart = createChart(slot.canvas, {
      type: 'bar' as const,
      data: { labels: binLabels(centres), datasets: [{ label: heading, data: [...d.counts], backgroundColor: withAlpha(color, 0.7), borderColor: color, borderWidth: 1, barPercentage: 1, categoryPercentage: 0.92 }] },
      options: {
        ...baseOptions(theme),
        plugins: { ...baseOptions(theme).plugins, legend: { display: false } },
        scales: { x: { ...categoryAxis(theme), ticks: { color: theme.muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 5, font: { family: theme.fontFamily, size: 10 } } }, y: { ...axis(theme, { min: 0 }), ticks: { color: theme.muted, precision: 0, maxTicksLimit: 4, font: { family: theme.fontFamily, size: 10 } } } },
      },
    } as never) as ChartT<'bar'>;
    this.charts.push(chart);
    const moments = l10n.t('mean {0}, standard deviation {1}', formatNumber(d.mean, 3), formatNumber(d.std, 3));
    slot.describe(l10n.t('Histogram of {0}: {1} values, {2}.', title, d.count, moments));
    slot.setTable(() => ({
      caption: l10n.t('Histogram of {0}', title),
      headers: [l10n.t('bin'), l10n.t('count')],
      rows: d.counts.map((c, i) => [`${formatNumber(d.edges[i], 3)} … ${formatNumber(d.edges[i + 1], 3)}`, String(c)]),
    }));
    return h('div', { class: 'histogram bn-side', attrs: { 'data-side': side } }, h('h3', { text: heading }), slot.element, h('p', { class: 'bn-moments', text: moments }));
  }

  private destroyLayerCharts(host: HTMLElement): void {
    const canvases = new Set(host.querySelectorAll('canvas'));
    this.charts = this.charts.filter((c) => { if (!canvases.has(c.canvas)) return true; c.destroy(); return false; });
  }

  private destroyCharts(): void {
    for (const c of this.charts) c.destroy();
    this.charts = [];
  }

  dispose(): void { this.destroyCharts(); }
}
