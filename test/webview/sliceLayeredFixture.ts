/** A small layered model (conv, max pool, batch norm, flatten, dense) analysed as the worker does, for the panel's view-model tests. */
import type { Analysis } from '../../src/analysis/types';
import { analyse, session } from '../teaching/helpers';

export const SMALL_LAYERED_TEXT = JSON.stringify({
  inputs: [2, 4, 4], seed: 3,
  layers: [
    { name: 'conv', type: 'conv2d', filters: 2, kernel: 2, activation: 'tanh' },
    { name: 'pool', type: 'maxpool2d', size: 3 },
    { name: 'norm', type: 'batchnorm' },
    { name: 'flat', type: 'flatten' },
    { name: 'out', type: 'dense', units: 2, activation: 'softmax' },
  ],
  loss: 'cross-entropy',
  data: { inputs: [Array.from({ length: 32 }, (_, i) => (i % 5) / 5), Array.from({ length: 32 }, (_, i) => (i % 3) / 3)], targets: [[1, 0], [0, 1]] },
});

export function smallLayeredAnalysis(): Analysis {
  return analyse(session(SMALL_LAYERED_TEXT));
}
