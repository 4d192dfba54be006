/**
 * What the importer makes of an ONNX graph: GradLens layers (docs/spec/model-file-v1.md and
 * model-file-v1.1-layers.md), with PyTorch's layouts, before they are written as a model file.
 */
export type ImportedActivation = 'relu' | 'leaky-relu' | 'sigmoid' | 'tanh' | 'softmax';

export type ImportedLayer =
  | { readonly type: 'dense'; readonly name: string; readonly units: number; readonly fanIn: number; readonly weights: number[][]; bias: number[]; activation?: ImportedActivation }
  | {
    readonly type: 'conv2d'; readonly name: string; readonly filters: number; readonly kernel: [number, number]; readonly stride: [number, number];
    readonly padding: [number, number]; readonly weights: number[][][][]; readonly bias: number[]; activation?: ImportedActivation;
  }
  | { readonly type: 'maxpool2d' | 'avgpool2d'; readonly name: string; readonly size: [number, number]; readonly stride: [number, number]; readonly padding: [number, number] }
  | { readonly type: 'flatten'; readonly name: string }
  | { readonly type: 'activation'; readonly name: string; readonly activation: ImportedActivation }
  | { readonly type: 'dropout'; readonly name: string; readonly rate: number }
  | {
    readonly type: 'batchnorm'; readonly name: string; readonly momentum: number; readonly epsilon: number; readonly scale: number[];
    readonly shift: number[]; readonly runningMean: number[]; readonly runningVar: number[]; activation?: ImportedActivation;
  };

export interface ImportedNetwork {
  /** Input features per sample: [F], or [C, H, W] for images. */
  readonly inputShape: readonly number[];
  readonly layers: ImportedLayer[];
  /** Output size per sample (the last layer's units, flattened). */
  readonly outputs: number;
  /** The last node was Softmax or LogSoftmax (folded into the last layer as softmax). */
  readonly endsIn?: 'Softmax' | 'LogSoftmax';
  /** Element types of the weights read: 'float32', 'float64' or both. */
  readonly weightTypes: readonly string[];
  /** The ONNX default-domain opset the file declares. */
  readonly opset?: number;
  readonly producer: string;
}
