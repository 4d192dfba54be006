/**
 * While a model is stepped through, one more lens follows the stop on screen: above the layer a
 * forward, backward or update stop concerns (above `loss` at the loss stop), with that stop's numbers,
 * so scrubbing the timeline moves the lens values with it. Depth 1 shows no derivative here either.
 */
import * as vscode from 'vscode';
import type { Analysis } from '../analysis/types';
import type { DepthLevel } from '../shared/protocol';
import type { PhaseView } from '../worker/teaching/stepThrough';
import { formatScientific, formatValue } from '../shared/format';
import { lineStart } from '../ranges';

function figures(view: PhaseView, depth: DepthLevel): string {
  const layered = view.layered;
  if (layered?.forward) {
    return vscode.l10n.t('{0} {1}, out from {2} to {3}', layered.layerType, layered.outShape.join('×'), formatValue(layered.forward.sampleStats.min), formatValue(layered.forward.sampleStats.max));
  }
  if (layered?.backward) {
    if (depth === 1) return vscode.l10n.t('error signals flow back');
    const weights = layered.backward.params.find((p) => p.param === 'weights');
    return `${layered.layerType} · ‖∂L/∂out‖ ${formatScientific(layered.backward.gradOutNorm)}${weights ? ` · ‖∂L/∂${weights.symbol}‖ ${formatScientific(weights.norm)}` : ''}`;
  }
  if (view.forward) return `sample ${view.sample + 1}: out ${view.forward.out.slice(0, 4).map((v) => formatValue(v)).join(', ')}${view.forward.out.length > 4 ? ', …' : ''}`;
  if (view.loss) return vscode.l10n.t('loss {0}', formatValue(view.loss.value, 4));
  if (view.backward) return depth === 1 ? vscode.l10n.t('error signals flow back') : `‖∂L/∂W‖ ${formatScientific(view.backward.gradWeightsNorm)}`;
  if (view.update) {
    const biggest = Math.max(...view.update.layers.map((l) => l.maxAbsChange));
    return vscode.l10n.t('weights move by at most {0}', formatValue(biggest));
  }
  return '';
}

/** The step-through lens for the stop on screen, or none. */
export function stepThroughLens(uri: string, analysis: Analysis, view: PhaseView | undefined, depth: DepthLevel): vscode.CodeLens | undefined {
  if (!view) return undefined;
  const layer = view.layerIndex !== undefined ? analysis.layers[view.layerIndex] : undefined;
  const at = view.phase === 'loss' ? analysis.source.loss : layer?.range ?? analysis.layers[0]?.range;
  if (!at) return undefined;
  const title = `▶ ${vscode.l10n.t('step {0}', view.step)} · ${view.phase}${layer ? ` · ${layer.name}` : ''} · ${figures(view, depth)}`;
  return new vscode.CodeLens(lineStart(at), { title, command: 'gradlens.stepThrough', arguments: [uri], tooltip: `${view.title}: ${view.detail} ${vscode.l10n.t('Click for the next stop.')}` });
}
