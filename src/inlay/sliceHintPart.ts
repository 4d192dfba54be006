/**
 * The second part of a parameter's inlay hint, `· slice`: a click opens the gradient panel's loss
 * slice of that weight or bias (`gradlens.showGradientPanel` with the parameter, the route the explorer
 * and lenses take). Dense weights [unit, input] and biases [unit]; in a layered model also a conv
 * weight [filter, channel, row, column] and batch norm's γ and β [channel].
 */
import * as vscode from 'vscode';
import { parameterName } from '../shared/names';

/** The command that opens the loss slice of one parameter in the gradient panel. */
export const SHOW_SLICE_COMMAND = 'gradlens.showGradientPanel';

/** `hint` with its `· slice` part added: a click on that part opens the slice of `layer.param[index]` (0-based). */
export function withSlice(hint: vscode.InlayHint, layer: { readonly name: string; readonly index: number }, param: 'weights' | 'bias', index: number[]): vscode.InlayHint {
  const part = new vscode.InlayHintLabelPart(` · ${vscode.l10n.t('slice')}`);
  const name = parameterName(layer.name, param, index);
  part.tooltip = vscode.l10n.t('Show the loss as {0} moves, with the tangent of slope ∂L/∂w (the loss slice in the gradient panel)', name);
  part.command = { title: vscode.l10n.t('Show the loss slice'), command: SHOW_SLICE_COMMAND, arguments: [{ layerIndex: layer.index, param, index }] };
  hint.label = [...(hint.label as vscode.InlayHintLabelPart[]), part];
  return hint;
}
