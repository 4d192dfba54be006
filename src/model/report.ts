/**
 * Collecting diagnostics, and small typed readers over jsonc-parser's tree that report what is wrong
 * instead of throwing. Messages are written with `l10n.t` of @vscode/l10n (whole sentences, the
 * changing parts as {0}, {1}): in the editor they come out in the language the host loaded into the
 * worker; the command-line tool loads no bundle and gets the English texts.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import * as C from './codes';
import { closest } from './suggest';
import { LineIndex } from './text';
import type { ModelDiagnostic, ModelSeverity, PropertyRanges, SourceRange } from './types';

export type At = Node | SourceRange;

/** A quick fix: `text` (in JSON form) replaces `range` (default: the diagnostic's range). */
export interface Fix {
  readonly text: string;
  readonly title?: string;
  readonly range?: At;
}

/** The fix that replaces a string literal by another name. */
export function renameFix(name: string | undefined): Fix | undefined {
  return name === undefined ? undefined : { text: JSON.stringify(name), title: l10n.t("Change to '{0}'", name) };
}

function isRange(at: At): at is SourceRange {
  return (at as SourceRange).start !== undefined && (at as SourceRange).startOffset !== undefined;
}

export class Reporter {
  readonly diagnostics: ModelDiagnostic[] = [];
  readonly lines: LineIndex;

  constructor(readonly text: string) {
    this.lines = new LineIndex(text);
  }

  range(at: At): SourceRange {
    return isRange(at) ? at : this.lines.range(at.offset, at.length);
  }

  /**
   * Adds a diagnostic. `fix`, when given, is its quick fix: `text` (JSON, quotes included for
   * strings) replaces the fix range (default: the diagnostic's range).
   */
  add(severity: ModelSeverity, at: At, code: string, message: string, fix?: Fix): void {
    const range = this.range(at);
    const d: ModelDiagnostic = fix === undefined
      ? { message, range, severity, code }
      : {
        message, range, severity, code,
        data: {
          suggestion: fix.text,
          ...(fix.range !== undefined ? { fixRange: this.range(fix.range) } : {}),
          ...(fix.title !== undefined ? { fixTitle: fix.title } : {}),
        },
      };
    this.diagnostics.push(d);
  }

  error(at: At, code: string, message: string, fix?: Fix): void {
    this.add('error', at, code, message, fix);
  }

  warning(at: At, code: string, message: string, fix?: Fix): void {
    this.add('warning', at, code, message, fix);
  }

  info(at: At, code: string, message: string, fix?: Fix): void {
    this.add('info', at, code, message, fix);
  }

  get errorCount(): number {
    let n = 0;
    for (const d of this.diagnostics) if (d.severity === 'error') n++;
    return n;
  }

  /** 1-based line of an offset, for messages ("see line 7"). */
  lineOf(offset: number): number {
    return this.lines.position(offset).line + 1;
  }
}

/** One property of an object: its key node and, unless the text is broken, its value node. */
export interface Prop {
  readonly key: string;
  readonly keyNode: Node;
  readonly value?: Node;
}

/** How a value reads in a message: `a string ("abc")`, `a number (3)`, `an array`, ... */
export function describe(node: Node): string {
  switch (node.type) {
    case 'string': {
      const s = String(node.value);
      return l10n.t('a string ("{0}")', s.length > 24 ? `${s.slice(0, 24)}…` : s);
    }
    case 'number': return l10n.t('a number ({0})', String(node.value));
    case 'boolean': return String(node.value);
    case 'null': return 'null';
    case 'array': return l10n.t('an array');
    case 'object': return l10n.t('an object');
    default: return l10n.t('something else');
  }
}

/** Where a missing key is reported: the key whose value the object is, else its opening brace. */
export function missingKeyAt(r: Reporter, obj: Node): SourceRange {
  const parent = obj.parent;
  if (parent && parent.type === 'property' && parent.children && parent.children[0]) {
    return r.range(parent.children[0]);
  }
  return r.lines.range(obj.offset, 1);
}

/** The keys that belong in some object of a model file, to help when one is written in the wrong one. */
const KEY_HOME: Readonly<Record<string, 'train' | 'layer' | 'data' | 'top' | 'custom' | 'init'>> = {
  optimizer: 'train', learningRate: 'train', momentum: 'train', weightDecay: 'train', batchSize: 'train', epochs: 'train', shuffle: 'train',
  units: 'layer', activation: 'layer', weights: 'layer', bias: 'layer', type: 'layer',
  targets: 'data', test: 'data', csv: 'data', features: 'data', target: 'data', split: 'data', normalize: 'data',
  seed: 'top', loss: 'top', layers: 'top',
  f: 'custom', df: 'custom',
  uniform: 'init', normal: 'init',
};

