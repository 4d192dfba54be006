/**
 * A custom activation's expression (src/expr/) as PyTorch code in the tensor `x`: each node becomes
 * the torch operation with the same meaning (log is the natural logarithm, `a^b` is `torch.pow`).
 * A part that does not depend on x is evaluated here, with the engine's own compiled arithmetic, and
 * written as its float64 value, so Python never divides floats by zero or raises a negative float to
 * a fractional power (where JavaScript gives Infinity or NaN, as torch does for tensors).
 */
import { compileExpression, type Expr } from '../../expr';
import { dependsOnX } from '../../expr/ast';
import { pythonFloat } from './pythonText';

const TORCH_UNARY: Readonly<Record<string, string>> = {
  exp: 'torch.exp', log: 'torch.log', sqrt: 'torch.sqrt', abs: 'torch.abs', tanh: 'torch.tanh',
  sigmoid: 'torch.sigmoid', sin: 'torch.sin', cos: 'torch.cos',
};
const TORCH_BINARY: Readonly<Record<string, string>> = { min: 'torch.minimum', max: 'torch.maximum', pow: 'torch.pow' };

/** `_c(v)`: a float64 scalar tensor (the exported file defines `_c`). */
function constant(e: Expr): string {
  return e.kind === 'number' ? pythonFloat(e.value) : `_c(${pythonFloat(compileExpression(e)(0))})`;
}

/** A tensor-valued Python expression for a node that depends on x, or the constant's value. */
export function torchExpression(e: Expr): string {
  if (!dependsOnX(e)) return constant(e);
  switch (e.kind) {
    case 'x': return 'x';
    case 'neg': return `(-${torchExpression(e.arg)})`;
    case 'binary': {
      const a = operand(e.left), b = operand(e.right);
      return e.op === '^' ? `torch.pow(${a}, ${b})` : `(${a} ${e.op} ${b})`;
    }
    case 'call': {
      const args = e.args.map(operand);
      return `${(e.args.length === 1 ? TORCH_UNARY : TORCH_BINARY)[e.fn]}(${args.join(', ')})`;
    }
    default: return constant(e);
  }
}

/** An operand: constants as scalar tensors, so that every torch function receives a tensor. */
function operand(e: Expr): string {
  return dependsOnX(e) ? torchExpression(e) : e.kind === 'number' ? `_c(${pythonFloat(e.value)})` : constant(e);
}
