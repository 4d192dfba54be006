/**
 * The controls: train/pause, step, run, reset, gradient check; this run's epochs and learning rate;
 * the sample the diagram shows; the depth level. All native buttons, inputs and radios.
 */
import { l10n } from '../../src/shared/l10n';
import type { DepthLevel, PanelCommand } from '../../src/shared/protocol';
import { DEPTHS, visibility } from '../model/depth';
import { depthAdds, depthName as levelName } from '../../src/shared/depth';
import { formatVector } from '../model/format';
import { commandMessage } from '../model/state';
import { sampleCount } from '../model/values';
import type { Actions, Component, RenderContext } from './context';
import { Memo } from './context';
import { h, icon, show, uniqueId } from './dom';

function button(label: string, iconName: string, title: string, primary = false): HTMLButtonElement {
  return h('button', { class: primary ? 'button primary' : 'button secondary', attrs: { type: 'button', title } }, icon(iconName), h('span', { text: label }));
}

export class Controls implements Component {
  readonly element: HTMLElement;
  private readonly train = button(l10n.t('Train'), 'play', l10n.t('Train with the file\'s settings (and the overrides below)'), true);
  private readonly step = button(l10n.t('Step'), 'step', l10n.t('Take one optimiser step'));
  private readonly run = button(l10n.t('Run'), 'run', l10n.t('Analyse the model again at its current parameters'));
  private readonly reset = button(l10n.t('Reset'), 'reset', l10n.t('Back to the initial parameters'));
  private readonly check = button(l10n.t('Check gradients'), 'check', l10n.t('Compare every gradient with a numerical one'));
  private readonly epochs: HTMLInputElement;
  private readonly learningRate: HTMLInputElement;
  private readonly sample: HTMLSelectElement;
  private readonly depthInputs: HTMLInputElement[] = [];
  private readonly depthHint = h('p', { class: 'depth-hint' });
  private readonly memo = new Memo();
  private training = false;
  private view: RenderContext['state']['view'] | undefined;

  constructor(private readonly actions: Actions) {
    const send = (command: PanelCommand) => { if (this.view) actions.post(commandMessage(command, this.view)); };
    this.train.addEventListener('click', () => send(this.training ? 'pause' : 'train'));
    this.step.addEventListener('click', () => send('step'));
    this.run.addEventListener('click', () => send('run'));
    this.reset.addEventListener('click', () => send('reset'));
    this.check.addEventListener('click', () => send('gradientCheck'));

    const epochsId = uniqueId('epochs');
    const lrId = uniqueId('lr');
    const sampleId = uniqueId('sample');
    this.epochs = h('input', { class: 'input', attrs: { id: epochsId, type: 'number', min: 1, step: 1, inputmode: 'numeric', placeholder: l10n.t('from file') } });
    this.learningRate = h('input', { class: 'input', attrs: { id: lrId, type: 'number', min: 0, step: 'any', inputmode: 'decimal', placeholder: l10n.t('from file') } });
    this.sample = h('select', { class: 'select', attrs: { id: sampleId } });
    this.epochs.addEventListener('change', () => this.numberChanged(this.epochs, true));
    this.learningRate.addEventListener('change', () => this.numberChanged(this.learningRate, false));
    this.sample.addEventListener('change', () => actions.dispatch({ type: 'selectSample', sample: Number(this.sample.value) }));

    const depthName = uniqueId('depth');
    const depthGroup = h('div', { class: 'segmented', attrs: { role: 'radiogroup', 'aria-label': l10n.t('Depth') } },
      ...DEPTHS.map((d) => {
        const input = h('input', { attrs: { type: 'radio', name: depthName, value: d.level, 'aria-describedby': undefined } });
        input.addEventListener('change', () => { if (input.checked) actions.dispatch({ type: 'chooseDepth', depth: d.level }); });
        this.depthInputs.push(input);
        return h('label', { class: 'segment', attrs: { title: `${d.level} ${levelName(d.level)}: ${depthAdds(d.level)}` } }, input, h('span', { text: `${d.level} ${levelName(d.level)}` }));
      }),
    );

    this.element = h('section', { class: 'controls', attrs: { 'aria-label': l10n.t('Controls') } },
      h('div', { class: 'toolbar', attrs: { role: 'toolbar', 'aria-label': l10n.t('Training') } }, this.train, this.step, this.run, this.reset, this.check),
      h('div', { class: 'settings' },
        h('div', { class: 'field' }, h('label', { text: l10n.t('Epochs'), attrs: { for: epochsId } }), this.epochs),
        h('div', { class: 'field' }, h('label', { text: l10n.t('Learning rate'), attrs: { for: lrId } }), this.learningRate),
        h('div', { class: 'field field-wide' }, h('label', { text: l10n.t('Sample'), attrs: { for: sampleId } }), this.sample),
        h('div', { class: 'field depth-selector' }, h('span', { class: 'field-label', text: l10n.t('Depth') }), depthGroup),
      ),
      this.depthHint,
    );
  }

