/**
 * The loss slice's view model ("nudge one weight"): pure functions from a `LossSlice` (the engine's
 * numbers) to the plot's geometry and its sentences. No DOM.
 */
import { l10n } from '../../src/shared/l10n';
import { parameterName } from '../../src/shared/names';
import { formatValue } from '../../src/shared/format';
import type { Analysis } from '../../src/shared/analysis';
import type { LossSlice, SliceTarget } from '../../src/shared/teachingViews';

export interface PlotBox {
  readonly width: number;
  readonly height: number;
  /** Space left for the axes' labels. */
  readonly left: number;
  readonly bottom: number;
  readonly top: number;
  readonly right: number;
}

export interface SliceGeometry {
  /** The curve L(v), in pixels. */
  readonly curve: readonly { readonly px: number; readonly py: number }[];
  /** The tangent L(p) + g·(v − p) over the middle half of the range, in pixels. */
  readonly tangent: readonly [{ px: number; py: number }, { px: number; py: number }];
  readonly current: { readonly px: number; readonly py: number };
  readonly afterStep: { readonly px: number; readonly py: number };
  readonly valueRange: readonly [number, number];
  readonly lossRange: readonly [number, number];
}

/** Where everything goes in a box: x the parameter's value, y the loss (padded 8 % above and below). */
export function sliceGeometry(slice: LossSlice, box: PlotBox): SliceGeometry {
  const v0 = slice.curve[0].value, v1 = slice.curve[slice.curve.length - 1].value;
  let lo = Math.min(...slice.curve.map((p) => p.loss)), hi = Math.max(...slice.curve.map((p) => p.loss));
  if (!(hi > lo)) { lo -= 1; hi += 1; }
  const pad = 0.08 * (hi - lo);
  lo -= pad; hi += pad;
  const plotW = box.width - box.left - box.right, plotH = box.height - box.top - box.bottom;
  const at = (value: number, loss: number) => ({
    px: box.left + ((value - v0) / (v1 - v0)) * plotW,
    py: box.top + (1 - (loss - lo) / (hi - lo)) * plotH,
  });
  const half = (v1 - v0) / 4;
  const tangentAt = (v: number) => at(v, slice.loss + slice.gradient * (v - slice.value));
  return {
    curve: slice.curve.map((p) => at(p.value, p.loss)),
    tangent: [tangentAt(slice.value - half), tangentAt(slice.value + half)],
    current: at(slice.value, slice.loss),
    afterStep: at(slice.afterStep.value, slice.afterStep.loss),
    valueRange: [v0, v1],
    lossRange: [lo, hi],
  };
}

/**
 * What the curve (and the contour) is, said precisely: the data loss alone, or with the file's weight
 * decay the objective training minimises, J = L + (λ/2)·Σw² (coupled L2, as the engine's trainer adds
 * λ·w to every weight's gradient; biases take none).
 */
export function objectiveCaption(weightDecay: number, what: 'curve' | 'contour' = 'curve'): string {
  if (what === 'contour') {
    return weightDecay > 0
      ? l10n.t('The picture is J = L + (λ/2)·Σw², λ = {0}: the data loss plus the file\'s weight decay on every layer\'s weights (not the biases), the objective training minimises; the arrow is the gradient the optimiser receives (∂L/∂w + λ·w).', formatValue(weightDecay, 3))
      : l10n.t('The picture is the data loss L (the file sets no weight decay, so it is the objective training minimises).');
  }
  return weightDecay > 0
    ? l10n.t('The curve is J = L + (λ/2)·Σw², λ = {0}: the data loss plus the file\'s weight decay on every layer\'s weights (not the biases), the objective training minimises. Its slope is the gradient the optimiser receives, ∂L/∂w + λ·w (L2 coupled into the gradient, for adam too; not AdamW\'s decoupled decay).', formatValue(weightDecay, 3))
    : l10n.t('The curve is the data loss L (the file sets no weight decay, so it is the objective training minimises).');
}

/**
 * For a layered model, what its training-mode loss holds fixed so that the curve is one function of
 * the parameter (batch statistics of the whole training set, one set of dropout masks); '' otherwise.
 */
