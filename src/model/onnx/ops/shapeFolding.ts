/**
 * Constant folding beside the chain: a Shape of a data tensor whose shape is known, and the shape
 * arithmetic on constants after it (./../constants.ts: Gather, Unsqueeze, Concat, …), become constants
 * the mappers read (a Reshape's target shape, say).
 */
import { CONSTANT_OPS, foldConstant, intTensor } from '../constants';
import type { OnnxNode } from '../onnxProto';
import type { ExternalDataReader, Tensor } from '../tensors';

/** What folding reads and writes: the graph's constants and the data tensors' known shapes. */
export interface FoldingState {
  /** The constant an input name holds (initializer or folded), if any. */
  constant(name: string): Tensor | undefined;
  /** Records a folded constant. */
  setConstant(name: string, value: Tensor): void;
  /** Per-sample shapes of the data tensors so far, by name. */
  readonly dataShapes: ReadonlyMap<string, number[]>;
  readonly batchDim: number;
  readonly external?: ExternalDataReader;
}

/**
 * Folds `node` when it is shape arithmetic: a Shape of a known data tensor (`data`, its non-constant
 * inputs) writes [batch, ...shape]; a constant op with only constant inputs writes its value. True
 * when folded (the node then makes no layer).
 */
export function foldShapeArithmetic(node: OnnxNode, label: string, data: readonly string[], state: FoldingState): boolean {
  if (node.op_type === 'Shape' && data.length === 1 && state.dataShapes.has(data[0]!)) {
    const s = state.dataShapes.get(data[0]!)!;
    state.setConstant(node.output[0]!, intTensor([state.batchDim, ...s]));
    return true;
  }
  if (data.length === 0 && (CONSTANT_OPS as readonly string[]).includes(node.op_type)) {
    const value = foldConstant(node, label, node.input.map((n) => (n === '' ? undefined : state.constant(n))), state.external);
    state.setConstant(node.output[0]!, value);
    return true;
  }
  return false;
}
