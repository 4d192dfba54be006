/**
 * The formulas of the "Squared error versus cross-entropy" page (./lossComparisonMarkdown.ts) as
 * {@link Formula}s, for its KaTeX form in VS Code's Markdown preview and the handout: the output
 * signal δ under each loss, and each loss of the current outputs with its value. Each `text` is the
 * text page's own words for it (a loss's `text` is exactly its line there, without the bullet), each
 * `tex` the same formula with the same digits (`short`, re-spelt by `texNumber`). Words inside a
 * formula are GradLens's own `l10n.t` texts, escaped for `\text{…}`; nothing from the model file
 * enters `tex`. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { formula, texNumber, type Formula } from './formulas';
import { texWords } from './layeredFormulas';
import { short } from './text';

/** A value as the page writes it (`short(value, 6)`), in TeX. */
function v(value: number): string {
  return texNumber(short(value, 6));
}

function words(text: string): string {
  return `\\text{${texWords(text)}}`;
}

/** The two output signals of sigmoid outputs: `squared error: δ = o · (1 − o) · (o − t)` and `cross-entropy: δ = o − t`. */
export function sigmoidSignals(): Formula[] {
  return [
    formula(`${words(l10n.t('squared error:'))}\\quad \\delta = o \\cdot (1 - o) \\cdot (o - t)`, l10n.t('squared error: δ = o · (1 − o) · (o − t)')),
    formula(`${words(l10n.t('cross-entropy:'))}\\quad \\delta = o - t`, l10n.t('cross-entropy: δ = o − t')),
  ];
}

/** The two output signals of softmax outputs (squared error: the full Jacobian product). */
export function softmaxSignals(): Formula[] {
  return [
    formula(`${words(l10n.t('squared error:'))}\\quad \\delta_j = o_j \\cdot \\Bigl((o_j - t_j) - \\sum_k (o_k - t_k) \\cdot o_k\\Bigr)`, l10n.t('squared error: δⱼ = oⱼ · ((oⱼ − tⱼ) − Σₖ (oₖ − tₖ) · oₖ)')),
    formula(`${words(l10n.t('cross-entropy:'))}\\quad \\delta_j = o_j - t_j`, l10n.t('cross-entropy: δⱼ = oⱼ − tⱼ')),
  ];
}

/**
 * The squared-error loss of `outputs` outputs with its value, and McCaffrey's measure of the same
 * outputs (twice it). `text` is the page's line: `squared error ½ (t − o)²: 0.1; McCaffrey's … 0.2`.
 */
export function squaredLoss(outputs: number, loss: number, mccaffrey: number, text: string): Formula {
  const half = outputs === 1 ? '\\tfrac{1}{2}\\,(t - o)^2' : '\\tfrac{1}{2} \\sum_k (t_k - o_k)^2';
  const his = outputs === 1 ? '(t - o)^2' : '\\sum_k (t_k - o_k)^2';
  return formula(
    `${words(l10n.t('squared error'))}\\quad ${half} = \\mathbf{${v(loss)}} \\qquad ${words(l10n.t('McCaffrey\'s:'))}\\ ${his} = 2 \\cdot ${half} = ${v(mccaffrey)}`,
    text);
}

/** Softmax cross-entropy (McCaffrey's average cross-entropy itself), with its value. */
export function crossEntropyLoss(loss: number, text: string): Formula {
  return formula(`${words(l10n.t('cross-entropy'))}\\quad -\\sum_k t_k \\ln o_k = \\mathbf{${v(loss)}}`, text);
}

/** Binary cross-entropy of one output, or summed over `outputs` outputs (then also per output), with its value. */
export function binaryCrossEntropyLoss(outputs: number, loss: number, text: string): Formula {
  if (outputs === 1) return formula(`${words(l10n.t('binary cross-entropy'))}\\quad -\\bigl[t \\ln o + (1 - t) \\ln(1 - o)\\bigr] = \\mathbf{${v(loss)}}`, text);
  return formula(
    `${words(l10n.t('binary cross-entropy'))}\\quad -\\sum_k \\bigl[t_k \\ln o_k + (1 - t_k) \\ln(1 - o_k)\\bigr] = \\mathbf{${v(loss)}} = ${outputs} \\times ${v(loss / outputs)}\\ ${words(l10n.t('per output'))}`,
    text);
}
