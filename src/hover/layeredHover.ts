/**
 * The hover of a layered model's layer (model file 1.1), by type, from its analysis and its summary
 * (src/shared/layerSummaries.ts):
 * - conv2d: the output size arithmetic with the layer's numbers, H′ = (H + 2·p − k)/s + 1 (⌊ ⌋ when the
 *   division is not exact), the receptive field on the model's input, the parameter count
 *   F·C·kh·kw + F, and (depth ≥ 2) the gradient per filter;
 * - max/avg pool: the same arithmetic, the receptive field, and (depth ≥ 2) where the gradient goes;
 * - batch norm: γ, β, the batch's and running statistics per channel or feature ((depth ≥ 2) ∂L/∂γ, ∂L/∂β);
 * - dropout: the rate and the scale of kept values; flatten: how C×H×W becomes one vector.
 * Tables stop after {@link MAX_TABLE_ROWS} rows and say how many more there are.
 */
import * as vscode from 'vscode';
import { ordinal } from '../shared/names';
import type { LayerAnalysis, LayerSummary, WindowGeometry } from '../analysis/types';
import type { DepthLevel } from '../shared/protocol';
import { formatPercent, formatScientific, formatValue } from '../shared/format';
import { markdownText } from '../shared/escape';
import { shapeText } from '../codelens/layeredLensTitle';

/** Rows of a per-filter or per-channel table. */
export const MAX_TABLE_ROWS = 16;

/** One axis of the output size: `H′ = (8 + 2·1 − 3)/1 + 1 = 8`. */
export function outputSizeArithmetic(axis: 'H′' | 'W′', input: number, padding: number, kernel: number, stride: number, output: number): string {
  const inner = `${input} + 2·${padding} − ${kernel}`;
  const exact = (input + 2 * padding - kernel) % stride === 0;
  return exact ? `${axis} = (${inner})/${stride} + 1 = ${output}` : `${axis} = ⌊(${inner})/${stride}⌋ + 1 = ${output}`;
}

function windowLines(w: WindowGeometry, what: string): string[] {
  return [
    vscode.l10n.t('Output size ({0} {1}×{2}, stride {3}, padding {4}):', what, w.kernel[0], w.kernel[1], w.stride[0] === w.stride[1] ? w.stride[0] : `${w.stride[0]}×${w.stride[1]}`, w.padding[0] === w.padding[1] ? w.padding[0] : `${w.padding[0]}×${w.padding[1]}`),
    '',
    `- ${outputSizeArithmetic('H′', w.input[0], w.padding[0], w.kernel[0], w.stride[0], w.output[0])}`,
    `- ${outputSizeArithmetic('W′', w.input[1], w.padding[1], w.kernel[1], w.stride[1], w.output[1])}`,
  ];
}

function fieldLine(summary: LayerSummary): string[] {
  const f = summary.receptiveField;
  if (!f) return [];
  return ['', vscode.l10n.t('Receptive field: each output value sees a {0}×{1} patch of the input image (neighbouring outputs {2} pixel(s) apart).', f.size[0], f.size[1], f.jump[0] === f.jump[1] ? f.jump[0] : `${f.jump[0]}×${f.jump[1]}`)];
}

function more(count: number): string[] {
  return count > MAX_TABLE_ROWS ? ['', vscode.l10n.t('… and {0} more.', count - MAX_TABLE_ROWS)] : [];
}

function convLines(layer: LayerAnalysis, summary: LayerSummary, depth: DepthLevel): string[] {
  const [F, C, kh, kw] = layer.layered!.params[0].shape;
  const lines = [
    ...windowLines(summary.window!, vscode.l10n.t('kernel')),
    ...fieldLine(summary),
    '',
    vscode.l10n.t('Parameters: {0} = {1}·{2}·{3}·{4} weights + {5} biases.', summary.parameterCount, F, C, kh, kw, F),
  ];
  if (depth >= 2 && summary.filters) {
    lines.push('', '| filter | ‖∂L/∂W[f]‖ | max \\|∂L/∂w\\| | ∂L/∂b | outputs 0 |', '|---|---|---|---|---|');
    for (const f of summary.filters.slice(0, MAX_TABLE_ROWS)) {
      lines.push(`| ${ordinal(f.filter)} | ${formatScientific(f.gradNorm, 2)} | ${formatScientific(f.gradMaxAbs, 2)} | ${formatScientific(f.biasGrad, 2)} | ${formatPercent(f.outputZeroFraction)} |`);
    }
    lines.push(...more(summary.filters.length));
  }
  return lines;
}

function passingLines(summary: LayerSummary): string[] {
  return ['', vscode.l10n.t('Gradient passing through: ‖∂L/∂out‖ {0} → ‖∂L/∂in‖ {1}; {2} of its inputs receive none.',
    formatScientific(summary.outGrad.gradNorm, 2), formatScientific(summary.inGrad.gradNorm, 2), formatPercent(summary.inGrad.fractionZero))];
}

