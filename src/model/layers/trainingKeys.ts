/**
 * Model file 1.1 keys about training: a layer's `trainable` (frozen parameters) and `train.schedule`
 * (learning-rate schedules `step`, `exponential`, `cosine`, docs/spec/model-file-v1.1-layers.md).
 */
import type { Node } from 'jsonc-parser';
import type { ScheduleSpec } from '../../engine/schedules';
import type { TrainableSpec } from '../../engine/layers/spec';
import * as C from '../codes';
import { describe, missingKeyAt, readBoolean, readChoice, readInteger, readNumber, readObject, valueOf, type Reporter } from '../report';

export const SCHEDULE_TYPES = ['step', 'exponential', 'cosine'] as const;
export const SCHEDULE_KEYS = ['type', 'every', 'factor', 'gamma', 'min'] as const;
export const TRAINABLE_KEYS = ['weights', 'bias'] as const;

/** `true`, `false`, or `{ "weights": bool, "bias": bool }`. */
export function readTrainable(r: Reporter, node: Node, label: string): TrainableSpec | undefined {
  if (node.type === 'boolean') return node.value as boolean;
  if (node.type !== 'object') {
    r.error(node, C.WRONG_TYPE,
      `trainable of ${label} must be true, false or { "weights": true, "bias": false }, not ${describe(node)}`);
    return undefined;
  }
  const props = readObject(r, node, TRAINABLE_KEYS, `trainable of ${label}`);
  const spec: { weights?: boolean; bias?: boolean } = {};
  let ok = true;
  for (const key of TRAINABLE_KEYS) {
    const v = valueOf(props, key);
    if (!v) continue;
    const b = readBoolean(r, v, `trainable.${key} of ${label}`);
    if (b === undefined) ok = false;
    else spec[key] = b;
  }
  return ok ? spec : undefined;
}

/** `{ "type": "step", "every": 10, "factor": 0.5 }`, `{ "type": "exponential", "gamma": 0.95 }`, `{ "type": "cosine", "min": 0 }`. */
export function readSchedule(r: Reporter, node: Node, learningRate: number | undefined): ScheduleSpec | undefined {
  const usage = 'e.g. { "type": "step", "every": 10, "factor": 0.5 }, { "type": "exponential", "gamma": 0.95 } or { "type": "cosine" }';
  if (node.type !== 'object') {
    r.error(node, C.WRONG_TYPE, `schedule must be an object, ${usage}, not ${describe(node)}`);
    return undefined;
  }
  const props = readObject(r, node, SCHEDULE_KEYS, 'the schedule');
  const typeNode = valueOf(props, 'type');
  if (!typeNode) {
    if (!props.has('type')) r.error(missingKeyAt(r, node), C.MISSING_KEY, `the schedule needs "type": "step", "exponential" or "cosine" (${usage})`);
    return undefined;
  }
  const type = readChoice(r, typeNode, 'schedule type', SCHEDULE_TYPES, C.INVALID_VALUE, { steplr: 'step', exponentiallr: 'exponential', exp: 'exponential', cosineannealing: 'cosine', cosineannealinglr: 'cosine' });
  if (type === undefined) return undefined;
  const allowed: Record<typeof type, readonly string[]> = { step: ['every', 'factor'], exponential: ['gamma'], cosine: ['min'] };
  let ok = true;
  for (const [key, prop] of props) {
    if (key !== 'type' && (SCHEDULE_KEYS as readonly string[]).includes(key) && !allowed[type].includes(key)) {
      r.error(prop.keyNode, C.INVALID_VALUE, `a "${type}" schedule has no "${key}": it takes ${allowed[type].map((k) => `"${k}"`).join(' and ')}`);
      ok = false;
    }
  }
  const need = (key: string, what: string): Node | undefined => {
    const v = valueOf(props, key);
    if (!v && !props.has(key)) r.error(missingKeyAt(r, node), C.MISSING_KEY, `a "${type}" schedule needs "${key}": ${what}`);
    return v;
  };
  const factorLike = (n: Node, key: string): number | undefined => {
    const x = readNumber(r, n, `${key} of the schedule`);
    if (x === undefined) return undefined;
    if (!(x > 0 && x <= 1)) {
      r.error(n, C.INVALID_VALUE, `${key} of the schedule multiplies the learning rate: it must be greater than 0 and at most 1, not ${x}`);
      return undefined;
    }
    return x;
  };
  switch (type) {
    case 'step': {
      const everyNode = need('every', 'the number of epochs between two cuts, e.g. 10');
      const factorNode = need('factor', 'what each cut multiplies the rate by, e.g. 0.5');
      const every = everyNode ? readInteger(r, everyNode, 'every of the schedule', 1) : undefined;
      const factor = factorNode ? factorLike(factorNode, 'factor') : undefined;
      return ok && every !== undefined && factor !== undefined ? { type, every, factor } : undefined;
    }
    case 'exponential': {
      const gammaNode = need('gamma', 'what each epoch multiplies the rate by, e.g. 0.95');
      const gamma = gammaNode ? factorLike(gammaNode, 'gamma') : undefined;
      return ok && gamma !== undefined ? { type, gamma } : undefined;
    }
    case 'cosine': {
      const minNode = valueOf(props, 'min');
      if (!minNode) return ok ? { type } : undefined;
      const min = readNumber(r, minNode, 'min of the schedule');
      if (min === undefined) return undefined;
      if (!(min >= 0) || (learningRate !== undefined && min > learningRate)) {
        r.error(minNode, C.INVALID_VALUE, `min of the schedule is the lowest learning rate: it must be at least 0 and at most the learningRate (${learningRate ?? 0.01}), not ${min}`);
        return undefined;
      }
      return ok ? { type, min } : undefined;
    }
  }
}
