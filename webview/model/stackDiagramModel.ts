/**
 * The diagram of a mixed network (model file 1.1 with image layers) as plain data: one column per layer,
 * an image layer drawn as a stack of feature maps (its channel count and H×W written under it, at most
 * {@link MAX_SHEETS} sheets drawn), a flat layer as a column of neurons as the dense diagram draws them.
 * Focusable nodes (a stack, or a neuron) move with the arrow keys as in the dense diagram; a data table
 * lists every column with the gradient that reaches it.
 */
import type { Analysis } from '../../src/shared/analysis';
import { l10n } from '../../src/shared/l10n';
import { formatNumber } from './format';
import type { PanelSelection } from './selection';

export const MAX_SHEETS = 6;
export const MAX_NEURONS = 12;
const COLUMN_GAP = 108;
const MARGIN_X = 56;
const TOP = 56;
const NEURON_GAP = 30;
const SHEET_OFFSET = 6;

export interface StackNode {
  readonly key: string;
  readonly selection: PanelSelection;
  readonly column: number;
  readonly x: number;
  readonly y: number;
  readonly label: string;
  /** The activation of a neuron for the selected sample, scaled into [−1, 1] by its column's largest |value|. */
  readonly intensity?: number;
}

export interface StackColumn {
  /** −1 for the input. */
  readonly layer: number;
  readonly title: string;
  /** `conv2d`, `dense · softmax`, … */
  readonly type: string;
  /** `8 × 8×8` or `10 units`. */
  readonly shape: string;
  readonly x: number;
  readonly kind: 'image' | 'flat';
  /** Image: the sheet size and how many sheets are drawn; flat: neurons drawn of units. */
  readonly sheet?: { readonly width: number; readonly height: number; readonly drawn: number; readonly offset: number; readonly top: number };
  readonly units: number;
  readonly shown: number;
}

export interface StackRow {
  readonly layer: string;
  readonly type: string;
  readonly output: string;
  readonly parameters: string;
  readonly paramGradient: string;
  readonly passing: string;
}

export interface StackDiagramView {
  readonly width: number;
  readonly height: number;
  readonly columns: readonly StackColumn[];
  readonly nodes: readonly StackNode[];
  /** One row per column, for the table behind the picture. */
  readonly rows: readonly StackRow[];
}

function shapeText(shape: readonly number[]): string {
  if (shape.length === 3) return `${shape[0]} × ${shape[1]}×${shape[2]}`;
  return shape[0] === 1 ? l10n.t('{0} unit', shape[0]) : l10n.t('{0} units', shape[0]);
}

/** Sheet side in pixels: larger images draw larger, between 26 and 64. */
function sheetSide(H: number, W: number): { width: number; height: number } {
  const side = Math.max(26, Math.min(64, 6 * Math.max(H, W)));
  return H >= W ? { width: Math.round(side * W / H), height: side } : { width: side, height: Math.round(side * H / W) };
}

function meanAbs(rows: readonly (readonly number[])[]): number {
  let sum = 0, n = 0;
  for (const row of rows) for (const v of row) if (Number.isFinite(v)) { sum += Math.abs(v); n++; }
  return n === 0 ? 0 : sum / n;
}

