/**
 * The Markdown of Explain Gradient for a conv or batch-norm parameter (the numbers come from the
 * worker: src/worker/teaching/layeredExplanation.ts). By depth:
 * - Drive (1): what the parameter does, in words; nothing about derivatives;
 * - Service (2): the idea of its gradient in words, and its size beside the engine's;
 * - Repair (3): also the sum with its first terms written out, the rest summed, the total beside the engine's;
 * - Derive (4): the derivation (formulas, then the same sum), and for batch norm the three paths
 *   through the mean and the variance with their numbers.
 * Entries and positions count from 1, as the other pages do. The formulas (./layeredFormulas.ts) are
 * Unicode text, or KaTeX blocks with `math: 'katex'` (./mathMarkdown.ts). Every line with words
 * is one `l10n.t` text (the loaded language; English without a bundle), the numbers and the escaped
 * names as its `{0}`, `{1}`…. Pure: no `vscode`.
 * A max-pool window's page is ./maxPoolExplanationMarkdown.ts.
 */
import * as l10n from '@vscode/l10n';
import type { DepthLevel } from '../shared/protocol';
import { depthLabel } from '../shared/depth';
import type { BatchNormExplanation, ConvExplanation, LayeredExplanation } from '../worker/teaching/layeredExplanation';
import { maxPoolExplanationMarkdown } from './maxPoolExplanationMarkdown';
import { AGREEMENT_TOLERANCE } from './agreement';
import { modelFact, samplesFact, stepFact } from './pageFacts';
import { escapeMarkdown, exact, fmt } from './text';
import { parameterName } from '../shared/names';
import { formulaLines, joinPage, type MathMode } from './mathMarkdown';
import { batchNormInputRule, batchNormMean, batchNormPathsTotal, batchNormRule, convMean, termSum } from './layeredFormulas';

/** The title (`# ∂L/∂w of conv.weights[1, 1, 2, 3]`; at depth 1, with `symbol` undefined, `# A parameter of …`) and the facts line. */
function header(e: ConvExplanation | BatchNormExplanation, symbol: string | undefined, depth: DepthLevel): string[] {
  const entry = parameterName(escapeMarkdown(e.layerName), e.target.param === 'weights' ? (e.kind === 'batchnorm' ? 'scale' : 'weights') : (e.kind === 'batchnorm' ? 'shift' : 'bias'), e.target.index);
  return [
    symbol === undefined ? l10n.t('# A parameter of {0}', entry) : l10n.t('# {0} of {1}', symbol, entry),
    '',
    [modelFact(e.modelName), stepFact(e.step), samplesFact(e.samples), depthLabel(depth)].join(' · '),
    '',
  ];
}

function comparison(e: ConvExplanation | BatchNormExplanation, p: string): string[] {
  const mark = e.agrees ? '✓' : '✗';
  return [
    `| | ∂L/∂${p} |`,
    '|---|---|',
    l10n.t('| the sum, multiplied out here | {0} |', exact(e.mean)),
    l10n.t('| the engine\'s back-propagation | {0} |', exact(e.engine)),
    l10n.t('| relative difference | {0} {1} (they agree when ≤ {2}) |', e.relDiff === 0 ? '0' : fmt(e.relDiff), mark, AGREEMENT_TOLERANCE),
    '',
  ];
}

/** `(n 1, i 2, j 3)`: a term's sample and output position, from 1. */
function where(sample: number, position: readonly [number, number]): string {
  return `n ${sample + 1}, (${position[0] + 1}, ${position[1] + 1})`;
}

function convSum(e: ConvExplanation, p: string, math: MathMode): string[] {
  const weight = e.param === 'weights';
  const terms = e.shown.map((t) => ({ factors: weight ? [t.delta, t.input] : [t.delta] }));
  const rest = e.termCount - e.shown.length;
  const lines = [
    l10n.t('## The sum, term by term'),
    '',
    weight
      ? l10n.t('| term | sample, output position | δ = ∂Lₙ/∂net | x under the weight | δ · x |')
      : l10n.t('| term | sample, output position | δ = ∂Lₙ/∂net |'),
    weight ? '|---|---|---|---|---|' : '|---|---|---|',
    ...e.shown.map((t, k) => (weight
      ? `| ${k + 1} | ${where(t.sample, t.position)} | ${fmt(t.delta)} | ${t.inputAt ? l10n.t('{0} at ({1}, {2})', fmt(t.input), t.inputAt[0] + 1, t.inputAt[1] + 1) : l10n.t('0 (padding)')} | ${fmt(t.product)} |`
      : `| ${k + 1} | ${where(t.sample, t.position)} | ${fmt(t.delta)} |`)),
    '',
    ...formulaLines(termSum(terms, rest, e.restSum, e.sum), math, false),
    '',
    ...formulaLines(convMean(p, e.samples, e.sum, e.mean, e.engine, e.agrees), math, false),
    '',
  ];
  if (weight && e.paddingTerms > 0) lines.push(l10n.t('{0} of the {1} terms fall in the padding, where x = 0: they add nothing.', e.paddingTerms, e.termCount), '');
  return lines;
}

