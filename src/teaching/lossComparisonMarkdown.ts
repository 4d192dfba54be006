/**
 * The Markdown page of "Squared error versus cross-entropy": McCaffrey's reference example computed
 * live, the output signals of the model side by side, the gradients under both losses and both
 * training curves (as tables and sparklines; the panel can draw them as charts). Every line with
 * words, the lines with numbers included, is one `l10n.t` text (the loaded language; English without
 * a bundle), the numbers and the escaped names as its `{0}`, `{1}`…. The formulas (the output signals,
 * the losses) are Unicode text (default) or KaTeX blocks (`math: 'katex'`, ./mathMarkdown.ts: the page
 * in VS Code's Markdown preview and in the handout), as on the Explain pages. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { errorMeasures } from './errorMeasures';
import { binaryCrossEntropyLoss, crossEntropyLoss, sigmoidSignals, softmaxSignals, squaredLoss } from './lossFormulas';
import { formulaLines, joinPage, type MathMode } from './mathMarkdown';
import { modelFact, samplesFact, stepFact } from './pageFacts';
import type { LossComparison, TrainingCurves } from '../worker/teaching/lossComparison';
import { escapeMarkdown, fmt, short, sparkline } from './text';
import type { Formula } from './formulas';

/** McCaffrey (2013): three items, two networks that both classify 2 of 3 right. */
export const MCCAFFREY_EXAMPLE = {
  targets: [[0, 0, 1], [0, 1, 0], [1, 0, 0]],
  network1: [[0.3, 0.3, 0.4], [0.3, 0.4, 0.3], [0.1, 0.2, 0.7]],
  network2: [[0.1, 0.2, 0.7], [0.1, 0.7, 0.2], [0.3, 0.4, 0.3]],
} as const;

/** Rows shown in the signal table. */
const SIGNAL_ROWS = 12;

function referenceSection(): string[] {
  const m1 = errorMeasures(MCCAFFREY_EXAMPLE.network1, MCCAFFREY_EXAMPLE.targets);
  const m2 = errorMeasures(MCCAFFREY_EXAMPLE.network2, MCCAFFREY_EXAMPLE.targets);
  return [
    l10n.t('## Why two measures can disagree (McCaffrey, 2013)'),
    '',
    l10n.t('Targets (0, 0, 1), (0, 1, 0), (1, 0, 0). Network 1 outputs (.3, .3, .4), (.3, .4, .3), (.1, .2, .7); network 2 outputs (.1, .2, .7), (.1, .7, .2), (.3, .4, .3). Both classify 2 of 3 right, yet network 2 is clearly better: its right answers are confident and its wrong one is close.'),
    '',
    l10n.t('| | right | average cross-entropy −Σ t · ln o | average Σ (t − o)² |'),
    '|---|---|---|---|',
    // To the decimals McCaffrey prints.
    l10n.t('| network {0} | {1} of {2} | {3} | {4} |', 1, m1.correct, m1.items, m1.meanCrossEntropy.toFixed(4), m1.meanSquaredError.toFixed(2)),
    l10n.t('| network {0} | {1} of {2} | {3} | {4} |', 2, m2.correct, m2.items, m2.meanCrossEntropy.toFixed(4), m2.meanSquaredError.toFixed(2)),
    '',
    l10n.t('Classification error cannot tell them apart; both measures can.'),
    '',
  ];
}

/** The sentence on the output signals with the two formulas as KaTeX blocks (the text page has them inline). */
function signalsIntro(c: LossComparison): string[] {
  const sigmoid = c.outputKind === 'sigmoid';
  return [
    sigmoid
      ? l10n.t('Sigmoid outputs. The signal δ = ∂Lₙ/∂net of each output unit under each loss:')
      : l10n.t('Softmax outputs. The signal δⱼ = ∂Lₙ/∂netⱼ of each output unit under each loss:'),
    ...(sigmoid ? sigmoidSignals() : softmaxSignals()).flatMap((f) => formulaLines(f, 'katex', false)),
    ...(sigmoid ? [] : [l10n.t('The squared error\'s signal is the full softmax Jacobian product; its own-unit term oⱼ(1 − oⱼ)(oⱼ − tⱼ) is the o(1 − o)(o − t) of a sigmoid output, and the other units add −oⱼ Σₖ≠ⱼ (oₖ − tₖ) oₖ.'), '']),
    l10n.t('Squared error multiplies (o − t) by the activation\'s slope, which is nearly 0 when an output is close to 0 or 1, also when it is confidently *wrong*; with {0} the slope cancels and the signal is the error itself.', c.crossEntropyLoss),
  ];
}

