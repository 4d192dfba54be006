/**
 * The syntax tree of a custom-activation expression in the single variable `x`, and the fixed tables
 * of what the language allows. No `vscode`, no DOM: used by the engine, the model reader and the CLI.
 */

export type BinaryOperator = '+' | '-' | '*' | '/' | '^';
export type UnaryFunctionName = 'exp' | 'log' | 'sqrt' | 'abs' | 'tanh' | 'sigmoid' | 'sin' | 'cos';
export type BinaryFunctionName = 'min' | 'max' | 'pow';
export type FunctionName = UnaryFunctionName | BinaryFunctionName;
export type ConstantName = 'e' | 'pi';

/** A literal number. Parsed literals are finite and >= 0 (a leading minus is a `neg` node). */
export interface NumberNode { readonly kind: 'number'; readonly value: number }
/** The variable `x`. */
export interface VariableNode { readonly kind: 'x' }
/** `e` or `pi`. */
export interface ConstantNode { readonly kind: 'constant'; readonly name: ConstantName }
/** Unary minus. (Unary plus is dropped by the parser.) */
export interface NegateNode { readonly kind: 'neg'; readonly arg: Expr }
export interface BinaryNode {
  readonly kind: 'binary';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}
/** A call of one of the allowed functions, with the right number of arguments. */
export interface CallNode { readonly kind: 'call'; readonly fn: FunctionName; readonly args: readonly Expr[] }

export type Expr = NumberNode | VariableNode | ConstantNode | NegateNode | BinaryNode | CallNode;

/** A problem in an expression's text; `offset` and `length` count UTF-16 code units of that text. */
export interface ExprError {
  readonly message: string;
  readonly offset: number;
  readonly length: number;
}

/** Every allowed function and its number of arguments. A Map, so user text never reaches a property lookup. */
export const FUNCTION_ARITY: ReadonlyMap<string, { readonly name: FunctionName; readonly arity: 1 | 2 }> = new Map(
  ([
    ['exp', 1], ['log', 1], ['sqrt', 1], ['abs', 1], ['tanh', 1], ['sigmoid', 1], ['sin', 1], ['cos', 1],
    ['min', 2], ['max', 2], ['pow', 2],
  ] as const).map(([name, arity]) => [name, { name, arity }]),
);

/** The allowed constants and their values. */
export const CONSTANT_VALUES: ReadonlyMap<string, { readonly name: ConstantName; readonly value: number }> = new Map([
  ['e', { name: 'e' as const, value: Math.E }],
  ['pi', { name: 'pi' as const, value: Math.PI }],
]);

/** Every name the language knows: the variable, the constants, the functions. */
export const ALLOWED_NAMES: readonly string[] = ['x', ...CONSTANT_VALUES.keys(), ...FUNCTION_ARITY.keys()];

export function sigmoid(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

/** The numeric meaning of each one-argument function (log is the natural logarithm). */
export const UNARY_IMPL: ReadonlyMap<FunctionName, (v: number) => number> = new Map<FunctionName, (v: number) => number>([
  ['exp', Math.exp], ['log', Math.log], ['sqrt', Math.sqrt], ['abs', Math.abs], ['tanh', Math.tanh],
  ['sigmoid', sigmoid], ['sin', Math.sin], ['cos', Math.cos],
]);

/** The numeric meaning of each two-argument function. `pow(a, b)` is exactly `a^b`. */
export const BINARY_IMPL: ReadonlyMap<FunctionName, (a: number, b: number) => number> = new Map<
  FunctionName, (a: number, b: number) => number
>([
  ['min', Math.min], ['max', Math.max], ['pow', (a, b) => a ** b],
]);

/** Structural equality of two trees (numbers compared with Object.is, so NaN equals NaN). */
export function exprEquals(a: Expr, b: Expr): boolean {
  if (a === b) return true;
  switch (a.kind) {
    case 'number': return b.kind === 'number' && Object.is(a.value, b.value);
    case 'x': return b.kind === 'x';
    case 'constant': return b.kind === 'constant' && a.name === b.name;
    case 'neg': return b.kind === 'neg' && exprEquals(a.arg, b.arg);
    case 'binary':
      return b.kind === 'binary' && a.op === b.op && exprEquals(a.left, b.left) && exprEquals(a.right, b.right);
    case 'call':
      return b.kind === 'call' && a.fn === b.fn && a.args.length === b.args.length
        && a.args.every((arg, i) => exprEquals(arg, b.args[i]!));
  }
}

const dependsCache = new WeakMap<Expr, boolean>();

/** Whether `x` occurs in the tree. */
export function dependsOnX(e: Expr): boolean {
  const cached = dependsCache.get(e);
  if (cached !== undefined) return cached;
  let result: boolean;
  switch (e.kind) {
    case 'number': case 'constant': result = false; break;
    case 'x': result = true; break;
    case 'neg': result = dependsOnX(e.arg); break;
    case 'binary': result = dependsOnX(e.left) || dependsOnX(e.right); break;
    case 'call': result = e.args.some(dependsOnX); break;
  }
  dependsCache.set(e, result);
  return result;
}
