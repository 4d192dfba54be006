/** The panel's title line: model, file, loss, step and run state; and the file's errors. */
import { l10n } from '../../src/shared/l10n';
import type { RunState } from '../../src/shared/protocol';
import { formatNumber } from '../model/format';
import { visiblePoints } from '../model/lossSeries';
import type { Component, RenderContext } from './context';
import { Memo } from './context';
import { h, replaceChildren, show } from './dom';

/** What the header says the run is doing (a function: the texts are read in the loaded language). */
function runStateText(state: RunState): string {
  switch (state) {
    case 'idle': return l10n.t('Ready');
    case 'analysing': return l10n.t('Analysing…');
    case 'training': return l10n.t('Training…');
    case 'paused': return l10n.t('Paused');
    case 'error': return l10n.t('Error');
  }
}

export class Header implements Component {
  readonly element: HTMLElement;
  private readonly title = h('h1', { class: 'model-name', text: 'GradLens' });
  private readonly file = h('span', { class: 'file-name' });
  private readonly facts = h('dl', { class: 'facts' });
  private readonly runState = h('span', { class: 'run-state', attrs: { role: 'status', 'aria-live': 'polite' } });
  private readonly errors = h('div', { class: 'banner banner-error', attrs: { role: 'alert', hidden: true } });
  private readonly memo = new Memo();

  constructor() {
    this.element = h('header', { class: 'panel-header' },
      h('div', { class: 'title-line' }, this.title, this.file, this.runState),
      this.facts,
      this.errors,
    );
  }

  update({ state }: RenderContext): void {
    const a = state.analysis;
    // The loss and step change while training; the rest only with a snapshot.
    const lastPoint = state.loss.points.length || state.loss.pending.length ? state.loss.lastStep : undefined;
    if (!this.memo.changed(a, state.errors, state.runState, state.stale, lastPoint)) return;

    this.title.textContent = a?.modelName ?? (state.loaded ? 'GradLens' : 'GradLens');
    this.file.textContent = a?.fileName ?? (state.documentUri ? decodeURIComponent(state.documentUri.split('/').pop() ?? '') : '');
    this.runState.textContent = runStateText(state.runState);
    this.runState.className = `run-state run-state-${state.runState}`;

    if (a) {
      // While training, the newest progress point is fresher than the last analysis.
      const latest = visiblePoints(state.loss).at(-1);
      const live = latest !== undefined && latest.step > a.step;
      const step = live ? latest.step : a.step;
      const loss = live ? latest.loss : a.loss;
      const fact = (label: string, value: string) => [h('dt', { text: label }), h('dd', { text: value })];
      replaceChildren(this.facts,
        ...fact(l10n.t('loss'), `${formatNumber(loss, 6)} (${a.lossKind})`),
        ...(a.initialLoss !== loss ? fact(l10n.t('initial'), formatNumber(a.initialLoss, 6)) : []),
        ...(a.accuracy !== undefined ? fact(l10n.t('accuracy'), `${formatNumber(a.accuracy * 100, 3)} %`) : []),
        ...(a.testLoss !== undefined ? fact(l10n.t('test loss'), formatNumber(a.testLoss, 6)) : []),
        ...fact(l10n.t('step'), step.toLocaleString('en-US')),
        ...fact(l10n.t('samples'), a.testSamples ? l10n.t('{0} train, {1} test', a.samples, a.testSamples) : String(a.samples)),
      );
    } else {
      this.facts.replaceChildren();
    }

    show(this.errors, state.errors.length > 0);
    if (state.errors.length > 0) {
      replaceChildren(this.errors,
        // With a current analysis the messages are about a run (training stopped by NaN, a worker restart), not the file.
        h('strong', { text: state.stale ? l10n.t('The file has errors; showing its last valid analysis.') : state.analysis ? l10n.t('GradLens stopped:') : l10n.t('The file has errors.') }),
        h('ul', {}, ...state.errors.slice(0, 20).map((e) => h('li', { text: e }))),
      );
    }
  }
}
