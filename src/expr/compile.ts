/**
 * Turns a tree into a tree of closures: no eval, no Function, no property lookup on user names.
 */
import { BINARY_IMPL, CONSTANT_VALUES, UNARY_IMPL, type Expr } from './ast';

export type RealFunction = (x: number) => number;

const identity: RealFunction = (x) => x;

/** See `compileExpression` in ./index. */
export function compile(e: Expr): RealFunction {
  switch (e.kind) {
    case 'number': {
      const v = e.value;
      return () => v;
    }
    case 'x':
      return identity;
    case 'constant': {
      const c = CONSTANT_VALUES.get(e.name);
      if (!c) throw new Error(`compileExpression: unknown constant in tree`);
      const v = c.value;
      return () => v;
    }
    case 'neg': {
      const a = compile(e.arg);
      return (x) => -a(x);
    }
    case 'binary': {
      const a = compile(e.left);
      const b = compile(e.right);
      if (e.right.kind === 'number') {
        const c = e.right.value;
        switch (e.op) {
          case '+': return (x) => a(x) + c;
          case '-': return (x) => a(x) - c;
          case '*': return (x) => a(x) * c;
          case '/': return (x) => a(x) / c;
          case '^': return (x) => a(x) ** c;
        }
      }
      switch (e.op) {
        case '+': return (x) => a(x) + b(x);
        case '-': return (x) => a(x) - b(x);
        case '*': return (x) => a(x) * b(x);
        case '/': return (x) => a(x) / b(x);
        case '^': return (x) => a(x) ** b(x);
      }
      throw new Error('compileExpression: unknown operator in tree');
    }
    case 'call': {
      const unary = UNARY_IMPL.get(e.fn);
      if (unary && e.args.length === 1) {
        const a = compile(e.args[0]!);
        return (x) => unary(a(x));
      }
      const binary = BINARY_IMPL.get(e.fn);
      if (binary && e.args.length === 2) {
        const a = compile(e.args[0]!);
        const b = compile(e.args[1]!);
        return (x) => binary(a(x), b(x));
      }
      throw new Error('compileExpression: unknown function or wrong argument count in tree');
    }
  }
  throw new Error('compileExpression: not an expression tree');
}
