/**
 * The objective training minimises, as the engine's trainer defines it (trainer.ts, fused.ts), for the
 * loss slice and the loss contour:
 *
 *   J(θ)    = L(θ) + (λ/2) · Σ_layers Σ w²     L: the engine's data loss over the training set
 *                                              (`evaluateLoss`); λ: the file's `weightDecay`; the sum
 *                                              runs over every layer's weights, never its biases
 *   ∇J(θ)   = ∇L(θ) + λ · w                    the gradient the optimiser receives (`backprop` with
 *                                              `weightDecay`: coupled L2 in the gradient, for adam too;
 *                                              not AdamW's decoupled decay)
 *   θ⁺      = one step of the engine's `Trainer` on a copy: the whole training set as one batch, in
 *             file order, a fresh optimiser (so adam's first step), the file's learning rate.
 */
import { Trainer, backprop, evaluateLoss, type DataSet, type LossKind, type Network, type ParameterGradients, type TrainSpec } from '../../engine';

/** (λ/2) · Σ w² over every layer's weights (0 when λ is 0). */
export function decayTerm(network: Network, lambda: number): number {
  if (lambda === 0) return 0;
  let sum = 0;
  for (const layer of network.layers) for (const w of layer.weights) sum += w * w;
  return (lambda / 2) * sum;
}

/** J(θ) = L(θ) + (λ/2)·Σw² at the network's current parameters. */
export function trainingObjective(network: Network, data: DataSet, loss: LossKind, lambda: number): number {
  return evaluateLoss(network, data, loss) + decayTerm(network, lambda);
}

/** ∇J: the engine's back-propagated gradient with weight decay, as the optimiser receives it. */
export function objectiveGradient(network: Network, data: DataSet, loss: LossKind, lambda: number): ParameterGradients {
  return backprop(network, data, loss, { weightDecay: lambda }).gradients;
}

/** The parameters after one full-batch step of the engine's trainer (a copy; `network` is unchanged). */
export function afterOneStep(network: Network, data: DataSet, loss: LossKind, train: TrainSpec): Network {
  const copy = network.clone();
  new Trainer(copy, data, loss, { ...train, batchSize: data.inputs.rows, shuffle: false }).step();
  return copy;
}
