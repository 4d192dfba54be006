/**
 * A chart with its accessible alternative: the canvas is an image with an aria-label summarising it,
 * and a disclosure below it shows the same numbers as a table (built only while open).
 */
import { l10n } from '../../src/shared/l10n';
import { h, replaceChildren } from './dom';

export interface TableData {
  readonly caption: string;
  readonly headers: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

export class ChartCard {
  readonly element: HTMLElement;
  readonly canvas: HTMLCanvasElement;
  private readonly details: HTMLDetailsElement;
  private readonly tableHost: HTMLElement;
  private readonly empty: HTMLElement;
  private source: (() => TableData) | undefined;
  private lastBuilt = -Infinity;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(name: string, size: 'large' | 'medium' | 'small' = 'medium') {
    this.canvas = h('canvas', { attrs: { role: 'img', 'aria-label': name } });
    this.empty = h('p', { class: 'chart-empty', attrs: { hidden: true } });
    this.tableHost = h('div', { class: 'table-scroll' });
    this.details = h('details', { class: 'chart-table' }, h('summary', { text: l10n.t('Show as table') }), this.tableHost);
    this.details.addEventListener('toggle', () => this.renderTable());
    this.element = h('figure', { class: `chart chart-${size}`, attrs: { 'data-chart': name } }, h('div', { class: 'chart-box' }, this.canvas, this.empty), this.details);
  }

  /** The canvas' accessible name: what the chart shows and its latest values. */
  describe(label: string): void {
    this.canvas.setAttribute('aria-label', label);
  }

  /** A message over the (empty) chart, or none. */
  setEmpty(message: string | undefined): void {
    this.empty.textContent = message ?? '';
    this.empty.toggleAttribute('hidden', message === undefined);
  }

  /** The table's data, built only while the table is open, and then at most once a second (live training). */
  setTable(source: () => TableData): void {
    this.source = source;
    if (!this.details.open || this.timer !== undefined) return;
    const wait = this.lastBuilt + 1000 - performance.now();
    if (wait <= 0) this.renderTable();
    else this.timer = setTimeout(() => { this.timer = undefined; this.renderTable(); }, wait);
  }

  private renderTable(): void {
    if (!this.details.open || !this.source) { if (!this.details.open) this.tableHost.replaceChildren(); return; }
    this.lastBuilt = performance.now();
    const data = this.source();
    const table = h('table', { class: 'data-table' },
      h('caption', { text: data.caption }),
      h('thead', {}, h('tr', {}, ...data.headers.map((text) => h('th', { text, attrs: { scope: 'col' } })))),
      h('tbody', {}, ...data.rows.map((row) => h('tr', {}, ...row.map((text, i) => (i === 0 ? h('th', { text, attrs: { scope: 'row' } }) : h('td', { text })))))),
    );
    replaceChildren(this.tableHost, table);
  }
}

/** A titled section card. */
export function card(id: string, title: string, ...extra: HTMLElement[]): { section: HTMLElement; header: HTMLElement; body: HTMLElement } {
  const headingId = `${id}-title`;
  const header = h('header', { class: 'card-header' }, h('h2', { text: title, attrs: { id: headingId } }), ...extra);
  const body = h('div', { class: 'card-body' });
  const section = h('section', { class: 'card', attrs: { id, 'aria-labelledby': headingId } }, header, body);
  return { section, header, body };
}