function convMarkdown(e: ConvExplanation, depth: DepthLevel, math: MathMode): string {
  const weight = e.param === 'weights';
  const [f, c, u, v] = e.index;
  const p = weight ? 'w' : 'b';
  const positions = e.outputSize[0] * e.outputSize[1];
  const lines = header(e, depth === 1 ? undefined : `∂L/∂${p}`, depth);
  const mark = e.agrees ? '✓' : '✗';
  lines.push(weight
    ? l10n.t('This is weight ({0}, {1}) of channel {2} in filter {3}\'s {4}×{5} kernel; its value is {6}. The filter slides over {7} ({8}×{9}, stride {10}, padding {11}), so this one weight multiplies a value at every one of the {12}×{13} = {14} output positions, in each of the {15} samples.',
      u + 1, v + 1, c + 1, f + 1, e.kernel[0], e.kernel[1], fmt(e.paramValue), escapeMarkdown(e.inputName), e.inputSize[0], e.inputSize[1], e.stride[0], e.padding[0], e.outputSize[0], e.outputSize[1], positions, e.samples)
    : l10n.t('This is filter {0}\'s bias; its value is {1}. It is added at every one of the {2}×{3} = {4} output positions of the filter, in each of the {5} samples.',
      f + 1, fmt(e.paramValue), e.outputSize[0], e.outputSize[1], positions, e.samples), '');
  if (depth === 1) {
    lines.push(l10n.t('Training changes it a little at every step, in the direction that makes the model\'s mistakes on the training samples smaller, taking every position where it was used into account.'), '');
    return lines.join('\n');
  }
  lines.push(weight
    ? l10n.t('Its gradient collects one contribution from every output position it touched: the error signal there (how much the loss would change if that output changed) times the input value the weight multiplied there. Added over all {0} positions and averaged over the samples, they give **∂L/∂w = {1}** (the engine\'s back-propagation: {2} {3}).', e.termCount, fmt(e.mean), fmt(e.engine), mark)
    : l10n.t('Its gradient collects the error signal of every output position of the filter (the bias adds 1 × itself there). Added over all {0} positions and averaged over the samples, they give **∂L/∂b = {1}** (the engine\'s back-propagation: {2} {3}).', e.termCount, fmt(e.mean), fmt(e.engine), mark), '');
  if (depth === 2) return lines.join('\n');
  if (depth === 4) {
    const [s0, s1] = e.stride, [p0, p1] = e.padding;
    lines.push(l10n.t('## The derivation'), '',
      weight
        ? l10n.t('net[n, f, i, j] = Σ_c Σ_u Σ_v W[f, c, u, v] · x[n, c, (i − 1)·{0} − {1} + u, (j − 1)·{2} − {3} + v] + b[f], so ∂net[n, f, i, j]/∂W[f, c, u, v] = x[n, c, (i − 1)·{0} − {1} + u, (j − 1)·{2} − {3} + v] (0 in the padding), and by the chain rule over every output the weight reaches:', s0, p0, s1, p1)
        : l10n.t('net[n, f, i, j] = … + b[f], so ∂net[n, f, i, j]/∂b[f] = 1 at every position, and by the chain rule:'),
      '',
      weight
        ? l10n.t('**∂L/∂W[{0}, {1}, {2}, {3}] = (1/N) Σₙ Σᵢ Σⱼ δ[n, {0}, i, j] · x[n, {1}, (i − 1)·{4} − {5} + {2}, (j − 1)·{6} − {7} + {3}]**, with δ = ∂Lₙ/∂net from back-propagation (positions counted from 1).', f + 1, c + 1, u + 1, v + 1, s0, p0, s1, p1)
        : l10n.t('**∂L/∂b[{0}] = (1/N) Σₙ Σᵢ Σⱼ δ[n, {0}, i, j]**, with δ = ∂Lₙ/∂net from back-propagation.', f + 1),
      '');
  }
  lines.push(...convSum(e, p, math), ...comparison(e, p));
  return page(lines, math);
}

