/**
 * Per-layer histograms of activations (every depth) and of gradients (depth 3 and up): now, and
 * as they were at the first analysis of this run, on the same bins.
 */
import { l10n } from '../../src/shared/l10n';
import type { Chart as ChartT } from 'chart.js';
import { histogramData, showsThen, type HistogramData } from '../model/chartData';
import { visibility } from '../model/depth';
import { formatNumber } from '../model/format';
import { hasNoParameters, layerDeltas, layerGradients, layerOutputs } from '../model/values';
import { axis, baseOptions, categoryAxis, createChart } from './charts';
import { ChartCard, card } from './chartCard';
import type { Component, RenderContext } from './context';
import { Memo } from './context';
import { h, replaceChildren } from './dom';
import { drawGate } from './drawWhenVisible';
import { withAlpha, type ChartTheme } from './theme';

/** Bin centres with just enough digits that neighbours differ. */
export function binLabels(centres: readonly number[]): string[] {
  const width = centres.length > 1 ? Math.abs(centres[1] - centres[0]) : 1;
  const largest = Math.max(...centres.map(Math.abs), width);
  const digits = Math.min(6, Math.max(2, Math.ceil(Math.log10(largest / width))));
  return centres.map((v) => formatNumber(Math.abs(v) < width / 1e6 ? 0 : v, digits));
}

interface Slot { card: ChartCard; chart?: ChartT<'bar'> }

/**
 * One histogram of the card: what it shows, what its words need (how many values, the step compared with)
 * and its bins, counted when first asked for (by the drawing, which may wait until the chart is near the
 * screen, or by the open table).
 */
interface Entry { readonly title: string; readonly color: string; readonly count: number; readonly thenStep?: number; readonly data: () => HistogramData }

function once<T>(make: () => T): () => T {
  let value: { v: T } | undefined;
  return () => (value ??= { v: make() }).v;
}

/**
 * Every chart is created once per layout (the layers' titles and the theme; the "then" series is always there,
 * hidden while there is nothing to compare with), and a chart off screen gets them when it comes near (drawWhenVisible.ts)
 * and afterwards only gets new numbers (`update('none')`): creating a chart costs a style and layout read
 * per canvas, which made up most of a panel update.
 */
export class Histograms implements Component {
  readonly element: HTMLElement;
  private readonly grid = h('div', { class: 'histogram-grid' });
  private readonly memo = new Memo();
  private slots: Slot[] = [];
  private layout = '';

  constructor() {
    const { section, body } = card('histograms', l10n.t('Histograms'));
    body.append(this.grid);
    this.element = section;
  }

  update({ state, depth, theme, themeVersion }: RenderContext): void {
    const a = state.analysis;
    const gradients = visibility(depth).weightGradients;
    if (!this.memo.changed(a, state.baseline, gradients, themeVersion)) return;
    if (!a) { this.clear(); return; }

    const baseline = state.baseline;
    const thenStep = baseline && baseline.step !== a.step ? baseline.step : undefined;
    const entries: Entry[] = [];
    a.layers.forEach((layer, i) => {
      const kinds: ('activations' | 'gradients')[] = gradients ? ['activations', 'gradients'] : ['activations'];
      for (const kind of kinds) {
        // A layer without parameters shows the gradient that passes through it (δ of the samples shown).
        const passing = kind === 'gradients' && hasNoParameters(layer);
        const values = kind === 'activations' ? layerOutputs(layer) : passing ? layerDeltas(layer) : layerGradients(layer);
        const then = kind === 'activations' ? baseline?.activations[i] : passing ? undefined : baseline?.gradients[i];
        const compared = thenStep !== undefined ? then as number[] | undefined : undefined;
        const data = once(() => histogramData(values, compared, thenStep));
        const title = kind === 'activations' ? l10n.t('{0}: activations ({1})', layer.name, layer.activation)
          : passing ? l10n.t('{0}: gradient passing through δ', layer.name) : l10n.t('{0}: gradients ∂L/∂θ', layer.name);
        entries.push({ title, data, count: values.length, ...(showsThen(values, compared, thenStep) ? { thenStep } : {}), color: kind === 'activations' ? theme.blue : theme.orange });
      }
    });

    const layout = `${themeVersion}\n${entries.map((e) => e.title).join('\n')}`;
    if (layout !== this.layout) {
      this.clear();
      this.layout = layout;
      const cells: HTMLElement[] = [];
      for (const e of entries) {
        const slot: Slot = { card: new ChartCard(e.title, 'small') };
        slot.chart = createChart(slot.card.canvas, this.config(theme, e.data(), e.color));
        drawGate.watch(slot.card.canvas);
        this.slots.push(slot);
        cells.push(h('div', { class: 'histogram' }, h('h3', { text: e.title }), slot.card.element));
      }
      replaceChildren(this.grid, ...cells);
    } else {
      entries.forEach((e, k) => this.refill(this.slots[k].chart!, e.data));
    }
    entries.forEach(({ title, data, count, thenStep: step }, k) => {
      const slot = this.slots[k];
      slot.card.describe(step !== undefined
        ? l10n.t('Histogram of {0}: {1} values, and at step {2} for comparison.', title, count, step)
        : l10n.t('Histogram of {0}: {1} values.', title, count));
      slot.card.setTable(() => this.table(title, data()));
    });
  }