function signalsSection(c: LossComparison, math: MathMode): string[] {
  const ceName = c.crossEntropyLoss;
  const formula = c.outputKind === 'sigmoid'
    ? l10n.t('squared error: δ = o · (1 − o) · (o − t); cross-entropy: δ = o − t')
    : l10n.t('squared error: δⱼ = oⱼ · ((oⱼ − tⱼ) − Σₖ (oₖ − tₖ) · oₖ), the full softmax Jacobian product, whose own-unit term oⱼ(1 − oⱼ)(oⱼ − tⱼ) is the o(1 − o)(o − t) of a sigmoid output (the other units add −oⱼ Σₖ≠ⱼ (oₖ − tₖ) oₖ); cross-entropy: δⱼ = oⱼ − tⱼ');
  const lines = [
    l10n.t('## The output signals'),
    '',
    ...(math === 'katex' ? signalsIntro(c) : [c.outputKind === 'sigmoid'
      ? l10n.t('Sigmoid outputs. The signal δ = ∂Lₙ/∂net of each output unit, {0}. Squared error multiplies (o − t) by the activation\'s slope, which is nearly 0 when an output is close to 0 or 1, also when it is confidently *wrong*; with {1} the slope cancels and the signal is the error itself.', formula, ceName)
      : l10n.t('Softmax outputs. The signal δ = ∂Lₙ/∂net of each output unit, {0}. Squared error multiplies (o − t) by the activation\'s slope, which is nearly 0 when an output is close to 0 or 1, also when it is confidently *wrong*; with {1} the slope cancels and the signal is the error itself.', formula, ceName)]),
    '',
    l10n.t('| sample | unit | out o | target t | δ squared (engine) | δ squared (formula) | δ cross-entropy (engine) | δ cross-entropy (formula) |'),
    '|---|---|---|---|---|---|---|---|',
    ...c.signals.slice(0, SIGNAL_ROWS).map((s) => `| ${s.sample + 1} | ${s.unit + 1} | ${fmt(s.out)} | ${fmt(s.target)} | ${fmt(s.squared)} | ${fmt(s.squaredFormula)} | ${fmt(s.crossEntropy)} | ${fmt(s.crossEntropyFormula)} |`),
    '',
  ];
  if (c.signals.length > SIGNAL_ROWS) lines.push(l10n.t('(the first {0} of {1} output signals of the first {2} samples)', SIGNAL_ROWS, c.signals.length, c.recordedSamples), '');
  const s = c.summary;
  lines.push(
    l10n.t('Over {0} output signals: mean |δ| is {1} under squared error and {2} under {3}.', s.count, short(s.meanAbsSquared), short(s.meanAbsCrossEntropy), ceName),
  );
  if (s.wrong > 0) {
    const squared = short(s.wrongMeanAbsSquared), crossEntropy = short(s.wrongMeanAbsCrossEntropy);
    if (s.wrongMeanAbsSquared > 0) {
      const ratio = short(s.wrongMeanAbsCrossEntropy / s.wrongMeanAbsSquared, 3);
      lines.push(s.wrong === 1
        ? l10n.t('For the {0} output more than 0.5 from its target: mean |δ| {1} under squared error against {2} under {3}, {4} times as strong.', s.wrong, squared, crossEntropy, ceName, ratio)
        : l10n.t('For the {0} outputs more than 0.5 from their targets: mean |δ| {1} under squared error against {2} under {3}, {4} times as strong.', s.wrong, squared, crossEntropy, ceName, ratio));
    } else {
      lines.push(s.wrong === 1
        ? l10n.t('For the {0} output more than 0.5 from its target: mean |δ| {1} under squared error against {2} under {3}.', s.wrong, squared, crossEntropy, ceName)
        : l10n.t('For the {0} outputs more than 0.5 from their targets: mean |δ| {1} under squared error against {2} under {3}.', s.wrong, squared, crossEntropy, ceName));
    }
  }
  lines.push('', l10n.t('The engine\'s signals and the formulas agree to {0} (relative).', c.maxFormulaRelDiff === 0 ? '0' : fmt(c.maxFormulaRelDiff)), '');
  return lines;
}

