/**
 * The lecture handout: one self-contained HTML file (inline CSS and SVG, no scripts, no external
 * references) with the network diagram, the loss history, the gradient flow, chain-rule derivations
 * (their formulas as KaTeX's MathML) with their tables and, when asked, squared error versus cross-entropy. Readable in any browser,
 * printable, without VS Code. Every text from the model file is escaped. Its words are `l10n.t` texts
 * (the loaded language; English without a bundle): the translated text is written as the bundle gives
 * it, the values put into its `{0}`, `{1}`… are escaped. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { Analysis } from '../analysis/types';
import type { GradientExplanation, GradientTarget } from '../worker/teaching/chainRule';
import { explanationMarkdown, type ExplanationMarkdownOptions } from './chainRuleMarkdown';
import type { LossComparison, TrainingCurves } from '../worker/teaching/lossComparison';
import { lossComparisonMarkdown } from './lossComparisonMarkdown';
import { markdownToHtml } from './miniMarkdown';
import { MATH_FENCE } from './mathMarkdown';
import { mathFenceHtml } from './mathHtml';
import { samplesFact } from './pageFacts';
import { gradientFlowSvg, lineChartSvg, networkSvg, type Series } from './svgCharts';
import { escapeHtml, short } from './text';
import type { RunComparison } from '../shared/runComparison';
import { runComparisonSection } from './handoutComparison';
import type { BoundaryGrid } from '../shared/teachingViews';
import type { LayeredExplanation } from '../worker/teaching/layeredExplanation';
import { isLayeredAnalysis, LAYERED_STYLE, layeredHandoutParts } from './handoutLayered';
import { boundarySection } from './handoutBoundary';
import { classicShapeOf, isClassicShape } from '../shared/names';

export interface HandoutInput {
  readonly analysis: Analysis;
  /** The derivations to print (see {@link handoutTargets}). */
  readonly explanations: readonly GradientExplanation[];
  /** The file's training settings, for the update lines. */
  readonly train?: ExplanationMarkdownOptions['train'];
  /** Squared error versus cross-entropy, when the output layer allows it. */
  readonly comparison?: { readonly comparison: LossComparison; readonly curves?: TrainingCurves };
  /** A loss curve made for the handout, when the session has not trained (its history is empty). */
  readonly extraCurve?: { readonly points: readonly { readonly step: number; readonly loss: number }[]; readonly note: string };
  /** The document's last run comparison (Compare Runs…), printed in a section of its own (handoutComparison.ts). */
  readonly runComparison?: RunComparison;
  /** A layered model: the derivation of one weight of its first conv layer (./handoutLayered.ts). */
  readonly layeredExplanation?: LayeredExplanation;
  /** Why there is no loss comparison, when the model cannot have one. */
  readonly comparisonProblem?: string;
  /** A model of two inputs: its decision boundary (./handoutBoundary.ts). */
  readonly boundary?: BoundaryGrid;
  /**
   * The `gradlens.classicNames` setting: on a model of the classic 2-2-2 shape (src/shared/names.ts
   * `isClassicShape`) the derivations name w5, out_h1, net_o1, E_total as the walkthrough does; elsewhere it changes nothing.
   */
  readonly classicNames?: boolean;
  /** Shown in the footer, e.g. the date (absent: no date, so the output is reproducible). */
  readonly generatedAt?: string;
}

/** The derivations a handout prints by default: the first weight of the output layer and of the first layer. */
export function handoutTargets(analysis: Analysis): GradientTarget[] {
  const last = analysis.layers.length - 1;
  const targets: GradientTarget[] = [{ layerIndex: last, param: 'weights', index: [0, 0] }];
  if (last > 0) targets.push({ layerIndex: 0, param: 'weights', index: [0, 0] });
  return targets;
}

