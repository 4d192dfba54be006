/**
 * Symbolic d/dx of an expression tree, built with the simplifying constructors of ./simplify.
 */
import { dependsOnX, type Expr } from './ast';
import { ONE, ZERO, add, call, div, mul, negate, num, pow, simplify, sub } from './simplify';

/** Thrown internally when a node has no derivative expressible in the language. */
class NoDerivative {
  constructor(readonly node: Expr) {}
}

/** The derivative, or the node (e.g. a `max(...)` call) that has none in the language. */
export function derive(e: Expr): { ok: true; expr: Expr } | { ok: false; node: Expr } {
  // Simplifying first removes parts that only look like they depend on x (x − x, 0·max(x, 0)), whose
  // derivative by the rules would be NaN or missing.
  const simplified = attempt(simplify(e));
  if (simplified.ok) return simplified;
  // Report the node of the original tree, which the parser knows the position of.
  const original = attempt(e);
  return original.ok ? simplified : original;
}

function attempt(e: Expr): { ok: true; expr: Expr } | { ok: false; node: Expr } {
  try {
    return { ok: true, expr: d(e) };
  } catch (err) {
    if (err instanceof NoDerivative) return { ok: false, node: err.node };
    throw err;
  }
}

/** d(a^b) for any a, b; also used for pow(a, b). */
function powerRule(a: Expr, b: Expr): Expr {
  if (!dependsOnX(b)) {
    // x^n → n·x^(n−1)
    b = simplify(b);
    return mul(mul(b, pow(a, sub(b, ONE))), d(a));
  }
  if (!dependsOnX(a)) {
    // c^g → c^g · log(c) · g'
    const logA = a.kind === 'constant' && a.name === 'e' ? ONE : call('log', [a]);
    return mul(mul(pow(a, b), logA), d(b));
  }
  // a^b = exp(b·log a) → a^b · (b'·log a + b·a'/a)
  return mul(pow(a, b), add(mul(d(b), call('log', [a])), div(mul(b, d(a)), a)));
}

function d(e: Expr): Expr {
  if (!dependsOnX(e)) return ZERO;
  switch (e.kind) {
    case 'number':
    case 'constant':
      return ZERO;
    case 'x':
      return ONE;
    case 'neg':
      return negate(d(e.arg));
    case 'binary': {
      const { left: a, right: b } = e;
      switch (e.op) {
        case '+': return add(d(a), d(b));
        case '-': return sub(d(a), d(b));
        case '*': return add(mul(d(a), b), mul(a, d(b)));
        case '/':
          if (!dependsOnX(b)) return div(d(a), b);
          if (!dependsOnX(a)) return div(negate(mul(a, d(b))), pow(b, num(2)));
          return div(sub(mul(d(a), b), mul(a, d(b))), pow(b, num(2)));
        case '^': return powerRule(a, b);
      }
      break;
    }
    case 'call': {
      const a = e.args[0]!;
      switch (e.fn) {
        case 'exp': return mul(call('exp', [a]), d(a));
        case 'log': return div(d(a), a);
        case 'sqrt': return div(d(a), mul(num(2), call('sqrt', [a])));
        case 'abs': return mul(div(a, call('abs', [a])), d(a));
        case 'tanh': return mul(sub(ONE, pow(call('tanh', [a]), num(2))), d(a));
        case 'sigmoid': {
          const s = call('sigmoid', [a]);
          return mul(mul(s, sub(ONE, s)), d(a));
        }
        case 'sin': return mul(call('cos', [a]), d(a));
        case 'cos': return mul(negate(call('sin', [a])), d(a));
        case 'pow': return powerRule(a, e.args[1]!);
        case 'min':
        case 'max':
          // A step function: not expressible without comparisons (constant arguments returned 0 above).
          throw new NoDerivative(e);
      }
    }
  }
  throw new NoDerivative(e);
}
