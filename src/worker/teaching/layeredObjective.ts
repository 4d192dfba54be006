/**
 * The objective a layered network (model file 1.1: conv, pooling, batch norm, dropout, flatten,
 * dense) trains on, for the loss slice and the loss contour, made a deterministic function of the
 * parameters θ so that a slice is a curve and its tangent's slope is that curve's derivative:
 *
 *   J(θ)   = L_train(θ; M) + (λ/2) · Σ_{dense, conv2d layers} Σ w²
 *            L_train: the engine's loss in training mode (`runLayeredBatch`, mode FROZEN_TRAINING)
 *            over the whole training set as ONE batch, in file order:
 *            - batch norm normalises with that batch's mean and biased variance (the statistics are
 *              functions of θ, and the gradient goes through them, as in training); the running
 *              statistics are neither used nor changed;
 *            - dropout multiplies by masks M drawn ONCE, by the first training pass of a fresh copy of
 *              the network (each dropout layer's seeded stream `dropout:<index>` from its start), and
 *              held fixed for every J and ∇J of the view (`holdMasks`). So J is the loss of one fixed
 *              thinned network, the one the first full-batch training step would use; with rate 0 or
 *              no dropout there is no randomness at all.
 *            λ: the file's `weightDecay`, on the weights of dense and conv2d layers only (never on
 *            biases, nor batch norm's γ and β), as the layered trainer adds it (pass.ts).
 *   ∇J(θ)  = `layeredBackprop` in the same mode with the same masks and `weightDecay` λ: the exact
 *            gradient of the J above (∂L/∂θ through the batch statistics, + λ·w for weights).
 *   θ⁺     = one step of the engine's `LayeredTrainer` on a fresh copy: batch = the whole training set,
 *            no shuffle, a fresh optimiser, the file's rate. Its training pass draws the same masks M
 *            (the same streams from their start) and the same batch statistics, so it steps along −∇J
 *            of exactly this J (sgd: θ⁺ = θ − η·∇J). Its running-statistics update does not enter J.
 *   path   = the next steps of the engine's `LayeredTrainer` with the file's settings (its batches,
 *            shuffling and fresh masks each step: what training really does next) on a fresh copy.
 *   cost   = multiply-adds of one sample's forward pass: conv2d out·C·kh·kw, dense units·fanIn, every
 *            other layer its output size (pooling its input size).
 *   samples = a slice and its contour take about 170 passes over the data, in one synchronous request
 *            of the worker: when N · cost exceeds {@link LAYERED_PASS_BUDGET} multiply-adds, J, ∇J and
 *            θ⁺ above are those of a seeded subset of S = max(64, ⌊budget / cost⌋) training samples
 *            (stream `loss-slice:samples`, ascending, as the gradient check samples): "the training
 *            set" above is then that subset, and the slice says so (`LossSlice.samples`). The path
 *            still trains on the whole training set.
 */
import {
  DropoutLayer, FROZEN_TRAINING, LayeredTrainer, layeredBackprop, layeredEvaluateLoss, matrix, sampleIndices,
  type DataSet, type LayeredNetwork, type LayeredNetworkSpec, type LossKind, type TrainSpec,
} from '../../engine';
import { cloneLayered } from '../../analysis/layeredNetworks';
import { parameterTensors } from '../../analysis/recentParameters';
import { parameterName } from '../../shared/names';
import type { SliceTarget } from '../../shared/teachingViews';
import type { SlicedObjective } from './slicedObjective';

/** Multiply-adds one pass of the slice's objective may cost before it runs on a subset of the samples. */
export const LAYERED_PASS_BUDGET = 4_000_000;
/** The fewest samples a subset has. */
export const MIN_SLICE_SAMPLES = 64;

/** The samples J runs on: all of them, or a seeded subset within the budget (see the header). */
export function sliceSamples(data: DataSet, cost: number, seed: number, budget = LAYERED_PASS_BUDGET, minSamples = MIN_SLICE_SAMPLES): DataSet {
  const N = data.inputs.rows;
  const S = N * cost <= budget ? N : Math.min(N, Math.max(minSamples, Math.floor(budget / Math.max(1, cost))));
  if (S === N) return data;
  const rows = sampleIndices(N, S, seed, 'loss-slice:samples');
  const pick = (m: DataSet['inputs']) => {
    const out = matrix(S, m.cols);
    rows.forEach((r, i) => out.data.set(m.data.subarray(r * m.cols, (r + 1) * m.cols), i * m.cols));
    return out;
  };
  return { inputs: pick(data.inputs), targets: pick(data.targets) };
}

