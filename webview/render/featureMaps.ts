/**
 * The feature-maps card of a layered model with images: for the selected sample, the input image with
 * its saliency map, then every image layer's maps with their gradient maps beside them (from depth 2),
 * max-pool routing outlined on the pool's input, and the numbers as tables behind the pictures.
 * Redraws only when the analysis, the sample, the scale, the depth or the theme changed.
 */
import { l10n } from '../../src/shared/l10n';
import { visibility } from '../model/depth';
import { buildFeatureMaps, hasImageLayers, type FeatureLayerView } from '../model/featureMapsModel';
import { formatNumber } from '../model/format';
import { sheetSummary, tileRows, type HeatSheet } from '../model/heatSheet';
import { paletteOf } from './boundaryView';
import { card, type TableData } from './chartCard';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, show } from './dom';
import { SheetCanvas } from './heatCanvas';
import { LazyTables } from './lazyTables';
import { ScaleToggle } from './scaleToggle';

class LayerMaps {
  readonly element: HTMLElement;
  private readonly heading = h('h3', { class: 'map-title' });
  private readonly activations: SheetCanvas;
  private readonly gradients: SheetCanvas;
  private readonly routing = h('p', { class: 'map-note' });
  private readonly tables = new LazyTables();

  constructor(readonly view: FeatureLayerView) {
    this.activations = new SheetCanvas(view.activations.key);
    this.gradients = new SheetCanvas(view.gradients.key);
    this.element = h('div', { class: 'map-layer', attrs: { 'data-layer': view.layer } },
      this.heading, h('div', { class: 'map-pair' }, this.activations.element, this.gradients.element), this.routing, this.tables.element);
  }

  update(view: FeatureLayerView, context: RenderContext, showGradients: boolean): void {
    const palette = paletteOf(context.theme);
    this.heading.replaceChildren(view.title, h('span', { class: 'map-subtitle', text: ` ${view.shown < view.channels ? l10n.t('{0} · first {1} maps', view.subtitle, view.shown) : view.subtitle}` }));
    const isInput = view.layer < 0;
    this.activations.paint(view.activations, palette, context.theme, isInput ? l10n.t('image') : l10n.t('activations'), sheetSummary(view.activations));
    show(this.gradients.element, showGradients);
    if (showGradients) this.gradients.paint(view.gradients, palette, context.theme, isInput ? l10n.t('saliency ∂Lₙ/∂x') : l10n.t('gradient δ = ∂Lₙ/∂net'), sheetSummary(view.gradients));
    this.routing.textContent = view.routedBy && showGradients ? view.routedBy : '';
    show(this.routing, !!view.routedBy && showGradients);
    const tables = (sheet: HeatSheet, what: string): TableData[] => sheet.tiles.map((t) => ({
      caption: `${view.title} ${t.label}: ${what}`,
      headers: ['', ...Array.from({ length: t.cols }, (_, j) => l10n.t('col {0}', j + 1))],
      rows: tileRows(t, (v) => formatNumber(v, 3)),
    }));
    this.tables.set(() => [...tables(view.activations, isInput ? l10n.t('input value') : l10n.t('activation')), ...(showGradients ? tables(view.gradients, isInput ? '∂Lₙ/∂x' : 'δ') : [])]);
  }
}

export class FeatureMaps implements Component {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly toggle: ScaleToggle;
  private readonly memo = new Memo();
  private layers: LayerMaps[] = [];
  private signature = '';

  constructor(actions: Actions) {
    this.toggle = new ScaleToggle(actions);
    const c = card('feature-maps', l10n.t('Feature maps'), this.toggle.element);
    c.section.classList.add('wide');
    this.body = c.body;
    this.element = c.section;
  }

  update(context: RenderContext): void {
    const { state, depth } = context;
    const a = state.analysis;
    const visible = hasImageLayers(a);
    show(this.element, visible);
    const scale = state.view.mapScale ?? 'shared';
    this.toggle.update(scale);
    if (!visible || !a) return;
    const showGradients = visibility(depth).deltas;
    if (this.memo.changed(a, state.view.sample, scale, showGradients, context.themeVersion)) {
      const views = buildFeatureMaps(a, state.view.sample, scale);
      const signature = views.map((v) => `${v.activations.key}:${v.shown}`).join(',');
      if (signature !== this.signature) {
        this.signature = signature;
        this.layers = views.map((v) => new LayerMaps(v));
        this.body.replaceChildren(h('p', { class: 'map-legend', text: l10n.t('Blue: positive, orange: negative, background: 0. Outlined cells on a gradient map: the inputs a max pool passes the gradient to (the maximum of each window).') }), ...this.layers.map((l) => l.element));
      }
      views.forEach((v, i) => this.layers[i].update(v, context, showGradients));
    }
    // The step-through's stop highlights the maps of its layer (a class only: nothing is repainted).
    const phaseLayers = new Set(state.stepThrough && state.stepThrough.layerIndex !== undefined ? [state.stepThrough.layerIndex] : []);
    for (const l of this.layers) {
      const on = phaseLayers.has(l.view.layer);
      l.element.classList.toggle('phase-active', on);
      if (on) l.element.setAttribute('data-phase', state.stepThrough!.phase); else l.element.removeAttribute('data-phase');
    }
  }
}
