/**
 * The loss slice ("nudge one weight"): the objective training minimises as one parameter p moves, the
 * others fixed (trainingObjective.ts says what that objective is):
 *
 *   J(v)        = L(v) + (λ/2)·Σw² with p set to v: the engine's data loss (`evaluateLoss`) plus the
 *                 file's weight decay λ on every layer's weights (biases never; λ = 0: J = L)
 *   ∂J/∂p       = the engine's back-propagated gradient with weight decay at the current value: the
 *                 gradient the optimiser receives, ∂L/∂p + λ·p for a weight (the tangent's slope)
 *   numeric     = (J(p + h) − J(p − h)) / 2h, with the gradient check's h
 *   tangent     = J(p) + ∂J/∂p · (v − p)
 *   after step  = p after one step of the engine's trainer (full batch, fresh optimiser state),
 *                 and J on this slice at that value
 *   range       = p ± r, r = max(1, 2·|p|, 3·|step|): wide enough to show the curve bend and the step.
 */
import type { DataSet, LossKind, Network, TrainSpec } from '../../engine';
import { parameterName } from '../../shared/names';
import type { LossSlice, SliceTarget } from '../../shared/teachingViews';
import { afterOneStep, objectiveGradient, trainingObjective } from './trainingObjective';

/** Points on the curve. */
export const SLICE_POINTS = 81;

/** Where a parameter lives: its array and its flat index. @throws Error when the network has no such parameter. */
export function parameterSlot(network: Network, target: SliceTarget): { array: Float64Array; at: number } {
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

/** The gradient the optimiser receives for one parameter, from a full gradient. */
export function gradientOf(grads: ReturnType<typeof objectiveGradient>, target: SliceTarget, at: number): number {
  const g = grads.layers[target.layerIndex];
  return target.param === 'bias' ? g.bias[at] : g.weights[at];
}

/** J with the parameter set to `value` (restored afterwards). */
function objectiveAt(network: Network, p: { array: Float64Array; at: number }, value: number, data: DataSet, loss: LossKind, lambda: number): number {
  const saved = p.array[p.at];
  p.array[p.at] = value;
  try {
    return trainingObjective(network, data, loss, lambda);
  } finally {
    p.array[p.at] = saved;
  }
}

/**
 * The slice of `target` at `network`'s parameters (the network is left as it was).
 * @throws Error when the target is not a parameter of the network.
 */
export function lossSlice(network: Network, data: DataSet, loss: LossKind, train: TrainSpec, target: SliceTarget, options: { epsilon: number; step: number }): LossSlice {
  const p = parameterSlot(network, target);
  const lambda = train.weightDecay ?? 0;
  const value = p.array[p.at];
  const current = trainingObjective(network, data, loss, lambda);
  const gradient = gradientOf(objectiveGradient(network, data, loss, lambda), target, p.at);
  const h = options.epsilon;
  const numericSlope = (objectiveAt(network, p, value + h, data, loss, lambda) - objectiveAt(network, p, value - h, data, loss, lambda)) / (2 * h);

  const stepped = afterOneStep(network, data, loss, train);
  const after = parameterSlot(stepped, target);
  const afterValue = after.array[after.at];

  const r = Math.max(1, 2 * Math.abs(value), 3 * Math.abs(afterValue - value));
  const curve = Array.from({ length: SLICE_POINTS }, (_, i) => {
    const v = value - r + (2 * r * i) / (SLICE_POINTS - 1);
    return { value: v, loss: objectiveAt(network, p, v, data, loss, lambda) };
  });
  return {
    target: { layerIndex: target.layerIndex, param: target.param, index: [...target.index] },
    label: sliceLabel(network, target),
    value, loss: current, gradient, numericSlope, epsilon: h, curve,
    afterStep: { value: afterValue, loss: objectiveAt(network, p, afterValue, data, loss, lambda), optimizer: train.optimizer, learningRate: train.learningRate },
    step: options.step,
    weightDecay: lambda,
  };
}
