/**
 * The diagram of a mixed network (SVG): image layers as stacks of feature maps, flat layers as columns
 * of neurons filled by the selected sample's activation. Tab reaches the diagram, the arrow keys move
 * between stacks and neurons, Enter selects; the table behind it lists every layer with the gradient
 * that reaches it. Deep networks scroll sideways (never drawn below 60 % of their size).
 */
import { l10n } from '../../src/shared/l10n';
import { buildStackDiagram, stackNeighbour, type StackDiagramView } from '../model/stackDiagramModel';
import { visibility } from '../model/depth';
import type { PanelSelection } from '../model/selection';
import { selectionKey } from '../model/selection';
import type { Actions, RenderContext } from './context';
import { Memo } from './context';
import { h, svg } from './dom';
import { LazyTables } from './lazyTables';
import { stepThroughBar } from '../model/stepThroughModel';

const ARROWS = new Set(['ArrowUp', 'ArrowDown', 'ArrowLeft', 'ArrowRight']);
const MIN_SCALE = 0.6;
const RADIUS = 10;

function keyOf(s: PanelSelection | undefined): string | undefined {
  if (!s) return undefined;
  if (s.kind === 'weight' || s.kind === 'bias') return `l-${s.layer}`;
  return selectionKey(s);
}

export class StackDiagram {
  readonly element: HTMLElement;
  private readonly host = h('div', { class: 'diagram-scroll' });
  private readonly tables = new LazyTables(l10n.t('Show the layers as a table'));
  private readonly memo = new Memo();
  private view: StackDiagramView | undefined;
  private focusKey: string | undefined;

  constructor(private readonly actions: Actions) {
    this.element = h('div', { class: 'stack-diagram' }, this.host, this.tables.element);
    this.host.addEventListener('click', (e) => {
      const key = (e.target as Element).closest?.('[data-key]')?.getAttribute('data-key');
      if (key) { this.focusKey = key; this.select(key); }
    });
    this.host.addEventListener('keydown', (e) => this.onKey(e));
  }

  update(context: RenderContext): void {
    const { state, depth } = context;
    const a = state.analysis;
    if (!a || !this.memo.changed(a, state.view.sample, state.view.selection, depth, state.stepThrough)) return;
    const view = buildStackDiagram(a, state.view.sample);
    this.view = view;
    const selected = keyOf(state.view.selection);
    const hadFocus = this.host.contains(document.activeElement);
    if (!this.focusKey || !view.nodes.some((n) => n.key === this.focusKey)) this.focusKey = view.nodes.some((n) => n.key === selected) ? selected : view.nodes[0]?.key;
    // The step-through's stop lights up its layer (every layer at the update), as the dense diagram does.
    const phaseLayers = new Set(state.stepThrough ? stepThroughBar(state.stepThrough, a.layers.length).highlightLayers : []);
    this.host.replaceChildren(this.draw(view, selected, phaseLayers, state.stepThrough?.phase));
    if (hadFocus && this.focusKey) (this.host.querySelector(`[data-key="${this.focusKey}"]`) as SVGElement | null)?.focus();
    const gradients = visibility(depth).layerGradients;
    this.tables.set(() => [{
      caption: l10n.t('Layers of the network: output shape, parameters and the gradient that reaches each'),
      headers: gradients
        ? [l10n.t('layer'), l10n.t('type'), l10n.t('output'), l10n.t('parameters'), '‖∂L/∂θ‖', l10n.t('mean |δ| passing through')]
        : [l10n.t('layer'), l10n.t('type'), l10n.t('output'), l10n.t('parameters')],
      rows: view.rows.map((r) => (gradients ? [r.layer, r.type, r.output, r.parameters, r.paramGradient, r.passing] : [r.layer, r.type, r.output, r.parameters])),
    }]);
  }

