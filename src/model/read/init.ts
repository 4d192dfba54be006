/**
 * Initialisers (`init`, at the top level or in a layer): a name ("xavier", "he", "zeros") or an object
 * with exactly one key, {"uniform": [lo, hi]} or {"normal": [mean, std]}.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import type { InitSpec } from '../../engine/spec';
import * as C from '../codes';
import { describe, items, readNumber, renameFix, suggestChoice, type Reporter } from '../report';
import { closest, ownEntry } from '../suggest';
import { INIT_KINDS, INIT_NAMES } from './vocabulary';

/** The initialisers a file may name, as they are written. */
const INIT_CHOICES = ['"xavier", "he", "zeros", {"uniform": [lo, hi]}', '{"normal": [mean, std]}'] as const;

/** `use "xavier", …`: how to write an initialiser. */
function usage(): string {
  return l10n.t('use {0} or {1}', ...INIT_CHOICES);
}

/** Reads an initialiser; `what` names it in messages ("init", "init of layer 'h'"). Undefined when it has errors (reported). */
export function readInit(r: Reporter, node: Node, what: string): InitSpec | undefined {
  if (node.type === 'string') return readInitName(r, node, what);
  if (node.type === 'object') return readInitObject(r, node);
  r.error(node, C.WRONG_TYPE, l10n.t('{0} must be a string or an object ({1} or {2}), not {3}', what, ...INIT_CHOICES, describe(node)));
  return undefined;
}

function readInitName(r: Reporter, node: Node, what: string): InitSpec | undefined {
  const s = String(node.value);
  if ((INIT_NAMES as readonly string[]).includes(s)) return s as InitSpec;
  if (s === 'uniform' || s === 'normal') {
    const example = s === 'uniform' ? '{"uniform": [-0.5, 0.5]}' : '{"normal": [0, 0.1]}';
    r.error(node, C.UNKNOWN_INIT, l10n.t('"{0}" needs its parameters: write {1}', s, example), { text: example, title: l10n.t('Write {0}', example) });
    return undefined;
  }
  const aliases: Record<string, string> = {
    glorot: 'xavier', 'glorot-uniform': 'xavier', glorotuniform: 'xavier', 'xavier-uniform': 'xavier',
    kaiming: 'he', 'kaiming-normal': 'he', 'he-normal': 'he', henormal: 'he', zero: 'zeros',
  };
  const near = ownEntry(aliases, s.toLowerCase().replace(/_/g, '-')) ?? closest(s, INIT_NAMES);
  r.error(node, C.UNKNOWN_INIT,
    near === undefined
      ? l10n.t("unknown {0} '{1}': {2}", what, s, usage())
      : l10n.t("unknown {0} '{1}' (did you mean '{2}'?): {3}", what, s, near, usage()), renameFix(near));
  return undefined;
}

/** `{"uniform": [lo, hi]}` or `{"normal": [mean, std]}`: the first key is read, any further key is an error. */
function readInitObject(r: Reporter, node: Node): InitSpec | undefined {
  const propsList = (node.children ?? []).filter((p) => p.type === 'property' && p.children?.[0]);
  if (propsList.length === 0) {
    r.error(node, C.UNKNOWN_INIT, l10n.t('an empty object is not an initialiser: {0}', usage()));
    return undefined;
  }
  const result = readInitEntry(r, propsList[0]!);
  for (const extra of propsList.slice(1)) {
    const keyNode = extra.children![0]!;
    r.error(keyNode, C.INVALID_VALUE, l10n.t('an initialiser object has exactly one key, "uniform" or "normal": remove \'{0}\'', String(keyNode.value)));
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
      near === undefined
        ? l10n.t("unknown initialiser '{0}': {1}", key, usage())
        : l10n.t("unknown initialiser '{0}' (did you mean '{1}'?): {2}", key, near, usage()), renameFix(near));
    return undefined;
  }
  if (!value) return undefined;
  const pair = key === 'uniform' ? '[lo, hi]' : '[mean, std]';
  if (value.type !== 'array') {
    r.error(value, C.WRONG_TYPE, l10n.t('"{0}" takes two numbers {1}, not {2}', key, pair, describe(value)));
    return undefined;
  }
  const nums = items(value).map((n, k) => readNumber(r, n, `${key}[${k}]`));
  if (nums.length !== 2) {
    r.error(value, C.INVALID_VALUE, l10n.t('"{0}" takes exactly two numbers {1}, not {2}', key, pair, nums.length));
    return undefined;
  }
  const [a, b] = nums;
  if (a === undefined || b === undefined) return undefined;
  if (key === 'uniform' && a > b) {
    r.error(value, C.INVALID_VALUE, l10n.t('"uniform": [lo, hi] needs lo ≤ hi, but {0} > {1}', a, b));
    return undefined;
  }
  if (key === 'normal' && b < 0) {
    r.error(items(value)[1]!, C.INVALID_VALUE, l10n.t('"normal": [mean, std] needs std ≥ 0, not {0}', b));
    return undefined;
  }
  return key === 'uniform' ? { uniform: [a, b] } : { normal: [a, b] };
}
