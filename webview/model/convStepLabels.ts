/**
 * Every name the "Convolution step by step" card writes for people, by the one convention of
 * src/shared/names.ts (1-based, layer-qualified, comma-separated): a kernel weight is
 * `conv1.weights[1, 1, 2, 3]` (filter, channel, row, column), an output position `conv1[1, 4, 4]`
 * (filter's channel, row, column), an input position the previous layer's output position
 * `pool1[2, 3, 3]` (or `input[1, 3, 3]` for the model's input). The view model keeps 0-based indices
 * (model/convStepModel.ts); only these functions turn them into what people read. Pure: no DOM.
 */
import { l10n } from '../../src/shared/l10n';
import { inputPositionName, ordinal, outputPositionName, parameterName } from '../../src/shared/names';
import type { ConvStepView } from './convStepModel';

/** The kernel weight at tap (c, i, j) of the view's filter: `conv1.weights[1, 1, 2, 3]`. */
export function tapName(view: ConvStepView, tap: readonly [number, number, number]): string {
  return parameterName(view.name, 'weights', [view.filter, ...tap]);
}

/** The output position (y, x) of the view's filter: `conv1[1, 4, 4]`. */
export function positionName(view: ConvStepView, position: readonly [number, number]): string {
  return outputPositionName(view.name, [view.filter, ...position]);
}

/** The input the tap reads at channel c, (row, col): `pool1[2, 3, 3]`, `input[1, 3, 3]`, or "padding". */
export function inputName(view: ConvStepView, c: number, at: readonly [number, number] | undefined): string {
  if (!at) return l10n.t('padding');
  return view.layer === 0 ? inputPositionName([c, ...at]) : outputPositionName(view.inputName, [c, ...at]);
}

/** A cell's name for a screen reader: `row 1, column 1` (0-based row and column in, 1-based out). */
export function cellName(row: number, col: number): string {
  return l10n.t('row {0}, column {1}', ordinal(row), ordinal(col));
}

/** Every text of the card's labels for one view (the names, not the numbers), in the order it shows them. */
export interface ConvStepLabels {
  /** The window's output position, `conv1[1, 4, 4]`, and the line that says where the window is. */
  readonly here: string;
  readonly where: string;
  readonly channelCaptions: readonly string[];
  readonly kernelCaptions: readonly string[];
  readonly kernelCells: readonly string[];
  readonly outputCells: readonly string[];
  readonly productsCaption: string;
  readonly productRows: readonly (readonly [string, string])[];
  readonly backwardTitle: string;
  readonly backwardCaption: string;
  readonly backwardInputs: readonly string[];
  readonly weightTitle: string;
  /** The symbolic sum with 1-based positions: `∂Lₙ/∂w = Σ δ[1, y, x]·x[1, (y−1)·1−0+2, (x−1)·1−0+2]`. */
  readonly weightFormula: string;
  readonly weightCaption: string;
  readonly weightTermPositions: readonly string[];
  readonly weightTermInputs: readonly string[];
}

/** The labels of `view` (the card draws the first {@link channelsDrawn} channels' maps). */
export function convStepLabels(view: ConvStepView, channelsDrawn = view.channels): ConvStepLabels {
  const [kh, kw] = view.geometry.kernel, [Ho, Wo] = view.geometry.output;
  const [ph, pw] = view.geometry.padding, [sh, sw] = view.geometry.stride;
  const here = positionName(view, view.position);
  const channels = Array.from({ length: channelsDrawn }, (_, c) => c);
  const s = view.backward?.weightSum;
  const [c, i, j] = s?.tap ?? view.tap;
  return {
    here,
    where: l10n.t('window at output {0} of {1}×{2} · stride {3}×{4} · padding {5}×{6}', here, Ho, Wo, sh, sw, ph, pw),
    channelCaptions: channels.map((ch) => (view.channels === 1 ? view.inputName : l10n.t('{0}, channel {1}', view.inputName, ordinal(ch)))),
    kernelCaptions: channels.map((ch) => (view.channels === 1 ? l10n.t('kernel of filter {0}', ordinal(view.filter)) : l10n.t('kernel of filter {0}, channel {1}', ordinal(view.filter), ordinal(ch)))),
    kernelCells: channels.flatMap((ch) => Array.from({ length: kh * kw }, (_, t) => tapName(view, [ch, Math.floor(t / kw), t % kw]))),
    outputCells: Array.from({ length: Ho * Wo }, (_, p) => positionName(view, [Math.floor(p / Wo), p % Wo])),
    productsCaption: l10n.t('Forward: every product w·x of the window at {0}', here),
    productRows: view.forward.terms.map((t) => [tapName(view, t.tap), inputName(view, t.tap[0], t.inputAt)] as const),
    backwardTitle: l10n.t('Backward to the input: what the window at {0} sends back', here),
    backwardCaption: l10n.t('Backward: δ at {0}, times w, for each input under the window', here),
    backwardInputs: (view.backward?.inputWindow ?? []).map((t) => inputName(view, t.tap[0], t.inputAt)),
    weightTitle: l10n.t('Backward: ∂Lₙ/∂{0}, the sum over every position', tapName(view, [c, i, j])),
    weightFormula: `∂Lₙ/∂w = Σ δ[${ordinal(view.filter)}, y, x]·x[${ordinal(c)}, (y−1)·${sh}−${ph}+${ordinal(i)}, (x−1)·${sw}−${pw}+${ordinal(j)}]`,
    weightCaption: l10n.t('Backward: the terms δ·x of ∂Lₙ/∂{0}', tapName(view, [c, i, j])),
    weightTermPositions: (s?.shown ?? []).map((t) => positionName(view, t.position)),
    weightTermInputs: (s?.shown ?? []).map((t) => inputName(view, c, t.inputAt)),
  };
}
