/**
 * Heat maps as plain data: a "sheet" is a grid of tiles (feature maps, kernels), each tile a small
 * rows × cols picture of numbers coloured on a scale symmetric around 0. The canvas renderer only
 * paints what this says; the same numbers are the table behind the picture.
 */
import { l10n } from '../../src/shared/l10n';
import { formatNumber } from './format';

/** One picture: `values` row-major, coloured by value / scale in [−1, 1]. */
export interface HeatTile {
  readonly label: string;
  readonly rows: number;
  readonly cols: number;
  readonly values: readonly number[];
  /** The |value| drawn at full colour (> 0). */
  readonly scale: number;
  /** Cells (row-major indices) outlined on the picture, e.g. the inputs a max pool routed the gradient to. */
  readonly marks?: readonly number[];
}

export interface HeatSheet {
  /** Stable id (`data-sheet` on the canvas, the e2e test's handle). */
  readonly key: string;
  readonly title: string;
  readonly tiles: readonly HeatTile[];
  /** CSS pixels per value. */
  readonly cell: number;
  /** Tiles per row of the sheet. */
  readonly columns: number;
  /** Whether each tile has its label drawn under it. */
  readonly labelled: boolean;
}

/** Where each tile goes on the sheet's canvas, in CSS pixels. */
export interface SheetLayout {
  readonly width: number;
  readonly height: number;
  readonly tiles: readonly { readonly x: number; readonly y: number; readonly width: number; readonly height: number }[];
}

export const TILE_GAP = 6;
export const LABEL_HEIGHT = 14;

/** The largest |v| of the finite values, or 1 when there is none (so an all-zero map stays blank, not noise). */
export function symmetricScale(values: readonly number[]): number {
  let max = 0;
  for (const v of values) if (Number.isFinite(v) && Math.abs(v) > max) max = Math.abs(v);
  return max > 0 ? max : 1;
}

/** Value → position on the colour scale, clamped to [−1, 1] (non-finite values: 0). */
export function heatPosition(value: number, scale: number): number {
  if (!Number.isFinite(value)) return 0;
  return Math.max(-1, Math.min(1, value / scale));
}

/** CSS pixels per value so that a map's longer side is about `target` pixels (never under `min`). */
export function cellSize(rows: number, cols: number, target: number, min = 3): number {
  return Math.max(min, Math.floor(target / Math.max(1, rows, cols)));
}

export function sheetLayout(sheet: HeatSheet): SheetLayout {
  const columns = Math.max(1, Math.min(sheet.columns, sheet.tiles.length));
  const label = sheet.labelled ? LABEL_HEIGHT : 0;
  const tileW = Math.max(0, ...sheet.tiles.map((t) => t.cols * sheet.cell));
  const tileH = Math.max(0, ...sheet.tiles.map((t) => t.rows * sheet.cell));
  const rows = Math.ceil(sheet.tiles.length / columns);
  const tiles = sheet.tiles.map((t, k) => ({
    x: (k % columns) * (tileW + TILE_GAP),
    y: Math.floor(k / columns) * (tileH + label + TILE_GAP),
    width: t.cols * sheet.cell,
    height: t.rows * sheet.cell,
  }));
  return {
    width: sheet.tiles.length === 0 ? 0 : columns * tileW + (columns - 1) * TILE_GAP,
    height: sheet.tiles.length === 0 ? 0 : rows * (tileH + label) + (rows - 1) * TILE_GAP,
    tiles,
  };
}

/** The tiles with a scale each: their own largest |value| (`per-map`) or the sheet's (`shared`). */
export function scaled(tiles: readonly Omit<HeatTile, 'scale'>[], mode: 'shared' | 'per-map'): HeatTile[] {
  const shared = symmetricScale(tiles.flatMap((t) => t.values));
  return tiles.map((t) => ({ ...t, scale: mode === 'shared' ? shared : symmetricScale(t.values) }));
}

/** A tile's values as table rows: one row per picture row, numbers as `format` writes them. */
export function tileRows(tile: HeatTile, format: (v: number) => string): string[][] {
  const rows: string[][] = [];
  for (let r = 0; r < tile.rows; r++) {
    rows.push([l10n.t('{0} row {1}', tile.label, r + 1), ...tile.values.slice(r * tile.cols, (r + 1) * tile.cols).map(format)]);
  }
  return rows;
}

/** One sentence for the canvas' accessible name: what it shows and its range. */
export function sheetSummary(sheet: HeatSheet): string {
  const values = sheet.tiles.flatMap((t) => t.values).filter(Number.isFinite);
  if (values.length === 0) return l10n.t('{0}: no values.', sheet.title);
  const min = Math.min(...values), max = Math.max(...values);
  const shape = sheet.tiles.length > 0 ? `${sheet.tiles[0].rows}×${sheet.tiles[0].cols}` : '';
  return sheet.tiles.length === 1
    ? l10n.t('{0}: {1} map of {2}, values from {3} to {4}. The table below lists every value.', sheet.title, sheet.tiles.length, shape, formatNumber(min, 3), formatNumber(max, 3))
    : l10n.t('{0}: {1} maps of {2}, values from {3} to {4}. The table below lists every value.', sheet.title, sheet.tiles.length, shape, formatNumber(min, 3), formatNumber(max, 3));
}