export function trainingModeCaption(slice: Pick<LossSlice, 'trainingMode'>): string {
  const mode = slice.trainingMode;
  if (!mode) return '';
  const subset = mode.samples < mode.of
    ? l10n.t('J runs on a seeded subset of {0} of the {1} training samples, so that the slice stays quick on this model.', mode.samples, mode.of)
    : '';
  let held = '';
  if (mode.batchNorm && mode.dropout) held = l10n.t('Training mode on the whole training set as one batch: batch norm normalises with that batch\'s statistics, and dropout keeps one fixed set of masks (the first full-batch step\'s), so the curve is one function of this parameter and its slope the back-propagated gradient.');
  else if (mode.batchNorm) held = l10n.t('Training mode on the whole training set as one batch: batch norm normalises with that batch\'s statistics, so the curve is one function of this parameter and its slope the back-propagated gradient.');
  else if (mode.dropout) held = l10n.t('Training mode on the whole training set as one batch: dropout keeps one fixed set of masks (the first full-batch step\'s), so the curve is one function of this parameter and its slope the back-propagated gradient.');
  return [held, subset].filter((t) => t !== '').join(' ');
}

/** The numbers beside the plot, the engine's, each said once (J = L + (λ/2)·Σw² when the file decays weights). */
export function sliceFacts(slice: LossSlice): { label: string; value: string; testId: string }[] {
  const rate = formatValue(slice.afterStep.learningRate, 3);
  const decayed = slice.weightDecay > 0;
  return [
    { label: l10n.t('{0} now', slice.label), value: formatValue(slice.value, 4), testId: 'value' },
    { label: decayed ? l10n.t('objective J = L + (λ/2)·Σw²') : l10n.t('loss L'), value: formatValue(slice.loss, 4), testId: 'loss' },
    decayed
      ? { label: l10n.t('tangent slope ∂J/∂w (back-propagation, with λ·w)'), value: formatValue(slice.gradient, 3), testId: 'gradient' }
      : { label: l10n.t('tangent slope ∂L/∂w (back-propagation)'), value: formatValue(slice.gradient, 3), testId: 'gradient' },
    decayed
      ? { label: l10n.t('numeric slope (J(w + h) − J(w − h)) / 2h, h = {0}', formatValue(slice.epsilon, 1)), value: formatValue(slice.numericSlope, 3), testId: 'numeric' }
      : { label: l10n.t('numeric slope (L(w + h) − L(w − h)) / 2h, h = {0}', formatValue(slice.epsilon, 1)), value: formatValue(slice.numericSlope, 3), testId: 'numeric' },
    { label: l10n.t('after one {0} step (learning rate {1})', slice.afterStep.optimizer, rate), value: `w = ${formatValue(slice.afterStep.value, 4)}, L = ${formatValue(slice.afterStep.loss, 4)}`, testId: 'step' },
  ];
}

/** One sentence for screen readers: the slope, its check, and where the step goes. */
export function sliceSummary(slice: LossSlice): string {
  const numbers = [
    slice.label, formatValue(slice.curve[0].value, 3), formatValue(slice.curve[slice.curve.length - 1].value, 3),
    formatValue(Math.min(...slice.curve.map((p) => p.loss)), 3), formatValue(Math.max(...slice.curve.map((p) => p.loss)), 3),
    formatValue(slice.value, 4), formatValue(slice.gradient, 3), formatValue(slice.numericSlope, 3),
    slice.afterStep.optimizer, formatValue(slice.afterStep.value, 4), formatValue(slice.afterStep.loss, 4),
  ] as const;
  if (slice.gradient > 0) return l10n.t('As {0} moves from {1} to {2}, the loss ranges from {3} to {4}. At {5} the loss rises with slope {6} (the numeric slope is {7}); one {8} step moves it to {9}, where the loss is {10}.', ...numbers);
  if (slice.gradient < 0) return l10n.t('As {0} moves from {1} to {2}, the loss ranges from {3} to {4}. At {5} the loss falls with slope {6} (the numeric slope is {7}); one {8} step moves it to {9}, where the loss is {10}.', ...numbers);
  return l10n.t('As {0} moves from {1} to {2}, the loss ranges from {3} to {4}. At {5} the loss is flat with slope {6} (the numeric slope is {7}); one {8} step moves it to {9}, where the loss is {10}.', ...numbers);
}