export function buildStackDiagram(analysis: Analysis, sample: number): StackDiagramView {
  const inputShape = analysis.inputShape ?? [analysis.inputs];
  const entries = [
    { layer: -1, title: l10n.t('input'), type: inputShape.length === 3 ? l10n.t('image') : l10n.t('features'), shape: inputShape, values: analysis.sampleInputs },
    ...analysis.layers.map((l, i) => ({
      layer: i, title: l.name,
      type: (l.layered?.type ?? 'dense') + ((l.layered?.hasActivation ?? true) && l.activation !== 'linear' ? ` · ${l.activation}` : ''),
      shape: l.layered?.outputShape ?? [l.units], values: l.out,
    })),
  ];
  const tallestSheet = Math.max(0, ...entries.filter((e) => e.shape.length === 3).map((e) => sheetSide(e.shape[1], e.shape[2]).height + SHEET_OFFSET * (Math.min(e.shape[0], MAX_SHEETS) - 1)));
  const tallestFlat = Math.max(0, ...entries.filter((e) => e.shape.length !== 3).map((e) => Math.min(e.shape[0], MAX_NEURONS) * NEURON_GAP));
  const bodyHeight = Math.max(tallestSheet, tallestFlat, 40);
  const height = TOP + bodyHeight + 40;
  const middle = TOP + bodyHeight / 2;
  const columns: StackColumn[] = [];
  const nodes: StackNode[] = [];
  entries.forEach((e, c) => {
    const x = MARGIN_X + COLUMN_GAP * c;
    const units = e.shape.reduce((a, b) => a * b, 1);
    const selection: PanelSelection = e.layer < 0 ? { kind: 'input', unit: 0 } : { kind: 'layer', layer: e.layer };
    if (e.shape.length === 3) {
      const [C, H, W] = e.shape;
      const { width, height: sh } = sheetSide(H, W);
      const drawn = Math.min(C, MAX_SHEETS);
      const total = sh + SHEET_OFFSET * (drawn - 1);
      columns.push({ layer: e.layer, title: e.title, type: e.type, shape: shapeText(e.shape), x, kind: 'image', units, shown: drawn, sheet: { width, height: sh, drawn, offset: SHEET_OFFSET, top: middle - total / 2 } });
      nodes.push({ key: e.layer < 0 ? 'in-stack' : `l-${e.layer}`, selection, column: c, x, y: middle, label: C === 1 ? l10n.t('{0}: {1}, {2} feature map of {3}×{4}', e.title, e.type, C, H, W) : l10n.t('{0}: {1}, {2} feature maps of {3}×{4}', e.title, e.type, C, H, W) });
      return;
    }
    const shown = Math.min(units, MAX_NEURONS);
    columns.push({ layer: e.layer, title: e.title, type: e.type, shape: shapeText(e.shape), x, kind: 'flat', units, shown });
    let scale = 1;
    for (const row of e.values) for (const v of row) if (Number.isFinite(v)) scale = Math.max(scale, Math.abs(v));
    for (let u = 0; u < shown; u++) {
      const value = e.values[sample]?.[u] ?? NaN;
      nodes.push({
        key: e.layer < 0 ? `in-${u}` : `u-${e.layer}-${u}`,
        selection: e.layer < 0 ? { kind: 'input', unit: u } : { kind: 'unit', layer: e.layer, unit: u },
        column: c, x, y: middle + (u - (shown - 1) / 2) * NEURON_GAP,
        label: e.layer < 0 ? l10n.t('{0} unit {1}: value {2}', e.title, u + 1, formatNumber(value)) : l10n.t('{0} unit {1}: activation {2}', e.title, u + 1, formatNumber(value)),
        intensity: Number.isFinite(value) ? value / scale : 0,
      });
    }
  });
  const rows: StackRow[] = entries.map((e) => {
    const layer = e.layer >= 0 ? analysis.layers[e.layer] : undefined;
    const params = layer?.layered?.params ?? (layer ? [{ shape: layer.weights.shape }, { shape: layer.bias.shape }] : []);
    const count = params.reduce((n, p) => n + p.shape.reduce((a, b) => a * b, 1), 0);
    return {
      layer: e.title,
      type: e.type,
      output: shapeText(e.shape),
      parameters: count === 0 ? l10n.t('none') : String(count),
      paramGradient: layer && count > 0 ? formatNumber(layer.stats.gradNorm, 3) : '–',
      passing: layer ? formatNumber(meanAbs(layer.delta), 3) : '–',
    };
  });
  return { width: MARGIN_X * 2 + COLUMN_GAP * (entries.length - 1), height, columns, nodes, rows };
}

/** The node to move to with an arrow key: up/down within a column, left/right to the nearest node of the next column. */
export function stackNeighbour(view: StackDiagramView, from: string, key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight'): string {
  const current = view.nodes.find((n) => n.key === from) ?? view.nodes[0];
  if (!current) return from;
  const column = (c: number) => view.nodes.filter((n) => n.column === c);
  if (key === 'ArrowUp' || key === 'ArrowDown') {
    const col = column(current.column);
    const i = col.indexOf(current) + (key === 'ArrowDown' ? 1 : -1);
    return col[Math.min(Math.max(i, 0), col.length - 1)].key;
  }
  const next = column(current.column + (key === 'ArrowRight' ? 1 : -1));
  if (next.length === 0) return current.key;
  return next.reduce((best, n) => (Math.abs(n.y - current.y) < Math.abs(best.y - current.y) ? n : best)).key;
}
