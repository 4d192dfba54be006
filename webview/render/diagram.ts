/**
 * The network diagram (SVG). Neurons are filled by their activation for the selected sample, edges
 * coloured by the sign of their weight and as wide as |∂L/∂w| (or |w|). Click selects and reveals;
 * the keyboard reaches the neurons with Tab and the arrow keys, and the edges through the inspector.
 */
import { l10n } from '../../src/shared/l10n';
import { buildDiagram, MAX_UNITS_SHOWN, neighbour, type DiagramView, type EdgeView, type NeuronView } from '../model/diagramModel';
import { visibility } from '../model/depth';
import { compactNumber, formatNumber } from '../model/format';
import type { PanelSelection } from '../model/selection';
import { selectionKey } from '../model/selection';
import { stepThroughBar } from '../model/stepThroughModel';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, replaceChildren, show, svg } from './dom';
import { Inspector } from './inspector';
import { hasImageLayers } from '../model/featureMapsModel';
import { StackDiagram } from './stackDiagram';

const ARROWS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);

/** The diagram key a selection highlights (a bias highlights its unit). */
function highlightKey(s: PanelSelection | undefined): string | undefined {
  if (!s) return undefined;
  if (s.kind === 'bias') return `u-${s.layer}-${s.unit}`;
  return selectionKey(s);
}


/** The smallest scale the diagram is drawn at (its labels stay readable). */
const MIN_SCALE = 0.6;
export class Diagram implements Component {
  readonly element: HTMLElement;
  private readonly host = h('div', { class: 'diagram-scroll' });
  private readonly legend = h('div', { class: 'legend' });
  private readonly widthToggle: HTMLElement;
  private readonly widthButtons: Record<'gradient' | 'weight', HTMLButtonElement>;
  private readonly inspector: Inspector;
  /** Networks with image layers are drawn as stacks of feature maps instead. */
  private readonly stack: StackDiagram;
  private readonly memo = new Memo();
  private view: DiagramView | undefined;
  private focusKey: string | undefined;
  private lastFocusRequest = 0;

  constructor(private readonly actions: Actions, body: HTMLElement, header: HTMLElement) {
    const make = (by: 'gradient' | 'weight', text: string) => {
      const b = h('button', { class: 'toggle', text, attrs: { type: 'button', 'aria-pressed': 'false' } });
      b.addEventListener('click', () => actions.dispatch({ type: 'setEdgeWidthBy', by }));
      return b;
    };
    this.widthButtons = { gradient: make('gradient', '|∂L/∂w|'), weight: make('weight', '|w|') };
    this.widthToggle = h('div', { class: 'toggle-group', attrs: { role: 'group', 'aria-label': l10n.t('Edge width shows') } },
      h('span', { class: 'toggle-label', text: l10n.t('Width') }), this.widthButtons.gradient, this.widthButtons.weight);
    header.append(this.widthToggle);
    this.inspector = new Inspector(actions);
    this.stack = new StackDiagram(actions);
    this.host.addEventListener('click', (e) => this.onClick(e));
    this.host.addEventListener('keydown', (e) => this.onKey(e));
    this.host.addEventListener('focusin', (e) => {
      const key = (e.target as Element).closest?.('[data-key]')?.getAttribute('data-key');
      if (key) this.focusKey = key;
    });
    body.classList.add('diagram-body');
    body.append(h('div', { class: 'diagram-layout' }, h('div', { class: 'diagram-main' }, this.host, this.legend, this.stack.element), this.inspector.element));
    this.element = body;
  }

