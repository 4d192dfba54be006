/**
 * The Markdown of Explain Gradient for a conv or batch-norm parameter (the numbers come from the
 * worker: src/worker/teaching/layeredExplanation.ts). By depth:
 * - Drive (1): what the parameter does, in words; nothing about derivatives;
 * - Service (2): the idea of its gradient in words, and its size beside the engine's;
 * - Repair (3): also the sum with its first terms written out, the rest summed, the total beside the engine's;
 * - Derive (4): the derivation (formulas, then the same sum), and for batch norm the three paths
 *   through the mean and the variance with their numbers.
 * Entries and positions count from 1, as the other pages do. Unicode math only. Pure: no `vscode`.
 * A max-pool window's page is ./maxPoolExplanationMarkdown.ts.
 */
import type { DepthLevel } from '../shared/protocol';
import { depthLabel } from '../shared/depth';
import type { BatchNormExplanation, ConvExplanation, LayeredExplanation } from '../worker/teaching/layeredExplanation';
import { maxPoolExplanationMarkdown } from './maxPoolExplanationMarkdown';
import { AGREEMENT_TOLERANCE } from './agreement';
import { entryLabel, escapeMarkdown, exact, factor, fmt } from './text';

function header(e: ConvExplanation | BatchNormExplanation, symbol: string, depth: DepthLevel): string[] {
  return [
    `# ${symbol} of ${escapeMarkdown(e.layerName)}.${e.target.param === 'weights' ? (e.kind === 'batchnorm' ? 'scale' : 'weights') : (e.kind === 'batchnorm' ? 'shift' : 'bias')}${entryLabel(e.target.index)}`,
    '',
    `Model "${escapeMarkdown(e.modelName)}" · ${e.step === 0 ? 'initial parameters' : `after ${e.step} training step${e.step === 1 ? '' : 's'}`} · ${e.samples} training sample${e.samples === 1 ? '' : 's'} · ${depthLabel(depth)}`,
    '',
  ];
}

function comparison(e: ConvExplanation | BatchNormExplanation, p: string): string[] {
  const mark = e.agrees ? '✓' : '✗';
  return [
    `| | ∂L/∂${p} |`,
    '|---|---|',
    `| the sum, multiplied out here | ${exact(e.mean)} |`,
    `| the engine's back-propagation | ${exact(e.engine)} |`,
    `| relative difference | ${e.relDiff === 0 ? '0' : fmt(e.relDiff)} ${mark} (they agree when ≤ ${AGREEMENT_TOLERANCE}) |`,
    '',
  ];
}

/** `(n 1, i 2, j 3)`: a term's sample and output position, from 1. */
function where(sample: number, position: readonly [number, number]): string {
  return `n ${sample + 1}, (${position[0] + 1}, ${position[1] + 1})`;
}

function convSum(e: ConvExplanation, p: string): string[] {
  const weight = e.param === 'weights';
  const terms = e.shown.map((t) => (weight ? `${factor(t.delta)} · ${factor(t.input)}` : factor(t.delta)));
  const rest = e.termCount - e.shown.length;
  const lines = [
    '## The sum, term by term',
    '',
    weight
      ? `| term | sample, output position | δ = ∂Lₙ/∂net | x under the weight | δ · x |`
      : `| term | sample, output position | δ = ∂Lₙ/∂net |`,
    weight ? '|---|---|---|---|---|' : '|---|---|---|',
    ...e.shown.map((t, k) => (weight
      ? `| ${k + 1} | ${where(t.sample, t.position)} | ${fmt(t.delta)} | ${t.inputAt ? `${fmt(t.input)} at (${t.inputAt[0] + 1}, ${t.inputAt[1] + 1})` : '0 (padding)'} | ${fmt(t.product)} |`
      : `| ${k + 1} | ${where(t.sample, t.position)} | ${fmt(t.delta)} |`)),
    '',
    `Σ = ${terms.join(' + ')}${rest > 0 ? ` + (the other ${rest} terms: ${factor(e.restSum)})` : ''} = **${fmt(e.sum)}**`,
    '',
    `∂L/∂${p} = (1/N) · Σ = (1/${e.samples}) · ${factor(e.sum)} = **${fmt(e.mean)}**; the engine's value: **${fmt(e.engine)}** ${e.agrees ? '✓' : '✗'}`,
    '',
  ];
  if (weight && e.paddingTerms > 0) lines.push(`${e.paddingTerms} of the ${e.termCount} terms fall in the padding, where x = 0: they add nothing.`, '');
  return lines;
}

