/**
 * A recursive-descent parser for custom-activation expressions. Never evaluates anything: names are
 * resolved only through the fixed Maps in ./ast. Input length and nesting depth are bounded, so no input
 * can exhaust the stack, and every failure is returned as an {@link ExprError}, never thrown.
 */
import * as l10n from '@vscode/l10n';
import {
  ALLOWED_NAMES, CONSTANT_VALUES, FUNCTION_ARITY,
  type BinaryOperator, type Expr, type ExprError,
} from './ast';

/** Longest accepted expression, in UTF-16 code units. */
export const MAX_EXPRESSION_LENGTH = 1000;
/** Deepest accepted nesting of parentheses, calls, unary signs and exponents. */
export const MAX_NESTING_DEPTH = 64;

export type ParseResult = { ok: true; ast: Expr } | { ok: false; error: ExprError };

interface Span { readonly offset: number; readonly length: number }

const spans = new WeakMap<Expr, Span>();

/** Where a node produced by the parser was written (offset and length in the expression text). */
export function spanOf(node: Expr): Span | undefined {
  return spans.get(node);
}

type TokenKind = 'number' | 'name' | 'op' | '(' | ')' | ',' | 'end';
interface Token {
  readonly kind: TokenKind;
  readonly text: string;
  readonly offset: number;
  readonly length: number;
  readonly value: number;
}

class ParseFailure {
  constructor(readonly error: ExprError) {}
}

function fail(message: string, offset: number, length: number): never {
  throw new ParseFailure({ message, offset, length });
}

const NUMBER_RE = /(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/y;
const NAME_RE = /[A-Za-z_][A-Za-z0-9_]*/y;

const CHAR_HINTS: ReadonlyMap<string, () => string> = new Map([
  ['π', () => l10n.t("write '{0}'", 'pi')], ['−', () => l10n.t("write '{0}'", '-')], ['–', () => l10n.t("write '{0}'", '-')],
  ['×', () => l10n.t("write '{0}'", '*')], ['·', () => l10n.t("write '{0}'", '*')], ['÷', () => l10n.t("write '{0}'", '/')],
  ['²', () => l10n.t("write '{0}'", '^2')], ['³', () => l10n.t("write '{0}'", '^3')], ['"', () => l10n.t('strings are not allowed')],
  ["'", () => l10n.t('strings are not allowed')], ['`', () => l10n.t('strings are not allowed')],
  ['.', () => l10n.t("'.' may only appear inside a number")], ['[', () => l10n.t("use '(' and ')'")], [']', () => l10n.t("use '(' and ')'")],
  ['{', () => l10n.t("use '(' and ')'")], ['}', () => l10n.t("use '(' and ')'")],
]);

function describeChar(ch: string): string {
  return /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(ch)
    ? `'${ch}'`
    : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** Reads one token at a time, so an error early in the text is reported before one later on. */
class Lexer {
  private i = 0;

  constructor(private readonly text: string) {}

  nextToken(): Token {
    const text = this.text;
    while (this.i < text.length && /\s/u.test(text[this.i]!)) this.i++;
    const i = this.i;
    if (i >= text.length) return { kind: 'end', text: '', offset: text.length, length: 0, value: 0 };
    const ch = text[i]!;
    if ((ch >= '0' && ch <= '9') || (ch === '.' && /[0-9]/.test(text[i + 1] ?? ''))) {
      NUMBER_RE.lastIndex = i;
      const m = NUMBER_RE.exec(text)!;
      const value = Number(m[0]);
      if (!Number.isFinite(value)) fail(l10n.t("number '{0}' is too large", m[0]), i, m[0].length);
      if (text[i + m[0].length] === '.') this.unexpected(i + m[0].length);
      this.i += m[0].length;
      return { kind: 'number', text: m[0], offset: i, length: m[0].length, value };
    }
    if (/[A-Za-z_]/.test(ch)) {
      NAME_RE.lastIndex = i;
      const m = NAME_RE.exec(text)!;
      // A look-alike letter inside a name (Cyrillic 'і' in 'sіn') is the real problem, not the name.
      const after = text.codePointAt(i + m[0].length);
      if (after !== undefined && after > 127 && /[\p{L}\p{N}\p{M}]/u.test(String.fromCodePoint(after))) {
        this.unexpected(i + m[0].length);
      }
      this.i += m[0].length;
      return { kind: 'name', text: m[0], offset: i, length: m[0].length, value: 0 };
    }
    if (ch === '+' || ch === '-' || ch === '*' || ch === '/' || ch === '^') {
      this.i++;
      return { kind: 'op', text: ch, offset: i, length: 1, value: 0 };
    }
    if (ch === '(' || ch === ')' || ch === ',') {
      this.i++;
      return { kind: ch, text: ch, offset: i, length: 1, value: 0 };
    }
    return this.unexpected(i);
  }

  private unexpected(i: number): never {
    const cp = String.fromCodePoint(this.text.codePointAt(i)!);
    const hint = CHAR_HINTS.get(cp);
    fail(hint ? l10n.t('unexpected character {0}; {1}', describeChar(cp), hint()) : l10n.t('unexpected character {0}', describeChar(cp)), i, cp.length);
  }
}

const NAME_HINTS: ReadonlyMap<string, () => string> = new Map([
  ['ln', () => l10n.t("use 'log' (the natural logarithm)")],
  ['relu', () => l10n.t("write '{0}'", 'max(0, x)')],
  ['sign', () => l10n.t("write '{0}'", 'x / abs(x)')],
  ['sgn', () => l10n.t("write '{0}'", 'x / abs(x)')],
  ['tan', () => l10n.t("write '{0}'", 'sin(x) / cos(x)')],
  ['sinh', () => l10n.t("write '{0}'", '(exp(x) - exp(-x)) / 2')],
  ['cosh', () => l10n.t("write '{0}'", '(exp(x) + exp(-x)) / 2')],
  ['power', () => l10n.t("did you mean '{0}'?", 'pow')],
  ['logistic', () => l10n.t("did you mean '{0}'?", 'sigmoid')],
  ['sqr', () => l10n.t("write '{0}'", 'x^2')],
  ['PI', () => l10n.t("did you mean '{0}'?", 'pi')],
  ['E', () => l10n.t("did you mean '{0}'?", 'e')],
  ['X', () => l10n.t("did you mean '{0}'?", 'x')],
]);

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length]!;
}

