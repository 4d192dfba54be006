/**
 * The safe expression language of custom activations (docs/spec/model-file-v1.md, "custom activation"):
 * expressions in the single variable `x` with numbers, `+ - * / ^`, parentheses, the constants `e` and
 * `pi`, and the functions `exp log sqrt abs tanh sigmoid sin cos` (one argument) and `min max pow`
 * (two arguments). `^` is right-associative and binds tighter than unary minus: `-x^2` is `-(x^2)`,
 * `2^-x` is allowed. Texts are parsed, never evaluated as code: no eval, no Function, and names are
 * looked up only in fixed Maps. No `vscode`, no DOM.
 */
import * as l10n from '@vscode/l10n';
import type { Expr, ExprError } from './ast';
import { parse, spanOf, type ParseResult } from './parser';
import { compile } from './compile';
import { derive } from './differentiate';
import { format } from './format';
import { checkDerivativeExprs, type DerivativeCheck } from './check';

export type {
  BinaryFunctionName, BinaryNode, BinaryOperator, CallNode, ConstantName, ConstantNode, Expr, ExprError,
  FunctionName, NegateNode, NumberNode, UnaryFunctionName, VariableNode,
} from './ast';
export { ALLOWED_NAMES, dependsOnX, exprEquals } from './ast';
export { MAX_EXPRESSION_LENGTH, MAX_NESTING_DEPTH, spanOf, type ParseResult } from './parser';
export type { RealFunction } from './compile';
export {
  ABSOLUTE_FLOOR, DEFAULT_SAMPLE_POINTS, DERIVATIVE_TOLERANCE, checkDerivativeFns, numericDerivative,
  type DerivativeCheck, type DerivativeCheckPoint,
} from './check';

/**
 * Parses an expression text. Never throws. On failure the error's `offset`/`length` (UTF-16 code units
 * of `text`) mark the exact place for a squiggle: unknown names (with a suggestion when one is close,
 * e.g. "unknown name 'tanhh'; did you mean 'tanh'?"), wrong argument counts, unexpected characters,
 * numbers that overflow (`1e999`), texts longer than {@link MAX_EXPRESSION_LENGTH} and nesting deeper
 * than {@link MAX_NESTING_DEPTH}. Unary plus is dropped; `-2` is `neg(2)`.
 */
export function parseExpression(text: string): ParseResult {
  return parse(text);
}

/**
 * Compiles a tree into a plain function of x (a tree of closures, cheap to call millions of times).
 * `log` is the natural log, `sigmoid(v) = 1/(1+exp(-v))`, `pow(a, b)` is `a^b`; IEEE semantics
 * throughout (log(-1) is NaN, 2^99999 is Infinity). Throws only for a malformed hand-built tree.
 */
export function compileExpression(ast: Expr): (x: number) => number {
  return compile(ast);
}

/**
 * The symbolic derivative d/dx, simplified (0·a → 0, 1·a → a, a+0 → a, constant folding,
 * x^n → n·x^(n−1) for constant n, a·a → a^2, a+a → 2·a, a/a → 1, a−a → 0, a·(a/abs(a)) → abs(a),
 * (a+b)−b → a). The input is simplified the same way first, so `x − x` counts as constant.
 * `abs(a)' = a/abs(a) · a'` (NaN where a = 0). Returns undefined when the derivative is not
 * expressible in the language: `min`/`max` with an argument that depends on x (a step function).
 */
export function differentiate(ast: Expr): Expr | undefined {
  const r = derive(ast);
  return r.ok ? r.expr : undefined;
}

/**
 * Prints a tree readably with the fewest parentheses: `x / (1 + abs(x))^2`, `-x^2`, `(-x)^2`,
 * `x^(-1)`. Parsing the result gives back the same tree (negative literals come back as negated
 * literals), so `formatExpression(parse(t))` is a normal form of t. The text is not shortened: a large
 * derivative may print longer than {@link MAX_EXPRESSION_LENGTH} and then no longer parses.
 */
export function formatExpression(ast: Expr): string {
  return format(ast);
}

/**
 * Checks a derivative `df` of `f` against numerical differentiation of f (Ridders-extrapolated central
 * differences) at `samplePoints` (default {@link DEFAULT_SAMPLE_POINTS}: the 24 odd multiples of 1/8
 * in (−3, 3), avoiding 0 and the integers where kinks sit). A point fails when
 * relError = |given − numeric| / max(|given|, |numeric|, 1e-3) > 1e-5, i.e. differences below 1e-8
 * never fail (the floor rises where f's numerical derivative is uncertain, e.g. |f| huge), or when df
 * is not finite there. Points where f's slope cannot be measured reliably (f not finite nearby, a kink
 * within the step, fast oscillation) are skipped.
 * `worst` is the point with the largest relative error; `checkedPoints` counts compared points
 * (0 means nothing could be checked, and then ok is true).
 */
export function checkDerivative(f: Expr, df: Expr, samplePoints?: readonly number[]): DerivativeCheck {
  return checkDerivativeExprs(f, df, samplePoints);
}

/** A problem in the `f` or the `df` text of a custom activation; offset/length are within that text. */
export interface ActivationError extends ExprError {
  readonly which: 'f' | 'df';
}

export type CompiledActivation =
  | {
    readonly ok: true;
    readonly f: (x: number) => number;
    readonly df: (x: number) => number;
    readonly fAst: Expr;
    readonly dfAst: Expr;
    /** `df` as written, or the formatted symbolic derivative when df was absent. */
    readonly dfText: string;
    /** True when df was absent and found by {@link differentiate}. */
    readonly dfDerived: boolean;
  }
  | { readonly ok: false; readonly errors: readonly ActivationError[] };

/**
 * Parses and compiles a custom activation. Errors of both texts are reported together. When `dfText`
 * is undefined the derivative is found symbolically; when it cannot be, the error (which: 'f') marks
 * the `min`/`max` call in f and says "no symbolic derivative; write df". Does not check a given df:
 * use {@link checkDerivative} on `fAst` and `dfAst` for that.
 */
export function compileActivation(fText: string, dfText?: string | undefined): CompiledActivation {
  const errors: ActivationError[] = [];
  const f = parse(fText);
  if (!f.ok) errors.push({ which: 'f', ...f.error });
  const df = dfText === undefined ? undefined : parse(dfText);
  if (df && !df.ok) errors.push({ which: 'df', ...df.error });
  if (!f.ok || (df && !df.ok)) return { ok: false, errors };
  if (df?.ok) {
    return {
      ok: true, f: compile(f.ast), df: compile(df.ast), fAst: f.ast, dfAst: df.ast, dfText: dfText!, dfDerived: false,
    };
  }
  const derived = derive(f.ast);
  if (!derived.ok) {
    const span = spanOf(derived.node) ?? { offset: 0, length: fText.length };
    return {
      ok: false,
      errors: [{
        which: 'f', offset: span.offset, length: span.length,
        message: derived.node.kind === 'call'
          ? l10n.t("no symbolic derivative; write df ('{0}' has no derivative expressible in this language)", derived.node.fn)
          : l10n.t('no symbolic derivative; write df (this part has no derivative expressible in this language)'),
      }],
    };
  }
  return {
    ok: true, f: compile(f.ast), df: compile(derived.expr), fAst: f.ast, dfAst: derived.expr,
    dfText: format(derived.expr), dfDerived: true,
  };
}
