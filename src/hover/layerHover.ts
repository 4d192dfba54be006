/**
 * Maps an analysis to the hover shown over a layer: activation statistics, gradient statistics per
 * parameter, and each warning with what it means and what usually fixes it. Follows the depth level.
 * Names and messages from the model file are escaped (`markdownText`), and the MarkdownString is not
 * trusted and allows no HTML: a hover can show nothing but text, tables and emphasis of our own.
 */
import * as vscode from 'vscode';
import type { Analysis, AnalysisWarning, GradientStats, LayerAnalysis } from '../analysis/types';
import type { DepthLevel } from '../shared/protocol';
import { formatPercent, formatScientific, formatValue } from '../shared/format';
import { warningText } from '../analysis/warningText';
import { toRange } from '../ranges';
import { markdownText } from '../shared/escape';
import { layeredHoverLines } from './layeredHover';
import { classicLayerNames, classicShapeOf, isClassicShape } from '../shared/names';

function statsRow(label: string, s: GradientStats): string {
  return `| ${label} | ${formatScientific(s.gradNorm, 2)} | ${formatScientific(s.gradMeanAbs, 2)} | ${formatScientific(s.gradMaxAbs, 2)} |`;
}

function warningLines(warnings: readonly AnalysisWarning[]): string[] {
  return warnings.map((w) => {
    const text = warningText(w.code);
    return `- **${w.severity === 'error' ? '✗' : '⚠'} ${text.title}**: ${markdownText(w.message, 2_000)}  \n  *What it means:* ${w.explanation ?? text.explanation}  \n  *Usual fix:* ${w.fix ?? text.fix}`;
  });
}

/** The Markdown of a layer's hover. */
export function layerHoverMarkdown(analysis: Analysis, layer: LayerAnalysis, depth: DepthLevel, classicNames = false): string {
  const a = layer.activationStats;
  const layered = layer.layered;
  const lines = [
    ...(layered ? [...layeredHoverLines(layer, analysis.layerSummaries?.[layer.index], depth), ''] : [
      `**Layer "${markdownText(layer.name)}"** · ${layer.units} ${markdownText(layer.activation)} unit${layer.units === 1 ? '' : 's'} · ${layer.fanIn} input${layer.fanIn === 1 ? '' : 's'} each`,
      '',
    ]),
    ...(classicNames && isClassicShape(classicShapeOf(analysis))
      ? [vscode.l10n.t('In the classic walkthrough: {0}.', markdownText(classicLayerNames(layer.index, layer.name), 2_000)), '']
      : []),
    '| activation | mean | std | min | max | zero |',
    '|---|---|---|---|---|---|',
    `| out | ${formatValue(a.mean)} | ${formatValue(a.std)} | ${formatValue(a.min)} | ${formatValue(a.max)} | ${formatPercent(a.fractionZero)} |`,
  ];
  if (depth >= 2) {
    if (!layered || layered.params.length > 0) {
      const names = layered?.type === 'batchnorm' ? ['∂L/∂γ', '∂L/∂β'] : ['∂L/∂W', '∂L/∂b'];
      lines.push('', '| gradient | ‖g‖ | mean \\|g\\| | max \\|g\\| |', '|---|---|---|---|',
        statsRow(names[0], layer.weightStats), statsRow(names[1], layer.biasStats));
    }
    if (depth >= 3 && layer.gradcheck) {
      const symbol = { pass: '✓ pass', warn: '≈ warn', fail: '✗ fail' }[layer.gradcheck.status];
      lines.push('', `Gradient check: ${symbol}, largest relative error ${formatScientific(layer.gradcheck.maxRelError, 1)} over ${layer.gradcheck.checked} entries (ε = ${analysis.gradcheck.eps}).`);
    }
    const warnings = analysis.warnings.filter((w) => w.layerIndex === layer.index);
    if (warnings.length > 0) lines.push('', ...warningLines(warnings));
  }
  return lines.join('\n');
}

/** The hover for a position, when it lies inside a layer object. */
export function layerHover(analysis: Analysis, position: vscode.Position, depth: DepthLevel, classicNames = false): vscode.Hover | undefined {
  const layer = analysis.layers.find((l) => toRange(l.range).contains(position));
  if (!layer) return undefined;
  const markdown = new vscode.MarkdownString(layerHoverMarkdown(analysis, layer, depth, classicNames));
  markdown.isTrusted = false;
  markdown.supportHtml = false;
  return new vscode.Hover(markdown, toRange(layer.range));
}
