/**
 * The gradient-check table: per parameter tensor its largest relative error, pass/warn/fail (in
 * words and colour), kinks marked; a row expands (a real button with aria-expanded) to its entries,
 * analytic beside numeric. Each entry's name selects and reveals that weight.
 */
import { l10n } from '../../src/shared/l10n';
import type { GradCheckStatus } from '../../src/shared/analysis';
import { visibility } from '../model/depth';
import { formatNumber, formatRelError } from '../model/format';
import { checkedSamples, entryLabel, gradCheckRows, type GradCheckRow } from '../model/gradcheckModel';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, icon, replaceChildren, show } from './dom';

const STATUS_TEXT: Record<GradCheckStatus, () => string> = { pass: () => l10n.t('pass'), warn: () => l10n.t('warn'), fail: () => l10n.t('fail') };

function badge(status: GradCheckStatus | undefined): HTMLElement {
  if (!status) return h('span', { class: 'status status-none', text: l10n.t('not checked') });
  return h('span', { class: `status status-${status}` }, icon(`status-${status}`), h('span', { text: STATUS_TEXT[status]() }));
}

export class GradCheckTable implements Component {
  readonly element: HTMLElement;
  private readonly summary = h('p', { class: 'summary' });
  private readonly tableHost = h('div', { class: 'table-wide' });
  private readonly rerun: HTMLButtonElement;
  private readonly memo = new Memo();

  constructor(private readonly actions: Actions) {
    this.rerun = h('button', { class: 'button secondary small', attrs: { type: 'button' } }, icon('check'), h('span', { text: l10n.t('Check again') }));
    this.rerun.addEventListener('click', () => actions.post({ type: 'command', command: 'gradientCheck' }));
    const headingId = 'gradient-check-title';
    this.element = h('section', { class: 'card', attrs: { id: 'gradient-check', 'aria-labelledby': headingId } },
      h('header', { class: 'card-header' }, h('h2', { text: l10n.t('Gradient check'), attrs: { id: headingId } }), this.rerun),
      h('div', { class: 'card-body' }, this.summary, this.tableHost),
    );
  }

  update({ state, depth }: RenderContext): void {
    const a = state.analysis;
    const visible = visibility(depth).gradientCheck && a !== undefined;
    show(this.element, visible);
    if (!visible || !this.memo.changed(a, state.view.expanded, state.runState)) return;
    this.rerun.disabled = state.runState === 'training' || state.stale;
    const gc = a.gradcheck;
    replaceChildren(this.summary,
      badge(gc.checked > 0 ? gc.status : undefined),
      ` ${gc.checked === 1
        ? l10n.t('{0} entry checked by central differences (h = {1}) {2}; largest relative error {3}.', gc.checked, formatNumber(gc.eps, 2), checkedSamples(a), formatRelError(gc.maxRelError))
        : l10n.t('{0} entries checked by central differences (h = {1}) {2}; largest relative error {3}.', gc.checked, formatNumber(gc.eps, 2), checkedSamples(a), formatRelError(gc.maxRelError))}`,
    );
    const rows = gradCheckRows(a);
    const expanded = new Set(state.view.expanded);
    replaceChildren(this.tableHost, h('table', { class: 'data-table gradcheck' },
      h('caption', { class: 'visually-hidden', text: l10n.t('Gradient check per parameter tensor, {0}', checkedSamples(a)) }),
      h('thead', {}, h('tr', {},
        ...[l10n.t('parameter'), l10n.t('status'), l10n.t('largest rel. error'), l10n.t('checked'), l10n.t('kinks')].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))),
      ...rows.map((row) => this.rowGroup(row, expanded.has(row.key))),
    ));
  }

  private rowGroup(row: GradCheckRow, open: boolean): HTMLTableSectionElement {
    const detailId = `gc-detail-${row.key.replace(':', '-')}`;
    const toggle = h('button', {
      class: 'row-toggle', attrs: { type: 'button', 'aria-expanded': String(open), 'aria-controls': detailId, disabled: row.checked === 0 },
    }, icon(open ? 'chevron-down' : 'chevron-right'), h('span', { text: `${row.layer}.${row.param}` }));
    toggle.addEventListener('click', () => this.actions.dispatch({ type: 'toggleRow', key: row.key }));
    const main = h('tr', { class: `gc-row status-row-${row.status ?? 'none'}` },
      h('th', { attrs: { scope: 'row' } }, toggle),
      h('td', {}, badge(row.status)),
      h('td', { class: 'num', text: row.maxRelError === undefined ? '–' : formatRelError(row.maxRelError) }),
      h('td', { class: 'num', text: String(row.checked) }),
      h('td', { class: 'num' }, row.kinks > 0 ? h('span', { class: 'kink', attrs: { title: l10n.t('A ReLU-type kink lies within the finite-difference step: the numeric value is unreliable there') } }, icon('kink'), h('span', { text: String(row.kinks) })) : '0'),
    );
    const detail = h('tr', { class: 'gc-detail', attrs: { id: detailId, hidden: !open } },
      h('td', { attrs: { colspan: 5 } }, open ? this.entries(row) : null));
    return h('tbody', {}, main, detail);
  }

  private entries(row: GradCheckRow): HTMLTableElement {
    return h('table', { class: 'data-table entries' },
      h('caption', { class: 'visually-hidden', text: l10n.t('Entries of {0}.{1}, analytic beside numeric', row.layer, row.param) }),
      h('thead', {}, h('tr', {}, ...[l10n.t('entry'), l10n.t('analytic'), l10n.t('numeric'), l10n.t('rel. error'), ''].map((t) => h('th', { text: t, attrs: { scope: 'col' } })))),
      h('tbody', {}, ...row.entries.map((e) => {
        const link = h('button', { class: 'link-button', text: entryLabel(e), attrs: { type: 'button', title: l10n.t('Select and show in the editor') } });
        link.addEventListener('click', () => this.actions.dispatch({
          type: 'select',
          selection: e.param === 'weights'
            ? { kind: 'weight', layer: e.layerIndex, unit: e.index[0], input: e.index[1] }
            : { kind: 'bias', layer: e.layerIndex, unit: e.index[0] },
        }));
        return h('tr', {},
          h('th', { attrs: { scope: 'row' } }, link),
          h('td', { class: 'num', text: formatNumber(e.analytic, 8) }),
          h('td', { class: 'num', text: formatNumber(e.numeric, 8) }),
          h('td', { class: 'num', text: formatRelError(e.relError) }),
          h('td', {}, e.kink ? h('span', { class: 'kink' }, icon('kink'), h('span', { text: l10n.t('kink') })) : ''),
        );
      })),
    );
  }
}
