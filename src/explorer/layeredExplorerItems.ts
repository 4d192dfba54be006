/**
 * The Gradient Explorer's nodes for a layered model's layer (model file 1.1): model → layer →
 * parameters → filters → channels for a conv layer, γ and β per channel or feature for batch norm,
 * rows of a dense layer's weights as units; a layer without parameters has no children and shows the
 * gradient that passes through it (‖∂L/∂out‖ → ‖∂L/∂in‖) in its description and tooltip.
 * Depth 1 (Drive) shows shapes only, no derivative. Pure data, like explorerItems.ts.
 */
import type { Analysis, LayerAnalysis, LayerSummary } from '../analysis/types';
import type { DepthLevel } from '../shared/protocol';
import { formatPercent, formatScientific, formatValue } from '../shared/format';
import { warningText } from '../analysis/warningText';
import { shapeText } from '../codelens/layeredLensTitle';
import type { ExplorerNode } from './explorerNode';
import * as l10n from '@vscode/l10n';

function convFilterNodes(uri: string, layer: LayerAnalysis, summary: LayerSummary | undefined, depth: DepthLevel): ExplorerNode[] {
  const [F, C, kh, kw] = layer.layered!.params[0].shape;
  const value = layer.weights.value as number[][];
  return Array.from({ length: F }, (_, f): ExplorerNode => {
    const filter = summary?.filters?.[f];
    const channels = Array.from({ length: C }, (_, c): ExplorerNode => ({
      id: `${uri}#${layer.index}/weights/${f}/${c}`, kind: 'channel', uri, layerIndex: layer.index, param: 'weights', unit: f,
      label: l10n.t('channel {0}', c + 1),
      ...(depth >= 2 && filter ? { description: `‖∂L/∂W[${f + 1}, ${c + 1}]‖ ${formatScientific(filter.channelGradNorms[c])}` } : {}),
      tooltip: l10n.t('Filter {0}\'s {1}×{2} kernel on input channel {3}: {4}', f + 1, kh, kw, c + 1, value[f].slice(c * kh * kw, (c + 1) * kh * kw).map((v) => formatValue(v)).join(', ')),
      icon: 'symbol-variable',
      range: layer.source.weightRanges?.[f]?.[c * kh * kw] ?? layer.source.weightsRange ?? layer.range,
      children: [],
    }));
    return {
      id: `${uri}#${layer.index}/weights/${f}`, kind: 'filter', uri, layerIndex: layer.index, param: 'weights', unit: f,
      label: l10n.t('filter {0}', f + 1),
      ...(depth >= 2 && filter ? { description: `‖∂L/∂W[${f + 1}]‖ ${formatScientific(filter.gradNorm)}` } : {}),
      tooltip: filter
        ? l10n.t('Filter {0}: {1}×{2}×{3} weights', f + 1, C, kh, kw)
          + (depth >= 2 ? `\n${l10n.t('‖∂L/∂W‖ {0} · max |∂L/∂w| {1} · ∂L/∂b {2}', formatScientific(filter.gradNorm, 2), formatScientific(filter.gradMaxAbs, 2), formatScientific(filter.biasGrad, 2))}` : '')
          + `\n${l10n.t('Its output is 0 at {0} of positions', formatPercent(filter.outputZeroFraction))}`
        : l10n.t('Filter {0}: {1}×{2}×{3} weights', f + 1, C, kh, kw),
      icon: filter && filter.outputZeroFraction === 1 ? 'warning' : 'symbol-array',
      range: layer.source.weightRanges?.[f]?.[0] ?? layer.source.weightsRange ?? layer.range,
      children: channels,
    };
  });
}

/** The label of one entry of a per-channel, per-feature or per-filter vector. */
const ENTRY_LABEL = {
  channel: (n: number) => l10n.t('channel {0}', n),
  feature: (n: number) => l10n.t('feature {0}', n),
  filter: (n: number) => l10n.t('filter {0}', n),
};

function vectorNodes(uri: string, layer: LayerAnalysis, param: 'weights' | 'bias', symbol: string, per: keyof typeof ENTRY_LABEL, depth: DepthLevel): ExplorerNode[] {
  const value = param === 'weights' ? (layer.weights.value as number[][]).map((r) => r[0]) : layer.bias.value as number[];
  const grad = param === 'weights' ? (layer.weights.grad as number[][]).map((r) => r[0]) : layer.bias.grad as number[];
  return value.map((v, g) => ({
    id: `${uri}#${layer.index}/${param}/${g}`, kind: 'unit' as const, uri, layerIndex: layer.index, param, unit: g,
    label: ENTRY_LABEL[per](g + 1),
    ...(depth >= 2 ? { description: `∂L/∂${symbol} ${formatValue(grad[g])}` } : {}),
    tooltip: l10n.t('{0} of {1}: {2}', symbol, ENTRY_LABEL[per](g + 1), formatValue(v)) + (depth >= 2 ? `\n∂L/∂${symbol}: ${formatValue(grad[g])}` : ''),
    icon: 'symbol-variable',
    range: (param === 'weights' ? layer.source.weightsRange : layer.source.biasRange) ?? layer.range,
    children: [],
  }));
}

