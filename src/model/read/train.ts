/**
 * The `train` section: optimiser and its settings, batch size, epochs, shuffling; absent keys take
 * {@link DEFAULT_TRAIN}'s values.
 */
import type { Node } from 'jsonc-parser';
import type { TrainSpec } from '../../engine/spec';
import * as C from '../codes';
import { describe, readBoolean, readChoice, readInteger, readNumber, readObject, valueOf, type Prop, type Reporter } from '../report';
import { DEFAULT_TRAIN, MAX_EPOCHS, OPTIMIZER_ALIASES, OPTIMIZERS, TRAIN_KEYS } from './vocabulary';

/** The training settings as read, with the properties written (for ranges and advice). */
export interface TrainDraft {
  readonly spec: TrainSpec;
  readonly props: Map<string, Prop>;
}

/** Reads the `train` object; undefined when it has errors (reported). */
export function readTrain(r: Reporter, node: Node): TrainDraft | undefined {
  if (node.type !== 'object') {
    r.error(node, C.WRONG_TYPE, `train must be an object such as { "optimizer": "sgd", "learningRate": 0.1 }, not ${describe(node)}`);
    return undefined;
  }
  const props = readObject(r, node, TRAIN_KEYS, 'train');
  let ok = true;
  const spec: { -readonly [K in keyof TrainSpec]: TrainSpec[K] } = { ...DEFAULT_TRAIN };
  const v = (key: string): Node | undefined => valueOf(props, key);

  const opt = v('optimizer');
  if (opt) {
    const o = readChoice(r, opt, 'optimizer', OPTIMIZERS, C.UNKNOWN_OPTIMIZER, OPTIMIZER_ALIASES);
    if (o === undefined) ok = false;
    else spec.optimizer = o;
  }
  const lr = v('learningRate');
  if (lr) {
    const x = readNumber(r, lr, 'learningRate');
    if (x === undefined) ok = false;
    else if (!(x > 0)) {
      r.error(lr, C.INVALID_VALUE, `learningRate must be greater than 0, not ${x}`);
      ok = false;
    } else spec.learningRate = x;
  }
  const mom = v('momentum');
  if (mom) {
    const x = readNumber(r, mom, 'momentum');
    if (x === undefined) ok = false;
    else if (!(x >= 0 && x < 1)) {
      r.error(mom, C.INVALID_VALUE, `momentum must be at least 0 and less than 1, not ${x}`);
      ok = false;
    } else spec.momentum = x;
  }
  const wd = v('weightDecay');
  if (wd) {
    const x = readNumber(r, wd, 'weightDecay');
    if (x === undefined) ok = false;
    else if (!(x >= 0)) {
      r.error(wd, C.INVALID_VALUE, `weightDecay must be 0 or more, not ${x}`);
      ok = false;
    } else spec.weightDecay = x;
  }
  const bs = v('batchSize');
  if (bs) {
    const x = readInteger(r, bs, 'batchSize', 1);
    if (x === undefined) ok = false;
    else spec.batchSize = x;
  }
  const ep = v('epochs');
  if (ep) {
    const x = readInteger(r, ep, 'epochs', 0);
    if (x === undefined) ok = false;
    else if (x > MAX_EPOCHS) {
      // As the command line's --epochs: a run no machine finishes is refused, not started.
      r.error(ep, C.INVALID_VALUE, `epochs is ${x}; at most ${MAX_EPOCHS.toLocaleString('en-US')} are supported`);
      ok = false;
    } else spec.epochs = x;
  }
  const sh = v('shuffle');
  if (sh) {
    const x = readBoolean(r, sh, 'shuffle');
    if (x === undefined) ok = false;
    else spec.shuffle = x;
  }
  return ok ? { spec, props } : undefined;
}
