/**
 * A "Show as table" disclosure whose tables are built only while it is open (and rebuilt when the data
 * changes while open): the accessible alternative behind every heat map.
 */
import { l10n } from '../../src/shared/l10n';
import type { TableData } from './chartCard';
import { h, replaceChildren } from './dom';

export function dataTable(data: TableData): HTMLTableElement {
  return h('table', { class: 'data-table' },
    h('caption', { text: data.caption }),
    h('thead', {}, h('tr', {}, ...data.headers.map((text) => h('th', { text, attrs: { scope: 'col' } })))),
    h('tbody', {}, ...data.rows.map((row) => h('tr', {}, ...row.map((text, i) => (i === 0 ? h('th', { text, attrs: { scope: 'row' } }) : h('td', { text })))))),
  );
}

export class LazyTables {
  readonly element: HTMLDetailsElement;
  private readonly host = h('div', { class: 'table-scroll' });
  private source: (() => readonly TableData[]) | undefined;

  constructor(summary = l10n.t('Show as table')) {
    this.element = h('details', { class: 'chart-table' }, h('summary', { text: summary }), this.host);
    this.element.addEventListener('toggle', () => this.build());
  }

  set(source: () => readonly TableData[]): void {
    this.source = source;
    this.build();
  }

  private build(): void {
    if (!this.element.open || !this.source) { this.host.replaceChildren(); return; }
    replaceChildren(this.host, ...this.source().map(dataTable));
  }
}