/** The message for a name the language does not know, with a suggestion when one is close. */
export function unknownNameMessage(name: string): string {
  const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
  const base = l10n.t("unknown name '{0}'", shown);
  const hint = NAME_HINTS.get(name);
  if (hint) return l10n.t("unknown name '{0}'; {1}", shown, hint());
  const lower = name.toLowerCase();
  const caseMatch = ALLOWED_NAMES.find((n) => n === lower);
  if (caseMatch) return l10n.t("unknown name '{0}'; did you mean '{1}'?", shown, caseMatch);
  if (name.length <= 2) return l10n.t("unknown name '{0}'; the only variable is 'x'", shown);
  const limit = name.length <= 4 ? 1 : 2;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of ALLOWED_NAMES) {
    if (candidate.length < 3 || Math.abs(candidate.length - lower.length) > limit) continue;
    const d = editDistance(lower, candidate);
    if (d <= limit && d < bestDistance) { best = candidate; bestDistance = d; }
  }
  return best ? l10n.t("unknown name '{0}'; did you mean '{1}'?", shown, best) : base;
}

function describeToken(t: Token): string {
  if (t.kind === 'end') return l10n.t('the end of the expression');
  const shown = t.text.length > 40 ? `${t.text.slice(0, 40)}…` : t.text;
  return `'${shown}'`;
}

class Parser {
  private depth = 0;
  private lookahead: Token | undefined;
  private last: Token | undefined;

  constructor(private readonly lexer: Lexer) {}

  private peek(): Token { return (this.lookahead ??= this.lexer.nextToken()); }
  private next(): Token {
    const t = this.peek();
    this.lookahead = undefined;
    this.last = t;
    return t;
  }
  private previous(): Token | undefined { return this.last; }

  private enter(t: Token): void {
    this.depth++;
    if (this.depth > MAX_NESTING_DEPTH) {
      fail(l10n.t('expression is nested too deeply (more than {0} levels)', MAX_NESTING_DEPTH), t.offset, t.length);
    }
  }

  private leave(): void { this.depth--; }

  private node<T extends Expr>(e: T, offset: number, end: number): T {
    spans.set(e, { offset, length: end - offset });
    return e;
  }

  private start(e: Expr): number { return spans.get(e)!.offset; }
  private end(e: Expr): number { const s = spans.get(e)!; return s.offset + s.length; }

  parseAll(): Expr {
    const e = this.parseSum();
    const t = this.peek();
    if (t.kind === 'end') return e;
    if (t.kind === ')') fail(l10n.t("unmatched ')'"), t.offset, t.length);
    if (t.kind === ',') fail(l10n.t("unexpected ','; commas only separate function arguments"), t.offset, t.length);
    return this.unexpectedAfterOperand(t);
  }

  private unexpectedAfterOperand(t: Token): never {
    if (t.kind === 'number' || t.kind === 'name' || t.kind === '(') {
      fail(l10n.t("missing operator before {0} (write multiplication as '*')", describeToken(t)), t.offset, t.length);
    }
    fail(l10n.t('unexpected {0}', describeToken(t)), t.offset, t.length);
  }

  private binary(op: BinaryOperator, left: Expr, right: Expr): Expr {
    return this.node({ kind: 'binary', op, left, right }, this.start(left), this.end(right));
  }