function convMarkdown(e: ConvExplanation, depth: DepthLevel): string {
  const weight = e.param === 'weights';
  const [f, c, u, v] = e.index;
  const p = weight ? 'w' : 'b';
  const positions = e.outputSize[0] * e.outputSize[1];
  const lines = header(e, depth === 1 ? 'A parameter' : `∂L/∂${p}`, depth);
  lines.push(weight
    ? `This is weight (${u + 1}, ${v + 1}) of channel ${c + 1} in filter ${f + 1}'s ${e.kernel[0]}×${e.kernel[1]} kernel; its value is ${fmt(e.paramValue)}. The filter slides over ${escapeMarkdown(e.inputName)} (${e.inputSize[0]}×${e.inputSize[1]}, stride ${e.stride[0]}, padding ${e.padding[0]}), so this one weight multiplies a value at every one of the ${e.outputSize[0]}×${e.outputSize[1]} = ${positions} output positions, in each of the ${e.samples} samples.`
    : `This is filter ${f + 1}'s bias; its value is ${fmt(e.paramValue)}. It is added at every one of the ${e.outputSize[0]}×${e.outputSize[1]} = ${positions} output positions of the filter, in each of the ${e.samples} samples.`, '');
  if (depth === 1) {
    lines.push('Training changes it a little at every step, in the direction that makes the model\'s mistakes on the training samples smaller, taking every position where it was used into account.', '');
    return lines.join('\n');
  }
  lines.push(weight
    ? `Its gradient collects one contribution from every output position it touched: the error signal there (how much the loss would change if that output changed) times the input value the weight multiplied there. Added over all ${e.termCount} positions and averaged over the samples, they give **∂L/∂w = ${fmt(e.mean)}** (the engine's back-propagation: ${fmt(e.engine)} ${e.agrees ? '✓' : '✗'}).`
    : `Its gradient collects the error signal of every output position of the filter (the bias adds 1 × itself there). Added over all ${e.termCount} positions and averaged over the samples, they give **∂L/∂b = ${fmt(e.mean)}** (the engine's back-propagation: ${fmt(e.engine)} ${e.agrees ? '✓' : '✗'}).`, '');
  if (depth === 2) return lines.join('\n');
  if (depth === 4) {
    lines.push('## The derivation', '',
      weight
        ? `net[n, f, i, j] = Σ_c Σ_u Σ_v W[f, c, u, v] · x[n, c, (i − 1)·${e.stride[0]} − ${e.padding[0]} + u, (j − 1)·${e.stride[1]} − ${e.padding[1]} + v] + b[f], so ∂net[n, f, i, j]/∂W[f, c, u, v] = x[n, c, (i − 1)·${e.stride[0]} − ${e.padding[0]} + u, (j − 1)·${e.stride[1]} − ${e.padding[1]} + v] (0 in the padding), and by the chain rule over every output the weight reaches:`
        : 'net[n, f, i, j] = … + b[f], so ∂net[n, f, i, j]/∂b[f] = 1 at every position, and by the chain rule:',
      '',
      weight
        ? `**∂L/∂W[${f + 1}, ${c + 1}, ${u + 1}, ${v + 1}] = (1/N) Σₙ Σᵢ Σⱼ δ[n, ${f + 1}, i, j] · x[n, ${c + 1}, (i − 1)·${e.stride[0]} − ${e.padding[0]} + ${u + 1}, (j − 1)·${e.stride[1]} − ${e.padding[1]} + ${v + 1}]**, with δ = ∂Lₙ/∂net from back-propagation (positions counted from 1).`
        : `**∂L/∂b[${f + 1}] = (1/N) Σₙ Σᵢ Σⱼ δ[n, ${f + 1}, i, j]**, with δ = ∂Lₙ/∂net from back-propagation.`,
      '');
  }
  lines.push(...convSum(e, p), ...comparison(e, p));
  return lines.join('\n');
}