/** (λ/2) · Σ w² over the weights of the dense and conv2d layers. */
export function layeredDecayTerm(network: LayeredNetwork, lambda: number): number {
  if (lambda === 0) return 0;
  let sum = 0;
  for (const layer of network.layers) {
    if (layer.type !== 'dense' && layer.type !== 'conv2d') continue;
    for (const w of layer.params[0].values) sum += w * w;
  }
  return (lambda / 2) * sum;
}

/** One sample's forward multiply-adds (see the header). */
export function layeredForwardCost(network: LayeredNetwork): number {
  let cost = 0;
  for (const layer of network.layers) {
    if (layer.type === 'conv2d') cost += layer.outSize * (layer.params[0].values.length / layer.params[0].shape[0]);
    else if (layer.type === 'dense') cost += layer.params[0].values.length;
    else cost += Math.max(layer.inSize, layer.outSize);
  }
  return cost;
}

/** Where a layered parameter lives: tensor number (in `parameters` order) and flat index. @throws Error naming what is missing. */
export function layeredSlot(network: LayeredNetwork, target: SliceTarget): { tensor: number; at: number } {
  const layer = network.layers[target.layerIndex];
  if (!layer) throw new Error(`there is no layer ${target.layerIndex + 1}`);
  const k = layer.params.findIndex((p) => p.name === target.param);
  if (k < 0) {
    throw new Error(layer.params.length === 0
      ? `layer '${layer.name}' (${layer.type}) has no parameters`
      : `layer '${layer.name}' (${layer.type}) has no ${target.param}`);
  }
  const { shape } = layer.params[k];
  const name = `${layer.name}.${target.param}`;
  if (target.index.length !== shape.length) {
    throw new Error(`${name} has shape [${shape.join(', ')}]: an entry has ${shape.length} ${shape.length === 1 ? 'index' : 'indices'}, not ${target.index.length}`);
  }
  let at = 0;
  target.index.forEach((i, d) => {
    if (!Number.isInteger(i) || i < 0 || i >= shape[d]) throw new Error(`${name} has shape [${shape.join(', ')}]: there is no ${parameterName(layer.name, target.param, target.index)}`);
    at = at * shape[d] + i;
  });
  let tensor = k;
  for (let l = 0; l < target.layerIndex; l++) tensor += network.layers[l].params.length;
  return { tensor, at };
}

/** A layered network's objective J (see the header), on a copy of `network` built from `spec`. */
export function layeredObjective(
  network: LayeredNetwork, spec: LayeredNetworkSpec, training: DataSet, loss: LossKind, train: TrainSpec,
  samples: { readonly budget?: number; readonly minSamples?: number } = {},
): SlicedObjective {
  const copy = cloneLayered(network, spec);
  const lambda = train.weightDecay ?? 0;
  const data = sliceSamples(training, layeredForwardCost(copy), spec.seed, samples.budget, samples.minSamples);
  // The first pass of the fresh copy draws the masks M (FROZEN_TRAINING holds them from then on).
  layeredEvaluateLoss(copy, data, loss, FROZEN_TRAINING);
  return {
    tensors: parameterTensors(copy),
    rowSizes: copy.layers.flatMap((layer) => layer.params.map((p) => (
      p.name === 'weights' && (layer.type === 'dense' || layer.type === 'conv2d') ? p.values.length / p.shape[0] : 0))),
    forwardCost: layeredForwardCost(copy),
    samples: data.inputs.rows,
    train,
    trainingMode: {
      samples: data.inputs.rows,
      of: training.inputs.rows,
      batchNorm: copy.layers.some((l) => l.type === 'batchnorm'),
      dropout: copy.layers.some((l) => l instanceof DropoutLayer && l.rate > 0),
    },
    slot: (target) => layeredSlot(copy, target),
    label(target) {
      const name = copy.layers[target.layerIndex]?.name ?? `layer ${target.layerIndex + 1}`;
      return parameterName(name, target.param, target.index);
    },
    value: () => layeredEvaluateLoss(copy, data, loss, FROZEN_TRAINING) + layeredDecayTerm(copy, lambda),
    gradient: () => layeredBackprop(copy, data, loss, { mode: FROZEN_TRAINING, weightDecay: lambda }).gradients.flat(),
    afterOneStep() {
      const stepped = cloneLayered(network, spec);
      new LayeredTrainer(stepped, data, loss, { ...train, batchSize: data.inputs.rows, shuffle: false }).step();
      return parameterTensors(stepped);
    },
    walk(steps, seed, visit) {
      const walker = cloneLayered(network, spec);
      const trainer = new LayeredTrainer(walker, training, loss, train, { seed });
      const tensors = parameterTensors(walker);
      for (let k = 0; k < steps; k++) {
        if (trainer.step().nonFinite) break;
        visit(tensors);
      }
    },
  };
}
