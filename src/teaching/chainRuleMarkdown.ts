/**
 * The Markdown of an Explain Gradient page: the chain rule as formulas, sample 1 multiplied out step
 * by step, a table of every sample in the style of the classic worked example (net, out, ∂E/∂out,
 * ∂out/∂net, ∂net/∂w, product), and the mean beside the engine's value. Unicode math only (no KaTeX
 * offline). Every line with words is one `l10n.t` text (the loaded language; English without a
 * bundle), the numbers and the escaped names as its `{0}`, `{1}`…; formulas without words are
 * written as they are. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { DepthLevel } from '../shared/protocol';
import type { Formula } from './formulas';
import type { ChainRuleRow, GradientExplanation } from '../worker/teaching/chainRule';
import { AGREEMENT_TOLERANCE } from './agreement';
import { depthDescription, depthLabel, depthName } from '../shared/depth';
import { modelFact, samplesFact, stepFact } from './pageFacts';
import { escapeMarkdown, exact, factor, fmt } from './text';
import { classicInputOf, classicParameterName, classicPath, parameterName, unitName as namedUnit } from '../shared/names';
import { classicParamSymbol, explanationRenaming, type SymbolRenaming } from './classicSymbols';
import { activationSlope, batchMean, chainRule, netSlope, outputDerivative, sampleProduct } from './chainRuleFormulas';
import { formulaLines, joinPage, MATH_FENCE, parseMathFence, type MathMode } from './mathMarkdown';

export interface ExplanationMarkdownOptions {
  readonly depth: DepthLevel;
  /**
   * The `gradlens.classicNames` setting is on and the model has the classic walkthrough's shape
   * (src/shared/names.ts `isClassicShape`): the page names the parameter, the units, their values and the
   * loss as Mazur does (w5, out_h1, net_o1, target_o1, δ_o1, E_total: src/teaching/classicSymbols.ts), in its
   * text, its TeX and its screen-reader words; the numbers are the same.
   */
  readonly classicNames?: boolean;
  /** Formulas as Unicode text (default) or as KaTeX blocks (see src/teaching/mathMarkdown.ts). */
  readonly math?: MathMode;
  /** The file's training settings, for the update line. */
  readonly train?: {
    readonly optimizer: string;
    readonly learningRate: number;
    readonly weightDecay: number;
    readonly batchSize?: number;
  };
}

/** Terms of a hidden unit's sum shown before "+ …". */
const MAX_TERMS = 8;

/** `hidden unit 1`: a unit, named by its layer and 1-based number (src/shared/names.ts). */
function unitName(layer: string, unit: number): string {
  return namedUnit(escapeMarkdown(layer), unit);
}

