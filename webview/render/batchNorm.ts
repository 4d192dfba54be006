/** The batch-norm card: per channel (or feature) the batch statistics, γ, β and the distribution before and after. */
import { buildBatchNorm } from '../model/batchNormModel';
import { l10n } from '../../src/shared/l10n';
import { formatNumber } from '../model/format';
import { card } from './chartCard';
import type { Component, RenderContext } from './context';
import { Memo } from './context';
import { h, show } from './dom';
import { dataTable } from './lazyTables';

export class BatchNormCard implements Component {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly memo = new Memo();

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
    if (!a || !has || !this.memo.changed(a)) return;
    const f = (v: number | undefined) => formatNumber(v, 4);
    this.body.replaceChildren(...buildBatchNorm(a).map((v) => h('div', { class: 'table-scroll', attrs: { 'data-layer': v.layer } }, dataTable({
      caption: v.unit === 'channel'
        ? l10n.t('{0}: per channel, the batch\'s mean and variance it normalises with, and before → after over {1} samples (mean ± standard deviation)', v.title, v.samples)
        : l10n.t('{0}: per feature, the batch\'s mean and variance it normalises with, and before → after over {1} samples (mean ± standard deviation)', v.title, v.samples),
      headers: [v.unit === 'channel' ? l10n.t('channel') : l10n.t('feature'), l10n.t('batch mean'), l10n.t('batch variance'), l10n.t('running mean'), l10n.t('running variance'), 'γ', 'β', l10n.t('before'), l10n.t('after')],
      rows: v.rows.map((r) => [
        String(r.channel + 1), f(r.batchMean), f(r.batchVar), f(r.runningMean), f(r.runningVar), f(r.gamma), f(r.beta),
        `${formatNumber(r.before.mean, 3)} ± ${formatNumber(r.before.std, 3)}`, `${formatNumber(r.after.mean, 3)} ± ${formatNumber(r.after.std, 3)}`,
      ]),
    }))));
  }
}
