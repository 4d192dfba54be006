/**
 * The kernels card: every convolution's kernels as small heat maps (a row per filter, a tile per input
 * channel), their gradients ∂L/∂w from depth 3, and while training the kernels at the start beside the
 * ones now. Tables behind the pictures list every kernel's numbers.
 */
import { l10n } from '../../src/shared/l10n';
import { visibility } from '../model/depth';
import { formatNumber } from '../model/format';
import { sheetSummary, type HeatSheet } from '../model/heatSheet';
import { buildKernels, kernelTable, type KernelLayerView } from '../model/kernelsModel';
import { paletteOf } from './boundaryView';
import { card, type TableData } from './chartCard';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, show } from './dom';
import { SheetCanvas } from './heatCanvas';
import { LazyTables } from './lazyTables';
import { ScaleToggle } from './scaleToggle';

class LayerKernels {
  readonly element: HTMLElement;
  private readonly heading = h('h3', { class: 'map-title' });
  private readonly now: SheetCanvas;
  private readonly first: SheetCanvas;
  private readonly grads: SheetCanvas;
  private readonly note = h('p', { class: 'map-note' });
  private readonly tables = new LazyTables();

  constructor(view: KernelLayerView) {
    this.first = new SheetCanvas(`kernel-first-${view.layer}`);
    this.now = new SheetCanvas(view.weights.key);
    this.grads = new SheetCanvas(view.gradients.key);
    this.element = h('div', { class: 'map-layer', attrs: { 'data-layer': view.layer } },
      this.heading, h('div', { class: 'map-pair' }, this.first.element, this.now.element, this.grads.element), this.note, this.tables.element);
  }

  update(view: KernelLayerView, context: RenderContext, showGradients: boolean): void {
    const palette = paletteOf(context.theme);
    const cut = view.shownFilters < view.filters || view.shownChannels < view.channels;
    this.heading.replaceChildren(view.title, h('span', { class: 'map-subtitle', text: ` ${cut
      ? l10n.t('{0} · first {1} filters × {2} channels · a row per filter', view.subtitle, view.shownFilters, view.shownChannels)
      : l10n.t('{0} · a row per filter', view.subtitle)}` }));
    show(this.first.element, !!view.first);
    if (view.first) this.first.paint(view.first, palette, context.theme, l10n.t('at the start'), sheetSummary(view.first));
    this.now.paint(view.weights, palette, context.theme, view.first ? l10n.t('now') : l10n.t('weights'), sheetSummary(view.weights));
    show(this.grads.element, showGradients);
    if (showGradients) this.grads.paint(view.gradients, palette, context.theme, '∂L/∂w', sheetSummary(view.gradients));
    this.note.textContent = view.first ? l10n.t('Largest change of a weight since the start: {0}.', formatNumber(view.largestChange, 3)) : l10n.t('Train to compare the kernels with the ones at the start.');
    const table = (sheet: HeatSheet, what: string): TableData => ({
      caption: `${view.title}: ${what}`,
      headers: [l10n.t('kernel'), ...Array.from({ length: view.kh }, (_, r) => l10n.t('row {0}', r + 1))],
      rows: kernelTable(sheet),
    });
    this.tables.set(() => [
      ...(view.first ? [table(view.first, l10n.t('kernels at the start'))] : []),
      table(view.weights, l10n.t('kernels now')),
      ...(showGradients ? [table(view.gradients, '∂L/∂w')] : []),
    ]);
  }
}

export class Kernels implements Component {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  private readonly toggle: ScaleToggle;
  private readonly memo = new Memo();
  private layers: LayerKernels[] = [];
  private signature = '';

  constructor(actions: Actions) {
    this.toggle = new ScaleToggle(actions);
    const c = card('kernels', l10n.t('Kernels'), this.toggle.element);
    c.section.classList.add('wide');
    this.body = c.body;
    this.element = c.section;
  }

  update(context: RenderContext): void {
    const { state, depth } = context;
    const a = state.analysis;
    const scale = state.view.mapScale ?? 'shared';
    const hasConv = !!a?.layers.some((l) => l.layered?.type === 'conv2d');
    show(this.element, hasConv);
    this.toggle.update(scale);
    if (!a || !hasConv) return;
    const showGradients = visibility(depth).weightGradients;
    if (!this.memo.changed(a, scale, showGradients, context.themeVersion)) return;
    const views = buildKernels(a, scale);
    const signature = views.map((v) => `${v.layer}:${v.shownFilters}:${v.shownChannels}`).join(',');
    if (signature !== this.signature) {
      this.signature = signature;
      this.layers = views.map((v) => new LayerKernels(v));
      this.body.replaceChildren(...this.layers.map((l) => l.element));
    }
    views.forEach((v, i) => this.layers[i].update(v, context, showGradients));
  }
}
