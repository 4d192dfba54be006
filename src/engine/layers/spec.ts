/**
 * The plain-data description of a layered network (model file 1.1, `docs/spec/model-file-v1.1-layers.md`):
 * image or flat inputs and a sequence of layers of several types. `src/model/` builds these; tests and
 * benchmarks build them directly. A network of dense layers only can still use the dense `NetworkSpec`.
 */
import type { ActivationSpec, InitSpec } from '../spec';

/** [F] for a flat vector, [C, H, W] for an image: the shape of one sample. */
export type SampleShape = readonly number[];

/** Which of a layer's parameters an optimiser may change (absent: all of them). */
export type TrainableSpec = boolean | { readonly weights?: boolean; readonly bias?: boolean };

/** A pair [height, width], or one number for both. */
export type Pair = number | readonly [number, number];

export interface LayerSpecBase {
  readonly name: string;
  readonly trainable?: TrainableSpec;
}

/** out = f(W·x + b), W [units][fanIn]. */
export interface DenseSpec extends LayerSpecBase {
  readonly type: 'dense';
  readonly units: number;
  readonly activation: ActivationSpec;
  readonly weights?: readonly (readonly number[])[];
  readonly bias?: number | readonly number[];
  readonly init: InitSpec;
}

/** PyTorch's Conv2d followed by an activation; weights [filters][C][kh][kw] flat in that order. */
export interface Conv2dSpec extends LayerSpecBase {
  readonly type: 'conv2d';
  readonly filters: number;
  readonly kernel: Pair;
  readonly stride?: Pair;
  /** Zeros on both sides; `'same'` (stride 1, odd kernels) or `'valid'` (= 0). */
  readonly padding?: Pair | 'same' | 'valid';
  readonly activation: ActivationSpec;
  /** Explicit weights, F·C·kh·kw numbers in PyTorch's `Conv2d.weight` order (nested arrays are flattened by the reader). */
  readonly weights?: ArrayLike<number>;
  readonly bias?: number | readonly number[];
  readonly init: InitSpec;
}

export interface Pool2dSpec extends LayerSpecBase {
  readonly type: 'maxpool2d' | 'avgpool2d';
  readonly size: Pair;
  /** Default: the size. */
  readonly stride?: Pair;
  readonly padding?: Pair;
}

export interface FlattenSpec extends LayerSpecBase {
  readonly type: 'flatten';
}

export interface ActivationLayerSpec extends LayerSpecBase {
  readonly type: 'activation';
  readonly activation: ActivationSpec;
}

export interface DropoutSpec extends LayerSpecBase {
  readonly type: 'dropout';
  /** p, 0 <= p < 1: the probability of dropping a value. */
  readonly rate: number;
}

export interface BatchNormSpec extends LayerSpecBase {
  readonly type: 'batchnorm';
  readonly momentum?: number;
  readonly epsilon?: number;
  readonly activation?: ActivationSpec;
  /** γ: one number for all, or one per feature/channel (default 1). */
  readonly scale?: number | readonly number[];
  /** β (default 0). */
  readonly shift?: number | readonly number[];
  readonly runningMean?: readonly number[];
  readonly runningVar?: readonly number[];
}

export type LayerSpec =
  | DenseSpec | Conv2dSpec | Pool2dSpec | FlattenSpec | ActivationLayerSpec | DropoutSpec | BatchNormSpec;

export type LayerType = LayerSpec['type'];

export interface LayeredNetworkSpec {
  /** [F] or [C, H, W] (a plain number means [F]). */
  readonly inputs: number | SampleShape;
  readonly layers: readonly LayerSpec[];
  readonly seed: number;
}
