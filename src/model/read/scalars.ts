/**
 * Table-driven reading of single values. A {@link ScalarTable} lists, for each key of an object, how its
 * value is read (its {@link ScalarKind}: a number, a whole number from a minimum, a string, true or
 * false, a name from a closed list, ...), the rule it must meet beyond its kind with the message when it
 * does not, and its default. {@link readScalars} reads every key of a table the same way, reporting
 * each problem; a section reader then only adds what relates one key to another.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import * as C from '../codes';
import { readBoolean, readChoice, readInteger, readNumber, readString, valueOf, type Prop, type Reporter } from '../report';
import { MAX_UNITS } from './vocabulary';

/**
 * How a value of one kind is read: the value, or undefined when it is of another kind (reported).
 * `what` names the value in messages.
 */
export type ScalarKind<T> = (r: Reporter, node: Node, what: string) => T | undefined;

/** A finite number. */
export const aNumber: ScalarKind<number> = readNumber;
/** A string in double quotes. */
export const aString: ScalarKind<string> = readString;
/** true or false. */
export const aBoolean: ScalarKind<boolean> = readBoolean;

/** A whole number, at least `min` when given. */
export function aWholeNumber(min?: number): ScalarKind<number> {
  return (r, node, what) => readInteger(r, node, what, min);
}

/** A name from `choices`; any other is reported as `code`, with a suggestion from `aliases` or the closest spelling. */
export function aChoice<T extends string>(
  choices: readonly T[], code: string, aliases?: Readonly<Record<string, T>>,
): ScalarKind<T> {
  return (r, node, what) => readChoice(r, node, what, choices, code, aliases);
}

/** How one key is read. */
export interface ScalarRule<T> {
  readonly kind: ScalarKind<T>;
  /** How messages name the value; the key when absent. */
  readonly what?: string;
  /**
   * A rule a value of the right kind must also meet; when it does not, `message` is reported as
   * `invalid-value` on the value and the key counts as wrong.
   */
  readonly valid?: (value: T) => boolean;
  readonly message?: (value: T, what: string) => string;
  /** The value when the key is absent or wrong. */
  readonly default?: T;
}

/** A rule for each key of `S`, in the order the keys are read. */
export type ScalarTable<S> = { readonly [K in keyof S]-?: ScalarRule<Exclude<S[K], undefined>> };

/** What {@link readScalars} read: each key's value (or its default), and whether every key present was right. */
export interface ScalarValues<S> {
  readonly values: { -readonly [K in keyof S]?: S[K] };
  readonly ok: boolean;
}

/**
 * Reads every key of `table` that `props` holds, in table order, reporting each problem. A key that
 * is absent, or wrong, takes its rule's default (when it has one).
 */
export function readScalars<S>(r: Reporter, props: Map<string, Prop>, table: ScalarTable<S>): ScalarValues<S> {
  const values: { -readonly [K in keyof S]?: S[K] } = {};
  let ok = true;
  for (const key of Object.keys(table) as (keyof S & string)[]) {
    const rule = table[key];
    const node = valueOf(props, key);
    const value = node ? readScalar(r, node, rule, key) : undefined;
    if (node && value === undefined) ok = false;
    const chosen = value ?? rule.default;
    if (chosen !== undefined) values[key] = chosen as S[typeof key];
  }
  return { values, ok };
}

/** One value by its rule; undefined when it is of the wrong kind or breaks the rule (reported). */
export function readScalar<T>(r: Reporter, node: Node, rule: ScalarRule<T>, key: string): T | undefined {
  const what = rule.what ?? key;
  const value = rule.kind(r, node, what);
  if (value === undefined) return undefined;
  if (rule.valid && !rule.valid(value)) {
    r.error(node, C.INVALID_VALUE, rule.message ? rule.message(value, what) : l10n.t('{0} cannot be {1}', what, String(value)));
    return undefined;
  }
  return value;
}

/** A size (`inputs`, a layer's `units`): a whole number from 1 to {@link MAX_UNITS}. */
export const SIZE: ScalarRule<number> = {
  kind: aWholeNumber(1),
  valid: (v) => v <= MAX_UNITS,
  message: (v, what) => l10n.t('{0} is {1}; at most {2} are supported', what, v, MAX_UNITS.toLocaleString('en-US')),
};

/** A string that is not empty (nor only spaces). */
export function nonEmpty(s: string): boolean {
  return s.trim() !== '';
}