  private draw(view: StackDiagramView, selected: string | undefined, phaseLayers: ReadonlySet<number>, phase: string | undefined): SVGSVGElement {
    const parts: SVGElement[] = [];
    const active = (layer: number) => phaseLayers.has(layer);
    view.columns.forEach((c) => {
      if (active(c.layer)) {
        parts.push(svg('rect', { class: 'stack-phase-band', x: c.x - 40, y: 2, width: 80, height: view.height - 4, rx: 6, 'data-layer': c.layer, 'data-phase': phase ?? '' }));
      }
    });
    view.columns.forEach((c, i) => {
      parts.push(svg('text', { class: `column-title${active(c.layer) ? ' phase-active' : ''}`, x: c.x, y: 18, 'text-anchor': 'middle' }, c.title));
      parts.push(svg('text', { class: 'column-subtitle', x: c.x, y: 34, 'text-anchor': 'middle' }, c.type));
      parts.push(svg('text', { class: 'column-subtitle', x: c.x, y: view.height - 12, 'text-anchor': 'middle' }, c.shown < c.units && c.kind === 'flat' ? l10n.t('{0} · {1} shown', c.shape, c.shown) : c.shape));
      const next = view.columns[i + 1];
      if (next) parts.push(svg('line', { class: 'stack-link', x1: c.x + 36, y1: view.height / 2 + 8, x2: next.x - 36, y2: view.height / 2 + 8 }));
    });
    for (const n of view.nodes) {
      const c = view.columns[n.column];
      const isSelected = n.key === selected;
      const common = { 'data-key': n.key, role: 'button', tabindex: n.key === this.focusKey ? 0 : -1, 'aria-label': n.label, 'aria-pressed': String(isSelected) };
      if (c.kind === 'image' && c.sheet) {
        const s = c.sheet;
        const sheets: SVGElement[] = [];
        for (let k = s.drawn - 1; k >= 0; k--) {
          sheets.push(svg('rect', { class: 'stack-sheet', x: c.x - s.width / 2 + k * s.offset - (s.drawn - 1) * s.offset / 2, y: s.top + k * s.offset, width: s.width, height: s.height, rx: 2 }));
        }
        parts.push(svg('g', { class: `stack${isSelected ? ' selected' : ''}${active(c.layer) ? ' phase-active' : ''}`, ...common }, svg('title', {}, n.label), ...sheets));
      } else {
        const fill = n.intensity ?? 0;
        parts.push(svg('g', { class: `neuron${c.layer < 0 ? ' input' : ''}${isSelected ? ' selected' : ''}${active(c.layer) ? ' phase-active' : ''}`, ...common },
          svg('title', {}, n.label),
          svg('circle', { class: 'neuron-bg', cx: n.x, cy: n.y, r: RADIUS }),
          svg('circle', { class: `neuron-fill ${fill < 0 ? 'negative' : 'positive'}`, cx: n.x, cy: n.y, r: RADIUS, 'fill-opacity': Math.min(0.9, Math.abs(fill) * 0.9).toFixed(3) }),
          svg('circle', { class: 'neuron-ring', cx: n.x, cy: n.y, r: RADIUS })));
      }
    }
    const diagram = svg('svg', {
      class: 'diagram stacked', viewBox: `0 0 ${view.width} ${view.height}`, width: view.width, height: view.height, role: 'group',
      'aria-label': l10n.t('Network diagram: {0}. Use the arrow keys to move between layers and neurons, Enter to select.', view.columns.map((c) => `${c.title} (${c.shape})`).join(', ')),
    }, ...parts);
    diagram.style.minWidth = `${Math.round(view.width * MIN_SCALE)}px`;
    return diagram;
  }

  private select(key: string): void {
    const node = this.view?.nodes.find((n) => n.key === key);
    if (node) this.actions.dispatch({ type: 'select', selection: node.selection });
  }

  private onKey(e: KeyboardEvent): void {
    const key = (e.target as Element).closest?.('[data-key]')?.getAttribute('data-key');
    if (!key || !this.view) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      this.select(key);
    } else if (ARROWS.has(e.key)) {
      e.preventDefault();
      const next = stackNeighbour(this.view, key, e.key as 'ArrowUp');
      this.host.querySelectorAll('[data-key]').forEach((n) => n.setAttribute('tabindex', n.getAttribute('data-key') === next ? '0' : '-1'));
      this.focusKey = next;
      (this.host.querySelector(`[data-key="${next}"]`) as SVGElement | null)?.focus();
    }
  }
}