function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text.includes('`') ? ` ${text} ` : text}${ticks}`;
}

function paramSymbol(e: GradientExplanation): string {
  return e.target.param === 'bias' ? 'b' : 'w';
}

function inputName(e: GradientExplanation): string {
  const s = e.inputSource;
  if (s.kind === 'bias') return '1';
  if (s.kind === 'input') return s.name !== undefined ? l10n.t('input x{0} ({1})', s.index + 1, escapeMarkdown(s.name)) : l10n.t('input x{0}', s.index + 1);
  return l10n.t('out of {0}', unitName(s.layerName, s.unit));
}

function lossFormula(e: GradientExplanation): { loss: string; derivative: string } {
  switch (e.lossKind) {
    case 'squared': return { loss: 'Lₙ = ½ Σₖ (tₖ − outₖ)²', derivative: 'outⱼ − tⱼ' };
    case 'mse': return { loss: `Lₙ = (1/K) Σₖ (tₖ − outₖ)², K = ${e.outputs}`, derivative: `(2/K)·(outⱼ − tⱼ) = (2/${e.outputs})·(outⱼ − tⱼ)` };
    case 'cross-entropy': return { loss: 'Lₙ = −Σₖ tₖ · ln outₖ', derivative: '−tⱼ / outⱼ' };
    case 'binary-cross-entropy': return { loss: 'Lₙ = −Σₖ [tₖ · ln outₖ + (1 − tₖ) · ln(1 − outₖ)]', derivative: '−tⱼ / outⱼ + (1 − tⱼ) / (1 − outⱼ)' };
    default: return { loss: 'Lₙ', derivative: '∂Lₙ/∂outⱼ' };
  }
}

function activationDerivative(e: GradientExplanation): string {
  switch (e.rule) {
    case 'linear': return l10n.t('1 (linear: out = net)');
    case 'sigmoid': return 'outⱼ · (1 − outⱼ) (sigmoid)';
    case 'tanh': return '1 − outⱼ² (tanh)';
    case 'relu': return l10n.t('1 if netⱼ > 0, else 0 (relu)');
    case 'leaky-relu': return l10n.t('1 if netⱼ > 0, else 0.01 (leaky-relu)');
    case 'softmax': return l10n.t('a Jacobian, not one number: ∂outₖ/∂netⱼ = outₖ · ([k = j] − outⱼ) (softmax: every out depends on every net)');
    case 'custom': return l10n.t('df(netⱼ), your {0} with x = netⱼ (custom activation "{1}", f = {2})', code(e.custom?.df ?? ''), escapeMarkdown(e.activation), code(e.custom?.f ?? ''));
    default: return '';
  }
}

/** ` + … (3 more)` after the first MAX_TERMS terms of a sum, or nothing. */
function moreTerms(count: number): string {
  return count > MAX_TERMS ? ` + … ${l10n.t('({0} more)', count - MAX_TERMS)}` : '';
}

/** The sample-1 expansion of ∂Lₙ/∂outⱼ: a formula, or a sentence with words. */
function dLdOutLine(e: GradientExplanation, r: ChainRuleRow, n: string, classic: boolean): string | Formula {
  const lhs = `∂L${n}/∂outⱼ`;
  if (!e.isOutputLayer) {
    const terms = r.downstream ?? [];
    const next = e.downstreamLayer!;
    // Under the walkthrough's names the page's renaming writes Σₖ δₖ · wₖⱼ out as δ_o1 · w5 + δ_o2 · w7 (./classicSymbols.ts).
    const symbolic = classic ? 'Σₖ δₖ · wₖⱼ' : terms.slice(0, MAX_TERMS).map((t) => `δ(${unitName(next.name, t.unit)}) · w(${unitName(next.name, t.unit)} ← j)`).join(' + ');
    const numeric = terms.slice(0, MAX_TERMS).map((t) => `${factor(t.delta)} · ${factor(t.weight)}`).join(' + ');
    const more = moreTerms(terms.length);
    return terms.length === 1
      ? l10n.t('{0} = Σₖ δₖ · wₖⱼ over the {1} unit of "{2}" = {3}{4} = {5}{4} = **{6}**', lhs, terms.length, escapeMarkdown(next.name), symbolic, more, numeric, fmt(r.dLdOut))
      : l10n.t('{0} = Σₖ δₖ · wₖⱼ over the {1} units of "{2}" = {3}{4} = {5}{4} = **{6}**', lhs, terms.length, escapeMarkdown(next.name), symbolic, more, numeric, fmt(r.dLdOut));
  }
  const formula = outputDerivative(e, r);
  if (formula) return formula;
  if (e.lossKind === 'cross-entropy') return l10n.t('{0} = −tⱼ / outⱼ = **0**, as tⱼ = 0: only the outputs with a target count in the loss', lhs);
  return `${lhs} = **${fmt(r.dLdOut)}**`;
}

/** The sample-1 expansion of ∂outⱼ/∂netⱼ and δⱼ: formulas, or sentences with words. */
function deltaLines(e: GradientExplanation, r: ChainRuleRow, n: string): (string | Formula)[] {
  const o = fmt(r.out);
  if (e.combined === 'softmax-cross-entropy') {
    return [
      l10n.t('∂outⱼ/∂netⱼ: softmax\'s Jacobian, and with cross-entropy it cancels: δⱼ = ∂L{0}/∂netⱼ = outⱼ · Σₖ tₖ − tⱼ, which is outⱼ − tⱼ when the targets sum to 1', n),
      l10n.t('δⱼ = {0} − {1} = **{2}** (the engine: {3})', o, factor(r.target ?? NaN), fmt(r.delta), fmt(r.engineDelta)),
    ];
  }
  if (e.combined === 'sigmoid-binary-cross-entropy') {
    return [
      `∂outⱼ/∂netⱼ = outⱼ · (1 − outⱼ) = ${o} · (1 − ${o}) = **${fmt(r.dOutdNet ?? NaN)}**`,
      l10n.t('δⱼ = ∂L{0}/∂outⱼ · ∂outⱼ/∂netⱼ: the out · (1 − out) cancels, leaving exactly outⱼ − tⱼ = {1} − {2} = **{3}** (the engine: {4})', n, o, factor(r.target ?? NaN), fmt(r.delta), fmt(r.engineDelta)),
    ];
  }
  if (e.rule === 'softmax') {
    const terms = r.softmax ?? [];
    const shown = terms.slice(0, MAX_TERMS).map((t) => `${factor(t.dLdOut)} · ${factor(t.dOutdNet)}`).join(' + ');
    return [
      l10n.t('∂outₖ/∂netⱼ = outₖ · ([k = j] − outⱼ) for each unit k of the softmax layer'),
      l10n.t('δⱼ = Σₖ ∂L{0}/∂outₖ · ∂outₖ/∂netⱼ = {1}{2} = **{3}** (the engine: {4})', n, shown, moreTerms(terms.length), fmt(r.delta), fmt(r.engineDelta)),
    ];
  }
  const d = r.dOutdNet ?? NaN;
  const slope = activationSlope(e, r);
  let expansion: string | Formula;
  switch (e.rule) {
    case 'sigmoid': case 'tanh': case 'linear': expansion = slope!; break;
    case 'relu': expansion = r.net > 0 ? l10n.t('netⱼ = {0} > 0, so **1**', fmt(r.net)) : l10n.t('netⱼ = {0} ≤ 0, so **0** (the unit is off for this sample: no gradient passes)', fmt(r.net)); break;
    case 'leaky-relu': expansion = r.net > 0 ? l10n.t('netⱼ = {0} > 0, so **1**', fmt(r.net)) : l10n.t('netⱼ = {0} ≤ 0, so **0.01**', fmt(r.net)); break;
    case 'custom': expansion = l10n.t('df(x) = {0} at x = netⱼ = {1} gives **{2}**', code(e.custom?.df ?? ''), fmt(r.net), fmt(d)); break;
    default: expansion = `**${fmt(d)}**`;
  }
  return [
    typeof expansion === 'string' ? `∂outⱼ/∂netⱼ = ${expansion}` : expansion,
    l10n.t('δⱼ = ∂L{0}/∂netⱼ = ∂L{0}/∂outⱼ · ∂outⱼ/∂netⱼ = {1} · {2} = **{3}** (the engine: {4})', n, factor(r.dLdOut), factor(d), fmt(r.delta), fmt(r.engineDelta)),
  ];
}

function depthNote(depth: DepthLevel): string[] {
  if (depth === 4) return [];
  const lines = [
    l10n.t('> You are at {0}, which shows {1}. This full derivation is what {2} shows by default; you asked for it, so here it is. Change the depth with **GradLens: Set Teaching Depth…** or the panel.', depthLabel(depth), depthDescription(depth), depthLabel(4)),
  ];
  if (depth === 1) lines.push('>', l10n.t('> At {0} the lenses and hints never show a derivative; this page is the one exception, because you opened it.', depthName(1)));
  return [...lines, ''];
}

function summary(e: GradientExplanation, p: string, depth: DepthLevel, options: ExplanationMarkdownOptions): string[] {
  const first = e.rows[0];
  const lines = [e.target.param === 'bias' ? l10n.t('## What each depth shows of this bias') : l10n.t('## What each depth shows of this weight'), ''];
  const mark = (d: DepthLevel) => (d === depth ? ` ${l10n.t('← you are here')}` : '');
  lines.push(l10n.t('- **1 {0}**: its value {1} = {2}, the unit\'s output on sample 1 out = {3}', depthName(1), p, fmt(e.paramValue), first ? fmt(first.out) : '–') + mark(1));
  lines.push(l10n.t('- **2 {0}**: the unit\'s error signal on sample 1, δⱼ = ∂L₁/∂netⱼ = {1}', depthName(2), first ? fmt(first.delta) : '–') + mark(2));
  lines.push((options.train
    ? l10n.t('- **3 {0}**: its gradient ∂L/∂{1} = {2}, and a step\'s change −η · ∂L/∂{1} = {3}', depthName(3), p, fmt(e.mean), fmt(-options.train.learningRate * e.mean))
    : l10n.t('- **3 {0}**: its gradient ∂L/∂{1} = {2}', depthName(3), p, fmt(e.mean))) + mark(3));
  lines.push(l10n.t('- **4 {0}**: the chain rule below, every factor with its number', depthName(4)) + mark(4));
  return [...lines, ''];
}

function tableRow(e: GradientExplanation, r: ChainRuleRow): string {
  const cells = [
    String(r.sample + 1),
    fmt(r.net),
    fmt(r.out),
    ...(e.isOutputLayer ? [fmt(r.target ?? NaN)] : []),
    fmt(r.dLdOut),
    r.dOutdNet !== undefined && e.combined !== 'softmax-cross-entropy' ? fmt(r.dOutdNet) : l10n.t('Jacobian'),
    fmt(r.delta),
    fmt(r.dNetdParam),
    fmt(r.product),
  ];
  return `| ${cells.join(' | ')} |`;
}

function updateLines(e: GradientExplanation, p: string, options: ExplanationMarkdownOptions): string[] {
  const train = options.train;
  if (!train) return [];
  const lr = train.learningRate;
  const lines = [l10n.t('## What a training step does with it'), ''];
  if (train.optimizer === 'sgd') {
    lines.push(l10n.t('Plain SGD with η = {0}: {1} ← {1} − η · ∂L/∂{1} = {2} − {0} · {3} = **{4}**.', fmt(lr), p, fmt(e.paramValue), factor(e.mean), fmt(e.paramValue - lr * e.mean)));
  } else {
    lines.push(train.optimizer === 'adam'
      ? l10n.t('The file trains with {0} (η = {1}): the step starts from this gradient, −η · ∂L/∂{2} = {3}, and rescales it by its running moments.', escapeMarkdown(train.optimizer), fmt(lr), p, fmt(-lr * e.mean))
      : l10n.t('The file trains with {0} (η = {1}): the step starts from this gradient, −η · ∂L/∂{2} = {3}, and adds the velocity of the earlier steps.', escapeMarkdown(train.optimizer), fmt(lr), p, fmt(-lr * e.mean)));
  }
  if (train.batchSize !== undefined && train.batchSize < e.samples) {
    lines.push('', l10n.t('This is the gradient over all {0} training samples; a training step with batchSize {1} uses the same formula over the samples of its own mini-batch.', e.samples, train.batchSize));
  }
  if (train.weightDecay !== 0 && e.target.param === 'weights') {
    lines.push('', l10n.t('Weight decay λ = {0} adds λ · w = {1} to the gradient during training (not included above, as in the report).', fmt(train.weightDecay), fmt(train.weightDecay * e.paramValue)));
  }
  return [...lines, ''];
}

/** In the walkthrough's names (Mazur 2015): `In the classic walkthrough this is w5, from out_h1 into net_o1.` */
function classicLine(e: GradientExplanation, classic: string): string {
  const path = classicPath(e.target.layerIndex, e.target.param, e.target.index);
  return path.from !== undefined
    ? l10n.t('In the classic walkthrough this is {0}, from {1} into {2}.', classic, path.from, path.into)
    : l10n.t('In the classic walkthrough this is {0}, added into {1}.', classic, path.into);
}

/** Where the page's facts line (the model's name, from the file) stands: never renamed. */
const FACTS_LINE = 2;

/**
 * The page's lines under the walkthrough's names: every line of text renamed (its code spans, the
 * model's expressions, left as written), every formula block's TeX, text and speech renamed.
 */
function renamed(lines: readonly string[], renaming: SymbolRenaming, math: MathMode, keep: number): string[] {
  let inFence = false;
  return lines.map((line, index) => {
    if (index === keep) return line;
    if (math === 'katex' && line === `\`\`\`${MATH_FENCE}`) { inFence = true; return line; }
    if (inFence) {
      if (line === '```') { inFence = false; return line; }
      const f = parseMathFence(line);
      return f ? formulaLines(renaming.formula(f), 'katex')[2] : line;
    }
    return line.split(/(`+[^`]*`+)/).map((part, i) => (i % 2 === 1 ? part : renaming.text(part))).join('');
  });
}

/** The explanation page. */
export function explanationMarkdown(e: GradientExplanation, options: ExplanationMarkdownOptions): string {
  const isBias = e.target.param === 'bias';
  const classic = options.classicNames ? classicParameterName(e.target.layerIndex, e.target.param, e.target.index) : undefined;
  const renaming = classic ? explanationRenaming(e.target, e.samples) : undefined;
  const p = renaming ? classicParamSymbol(e.target) : paramSymbol(e);
  /** The input under the weight: its walkthrough name (`out_h1`, `i1`), else `out of hidden unit 1`. */
  const input = isBias ? '' : renaming ? classicInputOf(e.target.layerIndex, e.target.index[1]) : inputName(e);
  const j = unitName(e.layerName, e.unit);
  const first = e.rows[0];
  const f = lossFormula(e);
  const math = options.math ?? 'text';
  const name = parameterName(escapeMarkdown(e.layerName), e.target.param, e.target.index);
  // Under the walkthrough's names the symbol is already Mazur's (∂E_total/∂w5), so the title names the entry beside it.
  const title = l10n.t('# ∂L/∂{0} for {1}', p, classic && !renaming ? `${classic} (${name})` : name);
  const agreeMark = e.agrees ? '✓' : '✗';
  const lines: string[] = [
    title,
    '',
    [modelFact(e.modelName), stepFact(e.step), l10n.t('loss {0}', e.lossKind), samplesFact(e.samples)].join(' · '),
    '',
    ...depthNote(options.depth),
    l10n.t('**∂L/∂{0} = {1}** by the chain rule below; the engine\'s back-propagation gives {2} {3}', p, fmt(e.mean), fmt(e.engine), agreeMark),
    '',
    ...summary(e, p, options.depth, options),
    l10n.t('## The chain'),
    '',
    isBias
      ? l10n.t('{0} is the bias of unit j = {1}: netⱼ = Σᵢ wⱼᵢ · aᵢ + {0}, outⱼ = f(netⱼ).', p, j)
      : l10n.t('{0} is the weight from i = {1} into unit j = {2}: netⱼ = Σᵢ wⱼᵢ · aᵢ + bⱼ, outⱼ = f(netⱼ).', p, inputName(e), j),
    ...(classic ? [classicLine(e, classic)] : []),
    '',
    l10n.t('The loss averages over the samples: L = (1/N) Σₙ Lₙ with {0}, N = {1}. So', f.loss, e.samples),
    '',
    ...formulaLines(chainRule(p), math, false),
    '',
    e.isOutputLayer
      ? l10n.t('- ∂Lₙ/∂outⱼ = {0}: j is an output unit, so this is the loss\'s own derivative', f.derivative)
      : l10n.t('- ∂Lₙ/∂outⱼ = Σₖ δₖ · wₖⱼ: j is a hidden unit, its output reaches the loss through every unit k of "{0}", and δₖ = ∂Lₙ/∂netₖ is what back-propagation already computed there', escapeMarkdown(e.downstreamLayer!.name)),
    `- ∂outⱼ/∂netⱼ = ${activationDerivative(e)}`,
    isBias ? l10n.t('- ∂netⱼ/∂{0} = 1 (the bias adds itself to net)', p) : l10n.t('- ∂netⱼ/∂{0} = aᵢ, the {1}', p, inputName(e)),
    l10n.t('- their product ∂Lₙ/∂outⱼ · ∂outⱼ/∂netⱼ = δⱼ = ∂Lₙ/∂netⱼ is the unit\'s error signal'),
    '',
  ];
  if (e.combined === 'softmax-cross-entropy') {
    lines.push(l10n.t('With a softmax output and cross-entropy the two middle factors cancel: δⱼ = outⱼ − tⱼ. The engine computes it in that form, which stays exact even when an output is close to 0.'), '');
  } else if (e.combined === 'sigmoid-binary-cross-entropy') {
    lines.push(l10n.t('With sigmoid outputs and binary cross-entropy the factor out · (1 − out) cancels: δⱼ = outⱼ − tⱼ, which is how the engine computes it.'), '');
  }
  if (first) {
    const item = (line: string | Formula) => (typeof line === 'string' ? [`- ${line}`] : formulaLines(line, math));
    lines.push(l10n.t('## Sample 1, step by step'), '', ...item(dLdOutLine(e, first, '₁', renaming !== undefined)));
    for (const line of deltaLines(e, first, '₁')) lines.push(...item(line));
    lines.push(...item(netSlope(p, isBias, first, input)));
    lines.push(...item(sampleProduct(p, first)));
    if (!e.combined && e.rule !== 'softmax') {
      lines.push(l10n.t('- the whole chain: {0} · {1} · {2} = **{3}**', factor(first.dLdOut), factor(first.dOutdNet ?? NaN), factor(first.dNetdParam), fmt(first.product)));
    }
    lines.push('');
  }
  lines.push(
    l10n.t('## Every sample'),
    '',
    `| n | net | out |${e.isOutputLayer ? ' t |' : ''} ∂Lₙ/∂out | ∂out/∂net | δ = ∂Lₙ/∂net | ∂net/∂${p} | ∂Lₙ/∂${p} |`,
    `|---|---|---|${e.isOutputLayer ? '---|' : ''}---|---|---|---|---|`,
    ...e.rows.map((r) => tableRow(e, r)),
    '',
  );
  if (e.rows.length < e.samples) {
    lines.push(e.recomputed
      ? l10n.t('The table shows the first {0} of {1} samples; the sum below runs over all of them (re-run through the engine, as the analysis keeps only the first samples).', e.rows.length, e.samples)
      : l10n.t('The table shows the first {0} of {1} samples; the sum below runs over all of them.', e.rows.length, e.samples), '');
  }
  const diff = e.relDiff === 0 ? '0' : fmt(e.relDiff);
  lines.push(
    l10n.t('## Averaged over the batch'),
    '',
    ...formulaLines(batchMean(p, e.samples, e.sum, e.mean), math, false),
    '',
    `| | ∂L/∂${p} |`,
    '|---|---|',
    l10n.t('| the chain rule, multiplied out here | {0} |', exact(e.mean)),
    l10n.t('| the engine\'s back-propagation | {0} |', exact(e.engine)),
    l10n.t('| relative difference | {0} {1} (they agree when ≤ {2}) |', diff, agreeMark, AGREEMENT_TOLERANCE),
    '',
  );
  if (!e.agrees) {
    lines.push(l10n.t('⚠ The derivation and the engine disagree. Every δ of this derivation matches the engine\'s to {0} (relative); please report this model file.', fmt(e.maxDeltaRelDiff)), '');
  }
  if (e.rule === 'custom') {
    lines.push(l10n.t('Back-propagation uses your df as written. If it is wrong, this page multiplies the wrong number too, and only the gradient check (central differences of f) can tell: see its result on the lens above the layer.'), '');
  }
  if (e.rule === 'relu' || e.rule === 'leaky-relu') {
    const off = e.rows.filter((r) => r.net <= 0).length;
    if (off > 0) {
      lines.push(e.rule === 'relu'
        ? l10n.t('{0} of the {1} samples shown have netⱼ ≤ 0: there the unit passes no gradient back.', off, e.rows.length)
        : l10n.t('{0} of the {1} samples shown have netⱼ ≤ 0: there only 1 % of the gradient passes back.', off, e.rows.length), '');
    }
  }
  lines.push(...updateLines(e, p, options));
  const page = renaming ? renamed(lines, renaming, math, FACTS_LINE) : lines;
  return math === 'text' ? page.join('\n') : joinPage(page);
}