  private numberChanged(input: HTMLInputElement, integer: boolean): void {
    const text = input.value.trim();
    const value = Number(text);
    const valid = text === '' || (Number.isFinite(value) && value > 0 && (!integer || Number.isInteger(value)) && value <= (integer ? 1_000_000 : 1000));
    input.setAttribute('aria-invalid', String(!valid));
    if (!valid) return;
    const parsed = text === '' ? undefined : value;
    this.actions.dispatch(integer ? { type: 'setEpochs', epochs: parsed } : { type: 'setLearningRate', learningRate: parsed });
  }

  update({ state, depth }: RenderContext): void {
    this.view = state.view;
    const a = state.analysis;
    if (!this.memo.changed(a, state.runState, depth, state.view.sample, state.view.epochs, state.view.learningRate, state.documentUri)) return;

    const hasModel = a !== undefined && !state.stale;
    this.training = state.runState === 'training';
    const trainLabel = this.train.querySelector('span:not(.icon)');
    if (trainLabel) trainLabel.textContent = this.training ? l10n.t('Pause') : l10n.t('Train');
    this.train.querySelector('.icon')?.setAttribute('class', `icon icon-${this.training ? 'pause' : 'play'}`);
    this.train.setAttribute('aria-pressed', String(this.training));
    this.train.disabled = !hasModel;
    this.step.disabled = !hasModel || this.training;
    this.run.disabled = state.documentUri === undefined || this.training;
    this.reset.disabled = !hasModel || this.training;
    this.check.disabled = !hasModel || this.training;
    show(this.check, visibility(depth).gradientCheck);

    if (document.activeElement !== this.epochs) this.epochs.value = state.view.epochs === undefined ? '' : String(state.view.epochs);
    if (document.activeElement !== this.learningRate) this.learningRate.value = state.view.learningRate === undefined ? '' : String(state.view.learningRate);

    const n = a ? sampleCount(a) : 0;
    this.sample.replaceChildren(...Array.from({ length: n }, (_, i) => {
      const input = formatVector(a?.sampleInputs[i] ?? [], 4);
      const target = a?.sampleTargets[i] ?? [];
      const label = a?.classLabels && target.length > 1 ? a.classLabels[target.indexOf(Math.max(...target))] ?? formatVector(target, 4) : formatVector(target, 4);
      return h('option', { text: `${i + 1}: ${input} → ${label}`, attrs: { value: i } });
    }));
    this.sample.value = String(state.view.sample);
    this.sample.disabled = n <= 1;

    for (const input of this.depthInputs) input.checked = Number(input.value) === depth;
    const level = DEPTHS[(depth as DepthLevel) - 1].level;
    this.depthHint.textContent = level === 1
      ? l10n.t('{0}: shows {1}.', levelName(level), depthAdds(level))
      : l10n.t('{0}: adds {1}.', levelName(level), depthAdds(level));
  }
}
