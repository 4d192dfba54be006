/** Random layered networks (conv, pooling, flatten, dropout, batch norm, activation, dense) and data, for comparison tests. */
import fc from 'fast-check';
import { matrix } from '../../src/engine/backprop';
import { LayeredNetwork } from '../../src/engine/layers/network';
import type { LayerSpec } from '../../src/engine/layers/spec';
import { createRng } from '../../src/engine/rng';
import type { ActivationSpec, DataSet, LossKind } from '../../src/engine/spec';
import { LOSSES, OUTPUT_FOR } from './random-networks';

const IMAGE_ACTS: ActivationSpec[] = ['linear', 'sigmoid', 'tanh', 'relu', 'leaky-relu'];

/** One image-side block: a conv, a pool, a batch norm, a dropout or a stand-alone activation. */
export type ImageBlock =
  | { kind: 'conv'; filters: number; kh: number; kw: number; sh: number; sw: number; padding: 0 | 1 | 'same'; activation: ActivationSpec }
  | { kind: 'pool'; max: boolean; k: number; s: number; p: 0 | 1 }
  | { kind: 'batchnorm'; activation: ActivationSpec }
  | { kind: 'dropout'; rate: number }
  | { kind: 'activation'; activation: ActivationSpec };

export interface LayeredCase {
  readonly seed: number;
  readonly C: number; readonly H: number; readonly W: number;
  readonly blocks: ImageBlock[];
  readonly hidden: { units: number; activation: ActivationSpec; batchnorm: boolean; dropout: number }[];
  readonly outputs: number;
  readonly outputActivation: ActivationSpec;
  readonly loss: LossKind;
  readonly batch: number;
  readonly weightDecay: number;
}

const block: fc.Arbitrary<ImageBlock> = fc.oneof(
  { weight: 4, arbitrary: fc.record({
    kind: fc.constant('conv' as const), filters: fc.integer({ min: 1, max: 4 }), kh: fc.integer({ min: 1, max: 3 }), kw: fc.integer({ min: 1, max: 3 }),
    sh: fc.integer({ min: 1, max: 3 }), sw: fc.integer({ min: 1, max: 3 }), padding: fc.constantFrom(0 as const, 1 as const, 'same' as const),
    activation: fc.constantFrom(...IMAGE_ACTS),
  }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('pool' as const), max: fc.boolean(), k: fc.integer({ min: 1, max: 3 }), s: fc.integer({ min: 1, max: 3 }), p: fc.constantFrom(0 as const, 1 as const) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('batchnorm' as const), activation: fc.constantFrom(...IMAGE_ACTS) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('dropout' as const), rate: fc.constantFrom(0, 0.3, 0.5) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('activation' as const), activation: fc.constantFrom(...IMAGE_ACTS) }) },
);

export const layeredCase: fc.Arbitrary<LayeredCase> = fc.constantFrom(...LOSSES).chain((loss) => fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  C: fc.integer({ min: 1, max: 3 }), H: fc.integer({ min: 3, max: 9 }), W: fc.integer({ min: 3, max: 9 }),
  blocks: fc.array(block, { minLength: 1, maxLength: 4 }),
  hidden: fc.array(fc.record({
    units: fc.integer({ min: 1, max: 5 }), activation: fc.constantFrom(...IMAGE_ACTS), batchnorm: fc.boolean(), dropout: fc.constantFrom(0, 0, 0.4),
  }), { maxLength: 2 }),
  outputs: fc.integer({ min: 2, max: 4 }),
  outputActivation: fc.constantFrom(...OUTPUT_FOR[loss].filter((a) => typeof a === 'string')),
  loss: fc.constant(loss),
  batch: fc.integer({ min: 2, max: 6 }),
  weightDecay: fc.constantFrom(0, 0, 0.01),
}));

