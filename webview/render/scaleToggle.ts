/** The "Scale: shared · per map" toggle of the heat-map cards (one state, `view.mapScale`). */
import { l10n } from '../../src/shared/l10n';
import type { MapScale } from '../model/viewState';
import type { Actions } from './context';
import { h } from './dom';

export class ScaleToggle {
  readonly element: HTMLElement;
  private readonly buttons: Record<MapScale, HTMLButtonElement>;

  constructor(actions: Actions) {
    const make = (scale: MapScale, text: string, title: string) => {
      const b = h('button', { class: 'toggle', text, attrs: { type: 'button', 'aria-pressed': 'false', title, 'data-scale': scale } });
      b.addEventListener('click', () => actions.dispatch({ type: 'setMapScale', scale }));
      return b;
    };
    this.buttons = {
      shared: make('shared', l10n.t('shared'), l10n.t('One colour scale for all maps of a layer: maps compare with each other')),
      'per-map': make('per-map', l10n.t('per map'), l10n.t('Each map on its own colour scale: the pattern of a weak map shows too')),
    };
    this.element = h('div', { class: 'toggle-group', attrs: { role: 'group', 'aria-label': l10n.t('Colour scale of the maps') } },
      h('span', { class: 'toggle-label', text: l10n.t('Scale') }), this.buttons.shared, this.buttons['per-map']);
  }

  update(scale: MapScale): void {
    for (const s of ['shared', 'per-map'] as const) this.buttons[s].setAttribute('aria-pressed', String(s === scale));
  }
}
