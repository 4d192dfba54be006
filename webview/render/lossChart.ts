/**
 * Train and test loss (and accuracy) over the steps, live while training. The series is bounded by
 * the state (≤ 2,000 points); this only draws it, at most as often as the scheduler renders.
 */
import { l10n } from '../../src/shared/l10n';
import type { Chart as ChartT } from 'chart.js';
import { lossChartData, stepThroughLoss, type LossChartData } from '../model/chartData';
import { formatNumber } from '../model/format';
import { axis, baseOptions, createChart } from './charts';
import { ChartCard, card } from './chartCard';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h } from './dom';
import { withAlpha, type ChartTheme } from './theme';
import type { PhaseView } from '../../src/shared/protocol';

export class LossChart implements Component {
  readonly element: HTMLElement;
  private readonly chartCard = new ChartCard(l10n.t('Loss over training'), 'large');
  private readonly note = h('p', { class: 'note' });
  private readonly logToggle = h('button', { class: 'toggle', text: l10n.t('Log scale'), attrs: { type: 'button', 'aria-pressed': 'true' } });
  private readonly memo = new Memo();
  private readonly chartMemo = new Memo();
  private chart: ChartT<'line'> | undefined;

  constructor(actions: Actions) {
    const { section, body } = card('loss', l10n.t('Loss'), h('div', { class: 'toggle-group' }, this.logToggle));
    this.logToggle.addEventListener('click', () => actions.dispatch({ type: 'setLogScale', on: this.logToggle.getAttribute('aria-pressed') !== 'true' }));
    body.append(this.chartCard.element, this.note);
    this.element = section;
  }

  update({ state, theme, themeVersion }: RenderContext): void {
    const log = state.view.logScale;
    const scrubbed = state.stepThrough;
    if (!this.memo.changed(state.loss, log, themeVersion, state.analysis?.classification, scrubbed)) return;
    this.logToggle.setAttribute('aria-pressed', String(log));
    const data = lossChartData(state.loss, log);
    const withTest = data.testLoss.length > 0;
    const withAccuracy = data.accuracy.length > 0 || data.testAccuracy.length > 0;
    const stepping = scrubbed !== undefined;

    if (this.chartMemo.changed(log, themeVersion, withTest, withAccuracy, stepping) || !this.chart) {
      this.chart?.destroy();
      this.chart = createChart(this.chartCard.canvas, this.config(theme, log, withTest, withAccuracy, stepping));
    }
    const sets = this.chart.data.datasets;
    const series = [data.loss, ...(withTest ? [data.testLoss] : []), ...(withAccuracy ? [data.accuracy, data.testAccuracy] : [])];
    series.forEach((values, i) => { sets[i].data = values as never; });
    const few = data.points.length < 40;
    series.forEach((_values, i) => { (sets[i] as { pointRadius?: number }).pointRadius = few ? 2.5 : 0; });
    const x = this.chart.options.scales!.x!;
    if (scrubbed) {
      // The last two datasets: the step-through run's own curve, and the step on screen as the
      // segment it moves along (the dot at the end where the network on screen is).
      const run = stepThroughLoss(scrubbed, log);
      sets[sets.length - 2].data = run.run as never;
      sets[sets.length - 1].data = run.segment as never;
      (sets[sets.length - 1] as { pointRadius?: number[] }).pointRadius = run.segment.map((_p, i) => (i === run.at ? 5 : 0));
      x.min = run.xMin;
      x.max = run.xMax;
    } else {
      delete x.min;
      delete x.max;
    }
    this.element.setAttribute('data-step-marker', scrubbed ? String(scrubbed.step) : '');
    this.chart.update('none');

    const last = data.points[data.points.length - 1];
    this.chartCard.setEmpty(data.points.length === 0 && !scrubbed ? l10n.t('No loss recorded yet: press Train or Step.') : undefined);
    this.chartCard.describe(scrubbed ? this.runDescription(scrubbed, last?.step) : last ? this.description(data, log, last) : l10n.t('Loss over training: no points yet.'));
    this.chartCard.setTable(() => (scrubbed ? this.runTable(scrubbed) : this.table(data)));
    this.note.textContent = data.stride > 1
      ? l10n.t('{0} points drawn for {1} steps: each averages up to {2}.', data.points.length.toLocaleString('en-US'), data.total.toLocaleString('en-US'), data.stride)
      : '';
  }