function batchNormMarkdown(e: BatchNormExplanation, depth: DepthLevel, math: MathMode): string {
  const scale = e.param === 'weights';
  const p = scale ? 'γ' : 'β';
  const lines = header(e, depth === 1 ? undefined : `∂L/∂${p}`, depth);
  const mark = e.agrees ? '✓' : '✗';
  lines.push(scale
    ? l10n.t('Batch norm normalises group {0} ({1} values over the batch) with the batch\'s mean μ = {2} and variance σ² = {3}, then multiplies by the scale γ = {4} and adds the shift. This page is about the scale γ, value {5}.', e.group + 1, e.groupSize, fmt(e.mean_), fmt(e.variance), fmt(e.gamma), fmt(e.paramValue))
    : l10n.t('Batch norm normalises group {0} ({1} values over the batch) with the batch\'s mean μ = {2} and variance σ² = {3}, then multiplies by the scale γ = {4} and adds the shift. This page is about the shift β, value {5}.', e.group + 1, e.groupSize, fmt(e.mean_), fmt(e.variance), fmt(e.gamma), fmt(e.paramValue)), '');
  if (depth === 1) {
    lines.push(l10n.t('Training adjusts it so that the normalised values have the spread and centre that serve the next layer best.'), '');
    return lines.join('\n');
  }
  lines.push(scale
    ? l10n.t('Its gradient adds, over every value of the group, the error signal there times the normalised value x̂: **∂L/∂γ = {0}** (engine: {1} {2}).', fmt(e.mean), fmt(e.engine), mark)
    : l10n.t('Its gradient adds the error signal of every value of the group: **∂L/∂β = {0}** (engine: {1} {2}).', fmt(e.mean), fmt(e.engine), mark),
  '',
  l10n.t('What flows back to an input value takes three paths: directly through its own normalised value, through the batch mean (every value moves μ, and μ moves every normalised value), and through the batch variance (likewise). The two indirect paths take away the part of the signal that all values share, so the normalised values cannot all move together.'), '');
  if (depth === 2) return lines.join('\n');
  const terms = e.shown.map((t) => ({ factors: scale ? [t.delta, t.xHat] : [t.delta] }));
  const rest = e.groupSize - e.shown.length;
  if (depth === 4) {
    lines.push(l10n.t('## The derivation'), '',
      l10n.t('x̂ₖ = (xₖ − μ)/√(σ² + ε), yₖ = γ·x̂ₖ + β with ε = {0}, so ∂yₖ/∂γ = x̂ₖ and ∂yₖ/∂β = 1; with δₖ = N·∂L/∂yₖ from back-propagation:', e.epsilon), '',
      ...formulaLines(batchNormRule(scale), math, false), '');
  }
  lines.push(l10n.t('## The sum'), '', ...formulaLines(termSum(terms, rest, e.restSum, e.sum), math, false), '',
    ...formulaLines(batchNormMean(p, e.samples, e.sum, e.mean), math, false), '', ...comparison(e, p));
  if (depth === 4) {
    const b = e.paths;
    lines.push(l10n.t('## The three paths back to an input'), '',
      l10n.t('With s = 1/√(σ² + ε) and M values in the group, xₖ reaches the loss through x̂ₖ directly, through μ and through σ²:'), '',
      ...formulaLines(batchNormInputRule(), math, false), '',
      l10n.t('For the group\'s first value of sample 1 (x = {0}, x̂ = {1}, δ = {2}):', fmt(b.x), fmt(b.xHat), fmt(b.delta)), '',
      l10n.t('- directly: (1/N)·γ·s·δ = **{0}**', fmt(b.direct)),
      l10n.t('- through the mean: −(1/N)·γ·s·(1/M) Σⱼ δⱼ = **{0}**', fmt(b.throughMean)),
      l10n.t('- through the variance: −(1/N)·γ·s·x̂ · (1/M) Σⱼ δⱼ·x̂ⱼ = **{0}**', fmt(b.throughVariance)),
      ...formulaLines(batchNormPathsTotal(b.direct, b.throughMean, b.throughVariance, b.total, b.engine), math), '');
  }
  return page(lines, math);
}

/** The page's text: its lines as they are in text mode, with formula blocks' blank lines folded in KaTeX mode. */
function page(lines: readonly string[], math: MathMode): string {
  return math === 'text' ? lines.join('\n') : joinPage(lines);
}

/**
 * The page for a conv or batch-norm parameter, or a max-pool window, at the given depth; its formulas
 * as Unicode text (default) or as KaTeX blocks (`math: 'katex'`, for the Markdown preview).
 */
export function layeredExplanationMarkdown(e: LayeredExplanation, depth: DepthLevel, math: MathMode = 'text'): string {
  if (e.kind === 'maxpool2d') return maxPoolExplanationMarkdown(e, depth, math);
  return e.kind === 'conv2d' ? convMarkdown(e, depth, math) : batchNormMarkdown(e, depth, math);
}
