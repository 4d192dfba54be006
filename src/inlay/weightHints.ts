/**
 * Maps an analysis to inlay hints: after every literal number in explicit `weights` and `bias`,
 * that parameter's gradient (`∂L/∂w 0.0822`), so the value stands next to the weight it belongs to.
 * A layer whose parameters are in the model's `weightsFile` has no literals: its first gradients
 * (`∂L/∂w [0.01, -0.2, …]`) follow its name, the tooltip naming the file.
 * Shown from depth level 3 (Repair), where every weight's gradient is part of the picture.
 * Clicking the gradient explains it; a hint of one parameter (or one kernel row, or batch norm's γ
 * and β) ends in a second part, `· slice`, whose click opens the gradient panel's loss slice of that
 * weight or bias (sliceHintPart.ts), for dense and layered models alike.
 */
import * as vscode from 'vscode';
import type { Analysis, LayerAnalysis } from '../analysis/types';
import type { DepthLevel } from '../shared/protocol';
import type { SourceRange } from '../model/types';
import { formatExact, formatValue } from '../shared/format';
import { layeredWeightHints } from './layeredWeightHints';
import { withSlice } from './sliceHintPart';
import { classicShapeOf, displayParameterName } from '../shared/names';

function hintAt(range: SourceRange, label: string, tooltip: string, command?: vscode.Command): vscode.InlayHint {
  const part = new vscode.InlayHintLabelPart(label);
  part.tooltip = tooltip;
  part.command = command;
  const hint = new vscode.InlayHint(new vscode.Position(range.end.line, range.end.character), [part], vscode.InlayHintKind.Parameter);
  hint.paddingLeft = true;
  return hint;
}

export { SHOW_SLICE_COMMAND } from './sliceHintPart';

function explain(uri: string, layer: LayerAnalysis, param: 'weights' | 'bias', index: number[]): vscode.Command {
  return { title: vscode.l10n.t('Explain this gradient'), command: 'gradlens.explainGradient', arguments: [{ uri, layerIndex: layer.index, param, index }] };
}

function overlaps(range: SourceRange, visible: vscode.Range | undefined): boolean {
  return !visible || (range.end.line >= visible.start.line && range.start.line <= visible.end.line);
}

function firstFew(values: readonly number[]): string {
  return values.slice(0, 4).map((g) => formatValue(g)).join(', ') + (values.length > 4 ? ', …' : '');
}

/** For a layer whose parameters are in the weights file: its first weight and bias gradients, after its name. */
function fileHints(uri: string, layer: LayerAnalysis, visible: vscode.Range | undefined): vscode.InlayHint[] {
  const at = layer.source.nameRange ?? layer.source.range;
  if (!overlaps(at, visible)) return [];
  const file = layer.source.weightsFile!;
  const hints: vscode.InlayHint[] = [];
  for (const param of ['weights', 'bias'] as const) {
    const grad = layer[param].grad as unknown[];
    const values = grad.flat(3) as number[];
    if (values.length === 0) continue;
    const symbol = param === 'weights' ? '∂L/∂w' : '∂L/∂b';
    hints.push(hintAt(at, `${symbol} [${firstFew(values)}]`,
      `${symbol} for layer "${layer.name}" (its ${param} are in ${file}), in the file's order: ${values.slice(0, 16).map((g) => formatExact(g)).join(', ')}${values.length > 16 ? ', …' : ''}`,
      explain(uri, layer, param, Array.isArray(grad[0]) ? [0, 0] : [0])));
  }
  return hints;
}

/** The hints of one document within `visible` (all of it when undefined). */
export function weightHints(uri: string, analysis: Analysis, depth: DepthLevel, visible?: vscode.Range, classicNames = false): vscode.InlayHint[] {
  if (depth < 3) return [];
  const shape = classicShapeOf(analysis);
  const name = (layer: LayerAnalysis, param: 'weights' | 'bias', index: number[]) => displayParameterName(shape, classicNames, layer.index, param, index);
  const hints: vscode.InlayHint[] = [];
  const slice = (hint: vscode.InlayHint, layer: LayerAnalysis, param: 'weights' | 'bias', index: number[]) => withSlice(hint, layer, param, index);
  for (const layer of analysis.layers) {
    const { weightsFile, weightRanges: literals, biasRanges: biasLiterals, biasRange: oneBias } = layer.source;
    if (weightsFile !== undefined && !literals && !biasLiterals && !oneBias) {
      // Parameters from the weights file (a dense or a conv layer alike): no literal to stand beside,
      // so the first gradients follow the layer's name.
      fileHints(uri, layer, visible).forEach((h) => hints.push(h));
      continue;
    }
    const layered = layeredWeightHints(uri, layer, hintAt, (r) => overlaps(r, visible));
    if (layered) {
      hints.push(...layered);
      continue;
    }
    const weightRanges = layer.source.weightRanges;
    const grad = layer.weights.grad as number[][];
    weightRanges?.forEach((row, unit) => row.forEach((range, input) => {
      const g = grad[unit]?.[input];
      if (g === undefined || !overlaps(range, visible)) return;
      hints.push(slice(hintAt(range, `∂L/∂w ${formatValue(g)}`,
        `∂L/∂w of ${name(layer, 'weights', [unit, input])}: ${formatExact(g)}. Click to see the chain rule.`,
        explain(uri, layer, 'weights', [unit, input])), layer, 'weights', [unit, input]));
    }));
    const biasGrad = layer.bias.grad as number[];
    const biasRanges = layer.source.biasRanges;
    if (biasRanges) {
      biasRanges.forEach((range, unit) => {
        const g = biasGrad[unit];
        if (g === undefined || !overlaps(range, visible)) return;
        hints.push(slice(hintAt(range, `∂L/∂b ${formatValue(g)}`,
          `∂L/∂b of ${name(layer, 'bias', [unit])}: ${formatExact(g)}`, explain(uri, layer, 'bias', [unit])), layer, 'bias', [unit]));
      });
    } else if (layer.source.biasRange && overlaps(layer.source.biasRange, visible)) {
      // One number written for every unit: show each unit's bias gradient.
      const shown = biasGrad.slice(0, 4).map((g) => formatValue(g)).join(', ') + (biasGrad.length > 4 ? ', …' : '');
      hints.push(slice(hintAt(layer.source.biasRange, `∂L/∂b [${shown}]`,
        `∂L/∂b for each unit of layer "${layer.name}": ${biasGrad.map((g) => formatExact(g)).join(', ')}`, explain(uri, layer, 'bias', [0])), layer, 'bias', [0]));
    }
  }
  return hints;
}
