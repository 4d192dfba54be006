/**
 * `report --steps N` for a layered model (model file 1.1): exactly N optimiser steps of the layered
 * trainer from the analysed parameters, the loss after each over the whole training set in training
 * mode (as the report's own loss; measured on a copy, so the training's dropout masks are its own),
 * and the final parameters with batch norm's running statistics.
 */
import type { ModelSession } from '../analysis/modelSession';
import { PROBE_TRAINING } from '../analysis/layeredNetworks';
import { nest } from '../analysis/nested';
import type { FinalParameters } from '../analysis/reportJson';
import { BatchNormLayer, layeredEvaluateLoss, LayeredNetwork, LayeredTrainer } from '../engine';

export function layeredSteps(session: ModelSession, count: number): { steps: { step: number; loss: number }[]; final: FinalParameters } {
  const model = session.model;
  const network = session.copy(session.anyNetwork);
  if (!(network instanceof LayeredNetwork)) throw new Error('layeredSteps needs a layered model');
  const trainer = new LayeredTrainer(network, model.data.train, model.loss, model.train, { seed: model.seed });
  const steps: { step: number; loss: number }[] = [];
  for (let i = 0; i < count; i++) {
    trainer.step();
    const probe = session.copy(network) as LayeredNetwork;
    steps.push({ step: trainer.steps, loss: layeredEvaluateLoss(probe, model.data.train, model.loss, PROBE_TRAINING) });
  }
  return {
    steps,
    final: {
      layers: network.layers.map((layer) => {
        const w = layer.params.find((p) => p.name === 'weights');
        const b = layer.params.find((p) => p.name === 'bias');
        return {
          name: layer.name,
          weights: w ? nest(w.values, w.shape) as number[][] : [],
          bias: b ? Array.from(b.values) : [],
          hasWeights: w !== undefined,
          hasBias: b !== undefined,
          ...(layer instanceof BatchNormLayer ? { runningMean: Array.from(layer.runningMean), runningVar: Array.from(layer.runningVar) } : {}),
        };
      }),
    },
  };
}