  private parseSum(): Expr {
    let left = this.parseProduct();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '+' && t.text !== '-')) return left;
      this.next();
      left = this.binary(t.text, left, this.parseProduct());
    }
  }

  private parseProduct(): Expr {
    let left = this.parseUnary();
    for (;;) {
      const t = this.peek();
      if (t.kind !== 'op' || (t.text !== '*' && t.text !== '/')) return left;
      this.next();
      left = this.binary(t.text, left, this.parseUnary());
    }
  }

  private parseUnary(): Expr {
    const t = this.peek();
    if (t.kind === 'op' && (t.text === '-' || t.text === '+')) {
      this.next();
      this.enter(t);
      const arg = this.parseUnary();
      this.leave();
      if (t.text === '+') return arg;
      return this.node({ kind: 'neg', arg }, t.offset, this.end(arg));
    }
    return this.parsePower();
  }

  private parsePower(): Expr {
    const base = this.parsePrimary();
    const t = this.peek();
    if (t.kind !== 'op' || t.text !== '^') return base;
    this.next();
    this.enter(t);
    const exponent = this.parseUnary();
    this.leave();
    return this.binary('^', base, exponent);
  }

  private parsePrimary(): Expr {
    const t = this.peek();
    switch (t.kind) {
      case 'number':
        this.next();
        return this.node({ kind: 'number', value: t.value }, t.offset, t.offset + t.length);
      case '(': {
        this.next();
        this.enter(t);
        if (this.peek().kind === ')') fail(l10n.t('empty parentheses'), t.offset, this.peek().offset + 1 - t.offset);
        const inner = this.parseSum();
        this.expectClose(t, undefined);
        this.leave();
        return inner;
      }
      case 'name':
        return this.parseName(t);
      case 'end': {
        const prev = this.previous();
        if (prev) fail(l10n.t('expected a value after {0}', describeToken(prev)), prev.offset, prev.length);
        fail(l10n.t('empty expression'), 0, 0);
      }
      default: {
        const prev = this.previous();
        if (t.text === '*' && prev?.text === '*' && prev.offset + 1 === t.offset) {
          fail(l10n.t("unexpected '*'; use '^' for powers"), prev.offset, 2);
        }
        fail(l10n.t('expected a value but found {0}', describeToken(t)), t.offset, t.length);
      }
    }
  }

  /** Consumes the ')' closing `open`, or fails with the most helpful message. */
  private expectClose(open: Token, fnName: string | undefined): Token {
    const t = this.peek();
    if (t.kind === ')') return this.next();
    if (t.kind === 'end') {
      fail(fnName ? l10n.t("unclosed '(' of '{0}('", fnName) : l10n.t("unclosed '('"), open.offset, open.length);
    }
    if (t.kind === ',') {
      fail(fnName ? l10n.t("expected ')' but found ','") : l10n.t("unexpected ','; commas only separate function arguments"),
        t.offset, t.length);
    }
    return this.unexpectedAfterOperand(t);
  }

  private parseName(t: Token): Expr {
    this.next();
    const end = t.offset + t.length;
    if (t.text === 'x') return this.node({ kind: 'x' }, t.offset, end);
    const constant = CONSTANT_VALUES.get(t.text);
    if (constant) return this.node({ kind: 'constant', name: constant.name }, t.offset, end);
    const fn = FUNCTION_ARITY.get(t.text);
    if (!fn) fail(unknownNameMessage(t.text), t.offset, t.length);
    const open = this.peek();
    if (open.kind !== '(') {
      const args = fn.arity === 1 ? '...' : '..., ...';
      fail(l10n.t("'{0}' is a function; write '{0}({1})'", fn.name, args), t.offset, t.length);
    }
    this.next();
    this.enter(open);
    const args: Expr[] = [];
    if (this.peek().kind !== ')') {
      for (;;) {
        args.push(this.parseSum());
        if (this.peek().kind === ',') { this.next(); continue; }
        break;
      }
    }
    const close = this.expectClose(open, fn.name);
    this.leave();
    if (args.length !== fn.arity) {
      fail(fn.arity === 1 ? l10n.t("'{0}' takes {1} argument, got {2}", fn.name, fn.arity, args.length) : l10n.t("'{0}' takes {1} arguments, got {2}", fn.name, fn.arity, args.length), t.offset, close.offset + 1 - t.offset);
    }
    return this.node({ kind: 'call', fn: fn.name, args }, t.offset, close.offset + 1);
  }
}

/** See `parseExpression` in ./index. */
export function parse(text: string): ParseResult {
  try {
    if (typeof text !== 'string') fail(l10n.t('expression must be text'), 0, 0);
    // Checked before the length so that a huge run of '(' is reported as what it is.
    let open = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 40 /* ( */) {
        open++;
        if (open > MAX_NESTING_DEPTH) {
          fail(l10n.t('expression is nested too deeply (more than {0} levels)', MAX_NESTING_DEPTH), i, 1);
        }
      } else if (c === 41 /* ) */ && open > 0) {
        open--;
      }
    }
    if (text.length > MAX_EXPRESSION_LENGTH) {
      fail(l10n.t('expression is too long: {0} characters (at most {1})', text.length, MAX_EXPRESSION_LENGTH),
        MAX_EXPRESSION_LENGTH, text.length - MAX_EXPRESSION_LENGTH);
    }
    if (text.trim() === '') return { ok: false, error: { message: l10n.t('empty expression'), offset: 0, length: text.length } };
    const ast = new Parser(new Lexer(text)).parseAll();
    return { ok: true, ast };
  } catch (e) {
    if (e instanceof ParseFailure) return { ok: false, error: e.error };
    throw e;
  }
}
