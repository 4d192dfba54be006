/**
 * The kernels of every convolution as small heat maps: one tile per filter and input channel (a row of
 * the sheet per filter), the weights, their gradients ∂L/∂w, and once training has stepped, the weights
 * the session started from (first) beside the ones it has now, on one shared scale so they compare.
 */
import type { Analysis, LayerAnalysis } from '../../src/shared/analysis';
import { l10n } from '../../src/shared/l10n';
import { formatNumber } from './format';
import { scaled, type HeatSheet, type HeatTile } from './heatSheet';
import type { MapScale } from './viewState';

export const MAX_FILTERS = 32;
export const MAX_CHANNELS = 16;
/** A kernel's side in pixels: larger when a filter has one channel (one tile per row). */
const KERNEL_PIXELS = 24;
const SINGLE_CHANNEL_PIXELS = 40;

export interface KernelLayerView {
  readonly layer: number;
  readonly title: string;
  /** `8 filters × 1 channel of 3×3`. */
  readonly subtitle: string;
  readonly filters: number;
  readonly channels: number;
  readonly kh: number;
  readonly kw: number;
  readonly shownFilters: number;
  readonly shownChannels: number;
  readonly weights: HeatSheet;
  readonly gradients: HeatSheet;
  /** Present once training has stepped: the initial weights, on the same scale as `weights`. */
  readonly first?: HeatSheet;
  /** Largest |now − first| over the layer's weights (0 before training). */
  readonly largestChange: number;
}

type RawTile = Omit<HeatTile, 'scale'>;

/** A kernel's tile is labelled by where it is (`filter 2 channel 1`), which its table's rows show. */
function tilesOf(rows: readonly (readonly number[])[], F: number, C: number, kh: number, kw: number): RawTile[] {
  const tiles: RawTile[] = [];
  for (let f = 0; f < F; f++) {
    for (let c = 0; c < C; c++) {
      const start = c * kh * kw;
      tiles.push({ label: l10n.t('filter {0} channel {1}', f + 1, c + 1), rows: kh, cols: kw, values: (rows[f] ?? []).slice(start, start + kh * kw) });
    }
  }
  return tiles;
}

/** `8 filters × 1 channel of 3×3` (each plural its own text). */
function kernelShape(F: number, C: number, kh: number, kw: number): string {
  if (F === 1) return C === 1 ? l10n.t('{0} filter × {1} channel of {2}×{3}', F, C, kh, kw) : l10n.t('{0} filter × {1} channels of {2}×{3}', F, C, kh, kw);
  return C === 1 ? l10n.t('{0} filters × {1} channel of {2}×{3}', F, C, kh, kw) : l10n.t('{0} filters × {1} channels of {2}×{3}', F, C, kh, kw);
}

function isConv(layer: LayerAnalysis): boolean {
  return layer.layered?.type === 'conv2d' && layer.weights.shape.length === 4;
}

export function buildKernels(analysis: Analysis, mode: MapScale): KernelLayerView[] {
  const views: KernelLayerView[] = [];
  analysis.layers.forEach((layer, l) => {
    if (!isConv(layer)) return;
    const [F, C, kh, kw] = layer.weights.shape;
    const shownFilters = Math.min(F, MAX_FILTERS), shownChannels = Math.min(C, MAX_CHANNELS);
    const now = layer.weights.value as number[][];
    const initial = analysis.layeredViews?.layers[l]?.initialWeights;
    const nowTiles = tilesOf(now, shownFilters, shownChannels, kh, kw);
    const firstTiles = initial ? tilesOf(initial, shownFilters, shownChannels, kh, kw) : undefined;
    // First and now share one scale (per kernel pair in per-map mode), so a kernel that grew looks stronger.
    const both = scaled(firstTiles ? [...nowTiles, ...firstTiles] : nowTiles, 'shared')[0]?.scale ?? 1;
    const pairScale = (k: number) => {
      const values = [...nowTiles[k].values, ...(firstTiles?.[k].values ?? [])];
      return values.reduce((m, v) => (Number.isFinite(v) ? Math.max(m, Math.abs(v)) : m), 0) || 1;
    };
    const withScale = (tiles: RawTile[]) => tiles.map((t, k) => ({ ...t, scale: mode === 'shared' ? both : pairScale(k) }));
    const sheet = (key: string, title: string, tiles: HeatTile[]): HeatSheet => ({ key, title, tiles, cell: Math.max(4, Math.floor((C === 1 ? SINGLE_CHANNEL_PIXELS : KERNEL_PIXELS) / Math.max(kh, kw))), columns: shownChannels, labelled: false });
    let largestChange = 0;
    if (initial) now.forEach((row, f) => row.forEach((v, i) => { largestChange = Math.max(largestChange, Math.abs(v - (initial[f]?.[i] ?? v))); }));
    views.push({
      layer: l, title: layer.name,
      subtitle: kernelShape(F, C, kh, kw),
      filters: F, channels: C, kh, kw, shownFilters, shownChannels,
      weights: sheet(`kernel-${l}`, l10n.t('{0}: kernels now', layer.name), withScale(nowTiles)),
      gradients: sheet(`kernel-grad-${l}`, `${layer.name}: ∂L/∂w`, scaled(tilesOf(layer.weights.grad as number[][], shownFilters, shownChannels, kh, kw), mode)),
      ...(firstTiles ? { first: sheet(`kernel-first-${l}`, l10n.t('{0}: kernels at the start', layer.name), withScale(firstTiles)) } : {}),
      largestChange,
    });
  });
  return views;
}

/** The table behind a kernel sheet: one row per filter and channel, the kernel's numbers row by row. */
export function kernelTable(sheet: HeatSheet): string[][] {
  return sheet.tiles.map((t) => [t.label, ...Array.from({ length: t.rows }, (_, r) => t.values.slice(r * t.cols, (r + 1) * t.cols).map((v) => formatNumber(v, 3)).join('  '))]);
}
