/**
 * The sentences of a step-through stop of a layered network (model file 1.1), per depth, written
 * from its numbers (`LayeredPhaseNumbers`, src/worker/teaching/layeredStepThrough.ts):
 *
 * - the title and, at every depth, what the layer does forward (its type, settings and output shape,
 *   the output's statistics), the loss and the update;
 * - depth 1 (Drive): the backward pass named, never a derivative;
 * - depth 2 (Service): the gradient sizes, ‖∂L/∂out‖ reaching the layer and ‖∂L/∂θ‖ of its parameters;
 * - depth 3 (Repair): every parameter's gradient (first entries, per filter) and the central-difference check;
 * - depth 4 (Derive): the rule of the layer type (max-pool routes to the maximum, conv's weight
 *   gradient is a correlation of its input with the gradient maps, …), each line a formula for the
 *   panel's KaTeX with its words (src/teaching/layeredPhaseFormulas.ts).
 *
 * Whole sentences with `{0}` placeholders through `l10n.t`, ready to be translated.
 */
import * as l10n from '@vscode/l10n';
import { formatPercent } from '../shared/format';
import type { LayeredStopView } from '../shared/stepThroughView';
import type { AnyPhaseNumbers, LayeredPhaseNumbers, PhaseSentences } from './phaseNumbers';
import { short } from './text';
import { derivationLineText, layeredBackwardLines, layeredForwardLines, layeredLossLine, layeredUpdateLine, type DerivationLine } from './layeredPhaseFormulas';

/** True for a stop of a layered network. */
export function isLayeredStop(n: AnyPhaseNumbers): n is LayeredPhaseNumbers {
  return (n as Partial<LayeredPhaseNumbers>).layered !== undefined;
}

function list(values: readonly number[], length = values.length): string {
  return `[${values.map((v) => short(v)).join(', ')}${length > values.length ? ', …' : ''}]`;
}

function shapeText(shape: readonly number[]): string {
  return shape.join('×');
}

/** The layer type as the sentences name it. */
export function layerTypeWord(type: string): string {
  switch (type) {
    case 'conv2d': return l10n.t('convolution');
    case 'maxpool2d': return l10n.t('max-pool');
    case 'avgpool2d': return l10n.t('average pool');
    case 'flatten': return l10n.t('flatten');
    case 'activation': return l10n.t('activation');
    case 'dropout': return l10n.t('dropout');
    case 'batchnorm': return l10n.t('batch norm');
    default: return l10n.t('dense');
  }
}

/** What the layer does forward, in one or two sentences with its settings and shapes (no derivative). */
function forwardSentence(name: string, v: LayeredStopView): string {
  const s = v.settings, input = shapeText(v.inShape), output = shapeText(v.outShape);
  let what: string;
  switch (v.layerType) {
    case 'conv2d':
      what = l10n.t('Convolution "{0}": {1} filters of {2}×{3} slide over the {4} input (stride {5}, padding {6}) and give {1} feature maps, {7}.', name, s.filters, s.kernelH, s.kernelW, input, s.stride, s.padding, output);
      break;
    case 'maxpool2d':
      what = l10n.t('Max-pool "{0}": each {1}×{2} window of the {3} input keeps its largest value, giving {4}.', name, s.sizeH, s.sizeW, input, output);
      break;
    case 'avgpool2d':
      what = l10n.t('Average pool "{0}": each {1}×{2} window of the {3} input keeps the mean of its values, giving {4}.', name, s.sizeH, s.sizeW, input, output);
      break;
    case 'flatten':
      what = l10n.t('Flatten "{0}": the {1} feature maps are laid out as one vector of {2} numbers; nothing is computed.', name, input, output);
      break;
    case 'activation':
      what = l10n.t('Activation "{0}": {1} is applied to every value of the {2} input.', name, v.activation ?? 'linear', input);
      break;
    case 'dropout':
      what = l10n.t('Dropout "{0}": while training, each value of the {1} input is dropped with probability {2} and the others are scaled by 1/(1 − {2}).', name, input, s.rate);
      break;
    case 'batchnorm':
      what = l10n.t('Batch norm "{0}": each of its {1} features or channels is brought to mean 0 and variance 1 over the batch, then scaled by γ and shifted by β; output {2}.', name, s.features, output);
      break;
    default:
      what = l10n.t('Dense "{0}": {1} units, each a weighted sum of the {2} inputs plus a bias.', name, s.units, input);
  }
  if (v.activation && v.layerType !== 'activation') what += ' ' + l10n.t('Then {0} is applied to every value.', v.activation);
  return what;
}

