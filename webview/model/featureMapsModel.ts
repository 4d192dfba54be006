/**
 * The feature maps of a layered model for the selected sample, as heat-map sheets: the input image and
 * its saliency (∂Lₙ/∂x), then for every layer whose output is an image [C, H, W] its C maps and beside
 * them the gradient maps δ = ∂Lₙ/∂net (the engine's per-sample error signal). A max pool's routing is
 * drawn on the gradient maps of its input: the cells that took a window's maximum, the only ones its gradient reaches.
 * Everything comes from the analysis (the worker's engine); nothing is recomputed here.
 */
import type { Analysis } from '../../src/shared/analysis';
import { l10n } from '../../src/shared/l10n';
import { cellSize, scaled, type HeatSheet } from './heatSheet';
import type { MapScale } from './viewState';

/** Maps drawn per layer at most (the table lists the same ones). */
export const MAX_MAPS = 32;
const MAP_PIXELS = 64;
const IMAGE_PIXELS = 128;

export type { MapScale } from './viewState';

export interface FeatureLayerView {
  /** −1 for the input. */
  readonly layer: number;
  readonly title: string;
  /** `conv2d · 8 × 8×8`: the type and the [C, H, W] shape in words. */
  readonly subtitle: string;
  readonly channels: number;
  readonly shown: number;
  readonly activations: HeatSheet;
  readonly gradients: HeatSheet;
  /** Set when a max pool routes this layer's gradient: how many cells of the shown maps received it. */
  readonly routedBy?: string;
}

/** True when the analysis is of a layered model with image inputs or image-shaped layers. */
export function hasImageLayers(analysis: Analysis | undefined): boolean {
  if (!analysis) return false;
  return analysis.inputShape?.length === 3 || analysis.layers.some((l) => l.layered?.outputShape.length === 3);
}

function maps(values: readonly number[] | undefined, shape: readonly number[], shown: number, name: (c: number) => string, marks?: Set<number>[]) {
  const [, H, W] = shape;
  return Array.from({ length: shown }, (_, c) => ({
    label: name(c),
    rows: H, cols: W,
    values: values ? values.slice(c * H * W, (c + 1) * H * W) : new Array<number>(H * W).fill(NaN),
    ...(marks?.[c] && marks[c].size > 0 ? { marks: [...marks[c]].sort((a, b) => a - b) } : {}),
  }));
}

/** Per channel, the cells (within the channel's map) that a max pool after layer `l` routed to, for the sample. */
function routedCells(analysis: Analysis, poolLayer: number, sample: number, inShape: readonly number[]): Set<number>[] {
  const [C, H, W] = inShape;
  const cells = Array.from({ length: C }, () => new Set<number>());
  const routing = analysis.layeredViews?.layers[poolLayer]?.routing?.[sample];
  for (const at of routing ?? []) {
    if (at >= 0) cells[Math.floor(at / (H * W))]?.add(at % (H * W));
  }
  return cells;
}

export function buildFeatureMaps(analysis: Analysis, sample: number, mode: MapScale): FeatureLayerView[] {
  const views: FeatureLayerView[] = [];
  const poolAfter = (l: number) => {
    const next = analysis.layers[l + 1];
    return next?.layered?.type === 'maxpool2d' ? l + 1 : undefined;
  };
  const sheet = (key: string, title: string, tiles: ReturnType<typeof maps>, pixels: number): HeatSheet => ({
    key, title, tiles: scaled(tiles, mode), cell: cellSize(tiles[0]?.rows ?? 1, tiles[0]?.cols ?? 1, pixels),
    columns: tiles.length <= 4 ? tiles.length : Math.min(8, Math.ceil(Math.sqrt(tiles.length * 2))), labelled: tiles.length > 1,
  });
  const add = (layer: number, title: string, type: string, shape: readonly number[], out: readonly number[] | undefined, grad: readonly number[] | undefined) => {
    const [C, H, W] = shape;
    const shown = Math.min(C, MAX_MAPS);
    const pool = poolAfter(layer);
    const marks = pool !== undefined ? routedCells(analysis, pool, sample, shape) : undefined;
    const isInput = layer < 0;
    const pixels = isInput && C === 1 ? IMAGE_PIXELS : MAP_PIXELS;
    const name = (c: number) => (isInput ? (C === 1 ? l10n.t('image') : l10n.t('channel {0}', c + 1)) : l10n.t('map {0}', c + 1));
    const routed = marks ? marks.slice(0, shown).reduce((n, s) => n + s.size, 0) : 0;
    views.push({
      layer, title, subtitle: `${type} · ${C} × ${H}×${W}`, channels: C, shown,
      activations: sheet(`act-${layer}`, isInput ? l10n.t('{0}: sample {1}', title, sample + 1) : l10n.t('{0}: activations of sample {1}', title, sample + 1), maps(out, shape, shown, name), pixels),
      gradients: sheet(`grad-${layer}`, isInput ? l10n.t('{0}: saliency ∂Lₙ/∂x', title) : l10n.t('{0}: gradients δ = ∂Lₙ/∂net', title), maps(grad, shape, shown, name, marks), pixels),
      ...(pool !== undefined ? { routedBy: l10n.t('{0} routes the gradient to {1} of {2} cells (outlined)', analysis.layers[pool].name, routed, shown * H * W) } : {}),
    });
  };
  if (analysis.inputShape?.length === 3) {
    add(-1, l10n.t('input'), l10n.t('image'), analysis.inputShape, analysis.sampleInputs[sample], analysis.layeredViews?.inputGradient[sample]);
  }
  analysis.layers.forEach((layer, l) => {
    const shape = layer.layered?.outputShape;
    if (!shape || shape.length !== 3) return;
    add(l, layer.name, layer.layered!.type + (layer.layered!.hasActivation && layer.activation !== 'linear' ? ` + ${layer.activation}` : ''), shape, layer.out[sample], layer.delta[sample]);
  });
  return views;
}
