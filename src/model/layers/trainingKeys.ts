/**
 * Model file 1.1 keys about training: a layer's `trainable` (frozen parameters) and `train.schedule`
 * (learning-rate schedules `step`, `exponential`, `cosine`, docs/spec/model-file-v1.1-layers.md).
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import type { ScheduleSpec } from '../../engine/schedules';
import type { TrainableSpec } from '../../engine/layers/spec';
import * as C from '../codes';
import { describe, listOfNames, missingKeyAt, readBoolean, readChoice, readInteger, readNumber, readObject, valueOf, type Prop, type Reporter } from '../report';

export const SCHEDULE_TYPES = ['step', 'exponential', 'cosine'] as const;
export const SCHEDULE_KEYS = ['type', 'every', 'factor', 'gamma', 'min'] as const;
export const TRAINABLE_KEYS = ['weights', 'bias'] as const;

/** `true`, `false`, or `{ "weights": bool, "bias": bool }`. */
export function readTrainable(r: Reporter, node: Node, label: string): TrainableSpec | undefined {
  if (node.type === 'boolean') return node.value as boolean;
  if (node.type !== 'object') {
    r.error(node, C.WRONG_TYPE,
      l10n.t('trainable of {0} must be true, false or {1}, not {2}', label, '{ "weights": true, "bias": false }', describe(node)));
    return undefined;
  }
  const props = readObject(r, node, TRAINABLE_KEYS, l10n.t('trainable of {0}', label));
  const spec: { weights?: boolean; bias?: boolean } = {};
  let ok = true;
  for (const key of TRAINABLE_KEYS) {
    const v = valueOf(props, key);
    if (!v) continue;
    const b = readBoolean(r, v, l10n.t('{0} of {1}', `trainable.${key}`, label));
    if (b === undefined) ok = false;
    else spec[key] = b;
  }
  return ok ? spec : undefined;
}

/** `{ "type": "step", "every": 10, "factor": 0.5 }`, `{ "type": "exponential", "gamma": 0.95 }`, `{ "type": "cosine", "min": 0 }`. */
export function readSchedule(r: Reporter, node: Node, learningRate: number | undefined): ScheduleSpec | undefined {
  const usage = l10n.t('e.g. {0}, {1} or {2}', '{ "type": "step", "every": 10, "factor": 0.5 }', '{ "type": "exponential", "gamma": 0.95 }', '{ "type": "cosine" }');
  if (node.type !== 'object') {
    r.error(node, C.WRONG_TYPE, l10n.t('schedule must be an object, {0}, not {1}', usage, describe(node)));
    return undefined;
  }
  const props = readObject(r, node, SCHEDULE_KEYS, l10n.t('the schedule'));
  const typeNode = valueOf(props, 'type');
  if (!typeNode) {
    if (!props.has('type')) r.error(missingKeyAt(r, node), C.MISSING_KEY, l10n.t('the schedule needs "type": {0} ({1})', listOfNames(SCHEDULE_TYPES), usage));
    return undefined;
  }
  const type = readChoice(r, typeNode, l10n.t('schedule type'), SCHEDULE_TYPES, C.INVALID_VALUE, { steplr: 'step', exponentiallr: 'exponential', exp: 'exponential', cosineannealing: 'cosine', cosineannealinglr: 'cosine' });
  if (type === undefined) return undefined;
  const allowed: Record<typeof type, readonly string[]> = { step: ['every', 'factor'], exponential: ['gamma'], cosine: ['min'] };
  let ok = true;
  for (const [key, prop] of props) {
    if (key !== 'type' && (SCHEDULE_KEYS as readonly string[]).includes(key) && !allowed[type].includes(key)) {
      r.error(prop.keyNode, C.INVALID_VALUE, l10n.t('a "{0}" schedule has no "{1}": it takes {2}', type, key, allowed[type].map((k) => `"${k}"`).reduce((a, b) => l10n.t('{0} and {1}', a, b))));
      ok = false;
    }
  }
  const typed = readScheduleOfType(r, node, props, type, learningRate);
  return ok ? typed : undefined;
}

/** The keys of one schedule type. */
function readScheduleOfType(
  r: Reporter, node: Node, props: Map<string, Prop>, type: (typeof SCHEDULE_TYPES)[number], learningRate: number | undefined,
): ScheduleSpec | undefined {
  const need = (key: string, what: string): Node | undefined => {
    const v = valueOf(props, key);
    if (!v && !props.has(key)) r.error(missingKeyAt(r, node), C.MISSING_KEY, l10n.t('a "{0}" schedule needs "{1}": {2}', type, key, what));
    return v;
  };
  const factorLike = (n: Node, key: string): number | undefined => {
    const x = readNumber(r, n, l10n.t('{0} of the schedule', key));
    if (x === undefined) return undefined;
    if (!(x > 0 && x <= 1)) {
      r.error(n, C.INVALID_VALUE, l10n.t('{0} of the schedule multiplies the learning rate: it must be greater than 0 and at most 1, not {1}', key, x));
      return undefined;
    }
    return x;
  };
  switch (type) {
    case 'step': {
      const everyNode = need('every', l10n.t('the number of epochs between two cuts, e.g. 10'));
      const factorNode = need('factor', l10n.t('what each cut multiplies the rate by, e.g. 0.5'));
      const every = everyNode ? readInteger(r, everyNode, l10n.t('{0} of the schedule', 'every'), 1) : undefined;
      const factor = factorNode ? factorLike(factorNode, 'factor') : undefined;
      return every !== undefined && factor !== undefined ? { type, every, factor } : undefined;
    }
    case 'exponential': {
      const gammaNode = need('gamma', l10n.t('what each epoch multiplies the rate by, e.g. 0.95'));
      const gamma = gammaNode ? factorLike(gammaNode, 'gamma') : undefined;
      return gamma !== undefined ? { type, gamma } : undefined;
    }
    case 'cosine': {
      const minNode = valueOf(props, 'min');
      if (!minNode) return { type };
      const min = readNumber(r, minNode, l10n.t('{0} of the schedule', 'min'));
      if (min === undefined) return undefined;
      if (!(min >= 0) || (learningRate !== undefined && min > learningRate)) {
        r.error(minNode, C.INVALID_VALUE, l10n.t('min of the schedule is the lowest learning rate: it must be at least 0 and at most the learningRate ({0}), not {1}', learningRate ?? 0.01, min));
        return undefined;
      }
      return { type, min };
    }
  }
}
