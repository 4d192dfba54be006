/**
 * Seeded random layered models for the loss slice and contour tests: conv + pool + dense, with batch
 * norm, with dropout (smooth activations and max pooling, so a central difference at h = 1e-6 never
 * straddles a kink but at an exact tie), and every parameter of one, named as a `SliceTarget`.
 */
import type { LayeredNetwork, LayeredNetworkSpec, TrainSpec } from '../../src/engine';
import type { SliceTarget } from '../../src/shared/teachingViews';
import { buildLayeredCase, layerSpecs, type LayeredCase } from '../engine/random-layered';

type Shape = Omit<LayeredCase, 'seed'>;

/** The three kinds of model the slice must handle, each drawn with its own seeds. */
export const SHAPES: Record<string, Shape> = {
  'conv + max pool + dense': {
    C: 2, H: 6, W: 6,
    blocks: [
      { kind: 'conv', filters: 3, kh: 3, kw: 3, sh: 1, sw: 1, padding: 1, activation: 'tanh' },
      { kind: 'pool', max: true, k: 2, s: 2, p: 0 },
    ],
    hidden: [{ units: 3, activation: 'tanh', batchnorm: false, dropout: 0 }],
    outputs: 3, outputActivation: 'softmax', loss: 'cross-entropy', batch: 5, weightDecay: 0.01,
  },
  'conv + batch norm + dense + batch norm': {
    C: 1, H: 5, W: 5,
    blocks: [
      { kind: 'conv', filters: 2, kh: 2, kw: 3, sh: 1, sw: 1, padding: 0, activation: 'sigmoid' },
      { kind: 'batchnorm', activation: 'tanh' },
      { kind: 'pool', max: true, k: 2, s: 1, p: 0 },
    ],
    hidden: [{ units: 4, activation: 'tanh', batchnorm: true, dropout: 0 }],
    outputs: 2, outputActivation: 'sigmoid', loss: 'binary-cross-entropy', batch: 6, weightDecay: 0,
  },
  'conv + dropout + dense + dropout': {
    C: 1, H: 6, W: 5,
    blocks: [
      { kind: 'conv', filters: 3, kh: 3, kw: 3, sh: 1, sw: 1, padding: 'same', activation: 'tanh' },
      { kind: 'dropout', rate: 0.5 },
      { kind: 'pool', max: true, k: 2, s: 2, p: 0 },
    ],
    hidden: [{ units: 4, activation: 'sigmoid', batchnorm: false, dropout: 0.4 }],
    outputs: 3, outputActivation: 'tanh', loss: 'squared', batch: 5, weightDecay: 0.02,
  },
};

export const TRAIN: TrainSpec = { optimizer: 'sgd', learningRate: 0.3, momentum: 0, weightDecay: 0, epochs: 1, shuffle: true, batchSize: 2 };

/** A model of `shape` drawn from `seed`: network, spec (for copies), data, loss, training settings. */
export function layeredSliceCase(shape: Shape, seed: number) {
  const c: LayeredCase = { ...shape, seed };
  const { network, data } = buildLayeredCase(c);
  const spec: LayeredNetworkSpec = { inputs: [c.C, c.H, c.W], layers: layerSpecs(c), seed };
  return { network, spec, data, loss: c.loss, train: { ...TRAIN, weightDecay: c.weightDecay } };
}

/** Every parameter entry of the network, at most `perTensor` of each tensor (evenly spread), as targets. */
export function everyParameter(network: LayeredNetwork, perTensor = 12): SliceTarget[] {
  const out: SliceTarget[] = [];
  network.layers.forEach((layer, layerIndex) => layer.params.forEach((p) => {
    const stride = Math.max(1, Math.ceil(p.values.length / perTensor));
    for (let flat = 0; flat < p.values.length; flat += stride) {
      const index: number[] = [];
      let rest = flat;
      for (let d = p.shape.length - 1; d >= 0; d--) { index.unshift(rest % p.shape[d]); rest = Math.floor(rest / p.shape[d]); }
      out.push({ layerIndex, param: p.name, index });
    }
  }));
  return out;
}
