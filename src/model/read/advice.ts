/**
 * Advice: not errors, but things a teacher would point out (a one-unit softmax, Xavier under ReLU, a
 * loss that does not suit the output layer, targets that are not probabilities, a batch larger than the
 * data, momentum given to an optimiser that ignores it). Runs after the sections are read, on what could be read.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import type { InitSpec, LossKind } from '../../engine/spec';
import * as C from '../codes';
import type { DataResult } from '../data';
import { count, renameFix, valueOf, type Reporter } from '../report';
import type { LayerDraft } from './layers';
import type { TrainDraft } from './train';

/** What the sections gave, each undefined when it could not be read. */
export interface AdviceInput {
  layers: LayerDraft[] | undefined; loss: LossKind | undefined; lossNode: Node | undefined;
  data: DataResult | undefined; train: TrainDraft | undefined; init: InitSpec;
}

/** Adds every piece of advice that applies, as warnings and infos. */
export function advise(r: Reporter, p: AdviceInput): void {
  const { layers, loss, lossNode, data, train } = p;
  if (layers) adviseLayers(r, layers, p.init);
  const last = layers && layers.length > 0 ? layers[layers.length - 1] : undefined;
  const act = last?.activation;
  if (loss !== undefined && lossNode && typeof act === 'string') adviseLoss(r, loss, lossNode, act);
  if (data && loss !== undefined) adviseTargets(r, data, loss);
  if (train && data) {
    const bsNode = valueOf(train.props, 'batchSize');
    const n = data.data.train.inputs.rows;
    if (bsNode && train.spec.batchSize !== undefined && train.spec.batchSize > n) {
      r.info(bsNode, C.ADVICE, l10n.t('batchSize {0} is more than the {1}: every step uses the whole training set', train.spec.batchSize, count.trainingSample(n)));
    }
  }
  if (train) {
    const momKey = train.props.get('momentum');
    if (momKey && train.spec.optimizer !== 'momentum') {
      r.info(momKey.keyNode, C.ADVICE, l10n.t('momentum is only used by the "momentum" optimizer (this file uses "{0}")', train.spec.optimizer));
    }
  }
}

function adviseLayers(r: Reporter, layers: readonly LayerDraft[], topInit: InitSpec): void {
  for (const l of layers) {
    if (l.activation === 'softmax' && l.units === 1) {
      r.warning(l.source.activationRange ?? l.source.range, C.ADVICE,
        l10n.t('a softmax layer of one unit always outputs 1 and passes back no gradient: use "sigmoid" for one output'));
    }
    const reluish = l.activation === 'relu' || l.activation === 'leaky-relu';
    if (reluish && !l.weights && (l.init ?? topInit) === 'xavier') {
      const message = l10n.t('He initialisation suits ReLU: a {0} unit passes on only about half of its input, and He\'s larger weights (variance 2 / fan-in) keep the signal from shrinking layer by layer; try "init": "he"', l.activation);
      const title = l10n.t('Use He initialisation for this layer');
      if (l.source.initRange) {
        r.info(l.source.initRange, C.ADVICE, message, { text: '"he"', title });
      } else {
        const at = l.source.activationRange ?? l.source.range;
        const end = r.lines.range(at.endOffset, 0);
        r.info(at, C.ADVICE, message, l.source.activationRange
          ? { text: ', "init": "he"', range: end, title }
          : undefined);
      }
    }
  }
}

/** The loss against the output layer's built-in activation `act`. */
function adviseLoss(r: Reporter, loss: LossKind, lossNode: Node, act: string): void {
  if (act === 'softmax' && (loss === 'squared' || loss === 'mse')) {
    r.warning(lossNode, C.ADVICE,
      l10n.t('a softmax output with the "{0}" loss learns slowly when it is confidently wrong: use "cross-entropy"', loss), renameFix('cross-entropy'));
  } else if (loss === 'cross-entropy' && act !== 'softmax') {
    r.warning(lossNode, C.ADVICE, act === 'sigmoid'
      ? l10n.t('cross-entropy is meant for a softmax output layer: with sigmoid outputs use "binary-cross-entropy", or make the output layer "softmax"')
      : l10n.t('cross-entropy takes ln of the outputs, which must be probabilities: a {0} output layer gives values that are not; use a "softmax" output layer', act),
    act === 'sigmoid' ? renameFix('binary-cross-entropy') : undefined);
  } else if (loss === 'binary-cross-entropy' && act === 'softmax') {
    r.warning(lossNode, C.ADVICE,
      l10n.t('softmax outputs sum to 1, but binary-cross-entropy treats each output as a separate yes/no probability: use "sigmoid" outputs, or the "cross-entropy" loss'),
      renameFix('cross-entropy'));
  } else if (loss === 'binary-cross-entropy' && act !== 'sigmoid') {
    r.warning(lossNode, C.ADVICE,
      l10n.t('binary-cross-entropy takes ln(o) and ln(1 − o): {0} outputs can leave (0, 1); use a "sigmoid" output layer', act));
  }
}

/** Cross-entropy targets must be probabilities summing to 1; binary cross-entropy targets lie in [0, 1]. */
function adviseTargets(r: Reporter, data: DataResult, loss: LossKind): void {
  if (loss !== 'cross-entropy' && loss !== 'binary-cross-entropy') return;
  const t = data.data.train.targets;
  const bad: number[] = [];
  let example = '';
  for (let i = 0; i < t.rows; i++) {
    let sum = 0;
    let outside: number | undefined;
    for (let k = 0; k < t.cols; k++) {
      const v = t.data[i * t.cols + k]!;
      sum += v;
      if ((v < 0 || v > 1) && outside === undefined) outside = v;
    }
    if (loss === 'binary-cross-entropy' && outside !== undefined) {
      if (bad.length === 0) example = l10n.t('row {0} has {1}', i + 1, outside);
      bad.push(i);
    } else if (loss === 'cross-entropy' && (outside !== undefined || Math.abs(sum - 1) > 1e-6 * Math.max(1, t.cols))) {
      if (bad.length === 0) example = outside !== undefined ? l10n.t('row {0} has {1}', i + 1, outside) : l10n.t('row {0} sums to {1}', i + 1, +sum.toPrecision(6));
      bad.push(i);
    }
  }
  if (bad.length === 0) return;
  const first = bad[0]!;
  const at = data.targetRowNodes?.[first] ? r.range(data.targetRowNodes[first]!) : data.targetsAt;
  const more = count.moreRow(bad.length - 1);
  if (loss === 'binary-cross-entropy') {
    r.warning(at, C.ADVICE, bad.length > 1
      ? l10n.t('binary-cross-entropy needs targets between 0 and 1: {0} (and {1})', example, more)
      : l10n.t('binary-cross-entropy needs targets between 0 and 1: {0}', example));
  } else {
    r.warning(at, C.ADVICE, bad.length > 1
      ? l10n.t('cross-entropy targets should be probabilities that sum to 1 (one-hot for classes): {0} (and {1})', example, more)
      : l10n.t('cross-entropy targets should be probabilities that sum to 1 (one-hot for classes): {0}', example));
  }
}