/** The derivation lines as the panel receives them: each line's text, and its formula for KaTeX. */
function derivation(lines: readonly DerivationLine[]): Pick<PhaseSentences, 'deriveLines' | 'deriveMath'> {
  return {
    deriveLines: lines.map(derivationLineText),
    deriveMath: lines.map((l) => ({ tex: l.formula.tex, speech: l.formula.speech, ...(l.note ? { note: l.note } : {}) })),
  };
}

function forwardSentences(v: LayeredPhaseNumbers, name: string): Omit<PhaseSentences, 'title'> {
  const f = v.layered.forward!;
  const s = f.sampleStats, b = f.batchStats;
  const stats = l10n.t('Sample {0}: values from {1} to {2}, mean {3}, {4} of them 0; over the batch of {5}, from {6} to {7}.',
    v.sample + 1, short(s.min), short(s.max), short(s.mean), formatPercent(s.zeroFraction), v.batchSize, short(b.min), short(b.max));
  const detail = `${forwardSentence(name, v.layered)} ${stats}`;
  const repairLines = [l10n.t('First values of sample {0}\'s output: {1}', v.sample + 1, list(f.first, Number.POSITIVE_INFINITY))];
  if (f.channelMeans) repairLines.push(l10n.t('Mean of each feature map: {0}', list(f.channelMeans, v.layered.outShape[0])));
  return { detail, driveDetail: detail, repairLines, ...derivation(layeredForwardLines(v.layered)) };
}

function backwardSentences(v: LayeredPhaseNumbers, name: string, last: boolean): Omit<PhaseSentences, 'title'> {
  const lv = v.layered, g = lv.backward!;
  const type = layerTypeWord(lv.layerType);
  const reach = g.afterActivation
    ? l10n.t('‖∂L/∂net‖ = {0} reaches "{1}" through its {2}; {3} of its entries are 0.', short(g.gradOutNorm), name, lv.activation ?? '', formatPercent(g.zeroFraction))
    : l10n.t('‖∂L/∂out‖ = {0} reaches "{1}" ({2}); {3} of its entries are 0.', short(g.gradOutNorm), name, type, formatPercent(g.zeroFraction));
  const parts = [reach];
  for (const p of g.params) parts.push(l10n.t('‖∂L/∂{0}‖ = {1}, max |∂L/∂{0}| = {2}.', p.symbol, short(p.norm), short(p.maxAbs)));
  if (g.routedFraction !== undefined) {
    parts.push(l10n.t('Only the maximum of each window receives the gradient: {0} of the inputs of sample {1} get one, the others get 0.', formatPercent(g.routedFraction), v.sample + 1));
  }
  if (lv.layerType === 'flatten') parts.push(l10n.t('Flatten passes the gradient back unchanged, reshaped to {0}.', shapeText(lv.inShape)));
  if (lv.layerType === 'dropout') parts.push(l10n.t('Dropped values receive no gradient; the others get it scaled by 1/(1 − {0}).', lv.settings.rate));
  const driveDetail = lv.layerType === 'maxpool2d'
    ? l10n.t('The error of the outputs flows back through layer "{0}" ({1}): only the largest value of each window passes it on. Depth 2 (Service) shows its numbers.', name, type)
    : last
      ? l10n.t('The error of the outputs starts back from the loss at layer "{0}" ({1}); depth 2 (Service) shows its numbers.', name, type)
      : l10n.t('The error of the outputs flows back through layer "{0}" ({1}); depth 2 (Service) shows its numbers.', name, type);
  const repairLines = [l10n.t('∂L/∂out of sample {0}, first entries: {1}', v.sample + 1, list(g.first, Number.POSITIVE_INFINITY))];
  for (const p of g.params) {
    repairLines.push(l10n.t('∂L/∂{0} of "{1}" ({2}), first entries: {3}', p.symbol, name, shapeText(p.shape), list(p.first, p.shape.reduce((a, b) => a * b, 1))));
    if (p.perFilter) repairLines.push(l10n.t('‖∂L/∂{0}‖ per filter: {1}', p.symbol, list(p.perFilter, p.shape[0])));
  }
  for (const c of g.checks ?? []) {
    repairLines.push(l10n.t('Check of ∂L/∂{0}[{1}]: back-propagation {2}, central difference {3}, relative error {4} ({5}).',
      c.symbol, c.index.join(', '), short(c.analytic, 6), short(c.numeric, 6), short(c.relativeError, 2), c.status));
  }
  return { detail: parts.join(' '), driveDetail, repairLines, ...derivation(layeredBackwardLines(lv)) };
}