function batchNormMarkdown(e: BatchNormExplanation, depth: DepthLevel): string {
  const scale = e.param === 'weights';
  const p = scale ? 'γ' : 'β';
  const lines = header(e, depth === 1 ? 'A parameter' : `∂L/∂${p}`, depth);
  lines.push(`Batch norm normalises group ${e.group + 1} (${e.groupSize} values over the batch) with the batch's mean μ = ${fmt(e.mean_)} and variance σ² = ${fmt(e.variance)}, then multiplies by the scale γ = ${fmt(e.gamma)} and adds the shift. This page is about the ${scale ? 'scale γ' : 'shift β'}, value ${fmt(e.paramValue)}.`, '');
  if (depth === 1) {
    lines.push('Training adjusts it so that the normalised values have the spread and centre that serve the next layer best.', '');
    return lines.join('\n');
  }
  lines.push(scale
    ? `Its gradient adds, over every value of the group, the error signal there times the normalised value x̂: **∂L/∂γ = ${fmt(e.mean)}** (engine: ${fmt(e.engine)} ${e.agrees ? '✓' : '✗'}).`
    : `Its gradient adds the error signal of every value of the group: **∂L/∂β = ${fmt(e.mean)}** (engine: ${fmt(e.engine)} ${e.agrees ? '✓' : '✗'}).`,
  '',
  'What flows back to an input value takes three paths: directly through its own normalised value, through the batch mean (every value moves μ, and μ moves every normalised value), and through the batch variance (likewise). The two indirect paths take away the part of the signal that all values share, so the normalised values cannot all move together.', '');
  if (depth === 2) return lines.join('\n');
  const terms = e.shown.map((t) => (scale ? `${factor(t.delta)} · ${factor(t.xHat)}` : factor(t.delta)));
  const rest = e.groupSize - e.shown.length;
  if (depth === 4) {
    lines.push('## The derivation', '',
      `x̂ₖ = (xₖ − μ)/√(σ² + ε), yₖ = γ·x̂ₖ + β with ε = ${e.epsilon}, so ∂yₖ/∂γ = x̂ₖ and ∂yₖ/∂β = 1; with δₖ = N·∂L/∂yₖ from back-propagation:`, '',
      scale ? '**∂L/∂γ = (1/N) Σₖ δₖ · x̂ₖ**' : '**∂L/∂β = (1/N) Σₖ δₖ**', '');
  }
  lines.push('## The sum', '', `Σ = ${terms.join(' + ')}${rest > 0 ? ` + (the other ${rest} terms: ${factor(e.restSum)})` : ''} = **${fmt(e.sum)}**`, '',
    `∂L/∂${p} = (1/N) · Σ = (1/${e.samples}) · ${factor(e.sum)} = **${fmt(e.mean)}**`, '', ...comparison(e, p));
  if (depth === 4) {
    const b = e.paths;
    lines.push('## The three paths back to an input', '',
      'With s = 1/√(σ² + ε) and M values in the group, xₖ reaches the loss through x̂ₖ directly, through μ and through σ²:', '',
      '**∂L/∂xₖ = (1/N)·γ·s·(δₖ − (1/M) Σⱼ δⱼ − x̂ₖ · (1/M) Σⱼ δⱼ·x̂ⱼ)**', '',
      `For the group's first value of sample 1 (x = ${fmt(b.x)}, x̂ = ${fmt(b.xHat)}, δ = ${fmt(b.delta)}):`, '',
      `- directly: (1/N)·γ·s·δ = **${fmt(b.direct)}**`,
      `- through the mean: −(1/N)·γ·s·(1/M) Σⱼ δⱼ = **${fmt(b.throughMean)}**`,
      `- through the variance: −(1/N)·γ·s·x̂ · (1/M) Σⱼ δⱼ·x̂ⱼ = **${fmt(b.throughVariance)}**`,
      `- together: ${factor(b.direct)} + ${factor(b.throughMean)} + ${factor(b.throughVariance)} = **${fmt(b.total)}**; the engine's ∂L/∂x: **${fmt(b.engine)}**`, '');
  }
  return lines.join('\n');
}

/** The page for a conv or batch-norm parameter, or a max-pool window, at the given depth. */
export function layeredExplanationMarkdown(e: LayeredExplanation, depth: DepthLevel): string {
  if (e.kind === 'maxpool2d') return maxPoolExplanationMarkdown(e, depth);
  return e.kind === 'conv2d' ? convMarkdown(e, depth) : batchNormMarkdown(e, depth);
}
