/**
 * The Markdown page of "Squared error versus cross-entropy": McCaffrey's reference example computed
 * live, the output signals of the model side by side, the gradients under both losses and both
 * training curves (as tables and sparklines; the panel can draw them as charts). Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { errorMeasures } from './errorMeasures';
import type { LossComparison, TrainingCurves } from '../worker/teaching/lossComparison';
import { escapeMarkdown, fmt, short, sparkline } from './text';

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
    `| network 1 | ${m1.correct} of ${m1.items} | ${m1.meanCrossEntropy.toFixed(4)} | ${m1.meanSquaredError.toFixed(2)} |`,
    `| network 2 | ${m2.correct} of ${m2.items} | ${m2.meanCrossEntropy.toFixed(4)} | ${m2.meanSquaredError.toFixed(2)} |`,
    '',
    l10n.t('Classification error cannot tell them apart; both measures can.'),
    '',
  ];
}

function signalsSection(c: LossComparison): string[] {
  const ceName = c.crossEntropyLoss;
  const formula = c.outputKind === 'sigmoid'
    ? l10n.t('squared error: δ = o · (1 − o) · (o − t); cross-entropy: δ = o − t')
    : l10n.t('squared error: δⱼ = oⱼ · ((oⱼ − tⱼ) − Σₖ (oₖ − tₖ) · oₖ), the full softmax Jacobian product, whose own-unit term oⱼ(1 − oⱼ)(oⱼ − tⱼ) is the o(1 − o)(o − t) of a sigmoid output (the other units add −oⱼ Σₖ≠ⱼ (oₖ − tₖ) oₖ); cross-entropy: δⱼ = oⱼ − tⱼ');
  const lines = [
    l10n.t('## The output signals'),
    '',
    `${c.outputKind === 'sigmoid' ? 'Sigmoid' : 'Softmax'} outputs. The signal δ = ∂Lₙ/∂net of each output unit, ${formula}. Squared error multiplies (o − t) by the activation's slope, which is nearly 0 when an output is close to 0 or 1, also when it is confidently *wrong*; with ${ceName} the slope cancels and the signal is the error itself.`,
    '',
    l10n.t('| sample | unit | out o | target t | δ squared (engine) | δ squared (formula) | δ cross-entropy (engine) | δ cross-entropy (formula) |'),
    '|---|---|---|---|---|---|---|---|',
    ...c.signals.slice(0, SIGNAL_ROWS).map((s) => `| ${s.sample + 1} | ${s.unit + 1} | ${fmt(s.out)} | ${fmt(s.target)} | ${fmt(s.squared)} | ${fmt(s.squaredFormula)} | ${fmt(s.crossEntropy)} | ${fmt(s.crossEntropyFormula)} |`),
    '',
  ];
  if (c.signals.length > SIGNAL_ROWS) lines.push(`(the first ${SIGNAL_ROWS} of ${c.signals.length} output signals of the first ${c.recordedSamples} samples)`, '');
  const s = c.summary;
  lines.push(
    l10n.t('Over {0} output signals: mean |δ| is {1} under squared error and {2} under {3}.', s.count, short(s.meanAbsSquared), short(s.meanAbsCrossEntropy), ceName),
  );
  if (s.wrong > 0) {
    lines.push(`For the ${s.wrong} output${s.wrong === 1 ? '' : 's'} off by more than 0.5 (wrong answers): mean |δ| ${short(s.wrongMeanAbsSquared)} under squared error against ${short(s.wrongMeanAbsCrossEntropy)} under ${ceName}${s.wrongMeanAbsSquared > 0 ? `, ${short(s.wrongMeanAbsCrossEntropy / s.wrongMeanAbsSquared, 3)} times as strong` : ''}.`);
  }
  lines.push('', l10n.t('The engine\'s signals and the formulas agree to {0} (relative).', c.maxFormulaRelDiff === 0 ? '0' : fmt(c.maxFormulaRelDiff)), '');
  return lines;
}

function gradientSection(c: LossComparison): string[] {
  return [
    l10n.t('## The gradients'),
    '',
    `Loss now: squared ${short(c.squaredLoss, 6)} · ${c.crossEntropyLoss} ${short(c.crossEntropyLossValue, 6)}. McCaffrey's measures of the current outputs: average cross-entropy ${short(c.measures.meanCrossEntropy)}, average Σ (t − o)² ${short(c.measures.meanSquaredError)}, ${c.measures.correct} of ${c.measures.items} right.`,
    '',
    `| layer | ‖∂L/∂W‖ squared | ‖∂L/∂W‖ ${c.crossEntropyLoss} | ‖∂L/∂b‖ squared | ‖∂L/∂b‖ ${c.crossEntropyLoss} |`,
    '|---|---|---|---|---|',
    ...c.layers.map((l) => `| ${escapeMarkdown(l.name)} | ${short(l.squaredWeightNorm)} | ${short(l.crossEntropyWeightNorm)} | ${short(l.squaredBiasNorm)} | ${short(l.crossEntropyBiasNorm)} |`),
    '',
    l10n.t('Every gradient further back is built from these output signals, so the difference reaches every layer.'),
    '',
  ];
}

function curvesSection(c: LossComparison, curves: TrainingCurves): string[] {
  const ceName = c.crossEntropyLoss;
  const lines = [
    l10n.t('## Training under each loss'),
    '',
    `Two copies of the network, from the same initial weights, trained with the file's settings for ${curves.steps} step${curves.steps === 1 ? '' : 's'}${curves.note ? ` (${escapeMarkdown(curves.note)})` : ''}${curves.cancelled ? ', cancelled before the end' : ''}. Both are measured the same way, with McCaffrey's average Σ (t − o)²:`,
    '',
    `- squared error:  ${sparkline(curves.squared.map((p) => p.measures.meanSquaredError))}`,
    `- ${ceName}: ${sparkline(curves.crossEntropy.map((p) => p.measures.meanSquaredError))}`,
    '',
    `| step | squared: its loss | squared: avg Σ(t − o)² | squared: right | ${ceName}: its loss | ${ceName}: avg Σ(t − o)² | ${ceName}: right |`,
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
}

/** The whole comparison page. */
export function lossComparisonMarkdown(c: LossComparison, options: LossComparisonPageOptions): string {
  return [
    l10n.t('# Squared error versus cross-entropy'),
    '',
    `Model "${escapeMarkdown(options.modelName)}" · ${options.step === 0 ? 'initial parameters' : `after ${options.step} training step${options.step === 1 ? '' : 's'}`} · ${c.samples} training sample${c.samples === 1 ? '' : 's'} · ${c.outputs} output${c.outputs === 1 ? '' : 's'}`,
    '',
    ...signalsSection(c),
    ...gradientSection(c),
    ...(options.curves ? curvesSection(c, options.curves) : []),
    ...referenceSection(),
  ].join('\n');
}