function poolLines(layer: LayerAnalysis, summary: LayerSummary, depth: DepthLevel): string[] {
  const w = summary.window!;
  const lines = [...windowLines(w, vscode.l10n.t('window')), ...fieldLine(summary), '', vscode.l10n.t('No parameters.')];
  if (depth >= 2) {
    lines.push('', layer.layered!.type === 'maxpool2d'
      ? vscode.l10n.t('Backward: only the largest value of each window receives the window\'s gradient; the others receive 0.')
      : vscode.l10n.t('Backward: each of the {0} values of a window receives 1/{0} of the window\'s gradient.', w.kernel[0] * w.kernel[1]));
    lines.push(...passingLines(summary));
  }
  return lines;
}

function batchNormLines(layer: LayerAnalysis, summary: LayerSummary, depth: DepthLevel): string[] {
  const l = layer.layered!;
  const gamma = layer.weights.value as number[][], beta = layer.bias.value as number[];
  const gGamma = layer.weights.grad as number[][], gBeta = layer.bias.grad as number[];
  const per = l.inputShape.length === 3 ? vscode.l10n.t('channel') : vscode.l10n.t('feature');
  const lines = [
    vscode.l10n.t('Normalises each {0} with the batch\'s mean and variance, then scales by γ and shifts by β (ε = {1}, momentum {2}).', per, summary.batchNorm!.epsilon, summary.batchNorm!.momentum),
    '',
    vscode.l10n.t('Parameters: {0} (γ and β, one each per {1}).', summary.parameterCount, per),
    '',
    depth >= 2 ? `| ${per} | γ | β | ∂L/∂γ | ∂L/∂β | batch mean | batch var | running mean | running var |` : `| ${per} | γ | β | batch mean | batch var | running mean | running var |`,
    depth >= 2 ? '|---|---|---|---|---|---|---|---|---|' : '|---|---|---|---|---|---|---|',
  ];
  for (let g = 0; g < Math.min(beta.length, MAX_TABLE_ROWS); g++) {
    const grads = depth >= 2 ? ` ${formatScientific(gGamma[g][0], 2)} | ${formatScientific(gBeta[g], 2)} |` : '';
    lines.push(`| ${ordinal(g)} | ${formatValue(gamma[g][0])} | ${formatValue(beta[g])} |${grads} ${formatValue(l.batchMean?.[g] ?? NaN)} | ${formatValue(l.batchVar?.[g] ?? NaN)} | ${formatValue(l.runningMean?.[g] ?? NaN)} | ${formatValue(l.runningVar?.[g] ?? NaN)} |`);
  }
  lines.push(...more(beta.length));
  if (depth >= 2) lines.push(...passingLines(summary));
  return lines;
}

function dropoutLines(summary: LayerSummary, depth: DepthLevel): string[] {
  const p = summary.dropoutRate ?? 0;
  const lines = [vscode.l10n.t('In training, each value is dropped with probability {0}; the kept ones are multiplied by 1/(1 − {0}) = {1}. In evaluation the layer passes values unchanged.', p, formatValue(1 / (1 - p), 4))];
  if (depth >= 2) lines.push(...passingLines(summary));
  return lines;
}

function flattenLines(layer: LayerAnalysis, summary: LayerSummary, depth: DepthLevel): string[] {
  const [C, H, W] = layer.layered!.inputShape;
  const lines = layer.layered!.inputShape.length === 3
    ? [vscode.l10n.t('{0}×{1}×{2} = {3} numbers in one vector: value (c, h, w) goes to position c·{4} + h·{2} + w.', C, H, W, C * H * W, H * W)]
    : [vscode.l10n.t('The input is already flat: the layer passes it unchanged.')];
  if (depth >= 2) lines.push(...passingLines(summary));
  return lines;
}

/** The type-specific part of a layered layer's hover (between its title and the statistics tables). */
export function layeredHoverLines(layer: LayerAnalysis, summary: LayerSummary | undefined, depth: DepthLevel): string[] {
  const l = layer.layered!;
  const lines = [`**${vscode.l10n.t('Layer "{0}"', markdownText(layer.name))}** · ${l.type}${layer.activation !== 'linear' && l.hasActivation ? ` (${markdownText(layer.activation)})` : ''} · ${shapeText(l.inputShape)} → ${shapeText(l.outputShape)}`, ''];
  if (!summary) return lines;
  switch (l.type) {
    case 'conv2d': lines.push(...convLines(layer, summary, depth)); break;
    case 'maxpool2d': case 'avgpool2d': lines.push(...poolLines(layer, summary, depth)); break;
    case 'batchnorm': lines.push(...batchNormLines(layer, summary, depth)); break;
    case 'dropout': lines.push(...dropoutLines(summary, depth)); break;
    case 'flatten': lines.push(...flattenLines(layer, summary, depth)); break;
    case 'activation': if (depth >= 2) lines.push(...passingLines(summary)); break;
    default: lines.push(vscode.l10n.t('Parameters: {0}.', summary.parameterCount)); break;
  }
  return lines;
}
