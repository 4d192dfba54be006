/** Details of the selection, beside the diagram: values, and (by depth) δ, gradients and the chain rule. */
import { l10n } from '../../src/shared/l10n';
import { inspectorView } from '../model/inspectorModel';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, icon, replaceChildren } from './dom';

export class Inspector implements Component {
  readonly element = h('div', { class: 'inspector', attrs: { 'aria-live': 'polite' } });
  private readonly memo = new Memo();

  constructor(private readonly actions: Actions) {}

  update({ state, depth }: RenderContext): void {
    const a = state.analysis;
    const selection = state.view.selection;
    if (!this.memo.changed(a, selection, state.view.sample, depth, state.classicNames)) return;
    const view = a && selection ? inspectorView(a, selection, state.view.sample, depth, state.classicNames === true) : undefined;
    if (!view) {
      replaceChildren(this.element, h('p', { class: 'hint', text: a ? l10n.t('Select a neuron or a connection: click it, or Tab into the diagram, move with the arrow keys and press Enter.') : '' }));
      return;
    }
    const actions: HTMLElement[] = [];
    if (view.reveal) {
      const reveal = view.reveal;
      const b = h('button', { class: 'button secondary small', attrs: { type: 'button' } }, icon('go-to-file'), h('span', { text: l10n.t('Show in editor') }));
      b.addEventListener('click', () => this.actions.post({ type: 'reveal', selection: reveal }));
      actions.push(b);
    }
    if (view.explain) {
      const explain = view.explain;
      const b = h('button', { class: 'button secondary small', attrs: { type: 'button' } }, icon('explain'), h('span', { text: l10n.t('Explain') }));
      b.addEventListener('click', () => this.actions.post({ type: 'explain', selection: explain }));
      actions.push(b);
    }
    replaceChildren(this.element,
      h('div', { class: 'inspector-head' },
        h('div', {}, h('h3', { text: view.title }), h('p', { class: 'subtitle', text: view.subtitle })),
        h('div', { class: 'inspector-actions' }, ...actions),
      ),
      h('dl', { class: 'inspector-rows' }, ...view.rows.flatMap((r) => [
        h('dt', { text: r.label, class: r.derivative ? 'derivative' : undefined }),
        h('dd', { text: r.value, class: r.derivative ? 'derivative' : undefined }),
      ])),
      view.derivation.length > 0 ? h('ol', { class: 'derivation', attrs: { 'aria-label': l10n.t('Chain rule') } }, ...view.derivation.map((line) => h('li', { text: line }))) : null,
      view.links.length > 0 ? h('div', { class: 'incoming' },
        h('h4', { text: l10n.t('Incoming weights') }),
        h('ul', {}, ...view.links.map((link) => {
          const b = h('button', { class: 'link-button', text: link.label, attrs: { type: 'button' } });
          b.addEventListener('click', () => this.actions.dispatch({ type: 'select', selection: link.selection }));
          return h('li', {}, b);
        })),
      ) : null,
    );
  }
}