/** A parameter as the choice list names it (1-based, as the explanations' titles). */
export function targetLabel(analysis: Analysis, t: SliceTarget): string {
  const name = analysis.layers[t.layerIndex]?.name ?? l10n.t('layer {0}', t.layerIndex + 1);
  return parameterName(name, t.param, t.index);
}

/** A stable key for a target (the choice list's option values). */
export function targetKey(t: SliceTarget): string {
  return `${t.layerIndex}:${t.param}:${t.index.join(',')}`;
}

/** A layer's parameter tensors and their shapes: a layered layer's own (none for pooling, flatten…), a dense layer's [units, fanIn] and [units]. */
function layerTensors(l: Analysis['layers'][number]): { param: 'weights' | 'bias'; shape: readonly number[] }[] {
  if (l.layered) return l.layered.params.map((p) => ({ param: p.name, shape: p.shape }));
  return [{ param: 'weights', shape: [l.units, l.fanIn] }, { param: 'bias', shape: [l.units] }];
}

/** The 0-based index of entry `flat` of a tensor of `shape` (row-major). */
function unravel(flat: number, shape: readonly number[]): number[] {
  const index: number[] = [];
  for (let d = shape.length - 1; d >= 0; d--) { index.unshift(flat % shape[d]); flat = Math.floor(flat / shape[d]); }
  return index;
}

/**
 * Every weight and bias of the model, layer by layer, up to `max` (large models list their first
 * ones): per unit, filter or channel its weights (a dense row [u, j], a conv filter [f, c, i, j],
 * batch norm's γ [c]), then its bias (β [c]). Layers without parameters have none.
 */
export function sliceChoices(analysis: Analysis | undefined, max = 400): SliceTarget[] {
  if (!analysis) return [];
  const out: SliceTarget[] = [];
  for (const [layerIndex, l] of analysis.layers.entries()) {
    const tensors = layerTensors(l);
    const weights = tensors.find((t) => t.param === 'weights'), bias = tensors.find((t) => t.param === 'bias');
    const rows = weights?.shape[0] ?? bias?.shape[0] ?? 0;
    const perRow = weights && rows > 0 ? weights.shape.reduce((a, b) => a * b, 1) / rows : 0;
    for (let r = 0; r < rows && out.length < max; r++) {
      for (let k = 0; k < perRow && out.length < max; k++) out.push({ layerIndex, param: 'weights', index: unravel(r * perRow + k, weights!.shape) });
      if (bias && r < bias.shape[0] && out.length < max) out.push({ layerIndex, param: 'bias', index: [r] });
    }
  }
  return out;
}

/** Whether the model has the parameter `t` names. */
function hasParameter(analysis: Analysis, t: SliceTarget): boolean {
  const l = analysis.layers[t.layerIndex];
  const tensor = l && layerTensors(l).find((x) => x.param === t.param);
  return tensor !== undefined && t.index.length === tensor.shape.length && t.index.every((i, d) => i < tensor.shape[d]);
}

/** The parameter to slice: the view's choice when the model has it, else the first weight of the last layer that has parameters. */
export function sliceTargetFor(analysis: Analysis | undefined, chosen: SliceTarget | undefined): SliceTarget | undefined {
  if (!analysis || analysis.layers.length === 0) return undefined;
  if (chosen && hasParameter(analysis, chosen)) return chosen;
  for (let layerIndex = analysis.layers.length - 1; layerIndex >= 0; layerIndex--) {
    const first = layerTensors(analysis.layers[layerIndex]).find((t) => t.shape.every((n) => n > 0));
    if (first) return { layerIndex, param: first.param, index: first.shape.map(() => 0) };
  }
  return undefined;
}
