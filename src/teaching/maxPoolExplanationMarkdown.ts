/**
 * The Markdown of Explain Gradient for one window of a max-pool layer (the numbers come from the
 * worker: src/worker/teaching/maxPoolExplanation.ts). By depth, as the conv and batch-norm pages:
 * - Drive (1): what the layer does with the window's numbers (the largest passes on); no derivatives;
 * - Service (2): the rule in words, only the maximum gets the gradient, with the window's δ and how
 *   many of the layer's inputs get none;
 * - Repair (3): the window's gradients written out (δ at the maximum, 0 elsewhere), each input's total
 *   over every window beside the engine's ∂Lₙ/∂x;
 * - Derive (4): also the derivation (∂ max/∂xₖ is 1 for the maximum, 0 for the others).
 * Rows, columns and channels count from 1. The rule is a formula (./layeredFormulas.ts): Unicode text,
 * or a KaTeX block with `math: 'katex'` (./mathMarkdown.ts). Every line with words is one `l10n.t`
 * text (the loaded language; English without a bundle), the numbers and the escaped names as its `{0}`,
 * `{1}`…; a counted word is two texts. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { DepthLevel } from '../shared/protocol';
import { depthLabel } from '../shared/depth';
import { outputPositionName } from '../shared/names';
import type { MaxPoolExplanation, PoolCell } from '../worker/teaching/maxPoolExplanation';
import { AGREEMENT_TOLERANCE } from './agreement';
import { modelFact, samplesFact, stepFact } from './pageFacts';
import { entryLabel, escapeMarkdown, fmt } from './text';
import { formulaLines, joinPage, type MathMode } from './mathMarkdown';
import { maxPoolRule } from './layeredFormulas';

function at(position: readonly [number, number]): string {
  return `(${position[0] + 1}, ${position[1] + 1})`;
}

function valueText(cell: PoolCell): string {
  if (!cell.inputAt) return l10n.t('−∞ (padding)');
  return cell.isMax ? l10n.t('**{0}** (max)', fmt(cell.value)) : fmt(cell.value);
}

/** The window's values as a kh × kw grid, the maximum in bold. */
function valueGrid(e: MaxPoolExplanation): string[] {
  const [kh, kw] = e.window;
  const rows: string[] = [`| | ${Array.from({ length: kw }, (_, v) => l10n.t('column {0}', e.position[1] * e.stride[1] - e.padding[1] + v + 1)).join(' | ')} |`, `|---|${'---|'.repeat(kw)}`];
  for (let u = 0; u < kh; u++) {
    const cells = e.cells.slice(u * kw, (u + 1) * kw);
    rows.push(`| ${l10n.t('row {0}', e.position[0] * e.stride[0] - e.padding[0] + u + 1)} | ${cells.map(valueText).join(' | ')} |`);
  }
  return [...rows, ''];
}

/** The window's gradients, one row per input: this window's share, the total over all windows, the engine's. */
function gradientTable(e: MaxPoolExplanation): string[] {
  const rows = e.cells.filter((c) => c.inputAt).map((c) => {
    const mark = Math.abs(c.total - c.engine) <= AGREEMENT_TOLERANCE * Math.max(Math.abs(c.total), Math.abs(c.engine)) ? '✓' : '✗';
    const total = c.otherWindows === 0 ? fmt(c.total)
      : c.otherWindows === 1 ? l10n.t('{0} (+ {1} other window)', fmt(c.total), c.otherWindows) : l10n.t('{0} (+ {1} other windows)', fmt(c.total), c.otherWindows);
    return `| ${at(c.inputAt!)} | ${c.isMax ? l10n.t('{0} (max)', fmt(c.value)) : fmt(c.value)} | ${fmt(c.fromThisWindow)} | ${total} | ${fmt(c.engine)} ${mark} |`;
  });
  return [
    l10n.t('## The gradient of the window, input by input'), '',
    l10n.t('| input (row, column) | x | from this window | ∂Lₙ/∂x over every window | the engine\'s ∂Lₙ/∂x |'),
    '|---|---|---|---|---|',
    ...rows, '',
    e.cells.some((c) => c.otherWindows > 0)
      ? l10n.t('An input can lie in several windows (the stride is smaller than the window): it gets the δ of every window whose maximum it is, added up.')
      : l10n.t('Each input lies in one window here, so its total is what this window sends it.'),
    '',
    l10n.t('Largest relative difference from the engine: {0} {1} (they agree when ≤ {2}).', e.relDiff === 0 ? '0' : fmt(e.relDiff), e.agrees ? '✓' : '✗', AGREEMENT_TOLERANCE), '',
  ];
}

