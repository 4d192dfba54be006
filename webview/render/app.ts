/** The panel's layout: header, controls, and the cards, each drawn by its own component. */
import { l10n } from '../../src/shared/l10n';
import { visibility } from '../model/depth';
import { card } from './chartCard';
import type { Actions, Component, RenderContext } from './context';
import { Controls } from './controls';
import { Diagram } from './diagram';
import { h, show } from './dom';
import { GradCheckTable } from './gradcheckTable';
import { GradientFlow } from './gradientFlow';
import { Header } from './header';
import { Histograms } from './histograms';
import { ComparisonChart } from './comparisonChart';
import { LossChart } from './lossChart';
import { BoundaryView } from './boundaryView';
import { LossSliceView } from './lossSliceView';
import { LossContourView } from './lossContourView';
import { RunComparisonCard } from './runComparisonCard';
import { StepThroughBar } from './stepThroughBar';
import { WarningsList } from './warnings';
import { BatchNormCard } from './batchNorm';
import { FeatureMaps } from './featureMaps';
import { Kernels } from './kernels';
import { ConvStepCard } from './convStep';

/**
 * Where the panel bench (bench/panelUpdate.ts) asks for each component's update time: it sets
 * `window.__gradlensCardTimes = {}` before the panel loads. Unset (VS Code, the tests), nothing is timed.
 */
function cardTimes(): Record<string, number[]> | undefined {
  return (globalThis as { __gradlensCardTimes?: Record<string, number[]> }).__gradlensCardTimes;
}

/** A component's name in that breakdown: its card's id (its own or its section's), or its element's class. */
function componentName(c: Component): string {
  return c.element.id || c.element.closest('section[id]')?.id || c.element.className.split(' ')[0] || c.element.tagName.toLowerCase();
}

export class App implements Component {
  readonly element: HTMLElement;
  private readonly components: Component[];
  private readonly grid: HTMLElement;
  private readonly empty = h('div', { class: 'empty-state' },
    h('h2', { text: l10n.t('No model yet') }),
    h('p', { text: l10n.t('Open a *.nn.json model file: the panel follows the active model and shows what its numbers mean.') }));
  private readonly diagramSection: HTMLElement;
  private readonly flow: GradientFlow;

  constructor(actions: Actions) {
    const diagramCard = card('diagram', l10n.t('Network'));
    const header = new Header();
    const controls = new Controls(actions);
    const diagram = new Diagram(actions, diagramCard.body, diagramCard.header);
    const loss = new LossChart(actions);
    this.flow = new GradientFlow();
    const warnings = new WarningsList(actions);
    const gradcheck = new GradCheckTable(actions);
    const histograms = new Histograms();
    const stepThrough = new StepThroughBar(actions);
    const comparison = new ComparisonChart();
    const boundary = new BoundaryView(actions);
    const slice = new LossSliceView(actions);
    const contour = new LossContourView(actions);
    const featureMaps = new FeatureMaps(actions);
    const kernels = new Kernels(actions);
    const convStep = new ConvStepCard(actions);
    const batchNorm = new BatchNormCard();
    const runs = new RunComparisonCard(actions);
    runs.element.classList.add('wide');
    comparison.element.classList.add('wide');
    this.diagramSection = diagramCard.section;
    this.diagramSection.classList.add('wide');
    gradcheck.element.classList.add('wide');
    histograms.element.classList.add('wide');
    this.components = [header, controls, stepThrough, diagram, featureMaps, kernels, convStep, batchNorm, boundary, loss, slice, contour, comparison, runs, this.flow, warnings, gradcheck, histograms];
    this.grid = h('div', { class: 'grid' }, this.diagramSection, featureMaps.element, kernels.element, convStep.element, batchNorm.element, boundary.element, loss.element, slice.element, contour.element, comparison.element, runs.element, this.flow.element, warnings.element, gradcheck.element, histograms.element);
    this.element = h('main', { class: 'panel' }, header.element, controls.element, stepThrough.element, this.empty, this.grid);
  }

  update(context: RenderContext): void {
    const hasAnalysis = context.state.analysis !== undefined;
    show(this.empty, !hasAnalysis);
    show(this.grid, hasAnalysis);
    show(this.flow.element, visibility(context.depth).layerGradients);
    this.element.setAttribute('data-depth', String(context.depth));
    this.element.setAttribute('data-theme-version', String(context.themeVersion));
    this.element.classList.toggle('stale', context.state.stale);
    const times = cardTimes();
    for (const c of this.components) {
      if (!times) { c.update(context); continue; }
      const start = performance.now();
      c.update(context);
      (times[componentName(c)] ??= []).push(performance.now() - start);
    }
  }

  dispose(): void {
    for (const c of this.components) c.dispose?.();
  }
}
