/**
 * The loss slice ("nudge one weight"): the objective training minimises as one parameter p moves, the
 * others fixed. For a dense network trainingObjective.ts says what that objective is, for a layered
 * one layeredObjective.ts (training mode made deterministic: one batch, fixed dropout masks):
 *
 *   J(v)        = J with p set to v: the engine's data loss plus the file's weight decay λ on every
 *                 layer's weights (biases never; λ = 0: J = L)
 *   ∂J/∂p       = the engine's back-propagated gradient with weight decay at the current value: the
 *                 gradient the optimiser receives, ∂L/∂p + λ·p for a weight (the tangent's slope)
 *   numeric     = (J(p + h) − J(p − h)) / 2h, with the gradient check's h
 *   tangent     = J(p) + ∂J/∂p · (v − p)
 *   after step  = p after one step of the engine's trainer (full batch, fresh optimiser state),
 *                 and J on this slice at that value
 *   range       = p ± r, r = max(1, 2·|p|, 3·|step|): wide enough to show the curve bend and the step.
 */
import type { DataSet, LayeredNetwork, LayeredNetworkSpec, LossKind, Network, TrainSpec } from '../../engine';
import type { LossSlice, SliceTarget } from '../../shared/teachingViews';
import { layeredObjective } from './layeredObjective';
import { denseLabel, denseObjective, denseSlot, type SlicedObjective } from './slicedObjective';

/** Points on the curve. */
export const SLICE_POINTS = 81;

/** Where a dense parameter lives: its array and its flat index. @throws Error when the network has no such parameter. */
export function parameterSlot(network: Network, target: SliceTarget): { array: Float64Array; at: number } {
  const s = denseSlot(network, target);
  return { array: network.layers[s.layer][s.param], at: s.at };
}

/** `output.weights[1, 1]`, `hidden.bias[2]` (1-based, as the explanations' titles write them). */
export function sliceLabel(network: Network, target: SliceTarget): string {
  return denseLabel(network, target);
}

/** J with the parameter at `slot` set to `value` (put back afterwards). */
export function objectiveWith(objective: SlicedObjective, slot: { tensor: number; at: number }, value: number): number {
  const t = objective.tensors[slot.tensor];
  const saved = t[slot.at];
  t[slot.at] = value;
  try {
    return objective.value();
  } finally {
    t[slot.at] = saved;
  }
}

/**
 * The slice of `target` for any model's objective (its working tensors are left as they were).
 * @throws Error when the target is not a parameter of the model.
 */
export function sliceOf(objective: SlicedObjective, target: SliceTarget, options: { epsilon: number; step: number }): LossSlice {
  const p = objective.slot(target);
  const { train } = objective;
  const lambda = train.weightDecay ?? 0;
  const value = objective.tensors[p.tensor][p.at];
  const current = objective.value();
  const gradient = objective.gradient()[p.tensor][p.at];
  const h = options.epsilon;
  const numericSlope = (objectiveWith(objective, p, value + h) - objectiveWith(objective, p, value - h)) / (2 * h);
  const afterValue = objective.afterOneStep()[p.tensor][p.at];

  const r = Math.max(1, 2 * Math.abs(value), 3 * Math.abs(afterValue - value));
  const curve = Array.from({ length: SLICE_POINTS }, (_, i) => {
    const v = value - r + (2 * r * i) / (SLICE_POINTS - 1);
    return { value: v, loss: objectiveWith(objective, p, v) };
  });
  return {
    target: { layerIndex: target.layerIndex, param: target.param, index: [...target.index] },
    label: objective.label(target),
    value, loss: current, gradient, numericSlope, epsilon: h, curve,
    afterStep: { value: afterValue, loss: objectiveWith(objective, p, afterValue), optimizer: train.optimizer, learningRate: train.learningRate },
    step: options.step,
    weightDecay: lambda,
    ...(objective.trainingMode ? { trainingMode: { ...objective.trainingMode } } : {}),
  };
}

/**
 * The slice of `target` at a dense `network`'s parameters (the network is left as it was).
 * @throws Error when the target is not a parameter of the network.
 */
export function lossSlice(network: Network, data: DataSet, loss: LossKind, train: TrainSpec, target: SliceTarget, options: { epsilon: number; step: number }): LossSlice {
  return sliceOf(denseObjective(network, data, loss, train), target, options);
}

/**
 * The slice of `target` (a conv kernel weight [filter, channel, row, column] or bias [filter], a dense
 * weight [unit, input] or bias [unit], batch norm's γ `weights` [c] or β `bias` [c]) at a layered
 * `network`'s parameters, J as layeredObjective.ts defines it (the network is left as it was).
 * @throws Error when the target is not a parameter of the network.
 */
export function layeredLossSlice(
  network: LayeredNetwork, spec: LayeredNetworkSpec, data: DataSet, loss: LossKind, train: TrainSpec, target: SliceTarget,
  options: { epsilon: number; step: number },
): LossSlice {
  return sliceOf(layeredObjective(network, spec, data, loss, train), target, options);
}
