/**
 * Gemm, MatMul and the Add after a MatMul: dense layers.
 *
 *   Gemm(x, W, b)           weights = W (transB = 1) or Wᵀ, times alpha; bias = beta·b
 *   MatMul(x, W) [+ Add b]  weights = Wᵀ, bias = b (0 without the Add)
 *
 * Row u of a dense layer's weights holds unit u's incoming weights.
 */
import * as l10n from '@vscode/l10n';
import { floatAttr, intAttr } from '../constants';
import { OnnxError } from '../onnxProto';
import type { Tensor } from '../tensors';
import { broadcastBias, checkWeightType, flatInput, layerName, type DenseLayer, type OpInput, type ChainState } from './opContext';

/** Units' rows of a tensor stored [r][c], read transposed when asked, times `scale`. */
function rows(t: Tensor, r: number, c: number, transpose: boolean, scale = 1): number[][] {
  const out: number[][] = [];
  const units = transpose ? c : r;
  const fanIn = transpose ? r : c;
  for (let u = 0; u < units; u++) {
    const row = new Array<number>(fanIn);
    for (let i = 0; i < fanIn; i++) row[i] = scale * t.values[transpose ? i * c + u : u * c + i]!;
    out.push(row);
  }
  return out;
}

/**
 * Gemm: reads B (input 2), the optional C (input 3), transA (must be 0), transB, alpha and beta;
 * writes a dense layer and the flat shape [units].
 */
export function mapGemm(op: OpInput, chain: ChainState): void {
  const { node, label } = op;
  const fanIn = flatInput(op, chain);
  if (intAttr(node, 'transA', 0) !== 0) throw new OnnxError(l10n.t('{0} has transA = 1: GradLens imports Gemm with the data as A', label));
  const w = op.constant(1, l10n.t('weight matrix B'));
  checkWeightType(op, chain, w);
  if (w.shape.length !== 2) throw new OnnxError(l10n.t('{0}: its weights have shape {1}, not a matrix', label, w.shape.join('×')));
  const transB = intAttr(node, 'transB', 0) === 1;
  const [r, k] = w.shape as [number, number];
  const units = transB ? r : k;
  if ((transB ? k : r) !== fanIn) throw new OnnxError(l10n.t('{0}: its weights {1}×{2} do not fit {3} inputs', label, r, k, fanIn));
  const alpha = floatAttr(node, 'alpha', 1);
  const beta = floatAttr(node, 'beta', 1);
  const weights = rows(w, r, k, !transB, alpha);
  const b = op.optional(2);
  const bias = b ? broadcastBias(b, units, label).map((v) => beta * v) : new Array<number>(units).fill(0);
  chain.layers.push({ type: 'dense', name: layerName(op, chain, 'dense', node.input[1]), units, fanIn, weights, bias });
  chain.shape = [units];
}

/**
 * MatMul: reads the weight matrix (input 2, fan-in × units); writes a dense layer with a zero bias,
 * the flat shape [units], and `chain.matmulDense` for an Add right after it.
 */
export function mapMatMul(op: OpInput, chain: ChainState): void {
  const fanIn = flatInput(op, chain);
  const w = op.constant(1, l10n.t('weight matrix'));
  checkWeightType(op, chain, w);
  if (w.shape.length !== 2 || w.shape[0] !== fanIn) throw new OnnxError(l10n.t('{0}: its weights have shape {1}; for {2} inputs GradLens needs {3}×units', op.label, w.shape.join('×'), fanIn, fanIn));
  const units = w.shape[1]!;
  const layer: DenseLayer = { type: 'dense', name: layerName(op, chain, 'dense', op.node.input[1]), units, fanIn, weights: rows(w, fanIn, units, true), bias: new Array<number>(units).fill(0) };
  chain.layers.push(layer);
  chain.matmulDense = layer;
  chain.shape = [units];
}

/** Add right after a MatMul: reads the constant operand; writes it as that dense layer's bias. */
export function mapAdd(op: OpInput, chain: ChainState): void {
  const dense = op.matmulBefore;
  if (!dense) throw new OnnxError(l10n.t('{0}: GradLens imports Add only as the bias right after a MatMul (Linear without Gemm)', op.label));
  const b = op.constant(op.node.input[0] === op.current ? 1 : 0, l10n.t('bias'));
  checkWeightType(op, chain, b);
  dense.bias = broadcastBias(b, dense.units, op.label);
}
