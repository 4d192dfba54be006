/**
 * The Gradient Explorer's tree: model → layers → weights/bias → units, with gradient norms as
 * descriptions, warning icons and tooltips. Pure data here; `gradientExplorer.ts` hands it to VS Code.
 */
import type { Analysis, LayerAnalysis } from '../analysis/types';
import type { DepthLevel } from '../shared/protocol';
import { formatScientific, formatValue } from '../shared/format';
import { warningText } from '../analysis/warningText';
import * as l10n from '@vscode/l10n';
import { layeredLayerNode } from './layeredExplorerItems';
import type { ExplorerNode } from './explorerNode';

export type { ExplorerNode, ExplorerNodeKind } from './explorerNode';

function norm(values: readonly number[]): number {
  let s = 0;
  for (const v of values) s += v * v;
  return Math.sqrt(s);
}

function unitNodes(uri: string, layer: LayerAnalysis, param: 'weights' | 'bias', depth: DepthLevel): ExplorerNode[] {
  const idBase = `${uri}#${layer.index}/${param}`;
  if (param === 'weights') {
    const grad = layer.weights.grad as number[][];
    const value = layer.weights.value as number[][];
    return grad.map((row, unit) => ({
      id: `${idBase}/${unit}`, kind: 'unit' as const, uri, layerIndex: layer.index, param, unit,
      label: l10n.t('unit {0}', unit + 1),
      description: depth >= 2 ? `‖∂L/∂w‖ ${formatScientific(norm(row))}` : undefined,
      tooltip: depth >= 3
        ? `${l10n.t('Incoming weights of unit {0}: {1}', unit + 1, value[unit].map((v) => formatValue(v)).join(', '))}\n∂L/∂w: ${row.map((g) => formatValue(g)).join(', ')}`
        : l10n.t('Incoming weights of unit {0}: {1}', unit + 1, value[unit].map((v) => formatValue(v)).join(', ')),
      icon: 'symbol-variable',
      range: layer.source.weightRanges?.[unit]?.[0] ?? layer.source.weightsRange ?? layer.range,
      children: [],
    }));
  }
  const grad = layer.bias.grad as number[];
  const value = layer.bias.value as number[];
  return grad.map((g, unit) => ({
    id: `${idBase}/${unit}`, kind: 'unit' as const, uri, layerIndex: layer.index, param, unit,
    label: l10n.t('unit {0}', unit + 1),
    // ∂L/∂b is the unit's error signal δ averaged over the batch: Service shows it as that signal.
    description: depth >= 3 ? `∂L/∂b ${formatValue(g)}` : depth === 2 ? `δ ${formatValue(g)}` : undefined,
    tooltip: l10n.t('Bias of unit {0}: {1}', unit + 1, formatValue(value[unit]))
      + (depth >= 2 ? `\n${l10n.t('Error signal δ of unit {0}, averaged over the batch (= ∂L/∂b): {1}', unit + 1, formatValue(g))}` : ''),
    icon: 'symbol-variable',
    range: layer.source.biasRanges?.[unit] ?? layer.source.biasRange ?? layer.range,
    children: [],
  }));
}

function layerNode(uri: string, analysis: Analysis, layer: LayerAnalysis, depth: DepthLevel): ExplorerNode {
  if (layer.layered) return layeredLayerNode(uri, analysis, layer, depth, (param) => unitNodes(uri, layer, param, depth));
  const warnings = depth >= 2 ? analysis.warnings.filter((w) => w.layerIndex === layer.index && w.severity !== 'info') : [];
  const worst = warnings.some((w) => w.severity === 'error') ? 'error' : warnings.length > 0 ? 'warning' : 'symbol-class';
  const params = (['weights', 'bias'] as const).map((param): ExplorerNode => {
    const stats = param === 'weights' ? layer.weightStats : layer.biasStats;
    const shape = param === 'weights' ? `${layer.units}×${layer.fanIn}` : `${layer.units}`;
    const [norm, entry] = param === 'weights' ? ['‖∂L/∂W‖', '|∂L/∂w|'] : ['‖∂L/∂b‖', '|∂L/∂b|'];
    return {
      id: `${uri}#${layer.index}/${param}`, kind: 'param', uri, layerIndex: layer.index, param,
      label: param, description: depth >= 2 ? `${norm} ${formatScientific(stats.gradNorm)}` : shape,
      tooltip: l10n.t('{0} of "{1}", shape {2}', param, layer.name, shape)
        + (depth >= 2 ? `\n${l10n.t('{0} {1} · mean {2} {3} · max {2} {4}', norm, formatScientific(stats.gradNorm, 2), entry, formatScientific(stats.gradMeanAbs, 2), formatScientific(stats.gradMaxAbs, 2))}` : ''),
      icon: 'symbol-array',
      range: (param === 'weights' ? layer.source.weightsRange : layer.source.biasRange) ?? layer.range,
      children: unitNodes(uri, layer, param, depth),
    };
  });
  return {
    id: `${uri}#${layer.index}`, kind: 'layer', uri, layerIndex: layer.index,
    label: layer.name,
    description: depth >= 2 ? `${layer.activation} · ‖∂L/∂W‖ ${formatScientific(layer.weightStats.gradNorm)}` : `${layer.units} ${layer.activation}`,
    tooltip: [l10n.t('Layer "{0}": {1}, {2} each', layer.name,
      layer.units === 1 ? l10n.t('{0} {1} unit', layer.units, layer.activation) : l10n.t('{0} {1} units', layer.units, layer.activation),
      layer.fanIn === 1 ? l10n.t('{0} input', layer.fanIn) : l10n.t('{0} inputs', layer.fanIn)),
      ...warnings.map((w) => `⚠ ${warningText(w.code).title}: ${w.message}`)].join('\n'),
    icon: worst, range: layer.range, children: params,
  };
}

/** The whole tree for one analysed model file. */
export function explorerTree(uri: string, analysis: Analysis, depth: DepthLevel): ExplorerNode {
  return {
    id: uri, kind: 'model', uri,
    label: analysis.modelName,
    description: l10n.t('loss {0}', formatValue(analysis.loss, 4)),
    tooltip: l10n.t('{0}: {1}, {2}, {3}, {4} loss {5}', analysis.modelName,
      analysis.inputs === 1 ? l10n.t('{0} input', analysis.inputs) : l10n.t('{0} inputs', analysis.inputs),
      analysis.layers.length === 1 ? l10n.t('{0} layer', analysis.layers.length) : l10n.t('{0} layers', analysis.layers.length),
      analysis.samples === 1 ? l10n.t('{0} training sample', analysis.samples) : l10n.t('{0} training samples', analysis.samples),
      analysis.lossKind, formatValue(analysis.loss, 6)),
    icon: 'circuit-board',
    children: analysis.layers.map((layer) => layerNode(uri, analysis, layer, depth)),
  };
}
