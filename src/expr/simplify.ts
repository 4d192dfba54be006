/**
 * Smart constructors that build trees with light simplification: 0·a → 0, 1·a → a, a+0 → a,
 * constant folding (only when the folded number prints short, so `1/3` stays readable), signs pulled
 * to the left, a·a → a^2, a/a → 1, a+a → 2·a, a·(a/abs(a)) → abs(a), (a + b) − b → a. Each rule is an identity for
 * finite values; a few remove a NaN (e.g. 0·a is 0 even where a is NaN).
 */
import { BINARY_IMPL, UNARY_IMPL, exprEquals, type Expr, type FunctionName } from './ast';

export const ZERO: Expr = { kind: 'number', value: 0 };
export const ONE: Expr = { kind: 'number', value: 1 };
export const X: Expr = { kind: 'x' };

export function num(v: number): Expr {
  return { kind: 'number', value: v === 0 ? 0 : v };
}

/** The value of a literal or a negated literal, else undefined. */
export function numVal(e: Expr): number | undefined {
  if (e.kind === 'number') return e.value;
  if (e.kind === 'neg') {
    const v = numVal(e.arg);
    return v === undefined ? undefined : -v;
  }
  return undefined;
}

/** Whether a folded number is worth writing instead of the operation that made it. */
function foldable(v: number): boolean {
  return Number.isFinite(v) && String(v).length <= 12;
}

/** c with e = −c when that is cheap to see, else undefined. */
function negatedForm(e: Expr): Expr | undefined {
  const v = numVal(e);
  if (v !== undefined) return v < 0 ? num(-v) : undefined;
  if (e.kind === 'neg') return e.arg;
  if (e.kind === 'binary' && (e.op === '*' || e.op === '/')) {
    const l = negatedForm(e.left);
    if (l) return bin(e.op, l, e.right);
  }
  return undefined;
}

function bin(op: '+' | '-' | '*' | '/' | '^', left: Expr, right: Expr): Expr {
  return { kind: 'binary', op, left, right };
}

export function negate(a: Expr): Expr {
  const v = numVal(a);
  if (v !== undefined) return num(-v);
  if (a.kind === 'neg') return a.arg;
  if (a.kind === 'binary') {
    if (a.op === '*' || a.op === '/') return bin(a.op, negate(a.left), a.right);
    if (a.op === '-') return bin('-', a.right, a.left);
  }
  return { kind: 'neg', arg: a };
}

export function add(a: Expr, b: Expr): Expr {
  const va = numVal(a);
  const vb = numVal(b);
  if (va !== undefined && vb !== undefined && foldable(va + vb)) return num(va + vb);
  if (va === 0) return b;
  if (vb === 0) return a;
  const nb = negatedForm(b);
  if (nb) return sub(a, nb);
  const na = negatedForm(a);
  if (na) return sub(b, na);
  if (exprEquals(a, b)) return mul(num(2), a);
  return bin('+', a, b);
}

export function sub(a: Expr, b: Expr): Expr {
  const va = numVal(a);
  const vb = numVal(b);
  if (va !== undefined && vb !== undefined && foldable(va - vb)) return num(va - vb);
  if (vb === 0) return a;
  if (va === 0) return negate(b);
  if (exprEquals(a, b)) return ZERO;
  // (p + q) − q → p and (p + q) − p → q
  if (a.kind === 'binary' && a.op === '+') {
    if (exprEquals(a.right, b)) return a.left;
    if (exprEquals(a.left, b)) return a.right;
  }
  const nb = negatedForm(b);
  if (nb) return add(a, nb);
  return bin('-', a, b);
}

/** Whether e is `c / abs(c)` for the given c. */
function isSignOf(e: Expr, c: Expr): boolean {
  return e.kind === 'binary' && e.op === '/' && exprEquals(e.left, c)
    && e.right.kind === 'call' && e.right.fn === 'abs' && exprEquals(e.right.args[0]!, c);
}

export function mul(a: Expr, b: Expr): Expr {
  const va = numVal(a);
  const vb = numVal(b);
  if (va !== undefined && vb !== undefined && foldable(va * vb)) return num(va * vb);
  if (va === 0 || vb === 0) return ZERO;
  if (va === 1) return b;
  if (vb === 1) return a;
  if (va === -1) return negate(b);
  if (vb === -1) return negate(a);
  if (vb !== undefined && va === undefined) return mul(b, a);
  if (va !== undefined && b.kind === 'binary' && b.op === '*') {
    const vbl = numVal(b.left);
    if (vbl !== undefined && foldable(va * vbl)) return mul(num(va * vbl), b.right);
  }
  if (isSignOf(b, a) || isSignOf(a, b)) return { kind: 'call', fn: 'abs', args: [isSignOf(b, a) ? a : b] };
  if (b.kind === 'binary' && b.op === '/') return div(mul(a, b.left), b.right);
  const nb = negatedForm(b);
  if (nb) return mul(negate(a), nb);
  if (exprEquals(a, b)) return pow(a, num(2));
  return bin('*', a, b);
}

export function div(a: Expr, b: Expr): Expr {
  const va = numVal(a);
  const vb = numVal(b);
  if (va !== undefined && vb !== undefined && vb !== 0 && foldable(va / vb)) return num(va / vb);
  if (va === 0) return ZERO;
  if (vb === 1) return a;
  if (vb === -1) return negate(a);
  if (exprEquals(a, b)) return ONE;
  // (n·c)/m → (n/m)·c
  if (vb !== undefined && vb !== 0 && a.kind === 'binary' && a.op === '*') {
    const val = numVal(a.left);
    if (val !== undefined && foldable(val / vb)) return mul(num(val / vb), a.right);
  }
  const nb = negatedForm(b);
  if (nb) return div(negate(a), nb);
  return bin('/', a, b);
}

export function pow(a: Expr, b: Expr): Expr {
  const va = numVal(a);
  const vb = numVal(b);
  if (va !== undefined && vb !== undefined && foldable(va ** vb)) return num(va ** vb);
  if (vb === 0) return ONE;
  if (vb === 1) return a;
  if (va === 1) return ONE;
  return bin('^', a, b);
}

export function call(fn: FunctionName, args: readonly Expr[]): Expr {
  const values = args.map(numVal);
  if (values.every((v): v is number => v !== undefined)) {
    const unary = UNARY_IMPL.get(fn);
    const binary = BINARY_IMPL.get(fn);
    const r = unary && values.length === 1 ? unary(values[0]!)
      : binary && values.length === 2 ? binary(values[0]!, values[1]!) : NaN;
    if (Number.isInteger(r) && foldable(r)) return num(r);
  }
  return { kind: 'call', fn, args };
}

/** Rebuilds a tree through the constructors above, e.g. folding `2^3` to 8. */
export function simplify(e: Expr): Expr {
  switch (e.kind) {
    case 'number': case 'x': case 'constant': return e;
    case 'neg': return negate(simplify(e.arg));
    case 'call': return call(e.fn, e.args.map(simplify));
    case 'binary': {
      const l = simplify(e.left);
      const r = simplify(e.right);
      switch (e.op) {
        case '+': return add(l, r);
        case '-': return sub(l, r);
        case '*': return mul(l, r);
        case '/': return div(l, r);
        case '^': return pow(l, r);
      }
    }
  }
}