/** The page for one window of a max-pool layer at the given depth. */
export function maxPoolExplanationMarkdown(e: MaxPoolExplanation, depth: DepthLevel, math: MathMode = 'text'): string {
  const [kh, kw] = e.window;
  const others = kh * kw - 1;
  const name = escapeMarkdown(e.layerName), entry = entryLabel([e.channel, ...e.position]);
  const layerArgs = [name, kh, kw, escapeMarkdown(e.inputName), e.channels, e.inputSize[0], e.inputSize[1], e.stride[0], e.padding[0], e.outputSize[0], e.outputSize[1], outputPositionName(name, [e.channel, ...e.position]), e.sample + 1];
  const lines = [
    depth === 1 ? l10n.t('# What the max-pool keeps: {0} window {1}', name, entry) : l10n.t('# Where the max-pool sends the gradient: {0} window {1}', name, entry), '',
    [modelFact(e.modelName), stepFact(e.step), samplesFact(e.samples), depthLabel(depth)].join(' · '), '',
    e.channels === 1
      ? l10n.t('Max-pool layer {0} passes on the largest value of each {1}×{2} window of {3} ({4} channel of {5}×{6}, stride {7}, padding {8}), giving {9}×{10} per channel. This is the window of output {11} (channel, row, column) of sample {12}:', ...layerArgs)
      : l10n.t('Max-pool layer {0} passes on the largest value of each {1}×{2} window of {3} ({4} channels of {5}×{6}, stride {7}, padding {8}), giving {9}×{10} per channel. This is the window of output {11} (channel, row, column) of sample {12}:', ...layerArgs), '',
    ...valueGrid(e),
    l10n.t('The largest value is **{0}**, at row {1}, column {2}: it is the window\'s output.', fmt(e.max), e.maxAt[0] + 1, e.maxAt[1] + 1), '',
  ];
  if (depth === 1) {
    lines.push(others === 1
      ? l10n.t('The other {0} value of the window do not reach the next layer, so only the value at {1} affects what the network answers through this window; training changes what made that value.', others, at(e.maxAt))
      : l10n.t('The other {0} values of the window do not reach the next layer, so only the value at {1} affects what the network answers through this window; training changes what made that value.', others, at(e.maxAt)), '');
    return lines.join('\n');
  }
  const share = e.inputCount === 0 ? 0 : e.zeroInputs / e.inputCount;
  lines.push(
    others === 1
      ? l10n.t('Going back, only the maximum of each window gets the gradient. This window\'s output receives δ = ∂Lₙ/∂out = **{0}** from the layer after it; all of it goes to the input at {1}, and the other {2} input get 0 from this window.', fmt(e.delta), at(e.maxAt), others)
      : l10n.t('Going back, only the maximum of each window gets the gradient. This window\'s output receives δ = ∂Lₙ/∂out = **{0}** from the layer after it; all of it goes to the input at {1}, and the other {2} inputs get 0 from this window.', fmt(e.delta), at(e.maxAt), others), '',
    l10n.t('Over the whole layer and batch, {0} of the {1} inputs ({2} %) are the maximum of no window and get no gradient at all.', e.zeroInputs, e.inputCount, fmt(share * 100)), '');
  if (depth === 2) return lines.join('\n');
  if (depth === 4) {
    lines.push(l10n.t('## The derivation'), '',
      l10n.t('out[n, c, i, j] = max over u, v of x[n, c, (i − 1)·{0} − {1} + u, (j − 1)·{2} − {3} + v] (positions from 1; the padding counts as −∞). Around the current numbers the maximum is one of the inputs itself, so ∂out/∂xₖ = 1 for the maximum and 0 for every other input of the window (on a tie, the first maximum in row-major order, as PyTorch does). By the chain rule, with δ = ∂Lₙ/∂out from back-propagation:', e.stride[0], e.padding[0], e.stride[1], e.padding[1]), '',
      ...formulaLines(maxPoolRule(), math, false), '');
  }
  lines.push(...gradientTable(e));
  return math === 'text' ? lines.join('\n') : joinPage(lines);
}
