/**
 * The engine's activation and loss of an analysed layer (a custom activation compiled from its `f`
 * and `df` texts), for the chain-rule explanation. No `vscode` import.
 */
import { type ActivationSpec, type BuiltinActivation, type LossKind } from '../engine';
import { compileActivation } from '../expr';
import type { Analysis, LayerAnalysis } from '../analysis/types';

const BUILTIN: readonly BuiltinActivation[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax'];
const LOSSES: readonly LossKind[] = ['squared', 'mse', 'cross-entropy', 'binary-cross-entropy'];

/** The engine's activation of an analysed layer (a custom one compiled from its texts). */
export function layerActivation(layer: LayerAnalysis): ActivationSpec {
  if (layer.custom) {
    const compiled = compileActivation(layer.custom.f, layer.custom.df);
    if (!compiled.ok) throw new Error(`layer '${layer.name}': its custom activation does not compile: ${compiled.errors.map((e) => e.message).join('; ')}`);
    return { kind: 'custom', name: layer.activation, f: compiled.f, df: compiled.df, fText: layer.custom.f, dfText: layer.custom.df };
  }
  if ((BUILTIN as readonly string[]).includes(layer.activation)) return layer.activation as BuiltinActivation;
  throw new Error(`layer '${layer.name}': unknown activation '${layer.activation}'`);
}

/** The analysis's loss kind, checked. */
export function analysisLoss(analysis: Analysis): LossKind {
  if ((LOSSES as readonly string[]).includes(analysis.lossKind)) return analysis.lossKind as LossKind;
  throw new Error(`unknown loss '${analysis.lossKind}'`);
}
