/**
 * The Markdown of Explain Gradient for one window of a max-pool layer (the numbers come from the
 * worker: src/worker/teaching/maxPoolExplanation.ts). By depth, as the conv and batch-norm pages:
 * - Drive (1): what the layer does with the window's numbers (the largest passes on); no derivatives;
 * - Service (2): the rule in words, only the maximum gets the gradient, with the window's δ and how
 *   many of the layer's inputs get none;
 * - Repair (3): the window's gradients written out (δ at the maximum, 0 elsewhere), each input's total
 *   over every window beside the engine's ∂Lₙ/∂x;
 * - Derive (4): also the derivation (∂ max/∂xₖ is 1 for the maximum, 0 for the others).
 * Rows, columns and channels count from 1. Unicode math only. Pure: no `vscode`.
 */
import type { DepthLevel } from '../shared/protocol';
import { depthLabel } from '../shared/depth';
import type { MaxPoolExplanation, PoolCell } from '../worker/teaching/maxPoolExplanation';
import { AGREEMENT_TOLERANCE } from './agreement';
import { entryLabel, escapeMarkdown, fmt } from './text';

function at(position: readonly [number, number]): string {
  return `(${position[0] + 1}, ${position[1] + 1})`;
}

function valueText(cell: PoolCell): string {
  if (!cell.inputAt) return '−∞ (padding)';
  return cell.isMax ? `**${fmt(cell.value)}** (max)` : fmt(cell.value);
}

/** The window's values as a kh × kw grid, the maximum in bold. */
function valueGrid(e: MaxPoolExplanation): string[] {
  const [kh, kw] = e.window;
  const rows: string[] = [`| | ${Array.from({ length: kw }, (_, v) => `column ${e.position[1] * e.stride[1] - e.padding[1] + v + 1}`).join(' | ')} |`, `|---|${'---|'.repeat(kw)}`];
  for (let u = 0; u < kh; u++) {
    const cells = e.cells.slice(u * kw, (u + 1) * kw);
    rows.push(`| row ${e.position[0] * e.stride[0] - e.padding[0] + u + 1} | ${cells.map(valueText).join(' | ')} |`);
  }
  return [...rows, ''];
}

/** The window's gradients, one row per input: this window's share, the total over all windows, the engine's. */
function gradientTable(e: MaxPoolExplanation): string[] {
  const rows = e.cells.filter((c) => c.inputAt).map((c) => {
    const mark = Math.abs(c.total - c.engine) <= AGREEMENT_TOLERANCE * Math.max(Math.abs(c.total), Math.abs(c.engine)) ? '✓' : '✗';
    const others = c.otherWindows > 0 ? ` (+ ${c.otherWindows} other window${c.otherWindows === 1 ? '' : 's'})` : '';
    return `| ${at(c.inputAt!)} | ${fmt(c.value)}${c.isMax ? ' (max)' : ''} | ${fmt(c.fromThisWindow)} | ${fmt(c.total)}${others} | ${fmt(c.engine)} ${mark} |`;
  });
  return [
    '## The gradient of the window, input by input', '',
    '| input (row, column) | x | from this window | ∂Lₙ/∂x over every window | the engine\'s ∂Lₙ/∂x |',
    '|---|---|---|---|---|',
    ...rows, '',
    e.cells.some((c) => c.otherWindows > 0)
      ? 'An input can lie in several windows (the stride is smaller than the window): it gets the δ of every window whose maximum it is, added up.'
      : 'Each input lies in one window here, so its total is what this window sends it.',
    '',
    `Largest relative difference from the engine: ${e.relDiff === 0 ? '0' : fmt(e.relDiff)} ${e.agrees ? '✓' : '✗'} (they agree when ≤ ${AGREEMENT_TOLERANCE}).`, '',
  ];
}

/** The page for one window of a max-pool layer at the given depth. */
export function maxPoolExplanationMarkdown(e: MaxPoolExplanation, depth: DepthLevel): string {
  const [kh, kw] = e.window;
  const others = kh * kw - 1;
  const title = depth === 1 ? 'What the max-pool keeps' : 'Where the max-pool sends the gradient';
  const lines = [
    `# ${title}: ${escapeMarkdown(e.layerName)} window ${entryLabel([e.channel, ...e.position])}`, '',
    `Model "${escapeMarkdown(e.modelName)}" · ${e.step === 0 ? 'initial parameters' : `after ${e.step} training step${e.step === 1 ? '' : 's'}`} · ${e.samples} training sample${e.samples === 1 ? '' : 's'} · ${depthLabel(depth)}`, '',
    `Max-pool layer ${escapeMarkdown(e.layerName)} passes on the largest value of each ${kh}×${kw} window of ${escapeMarkdown(e.inputName)} (${e.channels} channel${e.channels === 1 ? '' : 's'} of ${e.inputSize[0]}×${e.inputSize[1]}, stride ${e.stride[0]}, padding ${e.padding[0]}), giving ${e.outputSize[0]}×${e.outputSize[1]} per channel. This is the window of output ${at(e.position)} in channel ${e.channel + 1} of sample ${e.sample + 1}:`, '',
    ...valueGrid(e),
    `The largest value is **${fmt(e.max)}**, at row ${e.maxAt[0] + 1}, column ${e.maxAt[1] + 1}: it is the window's output.`, '',
  ];
  if (depth === 1) {
    lines.push(`The other ${others} value${others === 1 ? '' : 's'} of the window do not reach the next layer, so only the value at ${at(e.maxAt)} affects what the network answers through this window; training changes what made that value.`, '');
    return lines.join('\n');
  }
  const share = e.inputCount === 0 ? 0 : e.zeroInputs / e.inputCount;
  lines.push(
    `Going back, only the maximum of each window gets the gradient. This window's output receives δ = ∂Lₙ/∂out = **${fmt(e.delta)}** from the layer after it; all of it goes to the input at ${at(e.maxAt)}, and the other ${others} input${others === 1 ? '' : 's'} get 0 from this window.`, '',
    `Over the whole layer and batch, ${e.zeroInputs} of the ${e.inputCount} inputs (${fmt(share * 100)} %) are the maximum of no window and get no gradient at all.`, '');
  if (depth === 2) return lines.join('\n');
  if (depth === 4) {
    lines.push('## The derivation', '',
      `out[n, c, i, j] = max over u, v of x[n, c, (i − 1)·${e.stride[0]} − ${e.padding[0]} + u, (j − 1)·${e.stride[1]} − ${e.padding[1]} + v] (positions from 1; the padding counts as −∞). Around the current numbers the maximum is one of the inputs itself, so ∂out/∂xₖ = 1 for the maximum and 0 for every other input of the window (on a tie, the first maximum in row-major order, as PyTorch does). By the chain rule, with δ = ∂Lₙ/∂out from back-propagation:`, '',
      '**∂Lₙ/∂x[n, c, y, x] = Σ over the windows (i, j) whose maximum is (y, x) of δ[n, c, i, j]**, and 0 for an input that is no window\'s maximum.', '');
  }
  lines.push(...gradientTable(e));
  return lines.join('\n');
}
