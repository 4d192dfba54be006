/**
 * Inlay hints for the explicit parameters of a layered model's conv and batch-norm layers:
 * - a conv kernel gets one hint per kernel row, after the row's last number, with the row's
 *   gradients (`∂L/∂w [0.012, −0.003, 0.0]`), at most {@link MAX_KERNEL_ROW_HINTS} rows per layer;
 *   beyond that one summary hint after the `weights` array says how many rows are not shown and gives
 *   ‖∂L/∂W‖ and max |∂L/∂w|;
 * - batch norm's `scale` and `shift` get one hint each, like a bias written once for all units
 *   (`∂L/∂γ [a, b, c, d, …]`).
 * Clicking a row's hint explains the gradient of its first weight; its `· slice` part opens the loss
 * slice of that weight (batch norm: of the first channel's γ or β).
 */
import * as vscode from 'vscode';
import type { LayerAnalysis } from '../analysis/types';
import type { SourceRange } from '../model/types';
import { formatExact, formatScientific, formatValue } from '../shared/format';
import { withSlice } from './sliceHintPart';

/** Kernel rows hinted per conv layer. */
export const MAX_KERNEL_ROW_HINTS = 32;
/** Values written in a batch-norm hint before "…". */
const SHOWN_VALUES = 4;

export type HintFactory = (range: SourceRange, label: string, tooltip: string, command?: vscode.Command) => vscode.InlayHint;

function explain(uri: string, layer: LayerAnalysis, param: 'weights' | 'bias', index: number[]): vscode.Command {
  return { title: vscode.l10n.t('Explain this gradient'), command: 'gradlens.explainGradient', arguments: [{ uri, layerIndex: layer.index, param, index }] };
}

function list(values: readonly number[]): string {
  return `[${values.slice(0, SHOWN_VALUES).map((g) => formatValue(g)).join(', ')}${values.length > SHOWN_VALUES ? ', …' : ''}]`;
}

function convHints(uri: string, layer: LayerAnalysis, hint: HintFactory, visible: (r: SourceRange) => boolean): vscode.InlayHint[] {
  const ranges = layer.source.weightRanges;
  if (!ranges) return [];
  const [F, C, kh, kw] = layer.layered!.params[0].shape;
  const grad = layer.weights.grad as number[][];
  const hints: vscode.InlayHint[] = [];
  let rows = 0;
  for (let f = 0; f < F; f++) for (let c = 0; c < C; c++) for (let u = 0; u < kh; u++) {
    const q = c * kh * kw + u * kw;
    const end = ranges[f]?.[q + kw - 1];
    if (!end) continue;
    rows++;
    if (rows > MAX_KERNEL_ROW_HINTS || !visible(end)) continue;
    const g = grad[f].slice(q, q + kw);
    hints.push(withSlice(hint(end, `∂L/∂w [${g.map((x) => formatValue(x)).join(', ')}]`,
      vscode.l10n.t('∂L/∂w of layer "{0}", filter {1}, channel {2}, kernel row {3}: {4}. Click to see the sum behind the first one.', layer.name, f + 1, c + 1, u + 1, g.map((x) => formatExact(x)).join(', ')),
      explain(uri, layer, 'weights', [f, c, u, 0])), layer, 'weights', [f, c, u, 0]));
  }
  const total = F * C * kh;
  if (total > MAX_KERNEL_ROW_HINTS && layer.source.weightsRange && visible(layer.source.weightsRange)) {
    hints.push(hint(layer.source.weightsRange,
      vscode.l10n.t('∂L/∂w on the first {0} of {1} kernel rows · ‖∂L/∂W‖ {2} · max |∂L/∂w| {3}', MAX_KERNEL_ROW_HINTS, total, formatScientific(layer.weightStats.gradNorm), formatScientific(layer.weightStats.gradMaxAbs)),
      vscode.l10n.t('Hints stop after {0} kernel rows so that the file stays readable; the hover and the Gradient Explorer have every filter.', MAX_KERNEL_ROW_HINTS)));
  }
  return hints;
}

function batchNormHints(uri: string, layer: LayerAnalysis, hint: HintFactory, visible: (r: SourceRange) => boolean): vscode.InlayHint[] {
  const hints: vscode.InlayHint[] = [];
  const gamma = (layer.weights.grad as number[][]).map((r) => r[0]);
  const beta = layer.bias.grad as number[];
  const { weightsRange, biasRange } = layer.source;
  if (weightsRange && visible(weightsRange)) {
    hints.push(withSlice(hint(weightsRange, `∂L/∂γ ${list(gamma)}`, vscode.l10n.t('∂L/∂γ (scale) of layer "{0}" per channel or feature: {1}', layer.name, gamma.map((g) => formatExact(g)).join(', ')), explain(uri, layer, 'weights', [0])), layer, 'weights', [0]));
  }
  if (biasRange && visible(biasRange)) {
    hints.push(withSlice(hint(biasRange, `∂L/∂β ${list(beta)}`, vscode.l10n.t('∂L/∂β (shift) of layer "{0}" per channel or feature: {1}', layer.name, beta.map((g) => formatExact(g)).join(', ')), explain(uri, layer, 'bias', [0])), layer, 'bias', [0]));
  }
  return hints;
}

/** The hints of a conv or batch-norm layer; undefined for other layers (the dense hints apply). */
export function layeredWeightHints(uri: string, layer: LayerAnalysis, hint: HintFactory, visible: (r: SourceRange) => boolean): vscode.InlayHint[] | undefined {
  if (layer.layered?.type === 'conv2d') return convHints(uri, layer, hint, visible);
  if (layer.layered?.type === 'batchnorm') return batchNormHints(uri, layer, hint, visible);
  return undefined;
}