function paramNodes(uri: string, layer: LayerAnalysis, summary: LayerSummary | undefined, depth: DepthLevel, dense: (param: 'weights' | 'bias') => ExplorerNode[]): ExplorerNode[] {
  const l = layer.layered!;
  const batchNorm = l.type === 'batchnorm';
  const per = l.inputShape.length === 3 ? 'channel' as const : 'feature' as const;
  return l.params.map((p): ExplorerNode => {
    const stats = p.name === 'weights' ? layer.weightStats : layer.biasStats;
    const symbol = batchNorm ? (p.name === 'weights' ? 'γ' : 'β') : p.name === 'weights' ? 'W' : 'b';
    const children = l.type === 'conv2d' && p.name === 'weights' ? convFilterNodes(uri, layer, summary, depth)
      : batchNorm || l.type === 'conv2d' ? vectorNodes(uri, layer, p.name, batchNorm ? symbol : 'b', batchNorm ? per : 'filter', depth)
        : dense(p.name);
    return {
      id: `${uri}#${layer.index}/${p.name}`, kind: 'param', uri, layerIndex: layer.index, param: p.name,
      label: batchNorm ? (p.name === 'weights' ? l10n.t('scale γ') : l10n.t('shift β')) : p.name,
      description: depth >= 2 ? `‖∂L/∂${symbol}‖ ${formatScientific(stats.gradNorm)}` : shapeText(p.shape),
      tooltip: (p.trainable ? l10n.t('{0} of "{1}", shape {2}', p.name, layer.name, shapeText(p.shape)) : l10n.t('{0} of "{1}", shape {2} (frozen)', p.name, layer.name, shapeText(p.shape)))
        + (depth >= 2 ? `\n${l10n.t('‖∂L/∂{0}‖ {1} · max |∂L/∂{2}| {3}', symbol, formatScientific(stats.gradNorm, 2), symbol.toLowerCase(), formatScientific(stats.gradMaxAbs, 2))}` : ''),
      icon: 'symbol-array',
      range: (p.name === 'weights' ? layer.source.weightsRange : layer.source.biasRange) ?? layer.range,
      children,
    };
  });
}

/** A layered model's layer node; `dense` gives a dense layer's unit nodes (explorerItems.ts). */
export function layeredLayerNode(
  uri: string, analysis: Analysis, layer: LayerAnalysis, depth: DepthLevel, dense: (param: 'weights' | 'bias') => ExplorerNode[],
): ExplorerNode {
  const l = layer.layered!;
  const summary = analysis.layerSummaries?.[layer.index];
  const warnings = depth >= 2 ? analysis.warnings.filter((w) => w.layerIndex === layer.index && w.severity !== 'info') : [];
  const worst = warnings.some((w) => w.severity === 'error') ? 'error' : warnings.length > 0 ? 'warning' : 'symbol-class';
  const head = `${l.type} → ${shapeText(l.outputShape)}`;
  const flowing = summary ? `‖∂L/∂${summary.outIsNet ? 'net' : 'out'}‖ ${formatScientific(summary.outGrad.gradNorm)} → ‖∂L/∂in‖ ${formatScientific(summary.inGrad.gradNorm)}` : '';
  const description = depth < 2 ? head
    : l.params.length > 0 ? `${head} · ‖∂L/∂${l.type === 'batchnorm' ? 'γ' : 'W'}‖ ${formatScientific(layer.weightStats.gradNorm)}`
      : `${head}${flowing ? ` · ${flowing}` : ''}`;
  const passing = depth >= 2 && summary && l.params.length === 0
    ? [l10n.t('Gradient passing through: {0}; {1} of its inputs receive none', flowing, formatPercent(summary.inGrad.fractionZero))] : [];
  return {
    id: `${uri}#${layer.index}`, kind: 'layer', uri, layerIndex: layer.index,
    label: layer.name,
    description,
    tooltip: [summary
      ? l10n.t('Layer "{0}": {1}, {2} → {3}, {4} parameters', layer.name, l.type, shapeText(l.inputShape), shapeText(l.outputShape), summary.parameterCount)
      : l10n.t('Layer "{0}": {1}, {2} → {3}', layer.name, l.type, shapeText(l.inputShape), shapeText(l.outputShape)),
      ...passing, ...warnings.map((w) => `⚠ ${warningText(w.code).title}: ${w.message}`)].join('\n'),
    icon: worst, range: layer.range,
    children: paramNodes(uri, layer, summary, depth, dense),
  };
}
