/** Every warning of the analysis with its explanation and fix, and a link to its line. */
import { l10n } from '../../src/shared/l10n';
import type { WarningSeverity } from '../../src/shared/analysis';
import { visibility } from '../model/depth';
import { countBySeverity, warningViews } from '../model/warningsModel';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, icon, replaceChildren, show } from './dom';

/** What a screen reader hears before a warning's message. */
function severityPrefix(severity: WarningSeverity): string {
  switch (severity) {
    case 'error': return l10n.t('error: ');
    case 'warning': return l10n.t('warning: ');
    case 'info': return l10n.t('info: ');
  }
}

export class WarningsList implements Component {
  readonly element: HTMLElement;
  private readonly count = h('span', { class: 'count-badge' });
  private readonly list = h('ul', { class: 'warnings' });
  private readonly empty = h('p', { class: 'hint', text: l10n.t('No warnings: gradients are finite, neither vanishing nor exploding, and no unit is dead or saturated.') });
  private readonly memo = new Memo();

  constructor(private readonly actions: Actions) {
    const headingId = 'warnings-title';
    this.element = h('section', { class: 'card', attrs: { id: 'warnings', 'aria-labelledby': headingId } },
      h('header', { class: 'card-header' }, h('h2', { attrs: { id: headingId } }, `${l10n.t('Warnings')} `, this.count)),
      h('div', { class: 'card-body' }, this.empty, this.list),
    );
  }

  update({ state, depth }: RenderContext): void {
    const a = state.analysis;
    const visible = visibility(depth).warnings && a !== undefined;
    show(this.element, visible);
    if (!visible || !this.memo.changed(a)) return;
    const views = warningViews(a);
    const counts = countBySeverity(a.warnings);
    this.count.textContent = String(views.length);
    this.count.setAttribute('aria-label', l10n.t('{0} errors, {1} warnings, {2} notes', counts.error, counts.warning, counts.info));
    show(this.empty, views.length === 0);
    replaceChildren(this.list, ...views.map((v) => {
      const w = v.warning;
      let link: HTMLElement = h('span', { class: 'line-ref', text: l10n.t('line {0}', w.line) });
      if (v.reveal) {
        const reveal = v.reveal;
        link = h('button', { class: 'link-button line-ref', text: l10n.t('line {0}', w.line), attrs: { type: 'button', title: l10n.t('Show line {0} in the editor', w.line) } });
        link.addEventListener('click', () => this.actions.post({ type: 'reveal', selection: reveal }));
      }
      return h('li', { class: `warning severity-${w.severity}`, attrs: { 'data-code': w.code } },
        icon(`severity-${w.severity}`),
        h('div', { class: 'warning-body' },
          h('p', { class: 'warning-message' }, h('span', { class: 'visually-hidden', text: severityPrefix(w.severity) }), w.message),
          w.explanation ? h('p', { class: 'warning-explanation', text: w.explanation }) : null,
          w.fix ? h('p', { class: 'warning-fix' }, h('strong', { text: l10n.t('Fix: ') }), w.fix) : null,
          h('p', { class: 'warning-meta' }, h('code', { text: w.code }), w.layer ? ` · ${w.layer} · ` : ' · ', link),
        ),
      );
    }));
  }
}
