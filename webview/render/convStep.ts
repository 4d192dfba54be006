/**
 * The "Convolution step by step" card: for a conv layer, a filter and the selected sample, the input
 * maps with the kernel's window drawn where it is, the kernel, the output map (click a cell, or Prev/Next
 * and the slider, to move the window) and the products written out: forward the dot product that gives
 * the feature map's value; from depth 2 the δ map and what the window sends back to each input (δ·w);
 * from depth 3 the sum over every position that gives ∂Lₙ/∂w of the chosen kernel weight (click one),
 * beside the engine's. Every map is a table (the numbers are the picture). Numbers: model/convStepModel.ts.
 * Redraws only when the analysis, the sample, the depth, the theme or its own choice changed.
 */
import { l10n } from '../../src/shared/l10n';
import { buildConvStep, chosenConvLayer, convLayerOptions, type ConvStepChoice, type ConvStepView } from '../model/convStepModel';
import { convGradientsOnScreen } from '../model/state';
import { cellName, convStepLabels, type ConvStepLabels } from '../model/convStepLabels';
import { visibility } from '../model/depth';
import { formatNumber } from '../model/format';
import { paletteOf } from './boundaryView';
import { card } from './chartCard';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { gridTable, type GridCell } from './convGrid';
import { h, show } from './dom';
import { dataTable } from './lazyTables';

/** Input channels drawn as maps at most (the products' table lists every channel). */
const MAX_CHANNEL_MAPS = 8;

const num = (v: number) => formatNumber(v, 4);
const par = (v: number) => (v < 0 ? `(${num(v)})` : num(v));

export class ConvStepCard implements Component {
  readonly element: HTMLElement;
  private readonly body: HTMLElement;
  /** What each render replaces (the controls above it stay, so they keep focus while sliding). */
  private readonly content = h('div', { class: 'conv-content' });
  private readonly memo = new Memo();
  private readonly layerSelect = h('select', { class: 'select conv-layer', attrs: { 'aria-label': l10n.t('Conv layer') } });
  private readonly filterSelect = h('select', { class: 'select conv-filter', attrs: { 'aria-label': l10n.t('Filter') } });
  private readonly prev = h('button', { class: 'button secondary small conv-prev', text: l10n.t('Prev'), attrs: { type: 'button' } });
  private readonly next = h('button', { class: 'button secondary small conv-next', text: l10n.t('Next'), attrs: { type: 'button' } });
  private readonly slider = h('input', { class: 'conv-slider', attrs: { type: 'range', min: 0, step: 1, 'aria-label': l10n.t('Window position') } });
  private readonly where = h('span', { class: 'conv-where', attrs: { 'aria-live': 'polite' } });
  private choice: ConvStepChoice = { layer: -1, filter: 0, position: 0, tap: 0 };
  private context: RenderContext | undefined;
  private layersKey = '';

  constructor(private readonly actions: Actions) {
    const c = card('conv-step', l10n.t('Convolution step by step'));
    c.section.classList.add('wide');
    this.body = c.body;
    this.element = c.section;
    this.body.append(h('div', { class: 'conv-controls' }, this.layerSelect, this.filterSelect, this.prev, this.slider, this.next, this.where), this.content);
    this.layerSelect.addEventListener('change', () => {
      // The state's new layer comes with the next render (which asks for that layer's gradients).
      this.choice = { layer: Number(this.layerSelect.value), filter: 0, position: 0, tap: 0 };
      this.actions.dispatch({ type: 'chooseConvLayer', layer: this.choice.layer });
    });
    this.filterSelect.addEventListener('change', () => this.choose({ filter: Number(this.filterSelect.value) }));
    this.prev.addEventListener('click', () => this.choose({ position: this.choice.position - 1 }));
    this.next.addEventListener('click', () => this.choose({ position: this.choice.position + 1 }));
    this.slider.addEventListener('input', () => this.choose({ position: Number(this.slider.value) }));
  }

  update(context: RenderContext): void {
    this.context = context;
    const a = context.state.analysis;
    const options = convLayerOptions(a);
    show(this.element, options.length > 0);
    if (!a || options.length === 0) return;
    const key = options.map((o) => `${o.layer}:${o.name}:${o.filters}`).join(',');
    if (key !== this.layersKey) {
      this.layersKey = key;
      this.layerSelect.replaceChildren(...options.map((o) => h('option', { text: o.name, attrs: { value: o.layer } })));
    }
    // The layer is the state's (its per-sample gradients are asked for by it); filter, position and tap are the card's.
    const layer = chosenConvLayer(a, context.state.teach.convLayer)!;
    if (layer !== this.choice.layer) this.choice = { layer, filter: 0, position: 0, tap: 0 };
    const { choice } = this;
    const grads = convGradientsOnScreen(context.state);
    if (!this.memo.changed(a, grads, context.state.view.sample, context.depth, context.themeVersion, choice.layer, choice.filter, choice.position, choice.tap)) return;
    const view = buildConvStep(a, context.state.view.sample, choice, grads);
    if (!view) { this.content.replaceChildren(h('p', { class: 'map-note', text: l10n.t('No numbers for this layer and sample.') })); return; }
    this.choice = { layer: view.layer, filter: view.filter, position: view.positionIndex, tap: view.tapIndex };
    this.render(view, context);
  }

