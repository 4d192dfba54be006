/**
 * The engine's activation and loss of an analysed layer (a custom activation compiled from its `f`
 * and `df` texts), for the chain-rule explanation. No `vscode` import.
 */
import { type ActivationSpec, type LossKind } from '../../engine';
import { isBuiltinActivation, isLossKind } from '../../shared/kinds';
import { compileActivation } from '../../expr';
import type { Analysis, LayerAnalysis } from '../../analysis/types';


/** The engine's activation of an analysed layer (a custom one compiled from its texts). */
export function layerActivation(layer: LayerAnalysis): ActivationSpec {
  if (layer.custom) {
    const compiled = compileActivation(layer.custom.f, layer.custom.df);
    if (!compiled.ok) throw new Error(`layer '${layer.name}': its custom activation does not compile: ${compiled.errors.map((e) => e.message).join('; ')}`);
    return { kind: 'custom', name: layer.activation, f: compiled.f, df: compiled.df, fText: layer.custom.f, dfText: layer.custom.df };
  }
  if (isBuiltinActivation(layer.activation)) return layer.activation;
  throw new Error(`layer '${layer.name}': unknown activation '${layer.activation}'`);
}

/** The analysis's loss kind, checked. */
export function analysisLoss(analysis: Analysis): LossKind {
  if (isLossKind(analysis.lossKind)) return analysis.lossKind;
  throw new Error(`unknown loss '${analysis.lossKind}'`);
}
