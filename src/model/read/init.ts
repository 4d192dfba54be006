/**
 * Initialisers (`init`, at the top level or in a layer): a name ("xavier", "he", "zeros") or an object
 * with exactly one key, {"uniform": [lo, hi]} or {"normal": [mean, std]}.
 */
import type { Node } from 'jsonc-parser';
import type { InitSpec } from '../../engine/spec';
import * as C from '../codes';
import { describe, items, readNumber, renameFix, suggestChoice, type Reporter } from '../report';
import { closest, ownEntry } from '../suggest';
import { INIT_KINDS, INIT_NAMES } from './vocabulary';

const USAGE = 'use "xavier", "he", "zeros", {"uniform": [lo, hi]} or {"normal": [mean, std]}';

/** Reads an initialiser; `what` names it in messages ("init", "init of layer 'h'"). Undefined when it has errors (reported). */
export function readInit(r: Reporter, node: Node, what: string): InitSpec | undefined {
  if (node.type === 'string') return readInitName(r, node, what);
  if (node.type === 'object') return readInitObject(r, node);
  r.error(node, C.WRONG_TYPE, `${what} must be a string or an object (${USAGE.slice(4)}), not ${describe(node)}`);
  return undefined;
}

function readInitName(r: Reporter, node: Node, what: string): InitSpec | undefined {
  const s = String(node.value);
  if ((INIT_NAMES as readonly string[]).includes(s)) return s as InitSpec;
  if (s === 'uniform' || s === 'normal') {
    const example = s === 'uniform' ? '{"uniform": [-0.5, 0.5]}' : '{"normal": [0, 0.1]}';
    r.error(node, C.UNKNOWN_INIT, `"${s}" needs its parameters: write ${example}`, { text: example, title: `Write ${example}` });
    return undefined;
  }
  const aliases: Record<string, string> = {
    glorot: 'xavier', 'glorot-uniform': 'xavier', glorotuniform: 'xavier', 'xavier-uniform': 'xavier',
    kaiming: 'he', 'kaiming-normal': 'he', 'he-normal': 'he', henormal: 'he', zero: 'zeros',
  };
  const near = ownEntry(aliases, s.toLowerCase().replace(/_/g, '-')) ?? closest(s, INIT_NAMES);
  r.error(node, C.UNKNOWN_INIT,
    `unknown ${what} '${s}'${near === undefined ? '' : ` (did you mean '${near}'?)`}: ${USAGE}`, renameFix(near));
  return undefined;
}

/** `{"uniform": [lo, hi]}` or `{"normal": [mean, std]}`: the first key is read, any further key is an error. */
function readInitObject(r: Reporter, node: Node): InitSpec | undefined {
  const propsList = (node.children ?? []).filter((p) => p.type === 'property' && p.children?.[0]);
  if (propsList.length === 0) {
    r.error(node, C.UNKNOWN_INIT, `an empty object is not an initialiser: ${USAGE}`);
    return undefined;
  }
  const result = readInitEntry(r, propsList[0]!);
  for (const extra of propsList.slice(1)) {
    const keyNode = extra.children![0]!;
    r.error(keyNode, C.INVALID_VALUE, `an initialiser object has exactly one key, "uniform" or "normal": remove '${String(keyNode.value)}'`);
  }
  return propsList.length === 1 ? result : undefined;
}

/** One `"uniform": [lo, hi]` or `"normal": [mean, std]` property. */
function readInitEntry(r: Reporter, p: Node): InitSpec | undefined {
  const keyNode = p.children![0]!;
  const key = String(keyNode.value);
  const value = p.children![1];
  if (key !== 'uniform' && key !== 'normal') {
    const near = suggestChoice(key, INIT_KINDS, { gaussian: 'normal', gauss: 'normal', randn: 'normal', rand: 'uniform' });
    r.error(keyNode, C.UNKNOWN_INIT,
      `unknown initialiser '${key}'${near === undefined ? '' : ` (did you mean '${near}'?)`}: ${USAGE}`, renameFix(near));
    return undefined;
  }
  if (!value) return undefined;
  const pair = key === 'uniform' ? '[lo, hi]' : '[mean, std]';
  if (value.type !== 'array') {
    r.error(value, C.WRONG_TYPE, `"${key}" takes two numbers ${pair}, not ${describe(value)}`);
    return undefined;
  }
  const nums = items(value).map((n, k) => readNumber(r, n, `${key}[${k}]`));
  if (nums.length !== 2) {
    r.error(value, C.INVALID_VALUE, `"${key}" takes exactly two numbers ${pair}, not ${nums.length}`);
    return undefined;
  }
  const [a, b] = nums;
  if (a === undefined || b === undefined) return undefined;
  if (key === 'uniform' && a > b) {
    r.error(value, C.INVALID_VALUE, `"uniform": [lo, hi] needs lo ≤ hi, but ${a} > ${b}`);
    return undefined;
  }
  if (key === 'normal' && b < 0) {
    r.error(items(value)[1]!, C.INVALID_VALUE, `"normal": [mean, std] needs std ≥ 0, not ${b}`);
    return undefined;
  }
  return key === 'uniform' ? { uniform: [a, b] } : { normal: [a, b] };
}