  private choose(change: Partial<ConvStepChoice>): void {
    this.choice = { ...this.choice, ...change };
    if (this.context) this.update(this.context);
  }

  private render(view: ConvStepView, context: RenderContext): void {
    const focused = this.element.contains(document.activeElement) ? (document.activeElement as HTMLElement) : undefined;
    const focusKey = focused?.getAttribute('data-key') ?? undefined;
    const palette = paletteOf(context.theme);
    const seen = visibility(context.depth);
    const [kh, kw] = view.geometry.kernel, [H, W] = view.geometry.input, [Ho, Wo] = view.geometry.output;
    const [ph, pw] = view.geometry.padding, [sh, sw] = view.geometry.stride;
    const [y, x] = view.position, [tc, ti, tj] = view.tap;
    const back = seen.deltas ? view.backward : undefined;
    const showWeightSum = seen.weightGradients && !!back;
    const channels = Math.min(view.channels, MAX_CHANNEL_MAPS);
    const names = convStepLabels(view, channels);

    this.layerSelect.value = String(view.layer);
    this.filterSelect.replaceChildren(...Array.from({ length: view.filters }, (_, f) => h('option', { text: l10n.t('filter {0}', f + 1), attrs: { value: f } })));
    this.filterSelect.value = String(view.filter);
    this.slider.setAttribute('max', String(Ho * Wo - 1));
    this.slider.value = String(view.positionIndex);
    this.slider.setAttribute('aria-valuetext', cellName(y, x));
    this.prev.disabled = view.positionIndex === 0;
    this.next.disabled = view.positionIndex === Ho * Wo - 1;
    this.where.textContent = names.where;

    // The input maps with the padding ring, the window drawn at (y, x); the chosen weight's input marked.
    // Axes count from 1 like every name; the padding ring's rows and columns are left unlabelled.
    const inputMaps = Array.from({ length: channels }, (_, c) => gridTable({
      caption: names.channelCaptions[c],
      rows: H + 2 * ph, cols: W + 2 * pw, rowPadding: ph, colPadding: pw,
      cell: (r, col): GridCell => {
        const row = r - ph, cl = col - pw;
        const inside = row >= 0 && row < H && cl >= 0 && cl < W;
        const inWindow = row >= y * sh - ph && row < y * sh - ph + kh && cl >= x * sw - pw && cl < x * sw - pw + kw;
        const isTap = showWeightSum && c === tc && inWindow && row - (y * sh - ph) === ti && cl - (x * sw - pw) === tj;
        return {
          ...(inside ? { value: view.input[(c * H + row) * W + cl] } : {}),
          label: inside ? cellName(row, cl) : l10n.t('padding'),
          classes: [inWindow ? 'in-window' : '', isTap ? 'tap' : ''].filter(Boolean),
        };
      },
    }, palette));
    const kernelMaps = Array.from({ length: channels }, (_, c) => gridTable({
      caption: names.kernelCaptions[c],
      rows: kh, cols: kw,
      cell: (i, j): GridCell => ({
        value: view.kernel[(c * kh + i) * kw + j], label: names.kernelCells[(c * kh + i) * kw + j], key: `tap-${(c * kh + i) * kw + j}`,
        classes: showWeightSum && c === tc && i === ti && j === tj ? ['chosen'] : [],
      }),
    }, palette, (key) => this.choose({ tap: Number(key.slice(4)) })));
    const positionCell = (values: readonly number[], what: string, prefix: string) => (r: number, col: number): GridCell => ({
      value: values[r * Wo + col], label: l10n.t('{0} at {1}', what, names.outputCells[r * Wo + col]), key: `${prefix}-${r * Wo + col}`,
      classes: r === y && col === x ? ['chosen'] : [],
    });
    const choosePosition = (key: string) => this.choose({ position: Number(key.slice(key.indexOf('-') + 1)) });
    const outputMap = gridTable({ caption: l10n.t('{0}: output of filter {1}', view.name, view.filter + 1), rows: Ho, cols: Wo, cell: positionCell(view.output, l10n.t('output'), 'pos') }, palette, choosePosition);
    const deltaMap = back ? gridTable({ caption: l10n.t('δ = ∂Lₙ/∂net of filter {0}', view.filter + 1), rows: Ho, cols: Wo, cell: positionCell(back.deltaMap, 'δ', 'delta') }, palette, choosePosition) : undefined;

    const f = view.forward;
    const formula = h('p', { class: 'conv-formula' },
      l10n.t('net of {0} = Σ w·x + b = {1} + {2} = {3} + {2} = {4}', names.here,
        `${f.terms.slice(0, 4).map((t) => `${par(t.weight)}·${par(t.input)}`).join(' + ')}${f.terms.length > 4 ? ` + … (${l10n.t('{0} products', f.terms.length)})` : ''}`,
        par(f.bias), num(f.sum), num(f.net)),
      h('br'),
      f.activation === 'linear'
        ? l10n.t('No activation: the feature map shows {0} (the engine: {1}).', num(f.out), num(f.engineNet))
        : l10n.t('{0}({1}) = {2}: the feature map\'s value (the engine\'s net: {3}).', f.activation, num(f.net), num(f.out), num(f.engineNet)));
    const products = dataTable({
      caption: names.productsCaption,
      headers: [l10n.t('weight [filter, channel, row, column]'), 'w', l10n.t('input [channel, row, column]'), 'x', 'w·x'],
      rows: f.terms.map((t, k) => [names.productRows[k][0], num(t.weight), names.productRows[k][1], num(t.input), num(t.product)]),
    });
    products.classList.add('conv-products');

    const sections: HTMLElement[] = [
      h('div', { class: 'conv-pictures' },
        h('div', { class: 'conv-figure' }, ...inputMaps, view.channels > channels ? h('p', { class: 'map-note', text: l10n.t('First {0} of {1} channels drawn; the table lists them all.', channels, view.channels) }) : undefined),
        h('div', { class: 'conv-figure' }, ...kernelMaps),
        h('div', { class: 'conv-figure' }, outputMap, deltaMap)),
      h('h3', { class: 'map-title', text: l10n.t('Forward: the dot product of the window') }),
      formula,
      h('div', { class: 'table-scroll conv-table' }, products),
    ];
    if (back) sections.push(...this.backward(names, back, showWeightSum));
    this.content.replaceChildren(...sections);
    if (focusKey) (this.content.querySelector(`[data-key="${focusKey}"]`) as HTMLElement | null)?.focus();
  }