  /** New numbers into a chart made for the same layout: the bins, the counts, the step compared with. */
  private refill(chart: ChartT<'bar'>, bins: () => HistogramData): void {
    drawGate.draw(chart.canvas, () => {
      const data = bins();
      chart.data.labels = binLabels(data.labels);
      const [now, then] = chart.data.datasets;
      now.data = [...data.now];
      Object.assign(then, this.thenSeries(data));
      chart.options.plugins!.legend!.display = !!data.then;
      chart.update('none');
    });
  }

  private clear(): void {
    for (const s of this.slots) s.chart?.destroy();
    this.slots = [];
    this.layout = '';
    this.grid.replaceChildren();
  }

  /** The counts at the step compared with, or an empty, hidden series when there is none. */
  private thenSeries(data: HistogramData): { label: string; data: number[]; hidden: boolean } {
    return { label: data.then ? l10n.t('step {0}', data.thenStep ?? '') : '', data: data.then ? [...data.then] : [], hidden: !data.then };
  }

  private config(theme: ChartTheme, data: HistogramData, color: string) {
    return {
      type: 'bar' as const,
      data: {
        labels: binLabels(data.labels),
        datasets: [
          { label: l10n.t('now'), data: [...data.now], backgroundColor: withAlpha(color, 0.7), borderColor: color, borderWidth: 1, barPercentage: 1, categoryPercentage: 0.92 },
          { ...this.thenSeries(data), backgroundColor: withAlpha(theme.muted, 0.15), borderColor: theme.muted, borderWidth: 1, borderDash: [3, 3], barPercentage: 1, categoryPercentage: 0.92 },
        ],
      },
      options: {
        ...baseOptions(theme),
        plugins: { ...baseOptions(theme).plugins, legend: { display: !!data.then, position: 'bottom' as const, align: 'start' as const, labels: { color: theme.foreground, boxWidth: 10, boxHeight: 10, font: { family: theme.fontFamily, size: 11 } } } },
        scales: { x: { ...categoryAxis(theme), stacked: false, ticks: { color: theme.muted, maxRotation: 0, autoSkip: true, maxTicksLimit: 4, font: { family: theme.fontFamily, size: 10 } } }, y: { ...axis(theme, { min: 0 }), ticks: { color: theme.muted, precision: 0, maxTicksLimit: 4, font: { family: theme.fontFamily, size: 10 } } } },
      },
    } as never;
  }

  private table(title: string, data: HistogramData) {
    const width = data.labels.length > 1 ? data.labels[1] - data.labels[0] : 0;
    return {
      caption: l10n.t('Histogram of {0}', title),
      headers: [l10n.t('bin'), l10n.t('count now'), ...(data.then ? [l10n.t('count at step {0}', data.thenStep ?? '')] : [])],
      rows: data.labels.map((c, i) => [`${formatNumber(c - width / 2, 3)} … ${formatNumber(c + width / 2, 3)}`, String(data.now[i]), ...(data.then ? [String(data.then[i])] : [])]),
    };
  }

  dispose(): void { for (const s of this.slots) s.chart?.destroy(); }
}