/** Where a key belongs, in words: `inside "train"`. */
function keyHome(key: string): string {
  switch (KEY_HOME[key]) {
    case 'train': return l10n.t('inside {0}', '"train"');
    case 'layer': return l10n.t('inside a layer object of {0}', '"layers"');
    case 'data': return l10n.t('inside {0}', '"data"');
    case 'top': return l10n.t('at the top level of the model');
    case 'custom': return l10n.t('inside a custom activation object {0}', '{ "name", "f", "df" }');
    default: return l10n.t('inside an {0} object', '"init"');
  }
}

/**
 * The properties of an object node. Warns about duplicate keys (the last one is used, as in JSON)
 * and unknown keys (with the nearest known key as a suggestion).
 */
export function readObject(r: Reporter, obj: Node, known: readonly string[], where: string): Map<string, Prop> {
  const props = new Map<string, Prop>();
  for (const child of obj.children ?? []) {
    if (child.type !== 'property') continue;
    const keyNode = child.children?.[0];
    if (!keyNode || keyNode.type !== 'string') continue;
    const key = String(keyNode.value);
    const value = child.children?.[1];
    const earlier = props.get(key);
    if (earlier) {
      r.warning(keyNode, C.DUPLICATE_KEY,
        l10n.t("'{0}' is given twice in {1} (first on line {2}): this last one is used", key, where, r.lineOf(earlier.keyNode.offset)));
    }
    if (!known.includes(key)) {
      const near = closest(key, known);
      let message = near === undefined
        ? l10n.t("unknown key '{0}' in {1}; it is ignored", key, where)
        : l10n.t("unknown key '{0}' in {1} (did you mean '{2}'?); it is ignored", key, where, near);
      if (near === undefined) {
        const homes = Object.keys(KEY_HOME);
        const other = homes.includes(key) ? key : key.length >= 4 ? closest(key, homes.filter((h) => h.length >= 4)) : undefined;
        if (other !== undefined) {
          message = other === key
            ? l10n.t("'{0}' does not belong in {1}: it belongs {2}; here it is ignored", key, where, keyHome(other))
            : l10n.t("unknown key '{0}' in {1}; did you mean '{2}', which belongs {3}? Here it is ignored", key, where, other, keyHome(other));
        }
      }
      r.warning(keyNode, C.UNKNOWN_KEY, message, renameFix(near));
    }
    props.set(key, value ? { key, keyNode, value } : { key, keyNode });
  }
  return props;
}

/** The ranges of every key and value of an object read by {@link readObject}. */
export function propertyRanges(r: Reporter, props: Map<string, Prop>): PropertyRanges {
  return Object.fromEntries([...props].map(([key, p]) => [
    key, p.value ? { key: r.range(p.keyNode), value: r.range(p.value) } : { key: r.range(p.keyNode) },
  ]));
}

/** The value node of `key`, or undefined (absent, or broken text). */
export function valueOf(props: Map<string, Prop>, key: string): Node | undefined {
  return props.get(key)?.value;
}

/** The array's element nodes. */
export function items(node: Node): Node[] {
  return node.children ?? [];
}

/** A finite number, else reports `wrong-type` / `non-finite` and returns undefined. */
export function readNumber(r: Reporter, node: Node, what: string): number | undefined {
  if (node.type !== 'number') {
    r.error(node, C.WRONG_TYPE, l10n.t('{0} must be a number, not {1}', what, describe(node)));
    return undefined;
  }
  const v = node.value as number;
  if (!Number.isFinite(v)) {
    r.error(node, C.NON_FINITE, l10n.t("{0} is not a finite number: '{1}' overflows a 64-bit float", what, r.text.slice(node.offset, node.offset + node.length)));
    return undefined;
  }
  return v;
}

/** An integer >= min, else reports and returns undefined. */
export function readInteger(r: Reporter, node: Node, what: string, min?: number): number | undefined {
  const v = readNumber(r, node, what);
  if (v === undefined) return undefined;
  if (Number.isInteger(v) && !Number.isSafeInteger(v)) {
    r.error(node, C.INVALID_VALUE, l10n.t('{0} is too large: whole numbers up to {1} in size are exact', what, Number.MAX_SAFE_INTEGER));
    return undefined;
  }
  if (!Number.isSafeInteger(v)) {
    r.error(node, C.INVALID_VALUE, min === undefined
      ? l10n.t('{0} must be a whole number, not {1}', what, v)
      : l10n.t('{0} must be a whole number ≥ {1}, not {2}', what, min, v));
    return undefined;
  }
  if (min !== undefined && v < min) {
    r.error(node, C.INVALID_VALUE, l10n.t('{0} must be at least {1}, not {2}', what, min, v));
    return undefined;
  }
  return v;
}