function lossSentences(v: LayeredPhaseNumbers): Omit<PhaseSentences, 'title'> {
  const l = v.loss!;
  const detail = l10n.t('{0} loss of the batch of {1}: L = {2}; sample {3}: out {4} against t {5}.',
    l.kind, v.batchSize, short(l.value), v.sample + 1, list(l.outputs.slice(0, 4), l.outputs.length), list(l.targets.slice(0, 4), l.targets.length));
  return { detail, driveDetail: detail, repairLines: [], ...derivation([layeredLossLine(v.batchSize, l.value)]) };
}

function updateSentences(v: LayeredPhaseNumbers): Omit<PhaseSentences, 'title'> {
  const u = v.update!;
  if (u.layers.length === 0) {
    const none = l10n.t('This network has no parameters to update.');
    return { detail: none, driveDetail: none, repairLines: [], deriveLines: [] };
  }
  const biggest = u.layers.reduce((a, b) => (b.maxAbsChange > a.maxAbsChange ? b : a));
  const detail = l10n.t('{0} with η = {1} moves every parameter against its gradient: the largest weight change is {2} in "{3}"; ‖Δw‖/‖w‖ per layer {4}.',
    u.optimizer, short(u.learningRate), short(biggest.maxAbsChange), biggest.name, u.layers.map((l) => short(l.ratio)).join(', '));
  const driveDetail = l10n.t('{0} with learning rate {1} moves every weight a small step meant to lower the loss: the largest weight change is {2} in "{3}".',
    u.optimizer, short(u.learningRate), short(biggest.maxAbsChange), biggest.name);
  const repairLines = u.layers.map((l) => l10n.t('"{0}": max |Δw| {1}, ‖Δw‖/‖w‖ {2}, max |Δb| {3}', l.name, short(l.maxAbsChange), short(l.ratio), short(l.maxAbsBiasChange)));
  return { detail, driveDetail, repairLines, ...derivation([layeredUpdateLine(u.optimizer, u.learningRate)]) };
}

/** The title and the sentences of a stop of a layered network. */
export function layeredPhaseSentences(v: LayeredPhaseNumbers): PhaseSentences {
  const name = v.layerName ?? '';
  const title = v.layerName !== undefined
    ? l10n.t('Step {0} · {1} · layer "{2}" ({3})', v.step, v.phase, name, layerTypeWord(v.layered.layerType))
    : l10n.t('Step {0} · {1}', v.step, v.phase);
  const lastLayer = v.layerIndex !== undefined && v.stopIndex === v.stopsPerStep / 2;
  const body = v.phase === 'forward' && v.layered.forward ? forwardSentences(v, name)
    : v.phase === 'backward' && v.layered.backward ? backwardSentences(v, name, lastLayer)
      : v.phase === 'loss' && v.loss ? lossSentences(v)
        : v.update ? updateSentences(v)
          : { detail: title, driveDetail: title, repairLines: [], deriveLines: [] };
  return { title, ...body };
}