  update(context: RenderContext): void {
    const { state, depth } = context;
    const a = state.analysis;
    const vis = visibility(depth);
    const stacked = hasImageLayers(a);
    show(this.widthToggle, vis.weightGradients && a !== undefined && !stacked);
    this.inspector.update(context);
    show(this.stack.element, stacked);
    show(this.host, !stacked);
    show(this.legend, !stacked);
    if (stacked) { this.stack.update(context); return; }
    if (!this.memo.changed(a, state.view.sample, depth, state.view.edgeWidthBy, state.view.selection, state.focusRequest, state.stepThrough)) return;
    if (!a) { this.host.replaceChildren(); this.legend.replaceChildren(); this.view = undefined; return; }

    const view = buildDiagram(a, state.view.sample, depth, state.view.edgeWidthBy);
    this.view = view;
    const selected = highlightKey(state.view.selection);
    const hadFocus = this.host.contains(document.activeElement);
    if (!this.focusKey || !view.neurons.some((n) => n.key === this.focusKey)) this.focusKey = view.neurons.some((n) => n.key === selected) ? selected : view.neurons[0]?.key;
    const phaseLayers = new Set(state.stepThrough ? stepThroughBar(state.stepThrough, a.layers.length).highlightLayers : []);
    this.host.replaceChildren(this.draw(view, selected, vis.deltas, phaseLayers, state.stepThrough?.phase));

    for (const by of ['gradient', 'weight'] as const) {
      this.widthButtons[by].setAttribute('aria-pressed', String(view.edgeWidthBy === by));
    }
    this.drawLegend(view, a.layers.some((l) => l.units > MAX_UNITS_SHOWN) || a.inputs > MAX_UNITS_SHOWN);

    const focusRequested = state.focusRequest !== this.lastFocusRequest;
    this.lastFocusRequest = state.focusRequest;
    if (focusRequested && selected) {
      const el = this.host.querySelector(`[data-key="${selected}"]`);
      el?.scrollIntoView?.({ block: 'nearest', inline: 'nearest' });
      this.element.closest('section')?.scrollIntoView?.({ block: 'nearest' });
    } else if (hadFocus && this.focusKey) {
      (this.host.querySelector(`[data-key="${this.focusKey}"]`) as SVGElement | null)?.focus();
    }
  }

  private draw(view: DiagramView, selected: string | undefined, showDelta: boolean, phaseLayers: ReadonlySet<number>, phase: string | undefined): SVGSVGElement {
    const related = (e: EdgeView) => selected !== undefined && (selected === `u-${e.layer}-${e.unit}` || (e.layer === 0 ? selected === `in-${e.input}` : selected === `u-${e.layer - 1}-${e.input}`));
    const mark = (el: SVGGElement, layer: number) => {
      if (phaseLayers.has(layer)) { el.classList.add('phase-active'); if (phase) el.setAttribute('data-phase', phase); }
      return el;
    };
    const edges = svg('g', { class: 'edges' }, ...view.edges.map((e) => mark(this.edge(e, e.key === selected, related(e)), e.layer)));
    const neurons = svg('g', { class: 'neurons' }, ...view.neurons.map((n) => mark(this.neuron(n, view.radius, n.key === selected, showDelta), n.layer)));
    const labels = svg('g', { class: 'column-labels' }, ...view.columns.map((c) => svg('g', phaseLayers.has(c.layer) ? { class: 'phase-active' } : {},
      svg('text', { class: 'column-title', x: c.x, y: 18, 'text-anchor': 'middle' }, c.title),
      svg('text', { class: 'column-subtitle', x: c.x, y: 34, 'text-anchor': 'middle' }, c.shown < c.units ? l10n.t('{0} · {1} of {2}', c.subtitle, c.shown, c.units) : c.subtitle),
    )));
    const diagram = svg('svg', {
      class: 'diagram', viewBox: `0 0 ${view.width} ${view.height}`, width: view.width, height: view.height,
      role: 'group', 'aria-label': l10n.t('Network diagram: {0}. Use the arrow keys to move between neurons, Enter to select.', view.columns.map((c) => `${c.title} (${c.units})`).join(', ')),
    }, labels, edges, neurons);
    // Never drawn below 60 % of its size: a deep network scrolls sideways instead of shrinking out of sight.
    diagram.style.minWidth = `${Math.round(view.width * MIN_SCALE)}px`;
    return diagram;
  }

  private edge(e: EdgeView, selected: boolean, related: boolean): SVGGElement {
    const grad = e.grad !== undefined ? `, ∂L/∂w = ${formatNumber(e.grad)}` : '';
    const label = e.layer === 0
      ? l10n.t('Weight from x{0} to unit {1} of layer {2}: w = {3}{4}', e.input + 1, e.unit + 1, e.layer + 1, formatNumber(e.weight), grad)
      : l10n.t('Weight from unit {0} to unit {1} of layer {2}: w = {3}{4}', e.input + 1, e.unit + 1, e.layer + 1, formatNumber(e.weight), grad);
    return svg('g', { class: `edge ${e.sign}${selected ? ' selected' : ''}${related ? ' related' : ''}`, 'data-key': e.key, 'aria-label': label },
      svg('title', {}, label),
      svg('line', { class: 'edge-line', x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2, 'stroke-width': e.width.toFixed(2), 'stroke-opacity': e.opacity.toFixed(2) }),
      svg('line', { class: 'edge-hit', x1: e.x1, y1: e.y1, x2: e.x2, y2: e.y2 }),
    );
  }

