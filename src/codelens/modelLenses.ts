/**
 * Maps an analysis to the CodeLenses above a model file's layers, `loss` and `data`.
 * What a lens says follows the depth level: level 1 (Drive) never shows a derivative.
 */
import * as vscode from 'vscode';
import type { Analysis, LayerAnalysis } from '../analysis/types';
import type { DepthLevel } from '../shared/protocol';
import { formatPercent, formatScientific, formatValue } from '../shared/format';
import { warningText } from '../analysis/warningText';
import { lineStart } from '../ranges';
import { layeredLensTitle } from './layeredLensTitle';

/** Arguments of `gradlens.openPanel` when a lens is clicked. */
export interface OpenPanelArgs {
  readonly uri: string;
  readonly layerIndex?: number;
}

function openPanel(title: string, args: OpenPanelArgs, tooltip?: string): vscode.Command {
  return { title, command: 'gradlens.openPanel', arguments: [args], tooltip };
}

const CHECK_MARK = { pass: '✓', warn: '≈', fail: '✗' } as const;

function layerSummary(analysis: Analysis, layer: LayerAnalysis, depth: DepthLevel): string {
  if (layer.layered) return layeredLensTitle(layer, analysis.layerSummaries?.[layer.index], depth);
  if (depth === 1) {
    const first = layer.out[0] ?? [];
    const shown = first.slice(0, 4).map((v) => formatValue(v)).join(', ');
    const units = layer.units === 1 ? vscode.l10n.t('1 {0} unit', layer.activation) : vscode.l10n.t('{0} {1} units', layer.units, layer.activation);
    return `${units} · ${vscode.l10n.t('sample 1: out {0}', `${shown}${first.length > 4 ? ', …' : ''}`)}`;
  }
  // Both over the weights: the norm of ∂L/∂W and its largest entry (the bias has its own hints and hover).
  const parts = [`‖∂L/∂W‖ ${formatScientific(layer.weightStats.gradNorm)}`, `max |∂L/∂w| ${formatScientific(layer.weightStats.gradMaxAbs)}`];
  if (depth >= 3 && layer.gradcheck) {
    parts.push(vscode.l10n.t('grad check {0} {1}', CHECK_MARK[layer.gradcheck.status], formatScientific(layer.gradcheck.maxRelError, 0)));
  }
  return parts.join(' · ');
}

/** The lenses of one analysed document. */
export function modelLenses(uri: string, analysis: Analysis, depth: DepthLevel): vscode.CodeLens[] {
  const lenses: vscode.CodeLens[] = [];
  for (const layer of analysis.layers) {
    const args: OpenPanelArgs = { uri, layerIndex: layer.index };
    const at = lineStart(layer.range);
    lenses.push(new vscode.CodeLens(at, openPanel(layerSummary(analysis, layer, depth), args, vscode.l10n.t('Open the gradient panel on layer "{0}"', layer.name))));
    if (depth >= 4 && (!layer.layered || layer.layered.type === 'conv2d' || layer.layered.type === 'batchnorm')) {
      // Derive: the chain-rule derivation of one of the layer's weights (the quick pick asks which).
      lenses.push(new vscode.CodeLens(at, {
        title: vscode.l10n.t('explain ∂L/∂W'),
        command: 'gradlens.explainGradient',
        arguments: [{ uri, layerIndex: layer.index, param: 'weights' }],
        tooltip: vscode.l10n.t('The chain rule with this step\'s numbers for a weight of "{0}"', layer.name),
      }));
    }
    if (depth >= 2) {
      const codes = new Set(analysis.warnings.filter((w) => w.layerIndex === layer.index && w.severity !== 'info').map((w) => w.code));
      for (const code of codes) {
        const title = code === 'dead-relu' && layer.layered?.type === 'conv2d' ? vscode.l10n.t('dead filters') : warningText(code).title;
        lenses.push(new vscode.CodeLens(at, openPanel(`⚠ ${title}`, args, warningText(code).explanation)));
      }
    }
  }
  if (analysis.source.loss) {
    const now = formatValue(analysis.loss, 4);
    const title = analysis.step > 0
      ? analysis.step === 1
        ? vscode.l10n.t('loss {0} → {1} after 1 step', formatValue(analysis.initialLoss, 4), now)
        : vscode.l10n.t('loss {0} → {1} after {2} steps', formatValue(analysis.initialLoss, 4), now, analysis.step)
      : vscode.l10n.t('loss {0}', now);
    lenses.push(new vscode.CodeLens(lineStart(analysis.source.loss), openPanel(title, { uri }, vscode.l10n.t('Open the gradient panel'))));
  }
  if (analysis.source.data) {
    const parts = [analysis.testSamples > 0
      ? vscode.l10n.t('{0} training · {1} test samples', analysis.samples, analysis.testSamples)
      : analysis.samples === 1 ? vscode.l10n.t('1 sample') : vscode.l10n.t('{0} samples', analysis.samples)];
    if (analysis.classification && analysis.accuracy !== undefined) {
      parts.push(analysis.testAccuracy !== undefined
        ? vscode.l10n.t('accuracy {0} (test {1})', formatPercent(analysis.accuracy), formatPercent(analysis.testAccuracy))
        : vscode.l10n.t('accuracy {0}', formatPercent(analysis.accuracy)));
    }
    lenses.push(new vscode.CodeLens(lineStart(analysis.source.data), openPanel(parts.join(' · '), { uri }, vscode.l10n.t('Open the gradient panel'))));
  }
  return lenses;
}