const STYLE = `
body { font-family: Georgia, 'Times New Roman', serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #1d1d1d; line-height: 1.45; }
h1, h2, h3, h4 { font-family: sans-serif; }
h1 { border-bottom: 2px solid #4a78c2; padding-bottom: .3rem; }
section { margin: 2rem 0; page-break-inside: avoid; }
table { border-collapse: collapse; margin: .8rem 0; font-size: .9rem; }
th, td { border: 1px solid #bbbbbb; padding: .25rem .5rem; text-align: right; }
th { background: #eef2fa; }
td:first-child, th:first-child { text-align: left; }
code { font-family: monospace; background: #f3f3f3; padding: 0 .2rem; }
blockquote { border-left: 4px solid #cccccc; margin: .5rem 0; padding: 0 1rem; color: #555555; }
figure { margin: 1rem 0; }
figcaption { font-size: .85rem; color: #555555; }
.gradlens-math { margin: .6rem 0; overflow-x: auto; }
math[display="block"] { font-size: 1.15em; }
footer { margin-top: 3rem; font-size: .8rem; color: #666666; border-top: 1px solid #cccccc; padding-top: .5rem; }
@media print { body { margin: 0; } }
`;

/**
 * A formula block of a derivation as KaTeX's MathML: browsers draw MathML themselves, so the handout
 * needs no KaTeX CSS or fonts and stays one small file (KaTeX's HTML output would add its CSS and the
 * woff2 fonts as data: URIs, about 130 KB, to every handout: docs/ARCHITECTURE.md). Screen readers
 * read the MathML and the formula's `aria-label`.
 */
function handoutMath(info: string, content: string): string | undefined {
  // HTML parses <math> into the MathML namespace itself: the xmlns URL is left out, so the file names no URL at all.
  return info === MATH_FENCE ? mathFenceHtml(content, { output: 'mathml' })?.replace(/ xmlns="http:\/\/www\.w3\.org\/1998\/Math\/MathML"/g, '') : undefined;
}

