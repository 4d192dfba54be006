/**
 * Collecting diagnostics, and small typed readers over jsonc-parser's tree that report what is wrong
 * instead of throwing.
 */
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
  return name === undefined ? undefined : { text: JSON.stringify(name), title: `Change to '${name}'` };
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
      return `a string ("${s.length > 24 ? `${s.slice(0, 24)}…` : s}")`;
    }
    case 'number': return `a number (${String(node.value)})`;
    case 'boolean': return String(node.value);
    case 'null': return 'null';
    case 'array': return 'an array';
    case 'object': return 'an object';
    default: return 'something else';
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

/** Where keys belong, to help when one is written in the wrong object. */
const KEY_HOMES: Readonly<Record<string, string>> = {
  optimizer: 'inside "train"', learningRate: 'inside "train"', momentum: 'inside "train"', weightDecay: 'inside "train"',
  batchSize: 'inside "train"', epochs: 'inside "train"', shuffle: 'inside "train"',
  units: 'inside a layer object of "layers"', activation: 'inside a layer object of "layers"',
  weights: 'inside a layer object of "layers"', bias: 'inside a layer object of "layers"', type: 'inside a layer object of "layers"',
  targets: 'inside "data"', test: 'inside "data"', csv: 'inside "data"', features: 'inside "data"', target: 'inside "data"',
  split: 'inside "data"', normalize: 'inside "data"',
  seed: 'at the top level of the model', loss: 'at the top level of the model', layers: 'at the top level of the model',
  f: 'inside a custom activation object { "name", "f", "df" }', df: 'inside a custom activation object { "name", "f", "df" }',
  uniform: 'inside an "init" object', normal: 'inside an "init" object',
};

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
        `'${key}' is given twice in ${where} (first on line ${r.lineOf(earlier.keyNode.offset)}): this last one is used`);
    }
    if (!known.includes(key)) {
      const near = closest(key, known);
      let message = `unknown key '${key}' in ${where}${near === undefined ? '' : ` (did you mean '${near}'?)`}; it is ignored`;
      if (near === undefined) {
        const homes = Object.keys(KEY_HOMES);
        const other = homes.includes(key) ? key : key.length >= 4 ? closest(key, homes.filter((h) => h.length >= 4)) : undefined;
        if (other !== undefined) {
          message = other === key
            ? `'${key}' does not belong in ${where}: it belongs ${KEY_HOMES[other]}; here it is ignored`
            : `unknown key '${key}' in ${where}; did you mean '${other}', which belongs ${KEY_HOMES[other]}? Here it is ignored`;
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
    r.error(node, C.WRONG_TYPE, `${what} must be a number, not ${describe(node)}`);
    return undefined;
  }
  const v = node.value as number;
  if (!Number.isFinite(v)) {
    r.error(node, C.NON_FINITE, `${what} is not a finite number: '${r.text.slice(node.offset, node.offset + node.length)}' overflows a 64-bit float`);
    return undefined;
  }
  return v;
}

/** An integer >= min, else reports and returns undefined. */
export function readInteger(r: Reporter, node: Node, what: string, min?: number): number | undefined {
  const v = readNumber(r, node, what);
  if (v === undefined) return undefined;
  if (Number.isInteger(v) && !Number.isSafeInteger(v)) {
    r.error(node, C.INVALID_VALUE, `${what} is too large: whole numbers up to ${Number.MAX_SAFE_INTEGER} in size are exact`);
    return undefined;
  }
  if (!Number.isSafeInteger(v)) {
    r.error(node, C.INVALID_VALUE, `${what} must be a whole number${min === undefined ? '' : ` ≥ ${min}`}, not ${v}`);
    return undefined;
  }
  if (min !== undefined && v < min) {
    r.error(node, C.INVALID_VALUE, `${what} must be at least ${min}, not ${v}`);
    return undefined;
  }
  return v;
}

export function readString(r: Reporter, node: Node, what: string): string | undefined {
  if (node.type !== 'string') {
    r.error(node, C.WRONG_TYPE, `${what} must be a string in double quotes, not ${describe(node)}`);
    return undefined;
  }
  return String(node.value);
}

export function readBoolean(r: Reporter, node: Node, what: string): boolean | undefined {
  if (node.type !== 'boolean') {
    r.error(node, C.WRONG_TYPE, `${what} must be true or false, not ${describe(node)}`);
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
  r.error(node, code,
    `unknown ${what} '${s}'${near === undefined ? '' : ` (did you mean '${near}'?)`}: use ${listOf(choices)}`, renameFix(near));
  return undefined;
}

export function suggestChoice<T extends string>(s: string, choices: readonly T[], aliases?: Readonly<Record<string, T>>): T | undefined {
  const key = aliasKey(s);
  if (aliases) {
    for (const [alias, target] of Object.entries(aliases)) if (aliasKey(alias) === key) return target;
  }
  return closest(s, choices) as T | undefined;
}

function listOf(words: readonly string[]): string {
  const q = words.map((w) => `'${w}'`);
  return q.length <= 1 ? q.join('') : `${q.slice(0, -1).join(', ')} or ${q[q.length - 1]}`;
}

/** "1 row", "3 rows" */
export function plural(n: number, word: string, pluralWord = `${word}s`): string {
  return `${n} ${n === 1 ? word : pluralWord}`;
}

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