  /** The chart's accessible name while stepping through: the step on screen and the run's steps. */
  private runDescription(scrubbed: PhaseView, lastStep: number | undefined): string {
    const run = l10n.t('Step-through run from the initial weights: step {0} moves the training loss from {1} to {2}; the run has recorded steps {3} to {4}.',
      scrubbed.step, formatNumber(scrubbed.trainLossBefore), formatNumber(scrubbed.trainLossAfter), scrubbed.timeline.oldestStep, scrubbed.timeline.newestStep);
    return lastStep === undefined ? run : `${run} ${l10n.t('The session\'s own curve is drawn too, up to step {0}.', lastStep)}`;
  }

  /** The chart's accessible name: the scale and the latest point's numbers. */
  private description(data: LossChartData, log: boolean, last: LossChartData['points'][number]): string {
    const test = last.testLoss !== undefined ? l10n.t(', test loss {0}', formatNumber(last.testLoss)) : '';
    const accuracy = last.accuracy !== undefined ? l10n.t(', accuracy {0} %', formatNumber(last.accuracy * 100, 3)) : '';
    const total = data.total.toLocaleString('en-US');
    return log
      ? l10n.t('Loss over {0} training points, logarithmic scale. Latest at step {1}: train loss {2}{3}{4}.', total, last.step, formatNumber(last.loss), test, accuracy)
      : l10n.t('Loss over {0} training points, linear scale. Latest at step {1}: train loss {2}{3}{4}.', total, last.step, formatNumber(last.loss), test, accuracy);
  }

  private table(data: LossChartData): { caption: string; headers: string[]; rows: string[][] } {
    const acc = data.points.some((p) => p.accuracy !== undefined);
    const test = data.points.some((p) => p.testLoss !== undefined);
    return {
      caption: data.stride > 1 ? l10n.t('Loss, each row the mean of up to {0} steps', data.stride) : l10n.t('Loss per step'),
      headers: [l10n.t('step'), l10n.t('epoch'), l10n.t('train loss'), ...(test ? [l10n.t('test loss')] : []), ...(acc ? [l10n.t('accuracy'), l10n.t('test accuracy')] : [])],
      rows: data.points.map((p) => [String(p.step), String(p.epoch), formatNumber(p.loss, 6),
        ...(test ? [formatNumber(p.testLoss, 6)] : []),
        ...(acc ? [formatNumber(p.accuracy, 4), formatNumber(p.testAccuracy, 4)] : [])]),
    };
  }

  private runTable(view: PhaseView): { caption: string; headers: string[]; rows: string[][] } {
    return {
      caption: l10n.t('Step-through run: training loss after each recorded step (step {0} on screen)', view.step),
      headers: [l10n.t('step'), l10n.t('train loss')],
      rows: view.runLoss.map((p) => [p.step === view.step ? l10n.t('{0} (on screen)', p.step) : String(p.step), formatNumber(p.loss, 6)]),
    };
  }

  private config(theme: ChartTheme, log: boolean, withTest: boolean, withAccuracy: boolean, stepping: boolean) {
    const line = (label: string, color: string, dashed: boolean, yAxisID: string) => ({
      label, data: [], borderColor: color, backgroundColor: withAlpha(color, 0.15), borderWidth: 1.75,
      borderDash: dashed ? [5, 4] : [], pointRadius: 0, pointHoverRadius: 3, yAxisID, parsing: false as const, spanGaps: true,
    });
    const yLoss = axis(theme, { title: l10n.t('loss'), log });
    return {
      type: 'line' as const,
      data: {
        datasets: [
          line(l10n.t('train loss'), theme.blue, false, 'y'),
          ...(withTest ? [line(l10n.t('test loss'), theme.orange, true, 'y')] : []),
          ...(withAccuracy ? [line(l10n.t('accuracy'), theme.green, false, 'y1'), line(l10n.t('test accuracy'), theme.purple, true, 'y1')] : []),
          ...(stepping
            ? [{ ...line(l10n.t('step-through run'), theme.red, true, 'y'), borderWidth: 1.25, pointRadius: 2 },
              { ...line(l10n.t('step on screen'), theme.red, false, 'y'), borderWidth: 4, pointRadius: 0, pointBackgroundColor: theme.red }]
            : []),
        ],
      },
      options: {
        ...baseOptions(theme),
        scales: {
          x: axis(theme, { title: l10n.t('step') }),
          y: yLoss,
          ...(withAccuracy ? { y1: { ...axis(theme, { title: l10n.t('accuracy'), min: 0, max: 1, position: 'right', grid: false }) } } : {}),
        },
      },
    } as never;
  }

  dispose(): void { this.chart?.destroy(); }
}