/**
 * Each loss of the current outputs once: its name, its formula and its value, with how McCaffrey's
 * measure of the same outputs follows from it (squared error: his Σ (t − o)² is twice ½ Σ (t − o)²;
 * binary cross-entropy: the sum over the K outputs is K times the mean per output; softmax
 * cross-entropy is his average cross-entropy itself). Then the count of right samples, and the
 * sentence that reconciles it with the per-output 0.5 threshold above where the two disagree.
 */
function lossLines(c: LossComparison, math: MathMode): string[] {
  const K = c.outputs, m = c.measures;
  // Each loss is its text line, or (KaTeX) a formula block whose fallback is that line without the bullet.
  const bullet = (line: string, f: (text: string) => Formula): string[] => (math === 'text' ? [line] : formulaLines(f(line.replace(/^- /, '')), math, false));
  const lines = [
    c.samples === 1 ? l10n.t('The losses of the current outputs, for the one training sample:') : l10n.t('The losses of the current outputs, each the mean over the {0} training samples:', c.samples),
    '',
    ...bullet(K === 1
      ? l10n.t('- squared error ½ (t − o)²: {0}; McCaffrey\'s (t − o)² is twice it, {1}', short(c.squaredLoss, 6), short(m.meanSquaredError, 6))
      : l10n.t('- squared error ½ Σₖ (tₖ − oₖ)², summed over the {0} outputs: {1}; McCaffrey\'s Σₖ (tₖ − oₖ)² is twice it, {2}', K, short(c.squaredLoss, 6), short(m.meanSquaredError, 6)),
    (text) => squaredLoss(K, c.squaredLoss, m.meanSquaredError, text)),
  ];
  if (c.crossEntropyLoss === 'cross-entropy') {
    lines.push(...bullet(l10n.t('- cross-entropy −Σₖ tₖ ln oₖ over the {0} outputs (McCaffrey\'s average cross-entropy): {1}', K, short(c.crossEntropyLossValue, 6)), (text) => crossEntropyLoss(c.crossEntropyLossValue, text)));
  } else if (K === 1) {
    lines.push(...bullet(l10n.t('- binary cross-entropy −[t ln o + (1 − t) ln(1 − o)]: {0}', short(c.crossEntropyLossValue, 6)), (text) => binaryCrossEntropyLoss(1, c.crossEntropyLossValue, text)));
  } else {
    lines.push(...bullet(l10n.t('- binary cross-entropy, summed over the {0} outputs: −Σₖ [tₖ ln oₖ + (1 − tₖ) ln(1 − oₖ)] = {1} = {0} × {2} per output', K, short(c.crossEntropyLossValue, 6), short(c.crossEntropyLossValue / K, 6)), (text) => binaryCrossEntropyLoss(K, c.crossEntropyLossValue, text)));
  }
  lines.push(l10n.t('- right: {0} of {1} (a sample is right when its largest output is where its target\'s largest is)', m.correct, m.items));
  return [...lines, ...reconciling(c)];
}

/** Why a sample can be right with an output more than 0.5 off, or wrong with none: only where that happens. */
function reconciling(c: LossComparison): string[] {
  const { rightButFar, farOutputsOfRight, wrongButClose } = c.summary;
  const lines: string[] = [];
  if (rightButFar === 1) {
    const who = c.samples === 1 ? l10n.t('The sample') : l10n.t('One sample');
    lines.push(farOutputsOfRight === 1
      ? l10n.t('{0} counts as right because its largest output is the right class; {1} of its {2} outputs is still more than 0.5 from its target.', who, farOutputsOfRight, c.outputs)
      : l10n.t('{0} counts as right because its largest output is the right class; {1} of its {2} outputs are still more than 0.5 from their targets.', who, farOutputsOfRight, c.outputs));
  } else if (rightButFar > 1) {
    lines.push(l10n.t('{0} samples count as right because their largest output is the right class, although {1} of their outputs are still more than 0.5 from their targets.', rightButFar, farOutputsOfRight));
  }
  if (wrongButClose === 1) {
    lines.push(l10n.t('One sample counts as wrong although each of its outputs is within 0.5 of its target: its largest output is not the right class.'));
  } else if (wrongButClose > 1) {
    lines.push(l10n.t('{0} samples count as wrong although each of their outputs is within 0.5 of its target: their largest output is not the right class.', wrongButClose));
  }
  return lines.length > 0 ? ['', ...lines] : [];
}

