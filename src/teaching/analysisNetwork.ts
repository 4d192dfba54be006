/**
 * Rebuilds the engine's network from an `Analysis`: the analysis holds every layer's current weights,
 * biases and activation (a custom one as its `f` and `df` texts), so the teaching features can run the
 * engine on exactly the parameters the lenses describe, at whatever training step they were taken.
 * No `vscode` import.
 */
import { Network, type ActivationSpec, type LossKind } from '../engine';
import { isBuiltinActivation, isLossKind } from '../shared/kinds';
import { compileActivation } from '../expr';
import type { Analysis, LayerAnalysis } from '../analysis/types';


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

/** A fresh network with the analysis's current parameters (copies: changing it changes nothing else). */
export function networkFromAnalysis(analysis: Analysis): Network {
  return Network.fromSpec({
    inputs: analysis.inputs,
    seed: 1,
    layers: analysis.layers.map((l) => ({
      name: l.name,
      units: l.units,
      activation: layerActivation(l),
      weights: l.weights.value as number[][],
      bias: l.bias.value as number[],
      init: 'zeros' as const,
    })),
  });
}
