/** The GradLens contender: the engine's own `Trainer` (fused dense path, float64) with plain SGD. */
import { DenseLayer, Network, Trainer, type TrainSpec } from '../src/engine/index';
import { useKernels, type KernelChoice } from '../src/engine/products';
import type { BenchProblem, Contender } from './problem';

/** A network holding copies of the problem's initial parameters. */
export function gradLensNetwork(p: BenchProblem): Network {
  const s = p.shape;
  let fanIn = s.inputs;
  const layers = s.units.map((units, l) => {
    const last = l === s.units.length - 1;
    const layer = new DenseLayer(`layer${l + 1}`, l, units, fanIn, last ? 'softmax' : s.hidden, p.weights[l].slice(), p.bias[l].slice());
    fanIn = units;
    return layer;
  });
  return new Network(s.inputs, layers, 1);
}

/**
 * Trains with `Trainer` on the problem's batch: every step is the whole batch, in order (no shuffling).
 * `kernels`: the engine's choice by size (`auto`, the product as shipped, named GradLens) or one path
 * for every product (`typescript`: GradLens-ts, the reference kernels alone).
 */
export function gradLensContender(p: BenchProblem, kernels: KernelChoice = 'auto'): Contender {
  const network = gradLensNetwork(p);
  const K = p.shape.units[p.shape.units.length - 1];
  const data = {
    inputs: { rows: p.shape.batch, cols: p.shape.inputs, data: p.x },
    targets: { rows: p.shape.batch, cols: K, data: p.t },
  };
  const train: TrainSpec = {
    optimizer: 'sgd', learningRate: p.learningRate, momentum: 0, weightDecay: 0,
    batchSize: p.shape.batch, epochs: 1, shuffle: false,
  };
  const trainer = new Trainer(network, data, 'cross-entropy', train);
  return {
    name: kernels === 'auto' ? 'GradLens' : kernels === 'typescript' ? 'GradLens-ts' : 'GradLens-wasm',
    precision: 'float64',
    activate: async () => useKernels(kernels),
    step: () => trainer.step().loss,
    parameters: () => ({ weights: network.layers.map((l) => l.weights.slice()), bias: network.layers.map((l) => l.bias.slice()) }),
    dispose: () => {},
  };
}
