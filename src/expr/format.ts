/**
 * Prints a tree with the fewest parentheses that keep its structure: parsing the result gives the same
 * tree (a negative literal comes back as a negated literal).
 */
import type { Expr } from './ast';

const SUM = 1;
const PRODUCT = 2;
const UNARY = 3;
const POWER = 4;
const ATOM = 5;

interface Printed { readonly text: string; readonly prec: number }

function wrap(p: Printed, min: number, noLeadingMinus = false): string {
  return p.prec < min || (noLeadingMinus && p.text.startsWith('-')) ? `(${p.text})` : p.text;
}

function print(e: Expr): Printed {
  switch (e.kind) {
    case 'number': {
      const v = e.value;
      if (Number.isNaN(v)) return { text: '(0/0)', prec: ATOM };
      if (v === Infinity) return { text: '(1/0)', prec: ATOM };
      if (v === -Infinity) return { text: '(-1/0)', prec: ATOM };
      if (v < 0 || Object.is(v, -0)) return { text: `-${String(-v)}`, prec: UNARY };
      return { text: String(v), prec: ATOM };
    }
    case 'x':
      return { text: 'x', prec: ATOM };
    case 'constant':
      return { text: e.name, prec: ATOM };
    case 'neg':
      return { text: `-${wrap(print(e.arg), POWER, true)}`, prec: UNARY };
    case 'call':
      return { text: `${e.fn}(${e.args.map((a) => print(a).text).join(', ')})`, prec: ATOM };
    case 'binary': {
      const l = print(e.left);
      const r = print(e.right);
      switch (e.op) {
        case '+':
        case '-':
          return { text: `${wrap(l, SUM)} ${e.op} ${wrap(r, PRODUCT, true)}`, prec: SUM };
        case '*':
        case '/':
          return { text: `${wrap(l, PRODUCT)} ${e.op} ${wrap(r, UNARY, true)}`, prec: PRODUCT };
        case '^':
          return { text: `${wrap(l, ATOM)}^${wrap(r, UNARY, true)}`, prec: POWER };
      }
    }
  }
}

/** See `formatExpression` in ./index. */
export function format(e: Expr): string {
  return print(e).text;
}