  private backward(names: ConvStepLabels, back: NonNullable<ConvStepView['backward']>, showWeightSum: boolean): HTMLElement[] {
    const out: HTMLElement[] = [
      h('h3', { class: 'map-title', text: names.backwardTitle }),
      h('p', { class: 'conv-formula', text: l10n.t('Each input under the window receives δ·w = {0}·w; its whole ∂Lₙ/∂x adds the shares of every window and filter that read it.', par(back.delta)) }),
    ];
    const window = dataTable({
      caption: names.backwardCaption,
      headers: [l10n.t('input [channel, row, column]'), 'w', 'δ·w', l10n.t('whole ∂Lₙ/∂x (engine)')],
      rows: back.inputWindow.map((t, k) => [names.backwardInputs[k], num(t.weight), num(t.product), t.engineTotal === undefined ? '–' : num(t.engineTotal)]),
    });
    window.classList.add('conv-input-gradient');
    out.push(h('div', { class: 'table-scroll conv-table' }, window));
    if (!showWeightSum) return out;
    const s = back.weightSum;
    const term = (t: (typeof s.shown)[number]) => `${par(t.delta)}·${par(t.input)}`;
    const shownText = s.shown.map(term).join(' + ');
    const rest = s.termCount - s.shown.length;
    out.push(
      h('h3', { class: 'map-title', text: names.weightTitle }),
      h('p', { class: 'conv-formula conv-weight-sum' },
        `${names.weightFormula} = ${shownText}${rest > 0 ? ` + ${l10n.t('{0} more terms, {1} of them 0', rest, s.zeroTerms - (s.shown.length - s.shown.filter((t) => t.product !== 0).length))} (${num(s.restSum)})` : ''} = ${num(s.sum)}`,
        h('br'),
        s.engineSample !== undefined ? `${l10n.t('The engine\'s ∂Lₙ/∂w of this sample: {0}.', num(s.engineSample))} `
          : s.engineSampleWithheld ? `${l10n.t('The engine\'s per-sample value is not sent for a layer this large.')} ` : '',
        l10n.t('The batch gradient is the mean over the {0} samples, (1/N) Σₙ ∂Lₙ/∂w = {1}.', s.samples, num(s.engineBatch)),
        h('br'),
        l10n.t('At the window\'s position {0}: δ·x = {1}·{2} = {3}; {4} of {5} terms read the padding (0).', names.here, par(s.current.delta), par(s.current.input), num(s.current.product), s.paddingTerms, s.termCount)),
    );
    const table = dataTable({
      caption: names.weightCaption,
      headers: [l10n.t('position [filter, row, column]'), 'δ', l10n.t('input [channel, row, column]'), 'x', 'δ·x'],
      rows: s.shown.map((t, k) => [names.weightTermPositions[k], num(t.delta), names.weightTermInputs[k], num(t.input), num(t.product)]),
    });
    table.classList.add('conv-weight-terms');
    out.push(h('div', { class: 'table-scroll conv-table' }, table));
    return out;
  }
}