/** The layer specs of a case; blocks that would not fit the current image size are left out. */
export function layerSpecs(c: LayeredCase): LayerSpec[] {
  const rng = createRng(c.seed, 'layered-test');
  const u = (a: number): number => -a + 2 * a * rng.next();
  const layers: LayerSpec[] = [];
  let [C, H, W] = [c.C, c.H, c.W];
  const name = (): string => `layer${layers.length + 1}`;
  for (const b of c.blocks) {
    if (b.kind === 'conv') {
      const same = b.padding === 'same' && b.kh % 2 === 1 && b.kw % 2 === 1;
      const [sh, sw] = same ? [1, 1] : [b.sh, b.sw];
      const p = same ? [(b.kh - 1) / 2, (b.kw - 1) / 2] : b.padding === 1 ? [1, 1] : [0, 0];
      const Ho = Math.floor((H + 2 * p[0] - b.kh) / sh) + 1, Wo = Math.floor((W + 2 * p[1] - b.kw) / sw) + 1;
      if (Ho < 1 || Wo < 1) continue;
      const weights = Array.from({ length: b.filters * C * b.kh * b.kw }, () => u(0.8));
      layers.push({
        type: 'conv2d', name: name(), filters: b.filters, kernel: [b.kh, b.kw], stride: [sh, sw],
        padding: same ? 'same' : b.padding === 1 ? 1 : 0, activation: b.activation, init: 'xavier',
        weights, bias: Array.from({ length: b.filters }, () => u(0.3)),
      });
      [C, H, W] = [b.filters, Ho, Wo];
    } else if (b.kind === 'pool') {
      const p = 2 * b.p <= b.k ? b.p : 0;
      const Ho = Math.floor((H + 2 * p - b.k) / b.s) + 1, Wo = Math.floor((W + 2 * p - b.k) / b.s) + 1;
      if (Ho < 1 || Wo < 1) continue;
      layers.push({ type: b.max ? 'maxpool2d' : 'avgpool2d', name: name(), size: b.k, stride: b.s, padding: p });
      [H, W] = [Ho, Wo];
    } else if (b.kind === 'batchnorm') {
      layers.push({
        type: 'batchnorm', name: name(), activation: b.activation,
        scale: Array.from({ length: C }, () => 1 + u(0.5)), shift: Array.from({ length: C }, () => u(0.5)),
      });
    } else if (b.kind === 'dropout') {
      layers.push({ type: 'dropout', name: name(), rate: b.rate });
    } else {
      layers.push({ type: 'activation', name: name(), activation: b.activation });
    }
  }
  layers.push({ type: 'flatten', name: name() });
  let F = C * H * W;
  for (const h of c.hidden) {
    layers.push(denseSpec(name(), h.units, F, h.activation, u));
    F = h.units;
    if (h.batchnorm) layers.push({ type: 'batchnorm', name: name(), scale: Array.from({ length: F }, () => 1 + u(0.5)) });
    if (h.dropout > 0) layers.push({ type: 'dropout', name: name(), rate: h.dropout });
  }
  layers.push(denseSpec(name(), c.outputs, F, c.outputActivation, u));
  return layers;
}

function denseSpec(name: string, units: number, fanIn: number, activation: ActivationSpec, u: (a: number) => number): LayerSpec {
  const a = Math.sqrt(3 / fanIn);
  return {
    type: 'dense', name, units, activation, init: 'xavier',
    weights: Array.from({ length: units }, () => Array.from({ length: fanIn }, () => u(a))),
    bias: Array.from({ length: units }, () => u(0.2)),
  };
}

/** The network and a data set of `batch` samples (targets suited to the loss). */
export function buildLayeredCase(c: LayeredCase): { network: LayeredNetwork; data: DataSet } {
  const network = LayeredNetwork.fromSpec({ inputs: [c.C, c.H, c.W], layers: layerSpecs(c), seed: c.seed });
  const rng = createRng(c.seed, 'layered-data');
  const X = matrix(c.batch, network.inputs), T = matrix(c.batch, c.outputs);
  for (let i = 0; i < X.data.length; i++) X.data[i] = -1 + 2 * rng.next();
  for (let n = 0; n < c.batch; n++) {
    if (c.loss === 'cross-entropy') T.data[n * c.outputs + rng.int(c.outputs)] = 1;
    else if (c.loss === 'binary-cross-entropy') for (let k = 0; k < c.outputs; k++) T.data[n * c.outputs + k] = rng.int(2);
    else for (let k = 0; k < c.outputs; k++) T.data[n * c.outputs + k] = -1 + 2 * rng.next();
  }
  return { network, data: { inputs: X, targets: T } };
}
