/**
 * The step-through bar: the phase (forward, loss, backward, update) of the recorded step on screen,
 * its layer, what it changed, buttons for the previous and next phase and recorded step, and a range
 * input to scrub the recorded steps. Before a step-through starts it offers to start one; "Compare
 * losses" asks the host for squared error versus cross-entropy. Everything it shows comes from
 * `stepThroughBar`.
 */
import { l10n } from '../../src/shared/l10n';
import type { StepThroughAction } from '../../src/shared/protocol';
import { seekMessage, stepThroughBar, stepThroughMessage } from '../model/stepThroughModel';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, icon, replaceChildren, show, uniqueId } from './dom';
import { derivationItem } from './math';

function textButton(text: string, title: string, cls = 'button secondary'): HTMLButtonElement {
  return h('button', { class: cls, text, attrs: { type: 'button', title } });
}

/** A button with an icon and its name; an icon-only button carries the name as its aria-label. */
function iconButton(iconName: string, label: string, title: string, options: { iconAfter?: boolean; iconOnly?: boolean; primary?: boolean } = {}): HTMLButtonElement {
  const cls = `button ${options.primary ? 'primary' : 'secondary'}${options.iconOnly ? ' icon-only' : ''}`;
  if (options.iconOnly) return h('button', { class: cls, attrs: { type: 'button', title, 'aria-label': label } }, icon(iconName));
  const parts = options.iconAfter ? [h('span', { text: label }), icon(iconName)] : [icon(iconName), h('span', { text: label })];
  return h('button', { class: cls, attrs: { type: 'button', title } }, ...parts);
}

export class StepThroughBar implements Component {
  readonly element: HTMLElement;
  private readonly start = textButton(l10n.t('Step through training'), l10n.t('Split one training step into forward, loss, backward and update, on a copy of the model'));
  private readonly compare = textButton(l10n.t('Compare losses'), l10n.t('Squared error versus cross-entropy on this network and data'));
  private readonly buttons: Record<StepThroughAction, HTMLButtonElement> = {
    previous: iconButton('phase-previous', l10n.t('Previous phase'), l10n.t('One phase back')),
    next: iconButton('phase-next', l10n.t('Next phase'), l10n.t('One phase on; after the update it records a new training step'), { iconAfter: true, primary: true }),
    stop: textButton(l10n.t('Stop'), l10n.t('End the step-through')),
    stepBack: iconButton('timeline-back', l10n.t('Previous step'), l10n.t('The same phase of the previous recorded step (Timeline: Previous Step)'), { iconOnly: true }),
    stepForward: iconButton('step', l10n.t('Next step'), l10n.t('The same phase of the next recorded step (Timeline: Next Step)'), { iconOnly: true }),
  };
  private readonly phase = h('span', { class: 'phase-badge' });
  private readonly layer = h('span', { class: 'phase-layer' });
  private readonly position = h('span', { class: 'phase-position' });
  private readonly detail = h('p', { class: 'phase-detail' });
  private readonly changes = h('ul', { class: 'phase-changes' });
  private readonly derivation = h('ol', { class: 'phase-derivation', attrs: { 'aria-label': l10n.t('Derivation') } });
  private readonly range: HTMLInputElement;
  private readonly rangeLabel = h('span', { class: 'timeline-label' });
  private readonly active: HTMLElement;
  private readonly memo = new Memo();
  private context: RenderContext | undefined;

  constructor(actions: Actions) {
    const rangeId = uniqueId('timeline');
    this.range = h('input', { class: 'timeline-range', attrs: { id: rangeId, type: 'range', min: 0, max: 0, step: 1, value: 0 } });
    this.start.addEventListener('click', () => actions.post(stepThroughMessage('next')));
    this.compare.addEventListener('click', () => actions.post({ type: 'compareLosses' }));
    for (const [action, button] of Object.entries(this.buttons) as [StepThroughAction, HTMLButtonElement][]) {
      button.setAttribute('data-action', action);
      button.addEventListener('click', () => actions.post(stepThroughMessage(action)));
    }
    this.range.addEventListener('change', () => {
      const view = this.context?.state.stepThrough;
      const message = view && seekMessage(view, Number(this.range.value));
      if (message) actions.post(message);
    });
    this.active = h('div', { class: 'step-through-active' },
      h('div', { class: 'phase-line', attrs: { 'aria-live': 'polite' } }, this.phase, this.layer, this.position),
      this.detail,
      this.changes,
      this.derivation,
      h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Step through') } },
        this.buttons.previous, this.buttons.next, this.buttons.stop),
      h('div', { class: 'field timeline' },
        h('label', { text: l10n.t('Timeline'), attrs: { for: rangeId } }), this.buttons.stepBack, this.range, this.buttons.stepForward),
      this.rangeLabel,
    );
    this.element = h('section', { class: 'step-through', attrs: { 'aria-label': l10n.t('Step-through training') } },
      h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Teaching') } }, this.start, this.compare),
      this.active);
  }

  update(context: RenderContext): void {
    this.context = context;
    const { state } = context;
    const view = state.stepThrough;
    const layers = state.analysis?.layers.length ?? 0;
    if (!this.memo.changed(view, layers, state.analysis === undefined, state.stale, context.depth)) return;
    const hasModel = state.analysis !== undefined && !state.stale;
    show(this.element, state.analysis !== undefined);
    this.start.disabled = !hasModel;
    this.compare.disabled = !hasModel;
    show(this.start, view === undefined);
    show(this.active, view !== undefined);
    this.element.classList.toggle('stepping', view !== undefined);
    if (!view) return;
    const bar = stepThroughBar(view, layers, context.depth);
    this.phase.textContent = bar.phaseName;
    this.phase.setAttribute('data-phase', bar.phase);
    this.layer.textContent = bar.layerText;
    this.position.textContent = l10n.t('Step {0} · {1}', view.step, bar.position);
    this.detail.textContent = bar.detail;
    replaceChildren(this.changes, ...bar.changes.map((text) => h('li', { text })));
    replaceChildren(this.derivation, ...bar.derivation.map((text, i) => derivationItem(text, bar.derivationMath[i])));
    show(this.derivation, bar.derivation.length > 0);
    this.buttons.previous.disabled = !bar.canPrevious;
    this.buttons.next.disabled = !bar.canNext;
    this.buttons.stepBack.disabled = !bar.canStepBack;
    this.buttons.stepForward.disabled = !bar.canStepForward;
    this.range.min = String(bar.timeline.min);
    this.range.max = String(bar.timeline.max);
    this.range.value = String(bar.timeline.value);
    this.range.disabled = bar.timeline.disabled;
    this.range.setAttribute('aria-valuetext', bar.timeline.label);
    this.rangeLabel.textContent = bar.timeline.label;
  }
}