export function readString(r: Reporter, node: Node, what: string): string | undefined {
  if (node.type !== 'string') {
    r.error(node, C.WRONG_TYPE, l10n.t('{0} must be a string in double quotes, not {1}', what, describe(node)));
    return undefined;
  }
  return String(node.value);
}

export function readBoolean(r: Reporter, node: Node, what: string): boolean | undefined {
  if (node.type !== 'boolean') {
    r.error(node, C.WRONG_TYPE, l10n.t('{0} must be true or false, not {1}', what, describe(node)));
    return undefined;
  }
  return node.value as boolean;
}

/** Lower case without separators, for matching aliases: `Categorical_CrossEntropy` → `categoricalcrossentropy`. */
export function aliasKey(s: string): string {
  return s.toLowerCase().replace(/[-_\s.]/g, '');
}

/**
 * A name from a closed list; otherwise reports `code` with a suggestion: the name meant by a known
 * alias (`aliases` keys are compared with {@link aliasKey}), else the closest spelling.
 */
export function readChoice<T extends string>(
  r: Reporter, node: Node, what: string, choices: readonly T[], code: string, aliases?: Readonly<Record<string, T>>,
): T | undefined {
  const s = readString(r, node, what);
  if (s === undefined) return undefined;
  if ((choices as readonly string[]).includes(s)) return s as T;
  const near = suggestChoice(s, choices, aliases);
  r.error(node, code, near === undefined
    ? l10n.t("unknown {0} '{1}': use {2}", what, s, listOf(choices))
    : l10n.t("unknown {0} '{1}' (did you mean '{2}'?): use {3}", what, s, near, listOf(choices)), renameFix(near));
  return undefined;
}

export function suggestChoice<T extends string>(s: string, choices: readonly T[], aliases?: Readonly<Record<string, T>>): T | undefined {
  const key = aliasKey(s);
  if (aliases) {
    for (const [alias, target] of Object.entries(aliases)) if (aliasKey(alias) === key) return target;
  }
  return closest(s, choices) as T | undefined;
}

/** `'a', 'b' or 'c'`. */
export function listOf(words: readonly string[]): string {
  return quotedList(words.map((w) => `'${w}'`));
}

/** `"a", "b" or "c"`: names as a file writes them. */
export function listOfNames(words: readonly string[]): string {
  return quotedList(words.map((w) => `"${w}"`));
}

function quotedList(q: readonly string[]): string {
  return q.length <= 1 ? q.join('') : l10n.t('{0} or {1}', q.slice(0, -1).join(', '), q[q.length - 1]!);
}

/**
 * "1 row", "3 rows": each counted word of the reader's messages, its singular and its plural as two
 * texts (languages count differently).
 */
export const count = {
  unit: (n: number) => (n === 1 ? l10n.t('{0} unit', n) : l10n.t('{0} units', n)),
  row: (n: number) => (n === 1 ? l10n.t('{0} row', n) : l10n.t('{0} rows', n)),
  number: (n: number) => (n === 1 ? l10n.t('{0} number', n) : l10n.t('{0} numbers', n)),
  field: (n: number) => (n === 1 ? l10n.t('{0} field', n) : l10n.t('{0} fields', n)),
  column: (n: number) => (n === 1 ? l10n.t('{0} column', n) : l10n.t('{0} columns', n)),
  output: (n: number) => (n === 1 ? l10n.t('{0} output', n) : l10n.t('{0} outputs', n)),
  class: (n: number) => (n === 1 ? l10n.t('{0} class', n) : l10n.t('{0} classes', n)),
  trainingSample: (n: number) => (n === 1 ? l10n.t('{0} training sample', n) : l10n.t('{0} training samples', n)),
  moreRow: (n: number) => (n === 1 ? l10n.t('{0} more row', n) : l10n.t('{0} more rows', n)),
  entry: (n: number) => (n === 1 ? l10n.t('{0} entry', n) : l10n.t('{0} entries', n)),
  array: (n: number) => (n === 1 ? l10n.t('{0} array', n) : l10n.t('{0} arrays', n)),
};

/** "1st", "2nd", ... for human row numbers. */
export function ordinal(n: number): string {
  const s = n % 100;
  if (s >= 11 && s <= 13) return `${n}th`;
  switch (n % 10) {
    case 1: return `${n}st`;
    case 2: return `${n}nd`;
    case 3: return `${n}rd`;
    default: return `${n}th`;
  }
}
