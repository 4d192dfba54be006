/**
 * The `train` section: optimiser and its settings, batch size, epochs, shuffling, read by the table
 * {@link TRAIN_SCALARS}; absent keys take {@link DEFAULT_TRAIN}'s values.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import type { TrainSpec } from '../../engine/spec';
import * as C from '../codes';
import { describe, readObject, type Prop, type Reporter } from '../report';
import { readSchedule } from '../layers/trainingKeys';
import { aBoolean, aChoice, aNumber, aWholeNumber, readScalars, type ScalarTable } from './scalars';
import { DEFAULT_TRAIN, MAX_EPOCHS, OPTIMIZER_ALIASES, OPTIMIZERS, TRAIN_KEYS } from './vocabulary';

/** The training settings as read, with the properties written (for ranges and advice). */
export interface TrainDraft {
  readonly spec: TrainSpec;
  readonly props: Map<string, Prop>;
}

type TrainScalars = Pick<TrainSpec, 'optimizer' | 'learningRate' | 'momentum' | 'weightDecay' | 'batchSize' | 'epochs' | 'shuffle'>;

/** Each scalar key of `train`: its kind and the range it must lie in (no defaults: {@link DEFAULT_TRAIN} gives them). */
export const TRAIN_SCALARS: ScalarTable<TrainScalars> = {
  optimizer: { kind: aChoice(OPTIMIZERS, C.UNKNOWN_OPTIMIZER, OPTIMIZER_ALIASES) },
  learningRate: { kind: aNumber, valid: (x) => x > 0, message: (x) => l10n.t('learningRate must be greater than 0, not {0}', x) },
  momentum: {
    kind: aNumber, valid: (x) => x >= 0 && x < 1, message: (x) => l10n.t('momentum must be at least 0 and less than 1, not {0}', x),
  },
  weightDecay: { kind: aNumber, valid: (x) => x >= 0, message: (x) => l10n.t('weightDecay must be 0 or more, not {0}', x) },
  batchSize: { kind: aWholeNumber(1) },
  // As the command line's --epochs: a run no machine finishes is refused, not started.
  epochs: {
    kind: aWholeNumber(0), valid: (x) => x <= MAX_EPOCHS,
    message: (x) => l10n.t('epochs is {0}; at most {1} are supported', x, MAX_EPOCHS.toLocaleString('en-US')),
  },
  shuffle: { kind: aBoolean },
};

/** Reads the `train` object; undefined when it has errors (reported). */
export function readTrain(r: Reporter, node: Node): TrainDraft | undefined {
  if (node.type !== 'object') {
    r.error(node, C.WRONG_TYPE, l10n.t('train must be an object such as {0}, not {1}', '{ "optimizer": "sgd", "learningRate": 0.1 }', describe(node)));
    return undefined;
  }
  const props = readObject(r, node, TRAIN_KEYS, 'train');
  const { values, ok } = readScalars(r, props, TRAIN_SCALARS);
  const spec: TrainSpec = { ...DEFAULT_TRAIN, ...values };
  // Model file 1.1: a learning-rate schedule.
  const scheduleNode = props.get('schedule')?.value;
  const schedule = scheduleNode ? readSchedule(r, scheduleNode, spec.learningRate) : undefined;
  if (scheduleNode && !schedule) return undefined;
  return ok ? { spec: schedule ? { ...spec, schedule } : spec, props } : undefined;
}
