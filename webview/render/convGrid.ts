/**
 * A small map of numbers as a real table (the picture and the table behind it are one element): each
 * cell shows its value on the heat colour of the panel's maps (orange negative, background 0, blue
 * positive), with classes for the window, the chosen cell and the padding. Cells may be buttons, so a
 * map can be clicked or tabbed to (Enter/Space choose).
 */
import { scaleColor, type BoundaryPalette } from '../model/boundaryModel';
import { formatNumber } from '../model/format';
import { heatPosition, symmetricScale } from '../model/heatSheet';
import { h } from './dom';

export interface GridCell {
  /** undefined: padding (drawn as a dashed 0). */
  readonly value?: number;
  readonly classes?: readonly string[];
  /** The cell's name for a screen reader, e.g. `row 2, column 3`. */
  readonly label: string;
  /** Set on cells that can be chosen: the key passed to `onChoose` (also `data-key`, to keep focus across redraws). */
  readonly key?: string;
}

export interface GridSpec {
  readonly caption: string;
  readonly rows: number;
  readonly cols: number;
  readonly cell: (r: number, c: number) => GridCell;
  /** The |value| drawn at the heat scale's end (default: the map's largest). */
  readonly scale?: number;
  /**
   * Rows and columns of padding drawn on each side (default 0). The axes are numbered from 1 at the first
   * row and column inside the padding, like every name people read (src/shared/names.ts); the padding's
   * own rows and columns are left unlabelled (no 0 or −1 on an axis).
   */
  readonly rowPadding?: number;
  readonly colPadding?: number;
}

/** Heat colours are drawn at most this strong, so the numbers on them stay legible in every theme. */
const STRENGTH = 0.6;

export function gridTable(spec: GridSpec, palette: BoundaryPalette, onChoose?: (key: string) => void): HTMLTableElement {
  const cells = Array.from({ length: spec.rows }, (_, r) => Array.from({ length: spec.cols }, (_, c) => spec.cell(r, c)));
  const scale = spec.scale ?? symmetricScale(cells.flat().flatMap((c) => (c.value === undefined ? [] : [c.value])));
  const axis = (k: number, count: number, padding: number) => (k < padding || k >= count - padding ? '' : String(k - padding + 1));
  const rowPadding = spec.rowPadding ?? 0, colPadding = spec.colPadding ?? 0;
  return h('table', { class: 'conv-grid' },
    h('caption', { text: spec.caption }),
    h('thead', {}, h('tr', {}, h('td', { attrs: { 'aria-hidden': 'true' } }),
      ...Array.from({ length: spec.cols }, (_, c) => h('th', { text: axis(c, spec.cols, colPadding), attrs: { scope: 'col' } })))),
    h('tbody', {}, ...cells.map((row, r) => h('tr', {}, h('th', { text: axis(r, spec.rows, rowPadding), attrs: { scope: 'row' } }),
      ...row.map((cell) => {
        const text = cell.value === undefined ? '0' : formatNumber(cell.value, 2);
        const td = h('td', { class: ['conv-cell', cell.value === undefined ? 'pad' : '', ...(cell.classes ?? [])].filter(Boolean).join(' ') });
        if (cell.value !== undefined) {
          const [red, green, blue] = scaleColor(heatPosition(cell.value, scale) * STRENGTH, -1, 1, palette);
          td.style.backgroundColor = `rgb(${red}, ${green}, ${blue})`;
        }
        if (cell.key !== undefined && onChoose) {
          const key = cell.key;
          const chosen = cell.classes?.includes('chosen') ?? false;
          const button = h('button', { class: 'conv-cell-button', text, attrs: { type: 'button', 'data-key': key, 'aria-label': `${cell.label}: ${text}`, 'aria-pressed': chosen ? 'true' : 'false' } });
          button.addEventListener('click', () => onChoose(key));
          td.append(button);
        } else {
          td.append(h('span', { text, attrs: { 'aria-label': `${cell.label}: ${text}` } }));
        }
        return td;
      })))));
}
