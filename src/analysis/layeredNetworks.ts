/**
 * What a session needs of a layered network (model file 1.1) beyond the engine: an exact copy, and
 * loss and accuracy of a data set. A copy is rebuilt from the spec with the parameters and batch
 * norm's running statistics copied over, so its dropout streams start afresh: analysing or probing a
 * copy never changes the masks the session's own training draws next.
 */
import {
  BatchNormLayer, isClassification, layeredAccuracy, layeredEvaluateLoss, LayeredNetwork, type DataSet, type LossKind, type PassMode,
} from '../engine';
import type { LayeredNetworkSpec } from '../engine/layers/spec';

/** Training mode without changing anything: batch statistics, fresh masks, running statistics kept. */
export const PROBE_TRAINING: PassMode = { training: true, updateStatistics: false, holdMasks: false };

/** A copy of `network` (built from `spec`) with the same parameters and running statistics. */
export function cloneLayered(network: LayeredNetwork, spec: LayeredNetworkSpec): LayeredNetwork {
  const copy = LayeredNetwork.fromSpec(spec);
  copy.layers.forEach((layer, l) => {
    const from = network.layers[l];
    layer.params.forEach((p, k) => {
      p.values.set(from.params[k].values);
      p.trainable = from.params[k].trainable;
    });
    if (layer instanceof BatchNormLayer && from instanceof BatchNormLayer) {
      layer.runningMean.set(from.runningMean);
      layer.runningVar.set(from.runningVar);
    }
  });
  return copy;
}

/** Loss and accuracy of a data set in evaluation mode (the spec's mode for accuracy and test figures). */
export function evaluateLayered(network: LayeredNetwork, data: DataSet, loss: LossKind, classification = isClassification(data.targets)): { loss: number; accuracy?: number } {
  const value = layeredEvaluateLoss(network, data, loss);
  const accuracy = classification ? layeredAccuracy(network, data) : undefined;
  return accuracy === undefined ? { loss: value } : { loss: value, accuracy };
}
