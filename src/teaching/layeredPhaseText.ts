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
 *   gradient is a correlation of its input with the gradient maps, …).
 *
 * Whole sentences with `{0}` placeholders through `l10n.t`, ready to be translated.
 */
import * as l10n from '@vscode/l10n';
import { formatPercent } from '../shared/format';
import type { LayeredStopView } from '../shared/stepThroughView';
import type { AnyPhaseNumbers, LayeredPhaseNumbers, PhaseSentences } from './phaseNumbers';
import { short } from './text';

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

/** The forward rule of the layer type, written out (depth 4). */
function forwardRule(v: LayeredStopView): string[] {
  const s = v.settings;
  switch (v.layerType) {
    case 'conv2d': return [l10n.t('out[f, i, j] = Σ_c Σ_u Σ_v W[f, c, u, v] · x[c, i·{0} + u − {1}, j·{0} + v − {1}] + b[f]: the dot product of filter f with the window at (i, j).', s.stride, s.padding)];
    case 'maxpool2d': return [l10n.t('out[c, i, j] = the largest x[c, y, x] of window (i, j); the position of that maximum is remembered for the backward pass.')];
    case 'avgpool2d': return [l10n.t('out[c, i, j] = (1/({0}·{1})) Σ x[c, y, x] over window (i, j).', s.sizeH, s.sizeW)];
    case 'flatten': return [l10n.t('out[c·H·W + y·W + x] = x[c, y, x]: the same numbers, one row after the other.')];
    case 'activation': return [l10n.t('out = f(x) for every value, with f = {0}.', v.activation ?? 'linear')];
    case 'dropout': return [l10n.t('out = m ⊙ x / (1 − {0}), with a fresh random mask m of this step (1 kept, 0 dropped).', s.rate)];
    case 'batchnorm': return [l10n.t('μ and σ² are the batch mean and variance of each feature; x̂ = (x − μ)/√(σ² + ε), out = γ·x̂ + β.')];
    default: return [l10n.t('net = W·a + b, out = f(net): each unit sums its weighted inputs.')];
  }
}

/** The backward rule of the layer type, written out (depth 4). */
function backwardRule(v: LayeredStopView): string[] {
  const s = v.settings;
  const slope = v.activation && v.layerType !== 'activation'
    ? [l10n.t('First through its {0}: ∂L/∂net = f′(net) ⊙ ∂L/∂out (softmax: its Jacobian-vector product).', v.activation)]
    : [];
  switch (v.layerType) {
    case 'conv2d': return [...slope,
      l10n.t('∂L/∂W[f, c, u, v] = Σ_n Σ_i Σ_j ∂L/∂net[n, f, i, j] · x[n, c, i·{0} + u − {1}, j·{0} + v − {1}]: the correlation of the input with the gradient map of filter f.', s.stride, s.padding),
      l10n.t('∂L/∂b[f] = Σ_n Σ_i Σ_j ∂L/∂net[n, f, i, j]: the sum of the gradient map of filter f.'),
      l10n.t('∂L/∂x is the gradient maps convolved with the kernels turned by 180° (a full convolution): each input value collects from every window that covered it.')];
    case 'maxpool2d': return [l10n.t('∂L/∂x[c, y, x] = ∂L/∂out[c, i, j] when (y, x) is the maximum of window (i, j), and 0 for every other input of the window: max-pool routes the gradient to the maximum.')];
    case 'avgpool2d': return [l10n.t('∂L/∂x[c, y, x] = Σ ∂L/∂out[c, i, j] / ({0}·{1}) over the windows containing (y, x): the gradient is shared equally.', s.sizeH, s.sizeW)];
    case 'flatten': return [l10n.t('∂L/∂x is ∂L/∂out read back in the shape {0}: flatten moves numbers and computes nothing.', shapeText(v.inShape))];
    case 'activation': return [l10n.t('∂L/∂x = f′(x) ⊙ ∂L/∂out, with f = {0}: where the slope is 0 no gradient passes.', v.activation ?? 'linear')];
    case 'dropout': return [l10n.t('∂L/∂x = m ⊙ ∂L/∂out / (1 − {0}) with this step\'s mask m: a dropped value gets no gradient.', s.rate)];
    case 'batchnorm': return [...slope,
      l10n.t('∂L/∂γ = Σ ∂L/∂out · x̂ and ∂L/∂β = Σ ∂L/∂out over the batch (and the positions of a channel).'),
      l10n.t('∂L/∂x takes three paths: through x̂ directly, through the batch mean μ and through the batch variance σ², which every sample of the batch shares.')];
    default: return [...slope,
      l10n.t('∂L/∂W = Σ_n ∂L/∂net · aᵀ over the batch and ∂L/∂b = Σ_n ∂L/∂net; the layer before receives Wᵀ · ∂L/∂net.')];
  }
}

function forwardSentences(v: LayeredPhaseNumbers, name: string): Omit<PhaseSentences, 'title'> {
  const f = v.layered.forward!;
  const s = f.sampleStats, b = f.batchStats;
  const stats = l10n.t('Sample {0}: values from {1} to {2}, mean {3}, {4} of them 0; over the batch of {5}, from {6} to {7}.',
    v.sample + 1, short(s.min), short(s.max), short(s.mean), formatPercent(s.zeroFraction), v.batchSize, short(b.min), short(b.max));
  const detail = `${forwardSentence(name, v.layered)} ${stats}`;
  const repairLines = [l10n.t('First values of sample {0}\'s output: {1}', v.sample + 1, list(f.first, Number.POSITIVE_INFINITY))];
  if (f.channelMeans) repairLines.push(l10n.t('Mean of each feature map: {0}', list(f.channelMeans, v.layered.outShape[0])));
  return { detail, driveDetail: detail, repairLines, deriveLines: forwardRule(v.layered) };
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
  return { detail: parts.join(' '), driveDetail, repairLines, deriveLines: backwardRule(lv) };
}

function lossSentences(v: LayeredPhaseNumbers): Omit<PhaseSentences, 'title'> {
  const l = v.loss!;
  const detail = l10n.t('{0} loss of the batch of {1}: L = {2}; sample {3}: out {4} against t {5}.',
    l.kind, v.batchSize, short(l.value), v.sample + 1, list(l.outputs.slice(0, 4), l.outputs.length), list(l.targets.slice(0, 4), l.targets.length));
  return { detail, driveDetail: detail, repairLines: [], deriveLines: [l10n.t('L = (1/{0}) Σₙ Lₙ over the batch = {1}', v.batchSize, short(l.value, 9))] };
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
  const deriveLines = [u.optimizer === 'sgd'
    ? l10n.t('θ ← θ − η · ∂L/∂θ for every trainable parameter θ, with η = {0}.', short(u.learningRate))
    : l10n.t('{0} moves every trainable parameter θ by a step made from this step\'s ∂L/∂θ and the earlier steps\' gradients, with η = {1}.', u.optimizer, short(u.learningRate))];
  return { detail, driveDetail, repairLines, deriveLines };
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
