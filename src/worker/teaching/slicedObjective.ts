/**
 * What the loss slice and the loss contour need of a model, the same for a dense network
 * (trainingObjective.ts) and a layered one (layeredObjective.ts): a working copy of its parameter
 * tensors that the views move, the objective J training minimises at those values, its gradient ∇J
 * (the optimiser's), and the engine's trainer run from the original parameters.
 *
 *   tensors   = the working copy's parameters, in recentParameters.ts's `parameterTensors` order
 *   J, ∇J     = the objective and gradient at the tensors' current values (each module's header says
 *               which function of the parameters that is)
 *   rowSizes  = per tensor, the entries one random direction normalises together (Li et al. 2018's
 *               filter normalisation): a dense weight row (fanIn), a conv filter (C·kh·kw); 0 for
 *               tensors random directions leave alone (biases, batch norm's γ and β)
 */
import { Trainer, type DataSet, type LossKind, type Network, type TrainSpec } from '../../engine';
import { parameterTensors } from '../../analysis/recentParameters';
import { parameterName } from '../../shared/names';
import type { SliceTarget, TrainingMode } from '../../shared/teachingViews';
import { forwardCost } from './decisionBoundary';
import { afterOneStep, objectiveGradient, trainingObjective } from './trainingObjective';

/** Where one parameter lives among the tensors: tensor number and flat index. */
export interface ParameterSlot {
  readonly tensor: number;
  readonly at: number;
}

export interface SlicedObjective {
  /** The working copy's parameter tensors (live: the views set values, evaluate, and put them back). */
  readonly tensors: readonly Float64Array[];
  /** Per tensor: the entries normalised together in a random direction; 0: no direction there. */
  readonly rowSizes: readonly number[];
  /** Multiply-adds of one sample's forward pass, and the samples of one evaluation (the contour's cost model). */
  readonly forwardCost: number;
  readonly samples: number;
  /** The file's training settings (λ = `weightDecay`). */
  readonly train: TrainSpec;
  /** A layered model's: whether J holds batch statistics and dropout masks (teachingViews.ts `LossSlice.trainingMode`). */
  readonly trainingMode?: TrainingMode;
  /** @throws Error naming what is missing when the model has no such parameter. */
  slot(target: SliceTarget): ParameterSlot;
  /** `output.weights[1, 1]`, `conv1.weights[1, 1, 2, 3]` (1-based). */
  label(target: SliceTarget): string;
  /** J at the tensors' current values. */
  value(): number;
  /** ∇J at the tensors' current values, one array per tensor (the optimiser's gradient). */
  gradient(): readonly Float64Array[];
  /** The tensors after one full-batch step of the engine's trainer from the original parameters (a fresh optimiser). */
  afterOneStep(): readonly Float64Array[];
  /** The tensors after each of the next `steps` steps of the engine's trainer (the file's settings, `seed`) from the original parameters; stops at a non-finite step. */
  walk(steps: number, seed: number, visit: (tensors: readonly Float64Array[]) => void): void;
}

/** Where a dense parameter lives in its layer. @throws Error when the network has no such parameter. */
export function denseSlot(network: Network, target: SliceTarget): { layer: number; param: 'weights' | 'bias'; at: number } {
  const layer = network.layers[target.layerIndex];
  if (!layer) throw new Error(`there is no layer ${target.layerIndex + 1}`);
  if (target.param === 'weights' && target.index.length !== 2) throw new Error(`a weight of dense layer '${layer.name}' has 2 indices [unit, input], not ${target.index.length}`);
  if (target.param === 'bias' && target.index.length !== 1) throw new Error(`a bias of layer '${layer.name}' has 1 index [unit], not ${target.index.length}`);
  const [unit, input] = target.index;
  if (!Number.isInteger(unit) || unit < 0 || unit >= layer.units) throw new Error(`layer '${layer.name}' has no unit ${unit + 1}`);
  if (target.param === 'bias') return { layer: target.layerIndex, param: 'bias', at: unit };
  if (!Number.isInteger(input) || input < 0 || input >= layer.fanIn) throw new Error(`layer '${layer.name}' has no input ${input + 1}`);
  return { layer: target.layerIndex, param: 'weights', at: unit * layer.fanIn + input };
}

/** `output.weights[1, 1]`, `hidden.bias[2]` (1-based, as the explanations' titles write them). */
export function denseLabel(network: Network, target: SliceTarget): string {
  const name = network.layers[target.layerIndex]?.name ?? `layer ${target.layerIndex + 1}`;
  return parameterName(name, target.param, target.index.slice(0, target.param === 'bias' ? 1 : 2));
}

/** A dense network's objective (trainingObjective.ts): J = L + (λ/2)·Σw², on a copy of `network`. */
export function denseObjective(network: Network, data: DataSet, loss: LossKind, train: TrainSpec): SlicedObjective {
  const copy = network.clone();
  const lambda = train.weightDecay ?? 0;
  return {
    tensors: parameterTensors(copy),
    rowSizes: copy.layers.flatMap((l) => [l.fanIn, 0]),
    forwardCost: forwardCost(copy),
    samples: data.inputs.rows,
    train,
    slot(target) {
      const s = denseSlot(copy, target);
      return { tensor: 2 * s.layer + (s.param === 'bias' ? 1 : 0), at: s.at };
    },
    label: (target) => denseLabel(copy, target),
    value: () => trainingObjective(copy, data, loss, lambda),
    gradient: () => objectiveGradient(copy, data, loss, lambda).layers.flatMap((g) => [g.weights, g.bias]),
    afterOneStep: () => parameterTensors(afterOneStep(network, data, loss, train)),
    walk(steps, seed, visit) {
      const walker = network.clone();
      const trainer = new Trainer(walker, data, loss, train, { seed });
      const tensors = parameterTensors(walker);
      for (let k = 0; k < steps; k++) {
        if (trainer.step().nonFinite) break;
        visit(tensors);
      }
    },
  };
}
