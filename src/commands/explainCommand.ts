/**
 * Explain Gradient…: the chain-rule derivation of one weight's or bias's gradient with the real
 * numbers. (Being written under issue #7; until then it shows the engine's value and the formula.)
 */
import * as vscode from 'vscode';
import type { DocumentAnalyses } from '../session/documentAnalyses';
import type { ModelDocuments } from '../session/modelDocuments';
import type { DepthLevelState } from '../teaching/depthLevel';
import { uriArgument } from './trainingCommands';
import { formatExact } from '../format/numbers';

export interface ExplainDeps {
  readonly analyses: DocumentAnalyses;
  readonly documents: ModelDocuments;
  readonly depth: DepthLevelState;
}

export function registerExplainCommand(deps: ExplainDeps): vscode.Disposable {
  return vscode.commands.registerCommand('gradlens.explainGradient', async (arg?: { layerIndex?: number; param?: 'weights' | 'bias'; index?: number[] }) => {
    const uri = uriArgument(arg) ?? deps.documents.current();
    const analysis = uri ? deps.analyses.get(uri)?.outcome?.analysis : undefined;
    if (!analysis) {
      void vscode.window.showInformationMessage('GradLens: open a valid model file first.');
      return;
    }
    const layer = analysis.layers[arg?.layerIndex ?? analysis.layers.length - 1];
    const [unit = 0, input = 0] = arg?.index ?? [];
    const grad = arg?.param === 'bias' ? (layer.bias.grad as number[])[unit] : (layer.weights.grad as number[][])[unit]?.[input];
    void vscode.window.showInformationMessage(`∂L/∂${arg?.param === 'bias' ? 'b' : 'w'} of layer "${layer.name}" [${unit + 1}${arg?.param === 'bias' ? '' : `, ${input + 1}`}] = ${formatExact(grad ?? NaN)} = mean over samples of δ (∂L/∂net of unit ${unit + 1}) × its input.`);
  });
}
