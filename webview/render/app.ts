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
import { StepThroughBar } from './stepThroughBar';
import { WarningsList } from './warnings';
import { BatchNormCard } from './batchNorm';
import { FeatureMaps } from './featureMaps';
import { Kernels } from './kernels';
import { ConvStepCard } from './convStep';

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
    const convStep = new ConvStepCard();
    const batchNorm = new BatchNormCard();
    comparison.element.classList.add('wide');
    this.diagramSection = diagramCard.section;
    this.diagramSection.classList.add('wide');
    gradcheck.element.classList.add('wide');
    histograms.element.classList.add('wide');
    this.components = [header, controls, stepThrough, diagram, featureMaps, kernels, convStep, batchNorm, boundary, loss, slice, contour, comparison, this.flow, warnings, gradcheck, histograms];
    this.grid = h('div', { class: 'grid' }, this.diagramSection, featureMaps.element, kernels.element, convStep.element, batchNorm.element, boundary.element, loss.element, slice.element, contour.element, comparison.element, this.flow.element, warnings.element, gradcheck.element, histograms.element);
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
    for (const c of this.components) c.update(context);
  }

  dispose(): void {
    for (const c of this.components) c.dispose?.();
  }
}