/** Demotes Markdown headings by `by` levels, so a page's # title becomes a section heading. */
function demote(markdown: string, by: number): string {
  return markdown.replace(/^(#{1,3}) /gm, (_, h: string) => `${'#'.repeat(Math.min(4, h.length + by))} `);
}

function lossSection(input: HandoutInput): string {
  const a = input.analysis;
  if (a.history.length >= 2) {
    const series: Series[] = [{ name: l10n.t('training loss'), color: '#4a78c2', points: a.history.map((p) => ({ x: p.step, y: p.loss })) }];
    const test = a.history.filter((p) => p.testLoss !== undefined);
    if (test.length >= 2) series.push({ name: l10n.t('test loss'), color: '#d17f3b', points: test.map((p) => ({ x: p.step, y: p.testLoss as number })) });
    const chart = lineChartSvg(l10n.t('Loss over {0} training steps', a.step), series, { xLabel: l10n.t('step'), yLabel: l10n.t('{0} loss', a.lossKind) });
    return `<figure>${chart}<figcaption>${l10n.t('Loss {0} at step 0, {1} after {2} steps.', short(a.initialLoss, 6), short(a.loss, 6), a.step)}</figcaption></figure>`;
  }
  if (input.extraCurve && input.extraCurve.points.length >= 2) {
    const series: Series[] = [{ name: l10n.t('training loss'), color: '#4a78c2', points: input.extraCurve.points.map((p) => ({ x: p.step, y: p.loss })) }];
    return `<figure>${lineChartSvg(l10n.t('Loss while training'), series, { xLabel: l10n.t('step'), yLabel: l10n.t('{0} loss', a.lossKind) })}<figcaption>${escapeHtml(input.extraCurve.note)}</figcaption></figure>`;
  }
  return `<p>${l10n.t('Not trained yet: the loss is {0} at the initial parameters.', short(a.loss, 6))}</p>`;
}

function gradientTable(a: Analysis): string {
  const rows = a.layers.map((l) => `<tr><td>${escapeHtml(l.name)}</td><td>${l.units}</td><td>${escapeHtml(l.activation)}</td><td>${short(l.weightStats.gradNorm)}</td><td>${short(l.biasStats.gradNorm)}</td><td>${short(l.stats.gradMaxAbs)}</td></tr>`);
  const head = [l10n.t('layer'), l10n.t('units'), l10n.t('activation'), '‖∂L/∂W‖', '‖∂L/∂b‖', l10n.t('max |g|')].map((h) => `<th>${h}</th>`).join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function comparisonSection(input: HandoutInput): string {
  const c = input.comparison;
  if (!c && input.comparisonProblem) return `<section><h2>${l10n.t('Squared error versus cross-entropy')}</h2><p>${l10n.t('No comparison for this model: {0}', escapeHtml(input.comparisonProblem))}</p></section>`;
  if (!c) return '';
  const md = demote(lossComparisonMarkdown(c.comparison, { modelName: input.analysis.modelName, step: input.analysis.step, math: 'katex', ...(c.curves ? { curves: c.curves } : {}) }), 1);
  let chart = '';
  if (c.curves && c.curves.squared.length >= 2) {
    chart = `<figure>${lineChartSvg(l10n.t('Average Σ(t − o)² while training under each loss'), [
      { name: l10n.t('trained on squared error'), color: '#d1493b', points: c.curves.squared.map((p) => ({ x: p.step, y: p.measures.meanSquaredError })) },
      { name: l10n.t('trained on {0}', c.comparison.crossEntropyLoss), color: '#3b6fd1', points: c.curves.crossEntropy.map((p) => ({ x: p.step, y: p.measures.meanSquaredError })) },
    ], { xLabel: l10n.t('step'), yLabel: l10n.t('avg Σ(t − o)²') })}</figure>`;
  }
  return `<section>${markdownToHtml(md, { fence: handoutMath })}${chart}</section>`;
}

/** The handout's HTML. */
export function buildHandout(input: HandoutInput): string {
  const a = input.analysis;
  const layered = isLayeredAnalysis(a) ? layeredHandoutParts(a, input.layeredExplanation, handoutMath) : undefined;
  const title = l10n.t('Back-propagation in "{0}"', a.modelName);
  const architecture = layered ? layered.architecture : [l10n.t('{0} inputs', a.inputs), ...a.layers.map((l) => `${l.units} ${l.activation}`)].join(' → ');
  const samples = a.testSamples
    ? (a.samples === 1 ? l10n.t('{0} training sample, {1} test', a.samples, a.testSamples) : l10n.t('{0} training samples, {1} test', a.samples, a.testSamples))
    : samplesFact(a.samples);
  const facts = [
    escapeHtml(architecture),
    l10n.t('loss {0}', escapeHtml(a.lossKind)),
    samples,
    a.step === 0 ? l10n.t('initial parameters') : l10n.t('after {0} training steps', a.step),
    l10n.t('loss {0}', short(a.loss, 6)),
    ...(a.accuracy !== undefined ? [l10n.t('accuracy {0} %', (a.accuracy * 100).toFixed(1))] : []),
  ];
  const file = escapeHtml(a.fileName.split(/[\\/]/).pop() ?? a.fileName);
  const classicNames = input.classicNames === true && !layered && isClassicShape(classicShapeOf(a));
  const derivations = input.explanations.map((e) => `<section>${markdownToHtml(demote(explanationMarkdown(e, { depth: 4, math: 'katex', ...(input.train ? { train: input.train } : {}), ...(classicNames ? { classicNames } : {}) }), 1), { fence: handoutMath })}</section>`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    `<title>${escapeHtml(title)}</title>`,
    `<style>${STYLE}${LAYERED_STYLE}</style>`,
    '</head>',
    '<body>',
    `<h1>${escapeHtml(title)}</h1>`,
    `<p>${facts.join(' · ')}</p>`,
    layered ? layered.network : `<section><h2>${l10n.t('The network')}</h2>`
      + `<figure>${networkSvg(a, { classic: classicNames })}<figcaption>${l10n.t('Each line is a weight: blue positive, red negative, thicker for larger |w|.')}</figcaption></figure></section>`,
    `<section><h2>${l10n.t('The loss')}</h2>${lossSection(input)}</section>`,
    layered ? layered.gradientFlow : `<section><h2>${l10n.t('The gradient flow')}</h2><figure>${gradientFlowSvg(a)}<figcaption>${l10n.t('How large each layer\'s gradient is. Bars that shrink towards the input side are vanishing gradients.')}</figcaption></figure>${gradientTable(a)}</section>`,
    boundarySection(input.boundary, a.modelName, classicNames),
    layered ? layered.pictures : '',
    `<h2>${l10n.t('The chain rule with the real numbers')}</h2>`,
    ...derivations,
    layered ? layered.derivation : '',
    comparisonSection(input),
    runComparisonSection(input.runComparison),
    `<footer>${input.generatedAt
      ? l10n.t('Made with GradLens from {0} on {1}. Every number was computed by GradLens\'s back-propagation engine; each derivation is checked against it.', file, escapeHtml(input.generatedAt))
      : l10n.t('Made with GradLens from {0}. Every number was computed by GradLens\'s back-propagation engine; each derivation is checked against it.', file)}</footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
