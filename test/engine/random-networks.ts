/** Random dense networks and data for the comparison tests (explicit seeded weights and biases). */
import fc from 'fast-check';
import { Network } from '../../src/engine/index';
import type { ActivationSpec, LossKind } from '../../src/engine/spec';
import { createRng, data, layer, randomMatrix, randomTargets, softsign, spec } from './helpers';

/** Every activation, a custom one included. */
export const HIDDEN: ActivationSpec[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu', 'softmax', softsign];
/** Output activations whose range suits each loss (ln needs positive outputs). */
export const OUTPUT_FOR: Record<LossKind, ActivationSpec[]> = {
  'squared': HIDDEN,
  'mse': HIDDEN,
  'cross-entropy': ['softmax', 'sigmoid'],
  'binary-cross-entropy': ['sigmoid', 'softmax'],
};
export const LOSSES: LossKind[] = ['squared', 'mse', 'cross-entropy', 'binary-cross-entropy'];

export interface RandomCase {
  readonly seed: number;
  readonly inputs: number;
  readonly hidden: { units: number; activation: ActivationSpec }[];
  readonly outputs: number;
  readonly outputActivation: ActivationSpec;
  readonly loss: LossKind;
  readonly batch: number;
  readonly weightDecay: number;
}

export const randomCase: fc.Arbitrary<RandomCase> = fc.constantFrom(...LOSSES).chain((loss) => fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  inputs: fc.integer({ min: 1, max: 5 }),
  hidden: fc.array(fc.record({ units: fc.integer({ min: 1, max: 6 }), activation: fc.constantFrom(...HIDDEN) }), { minLength: 0, maxLength: 3 }),
  outputs: fc.integer({ min: 1, max: 4 }),
  outputActivation: fc.constantFrom(...OUTPUT_FOR[loss]),
  loss: fc.constant(loss),
  batch: fc.integer({ min: 1, max: 16 }),
  weightDecay: fc.constantFrom(0, 0, 0.01),
}))
  // A one-unit softmax always outputs 1, and ln(1 − 1) is −∞: a genuinely non-finite loss, tested elsewhere.
  .filter((c) => !(c.loss === 'binary-cross-entropy' && c.outputActivation === 'softmax' && c.outputs === 1));

/** Builds the case's network (explicit random weights and biases) and data. */
export function buildCase(c: RandomCase) {
  const rng = createRng(c.seed, 'random-case');
  let fanIn = c.inputs;
  const layers = [...c.hidden, { units: c.outputs, activation: c.outputActivation }].map((l, i) => {
    const s = layer(`l${i}`, l.units, l.activation, {
      weights: randomMatrix(rng, l.units, fanIn, -1.2, 1.2),
      bias: randomMatrix(rng, 1, l.units, -0.5, 0.5)[0],
    });
    fanIn = l.units;
    return s;
  });
  const network = Network.fromSpec(spec(c.inputs, layers, c.seed));
  const d = data(randomMatrix(rng, c.batch, c.inputs, -2, 2), randomTargets(rng, c.batch, c.outputs, c.loss));
  return { network, data: d };
}