function gradientSection(c: LossComparison, math: MathMode): string[] {
  return [
    l10n.t('## The gradients'),
    '',
    ...lossLines(c, math),
    '',
    l10n.t('| layer | ‖∂L/∂W‖ squared | ‖∂L/∂W‖ {0} | ‖∂L/∂b‖ squared | ‖∂L/∂b‖ {0} |', c.crossEntropyLoss),
    '|---|---|---|---|---|',
    ...c.layers.map((l) => `| ${escapeMarkdown(l.name)} | ${short(l.squaredWeightNorm)} | ${short(l.crossEntropyWeightNorm)} | ${short(l.squaredBiasNorm)} | ${short(l.crossEntropyBiasNorm)} |`),
    '',
    l10n.t('Every gradient further back is built from these output signals, so the difference reaches every layer.'),
    '',
  ];
}

function curvesSection(c: LossComparison, curves: TrainingCurves): string[] {
  const ceName = c.crossEntropyLoss;
  // The note (why the run is shorter, say) in parentheses after the steps.
  const note = curves.note ? ` (${escapeMarkdown(curves.note)})` : '';
  let trained: string;
  if (curves.cancelled) {
    trained = curves.steps === 1
      ? l10n.t('Two copies of the network, from the same initial weights, trained with the file\'s settings for {0} step{1}, cancelled before the end. Both are measured the same way, with McCaffrey\'s average Σ (t − o)²:', curves.steps, note)
      : l10n.t('Two copies of the network, from the same initial weights, trained with the file\'s settings for {0} steps{1}, cancelled before the end. Both are measured the same way, with McCaffrey\'s average Σ (t − o)²:', curves.steps, note);
  } else {
    trained = curves.steps === 1
      ? l10n.t('Two copies of the network, from the same initial weights, trained with the file\'s settings for {0} step{1}. Both are measured the same way, with McCaffrey\'s average Σ (t − o)²:', curves.steps, note)
      : l10n.t('Two copies of the network, from the same initial weights, trained with the file\'s settings for {0} steps{1}. Both are measured the same way, with McCaffrey\'s average Σ (t − o)²:', curves.steps, note);
  }
  const lines = [
    l10n.t('## Training under each loss'),
    '',
    trained,
    '',
    l10n.t('- squared error:  {0}', sparkline(curves.squared.map((p) => p.measures.meanSquaredError))),
    `- ${ceName}: ${sparkline(curves.crossEntropy.map((p) => p.measures.meanSquaredError))}`,
    '',
    l10n.t('| step | squared: its loss | squared: avg Σ(t − o)² | squared: right | {0}: its loss | {0}: avg Σ(t − o)² | {0}: right |', ceName),
    '|---|---|---|---|---|---|---|',
  ];
  const n = Math.max(curves.squared.length, curves.crossEntropy.length);
  for (let i = 0; i < n; i++) {
    const a = curves.squared[i], b = curves.crossEntropy[i];
    if (!a && !b) continue;
    const cell = (p: typeof a | undefined) => (p ? [short(p.loss), short(p.measures.meanSquaredError), `${p.measures.correct}/${p.measures.items}`] : ['', '', '']);
    lines.push(`| ${(a ?? b).step} | ${cell(a).join(' | ')} | ${cell(b).join(' | ')} |`);
  }
  lines.push('');
  return lines;
}

export interface LossComparisonPageOptions {
  readonly modelName: string;
  /** The training step whose parameters the signals describe. */
  readonly step: number;
  readonly curves?: TrainingCurves;
  /** The formulas as Unicode text (default: the CLI, tests of the words) or as KaTeX blocks (the preview, the handout). */
  readonly math?: MathMode;
}

/** The whole comparison page. */
export function lossComparisonMarkdown(c: LossComparison, options: LossComparisonPageOptions): string {
  const math = options.math ?? 'text';
  const lines = [
    l10n.t('# Squared error versus cross-entropy'),
    '',
    [modelFact(options.modelName), stepFact(options.step), samplesFact(c.samples), c.outputs === 1 ? l10n.t('{0} output', c.outputs) : l10n.t('{0} outputs', c.outputs)].join(' · '),
    '',
    ...signalsSection(c, math),
    ...gradientSection(c, math),
    ...(options.curves ? curvesSection(c, options.curves) : []),
    ...referenceSection(),
  ];
  return math === 'text' ? lines.join('\n') : joinPage(lines);
}
