/**
 * Activations: the built-in names, and a student's own `{ "name", "f", "df" }` compiled with the safe
 * expression language of src/expr. A wrong `df` is NOT an error here: back-propagation uses it as
 * written and the gradient check reports it on the `df` line (its range is kept in the layer source).
 */
import type { Node } from 'jsonc-parser';
import type { BuiltinActivation, CustomActivation } from '../engine/spec';
import { ACTIVATION_KINDS } from '../shared/kinds';
import { compileActivation, compileExpression, differentiate, formatExpression, parseExpression } from '../expr';
import * as C from './codes';
import { literalSpan } from './literal';
import { missingKeyAt, readObject, readString, valueOf, type Reporter } from './report';
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

/** Parses an expression written in the string literal `node`; reports errors inside the literal. */
function parseIn(r: Reporter, node: Node, text: string, what: string):
  { ast: Parameters<typeof compileExpression>[0] } | undefined {
  let result: ReturnType<typeof parseExpression>;
  try {
    result = parseExpression(text);
  } catch (e) {
    r.error(node, C.INVALID_EXPRESSION, `${what} could not be read: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
  if (result.ok) return { ast: result.ast };
  const raw = r.text.slice(node.offset, node.offset + node.length);
  const span = literalSpan(raw, node.offset, result.error.offset, result.error.length);
  r.error(r.lines.range(span.start, span.end - span.start), C.INVALID_EXPRESSION, `${what}: ${result.error.message}`);
  return undefined;
}

function compile(r: Reporter, node: Node, ast: Parameters<typeof compileExpression>[0], what: string): CompiledFn | undefined {
  try {
    return compileExpression(ast);
  } catch (e) {
    r.error(node, C.INVALID_EXPRESSION, `${what} could not be compiled: ${e instanceof Error ? e.message : String(e)}`);
    return undefined;
  }
}

/** `{ "name", "f", "df" }`; `label` names the layer in messages. Undefined when it has errors. */
export function readCustomActivation(r: Reporter, node: Node, label: string): CustomActivationResult | undefined {
  const props = readObject(r, node, CUSTOM_ACTIVATION_KEYS, `the custom activation of ${label}`);
  let ok = true;
  let name = 'custom';
  const nameNode = valueOf(props, 'name');
  if (nameNode) {
    const v = readString(r, nameNode, 'the activation name');
    if (v === undefined) ok = false;
    else if (v.trim() === '') {
      r.error(nameNode, C.INVALID_VALUE, 'the activation name is empty');
      ok = false;
    } else name = v;
  }
  const fNode = valueOf(props, 'f');
  const dfNode = valueOf(props, 'df');
  if (!props.has('f')) {
    r.error(missingKeyAt(r, node), C.MISSING_KEY,
      'a custom activation needs "f": the function of x, e.g. "f": "x / (1 + abs(x))"');
    ok = false;
  }
  let fAst: Parameters<typeof compileExpression>[0] | undefined;
  let fText: string | undefined;
  if (fNode) {
    fText = readString(r, fNode, '"f"');
    if (fText !== undefined) fAst = parseIn(r, fNode, fText, '"f"')?.ast;
    if (!fAst) ok = false;
  }
  let dfAst: Parameters<typeof compileExpression>[0] | undefined;
  let dfText: string | undefined;
  if (dfNode) {
    dfText = readString(r, dfNode, '"df"');
    if (dfText !== undefined) dfAst = parseIn(r, dfNode, dfText, '"df"')?.ast;
    if (!dfAst) ok = false;
  }
  if (!ok || !fNode || !fAst || fText === undefined) return undefined;

  let dfDerived = false;
  if (!dfNode) {
    let derived: ReturnType<typeof differentiate>;
    try {
      derived = differentiate(fAst);
    } catch {
      derived = undefined;
    }
    if (!derived) {
      // compileActivation knows which part of f (a min or max of x) has no derivative.
      let at: SourceRange = r.range(fNode);
      try {
        const c = compileActivation(fText, undefined);
        const e = c.ok ? undefined : c.errors.find((x) => x.which === 'f');
        if (e) {
          const raw = r.text.slice(fNode.offset, fNode.offset + fNode.length);
          const span = literalSpan(raw, fNode.offset, e.offset, e.length);
          at = r.lines.range(span.start, span.end - span.start);
        }
      } catch {
        // keep the whole literal
      }
      r.error(at, C.NO_DERIVATIVE,
        'the derivative of "f" cannot be found symbolically (min and max of x have steps): write it yourself as "df" next to "f"');
      return undefined;
    }
    dfAst = derived;
    try {
      dfText = formatExpression(derived);
    } catch {
      dfText = 'd/dx f(x)';
    }
    dfDerived = true;
  }
  if (!dfAst || dfText === undefined) return undefined;
  const f = compile(r, fNode, fAst, '"f"');
  const df = compile(r, dfNode ?? fNode, dfAst, dfNode ? '"df"' : 'the derivative of "f"');
  if (!f || !df) return undefined;
  return {
    activation: { kind: 'custom', name, f, df, fText, dfText },
    fRange: r.range(fNode),
    ...(dfNode ? { dfRange: r.range(dfNode) } : {}),
    dfDerived,
  };
}