  private neuron(n: NeuronView, r: number, selected: boolean, showDelta: boolean): SVGGElement {
    const deltaText = showDelta && n.delta !== undefined ? l10n.t(', error signal δ {0}', formatNumber(n.delta)) : '';
    const targetText = n.target !== undefined ? l10n.t(', target {0}', formatNumber(n.target)) : '';
    const label = n.layer < 0
      ? l10n.t('Input {0}: value {1}{2}{3}', n.label, formatNumber(n.value), targetText, deltaText)
      : l10n.t('Neuron {0}: activation {1}{2}{3}', n.label, formatNumber(n.value), targetText, deltaText);
    const g = svg('g', {
      class: `neuron${n.layer < 0 ? ' input' : ''}${selected ? ' selected' : ''}`, 'data-key': n.key, role: 'button',
      tabindex: n.key === this.focusKey ? 0 : -1, 'aria-label': label, 'aria-pressed': String(selected),
    },
      svg('title', {}, label),
      svg('circle', { class: 'neuron-bg', cx: n.x, cy: n.y, r }),
      svg('circle', { class: `neuron-fill ${n.intensity < 0 ? 'negative' : 'positive'}`, cx: n.x, cy: n.y, r, 'fill-opacity': Math.min(0.9, Math.abs(n.intensity) * 0.9).toFixed(3) }),
      svg('circle', { class: 'neuron-ring', cx: n.x, cy: n.y, r }),
      svg('text', { class: 'neuron-value', x: n.x, y: n.y + 4, 'text-anchor': 'middle' }, compactNumber(n.value)),
    );
    if (showDelta && n.delta !== undefined) {
      g.append(svg('text', { class: 'neuron-delta', x: n.x, y: n.y + r + 13, 'text-anchor': 'middle' }, `δ ${formatNumber(n.delta, 3)}`));
    }
    if (n.target !== undefined) {
      g.append(svg('text', { class: 'neuron-target', x: n.x + r + 8, y: n.y + 4, 'text-anchor': 'start' }, `t ${formatNumber(n.target, 3)}`));
    }
    return g;
  }

  private drawLegend(view: DiagramView, truncated: boolean): void {
    const swatch = (cls: string) => h('span', { class: `swatch ${cls}`, attrs: { 'aria-hidden': 'true' } });
    const widthText = view.edgeWidthBy === 'gradient'
      ? l10n.t('width ∝ |∂L/∂w| (widest {0})', formatNumber(view.maxMagnitude, 3))
      : l10n.t('width ∝ |w| (widest {0})', formatNumber(view.maxMagnitude, 3));
    replaceChildren(this.legend,
      h('span', { class: 'legend-item' }, swatch('swatch-positive'), l10n.t('positive weight')),
      h('span', { class: 'legend-item' }, swatch('swatch-negative'), l10n.t('negative weight')),
      h('span', { class: 'legend-item' }, widthText),
      h('span', { class: 'legend-item' }, swatch('swatch-fill'), l10n.t('fill = activation of the selected sample')),
      truncated ? h('span', { class: 'legend-item' }, l10n.t('large layers show their first {0} units', MAX_UNITS_SHOWN)) : null,
    );
  }

  private target(e: Event): { key: string } | undefined {
    const el = (e.target as Element).closest?.('[data-key]');
    const key = el?.getAttribute('data-key');
    return key ? { key } : undefined;
  }

  private selectKey(key: string): void {
    const item = this.view?.neurons.find((n) => n.key === key) ?? this.view?.edges.find((ed) => ed.key === key);
    if (item) this.actions.dispatch({ type: 'select', selection: item.selection });
  }

  private onClick(e: MouseEvent): void {
    const t = this.target(e);
    if (!t) return;
    this.focusKey = t.key.startsWith('w-') ? this.focusKey : t.key;
    this.selectKey(t.key);
  }

  private onKey(e: KeyboardEvent): void {
    const t = this.target(e);
    if (!t || !this.view) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.selectKey(t.key);
    } else if (ARROWS.has(e.key)) {
      e.preventDefault();
      const next = neighbour(this.view, t.key, e.key as 'ArrowUp');
      this.host.querySelectorAll('.neuron').forEach((n) => n.setAttribute('tabindex', n.getAttribute('data-key') === next ? '0' : '-1'));
      this.focusKey = next;
      (this.host.querySelector(`[data-key="${next}"]`) as SVGElement | null)?.focus();
    }
  }
}
