/**
 * Activations: the built-in names, and a student's own `{ "name", "f", "df" }` compiled with the safe
 * expression language of src/expr. A wrong `df` is NOT an error here: back-propagation uses it as
 * written and the gradient check reports it on the `df` line (its range is kept in the layer source).
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import type { BuiltinActivation, CustomActivation } from '../engine/spec';
import { ACTIVATION_KINDS } from '../shared/kinds';
import { compileActivation, compileExpression, differentiate, formatExpression, parseExpression } from '../expr';
import * as C from './codes';
import { literalSpan } from './literal';
import { missingKeyAt, readObject, readString, valueOf, type Reporter } from './report';
import { aString, nonEmpty, readScalars, type ScalarTable } from './read/scalars';
import type { SourceRange } from './types';

export const BUILTIN_ACTIVATIONS: readonly BuiltinActivation[] = ACTIVATION_KINDS;
export const CUSTOM_ACTIVATION_KEYS = ['name', 'f', 'df'] as const;

export interface CustomActivationResult {
  readonly activation: CustomActivation;
  readonly fRange: SourceRange;
  readonly dfRange?: SourceRange;
  readonly dfDerived: boolean;
}

type CompiledFn = (x: number) => number;
type Ast = Parameters<typeof compileExpression>[0];

/** Parses an expression written in the string literal `node`; reports errors inside the literal. */
function parseIn(r: Reporter, node: Node, text: string, what: string): { ast: Ast } | undefined {
  let result: ReturnType<typeof parseExpression>;
  try {
    result = parseExpression(text);
  } catch (e) {
    r.error(node, C.INVALID_EXPRESSION, l10n.t('{0} could not be read: {1}', what, e instanceof Error ? e.message : String(e)));
    return undefined;
  }
  if (result.ok) return { ast: result.ast };
  const raw = r.text.slice(node.offset, node.offset + node.length);
  const span = literalSpan(raw, node.offset, result.error.offset, result.error.length);
  r.error(r.lines.range(span.start, span.end - span.start), C.INVALID_EXPRESSION, `${what}: ${result.error.message}`);
  return undefined;
}

function compile(r: Reporter, node: Node, ast: Ast, what: string): CompiledFn | undefined {
  try {
    return compileExpression(ast);
  } catch (e) {
    r.error(node, C.INVALID_EXPRESSION, l10n.t('{0} could not be compiled: {1}', what, e instanceof Error ? e.message : String(e)));
    return undefined;
  }
}

/** `{ "name", "f", "df" }`; `label` names the layer in messages. Undefined when it has errors. */
export function readCustomActivation(r: Reporter, node: Node, label: string): CustomActivationResult | undefined {
  const props = readObject(r, node, CUSTOM_ACTIVATION_KEYS, l10n.t('the custom activation of {0}', label));
  const { values, ok: nameOk } = readScalars(r, props, CUSTOM_ACTIVATION_SCALARS);
  let ok = nameOk;
  const fNode = valueOf(props, 'f');
  const dfNode = valueOf(props, 'df');
  if (!props.has('f')) {
    r.error(missingKeyAt(r, node), C.MISSING_KEY,
      l10n.t('a custom activation needs "f": the function of x, e.g. {0}', '"f": "x / (1 + abs(x))"'));
    ok = false;
  }
  const f = fNode ? readExpression(r, fNode, '"f"') : undefined;
  if (fNode && !f) ok = false;
  const written = dfNode ? readExpression(r, dfNode, '"df"') : undefined;
  if (dfNode && !written) ok = false;
  if (!ok || !fNode || !f) return undefined;
  const df = written ?? deriveDf(r, fNode, f);
  if (!df) return undefined;
  const fFn = compile(r, fNode, f.ast, '"f"');
  const dfFn = compile(r, dfNode ?? fNode, df.ast, dfNode ? '"df"' : l10n.t('the derivative of "f"'));
  if (!fFn || !dfFn) return undefined;
  return {
    activation: { kind: 'custom', name: values.name!, f: fFn, df: dfFn, fText: f.text, dfText: df.text },
    fRange: r.range(fNode),
    ...(dfNode ? { dfRange: r.range(dfNode) } : {}),
    dfDerived: !dfNode,
  };
}

/** The custom activation's name: a non-empty string, "custom" when absent. */
const CUSTOM_ACTIVATION_SCALARS: ScalarTable<{ name: string }> = {
  name: { kind: aString, what: l10n.t('the activation name'), valid: nonEmpty, message: () => l10n.t('the activation name is empty'), default: 'custom' },
};

/** An expression as written in a string literal, parsed; undefined when it has errors (reported inside the literal). */
function readExpression(r: Reporter, node: Node, what: string): { ast: Ast; text: string } | undefined {
  const text = readString(r, node, what);
  if (text === undefined) return undefined;
  const parsed = parseIn(r, node, text, what);
  return parsed ? { ast: parsed.ast, text } : undefined;
}

/**
 * The symbolic derivative of `f`, with its text; when it has none (a min or max of x has steps),
 * reported on the part of `f` that lacks one, asking for `df`.
 */
function deriveDf(r: Reporter, fNode: Node, f: { ast: Ast; text: string }): { ast: Ast; text: string } | undefined {
  let derived: ReturnType<typeof differentiate>;
  try {
    derived = differentiate(f.ast);
  } catch {
    derived = undefined;
  }
  if (!derived) {
    r.error(noDerivativeAt(r, fNode, f.text), C.NO_DERIVATIVE,
      l10n.t('the derivative of "f" cannot be found symbolically (min and max of x have steps): write it yourself as "df" next to "f"'));
    return undefined;
  }
  let text: string;
  try {
    text = formatExpression(derived);
  } catch {
    text = 'd/dx f(x)';
  }
  return { ast: derived, text };
}

/** Where `f` has no derivative: compileActivation knows which part of f (a min or max of x); else the whole literal. */
function noDerivativeAt(r: Reporter, fNode: Node, fText: string): SourceRange {
  try {
    const c = compileActivation(fText, undefined);
    const e = c.ok ? undefined : c.errors.find((x) => x.which === 'f');
    if (e) {
      const raw = r.text.slice(fNode.offset, fNode.offset + fNode.length);
      const span = literalSpan(raw, fNode.offset, e.offset, e.length);
      return r.lines.range(span.start, span.end - span.start);
    }
  } catch {
    // keep the whole literal
  }
  return r.range(fNode);
}
