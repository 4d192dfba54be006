/**
 * The loss slice ("nudge one weight"): the training loss as one parameter p moves, the others fixed.
 *
 *   L(v)        = the engine's training loss (`evaluateLoss`) with p set to v
 *   ∂L/∂p       = the engine's back-propagated gradient at the current value (the tangent's slope)
 *   numeric     = (L(p + h) − L(p − h)) / 2h, with the gradient check's h
 *   tangent     = L(p) + ∂L/∂p · (v − p)
 *   after step  = p after one step of the file's optimiser (fresh state, full-batch gradient),
 *                 and L on this slice at that value
 *   range       = p ± r, r = max(1, 2·|p|, 3·|step|): wide enough to show the curve bend and the step.
 *
 * The loss is the data loss (weight decay, if the file sets any, is neither in the curve nor in the slope).
 */
import { backprop, createOptimizer, evaluateLoss, type DataSet, type LossKind, type Network, type TrainSpec } from '../../engine';
import { parameterName } from '../../shared/names';
import type { LossSlice, SliceTarget } from '../../shared/teachingViews';

/** Points on the curve. */
export const SLICE_POINTS = 81;

function flatIndex(network: Network, target: SliceTarget): { array: Float64Array; at: number } {
  const layer = network.layers[target.layerIndex];
  if (!layer) throw new Error(`there is no layer ${target.layerIndex + 1}`);
  const [unit, input] = target.index;
  if (!Number.isInteger(unit) || unit < 0 || unit >= layer.units) throw new Error(`layer '${layer.name}' has no unit ${unit + 1}`);
  if (target.param === 'bias') return { array: layer.bias, at: unit };
  if (!Number.isInteger(input) || input < 0 || input >= layer.fanIn) throw new Error(`layer '${layer.name}' has no input ${input + 1}`);
  return { array: layer.weights, at: unit * layer.fanIn + input };
}

/** `output.weights[1, 1]`, `hidden.bias[2]` (1-based, as the explanations' titles write them). */
export function sliceLabel(network: Network, target: SliceTarget): string {
  const name = network.layers[target.layerIndex]?.name ?? `layer ${target.layerIndex + 1}`;
  return parameterName(name, target.param, target.index.slice(0, target.param === 'bias' ? 1 : 2));
}

/** L with the parameter set to `value` (restored afterwards). */
function lossAt(network: Network, p: { array: Float64Array; at: number }, value: number, data: DataSet, loss: LossKind): number {
  const saved = p.array[p.at];
  p.array[p.at] = value;
  try {
    return evaluateLoss(network, data, loss);
  } finally {
    p.array[p.at] = saved;
  }
}

/**
 * The slice of `target` at `network`'s parameters (the network is left as it was).
 * @throws Error when the target is not a parameter of the network.
 */
export function lossSlice(network: Network, data: DataSet, loss: LossKind, train: TrainSpec, target: SliceTarget, options: { epsilon: number; step: number }): LossSlice {
  const p = flatIndex(network, target);
  const value = p.array[p.at];
  const current = evaluateLoss(network, data, loss);
  const grads = backprop(network, data, loss).gradients.layers[target.layerIndex];
  const gradient = target.param === 'bias' ? grads.bias[p.at] : grads.weights[p.at];
  const h = options.epsilon;
  const numericSlope = (lossAt(network, p, value + h, data, loss) - lossAt(network, p, value - h, data, loss)) / (2 * h);

  const stepped = network.clone();
  createOptimizer({ optimizer: train.optimizer, learningRate: train.learningRate, momentum: train.momentum }, stepped)
    .step(stepped, backprop(network, data, loss).gradients);
  const after = flatIndex(stepped, target);
  const afterValue = after.array[after.at];

  const r = Math.max(1, 2 * Math.abs(value), 3 * Math.abs(afterValue - value));
  const curve = Array.from({ length: SLICE_POINTS }, (_, i) => {
    const v = value - r + (2 * r * i) / (SLICE_POINTS - 1);
    return { value: v, loss: lossAt(network, p, v, data, loss) };
  });
  return {
    target: { layerIndex: target.layerIndex, param: target.param, index: [...target.index] },
    label: sliceLabel(network, target),
    value, loss: current, gradient, numericSlope, epsilon: h, curve,
    afterStep: { value: afterValue, loss: lossAt(network, p, afterValue, data, loss), optimizer: train.optimizer, learningRate: train.learningRate },
    step: options.step,
  };
}
