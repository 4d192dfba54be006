/** The GradLens contender: the engine's own `Trainer` (fused dense path, float64) with plain SGD. */
import { DenseLayer, Network, Trainer, type TrainSpec } from '../src/engine/index';
import { helperThreadReady, useKernels, useKernelThreads, type KernelChoice } from '../src/engine/products';
import { nodeHelperThreads } from '../src/worker/nodeKernelThreads';
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
 * `kernels`: the engine's choice by size (`auto`, the product as shipped, named GradLens: SIMD and two
 * threads for large products, as the analysis worker and the CLI run it) or one path for every product
 * (`typescript`: GradLens-ts, the reference kernels alone). `threads` 1 (GradLens-1t): the shipped
 * choice with the SIMD products on one thread, what the second thread adds.
 */
export function gradLensContender(p: BenchProblem, kernels: KernelChoice = 'auto', threads: 1 | 2 = 2): Contender {
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
    name: kernels === 'auto' ? (threads === 2 ? 'GradLens' : 'GradLens-1t') : kernels === 'typescript' ? 'GradLens-ts' : 'GradLens-wasm',
    precision: 'float64',
    activate: async () => {
      useKernels(kernels);
      // The helper stays up between contenders; with one thread its crossover is out of reach.
      useKernelThreads(nodeHelperThreads, { fromMultiplyAdds: threads === 2 ? undefined : Infinity });
      while (kernels !== 'typescript' && !helperThreadReady()) await new Promise((resolve) => setTimeout(resolve, 5));
    },
    step: () => trainer.step().loss,
    parameters: () => ({ weights: network.layers.map((l) => l.weights.slice()), bias: network.layers.map((l) => l.bias.slice()) }),
    dispose: () => {},
  };
}
