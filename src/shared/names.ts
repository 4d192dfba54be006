/**
 * The one naming convention for the parts of a model, wherever GradLens names them for people: the
 * command-line tool, the Markdown report, CodeLens, inlay hints, hovers, the Gradient Explorer, the
 * panel, the explanations, the handout and the diagnostics' messages.
 *
 * - **1-based**: the first weight of the first unit is `[1, 1]`, the first sample is `sample 1`.
 * - **Layer-qualified**: a parameter entry carries its layer's name, `output.weights[1, 1]`,
 *   `hidden.bias[2]`; a unit is `hidden unit 1`.
 * - **Comma-separated** in one pair of brackets, never `[1][1]`: a dense weight is
 *   `LAYER.weights[unit, input]`, a conv weight `LAYER.weights[filter, channel, row, column]`, a bias
 *   `LAYER.bias[unit]` (or `[filter]`), an output position `[channel, row, column]`.
 *
 * Only the machine-readable faces stay 0-based: the report JSON's `index` arrays (docs/spec/report-json-v1.md)
 * and the rubric's answer names (docs/spec/rubric-v1.md). Every function here takes those 0-based
 * indices and writes the 1-based form, so no caller adds 1 itself.
 *
 * Parameter names hold no words to translate (layer names and `weights`/`bias` are the model file's own
 * identifiers); the names with words (`hidden unit 1`, `sample 1`) go through src/shared/l10n.ts's relay
 * (English in the command-line tool). A localised sentence that says "unit {0}" puts {@link ordinal}'s
 * number into its placeholder. Pure: no `vscode`, no DOM; Markdown/HTML escaping stays with the sink
 * (src/shared/escape.ts).
 *
 * The classic walkthrough's names (w1…w8, b1, b2, h1, o1, out_h1, net_o1) are encoded once in
 * {@link classicParameterName} and friends, for models of exactly that 2-2-2 shape. The derivations (the
 * Explain pages, the handout, the step-through) rename their symbols with these (src/teaching/classicSymbols.ts):
 * w5, b2, out_h1, net_o1, target_o1, δ_o1 and E_total, as the walkthrough writes them.
 */

import { l10n } from './l10n';

/** The 1-based number people read for a 0-based index: 0 → 1. */
export function ordinal(index: number): number {
  return index + 1;
}

/** `[1, 2]` from the 0-based `[0, 1]`: an entry of any tensor, 1-based, comma-separated. */
export function entryIndex(index: readonly number[]): string {
  return `[${index.map(ordinal).join(', ')}]`;
}

/**
 * A parameter entry: `output.weights[1, 1]` (dense: unit, input), `conv1.weights[1, 1, 2, 3]`
 * (conv: filter, channel, row, column), `hidden.bias[2]`. `index` is 0-based, as the report JSON's.
 */
export function parameterName(layer: string, param: string, index: readonly number[]): string {
  return `${layer}.${param}${entryIndex(index)}`;
}

/** A whole parameter tensor of a layer: `output.weights`, `hidden.bias`. */
export function tensorName(layer: string, param: string): string {
  return `${layer}.${param}`;
}

/** A unit of a layer (a dense unit, or a conv filter's output channel): `hidden unit 1`. */
export function unitName(layer: string, unit: number): string {
  return l10n.t('{0} unit {1}', layer, ordinal(unit));
}

/** A training sample: `sample 1`. */
export function sampleName(sample: number): string {
  return l10n.t('sample {0}', ordinal(sample));
}

/** A filter of a conv layer: `conv1 filter 2`. */
export function filterName(layer: string, filter: number): string {
  return l10n.t('{0} filter {1}', layer, ordinal(filter));
}

/** A channel of a layer's input or output: `channel 3`. */
export function channelName(channel: number): string {
  return l10n.t('channel {0}', ordinal(channel));
}

/** A position in a layer's output image: `pool1[1, 2, 3]` (channel, row, column), 1-based. */
export function outputPositionName(layer: string, position: readonly number[]): string {
  return `${layer}${entryIndex(position)}`;
}

/**
 * A position in the model's input image: `input[1, 2, 3]` (channel, row, column), 1-based. `input` stands
 * where a layer's name stands in {@link outputPositionName} (the input of the first layer, which has no
 * layer before it); an identifier, like a layer name, so not translated.
 */
export function inputPositionName(position: readonly number[]): string {
  return outputPositionName('input', position);
}

// ---- the classic walkthrough's names ------------------------------------------------------------

/** What {@link isClassicShape} needs of a model: its inputs, and each layer's name, units and fan-in. */
export interface ClassicShapeModel {
  readonly inputs: number;
  readonly layers: readonly { readonly name: string; readonly units: number; readonly fanIn?: number; readonly type?: string }[];
}

/**
 * True for the classic 2-2-2 walkthrough's shape (Matt Mazur, "A Step by Step Backpropagation
 * Example", 2015; examples/worked-example.nn.json): 2 inputs, a dense layer `hidden` of 2 units, a
 * dense layer `output` of 2 units. Only then may names read w1…w8.
 */
export function isClassicShape(model: ClassicShapeModel): boolean {
  const [hidden, output] = model.layers;
  return model.inputs === 2 && model.layers.length === 2
    && hidden.name === 'hidden' && hidden.units === 2 && (hidden.type ?? 'dense') === 'dense'
    && output.name === 'output' && output.units === 2 && (output.type ?? 'dense') === 'dense';
}

/**
 * The walkthrough's name of a parameter entry (0-based layer and index), or undefined for none.
 * Mazur numbers the weights layer by layer, unit by unit, input by input: w1 = i1→h1, w2 = i2→h1,
 * w3 = i1→h2, w4 = i2→h2 (hidden), w5 = h1→o1, w6 = h2→o1, w7 = h1→o2, w8 = h2→o2 (output): weight
 * (unit u, input i) of layer l is w(4l + 2u + i + 1). His one bias per layer is b1 (hidden) and b2
 * (output); the model file keeps one bias per unit, so each carries its unit: `b1 (h2)`.
 */
export function classicParameterName(layerIndex: number, param: string, index: readonly number[]): string | undefined {
  if (layerIndex !== 0 && layerIndex !== 1) return undefined;
  if (param === 'weights' && index.length === 2 && index.every((i) => i === 0 || i === 1)) return `w${4 * layerIndex + 2 * index[0] + index[1] + 1}`;
  if (param === 'bias' && index.length === 1 && (index[0] === 0 || index[0] === 1)) return `b${layerIndex + 1} (${classicUnitName(layerIndex, index[0])})`;
  return undefined;
}

/** The walkthrough's name of a unit: h1, h2 (hidden), o1, o2 (output). */
export function classicUnitName(layerIndex: number, unit: number): string {
  return `${layerIndex === 0 ? 'h' : 'o'}${ordinal(unit)}`;
}

/** The walkthrough's name of an input: i1, i2. */
export function classicInputName(input: number): string {
  return `i${ordinal(input)}`;
}

/** The walkthrough's name of a unit's value: `out_h1`, `net_o1`. */
export function classicValueName(quantity: 'net' | 'out', layerIndex: number, unit: number): string {
  return `${quantity}_${classicUnitName(layerIndex, unit)}`;
}

/**
 * A parameter's name for people under the `gradlens.classicNames` setting: the walkthrough's name
 * followed by the convention's, `w5 (output.weights[1, 1])`, when `classic` is on and the model has
 * the walkthrough's shape; else the convention's name alone.
 */
export function displayParameterName(model: ClassicShapeModel, classic: boolean, layerIndex: number, param: string, index: readonly number[]): string {
  const name = parameterName(model.layers[layerIndex]?.name ?? '', param, index);
  const walkthrough = classic && isClassicShape(model) ? classicParameterName(layerIndex, param, index) : undefined;
  return walkthrough ? `${walkthrough} (${name})` : name;
}

/** A unit's name for people: `h1 (hidden unit 1)` under the classic names, else `hidden unit 1`. */
export function displayUnitName(model: ClassicShapeModel, classic: boolean, layerIndex: number, unit: number): string {
  const name = unitName(model.layers[layerIndex]?.name ?? '', unit);
  return classic && isClassicShape(model) && unit < 2 ? `${classicUnitName(layerIndex, unit)} (${name})` : name;
}

/** The walkthrough's name of a weight (unit, input) of layer 0 or 1 of the classic shape: `w5`. */
export function classicWeightName(layerIndex: number, unit: number, input: number): string {
  return `w${4 * layerIndex + 2 * unit + input + 1}`;
}

/** The walkthrough's one bias symbol of a layer, as its formulas write it: `b1` (hidden), `b2` (output). */
export function classicBiasSymbol(layerIndex: number): string {
  return `b${layerIndex + 1}`;
}

/** The walkthrough's target of an output unit: `target_o1`. */
export function classicTargetName(unit: number): string {
  return `target_${classicUnitName(1, unit)}`;
}

/** The walkthrough's error signal of a unit: `δ_o1`, `δ_h2`. */
export function classicDeltaName(layerIndex: number, unit: number): string {
  return `δ_${classicUnitName(layerIndex, unit)}`;
}

/** The walkthrough's name of the loss of the whole training set: `E_total` (Mazur's one sample; GradLens's mean over the samples). */
export const CLASSIC_TOTAL_ERROR = 'E_total';

/** The walkthrough's name of the input a weight multiplies: `i1` (hidden layer), `out_h1` (output layer). */
export function classicInputOf(layerIndex: number, input: number): string {
  return layerIndex === 0 ? classicInputName(input) : classicValueName('out', 0, input);
}

/** What {@link classicShapeOf} reads of an analysis: its inputs and each layer's name, units and (layered) type. */
export interface ShapedAnalysis {
  readonly inputs: number;
  readonly layers: readonly { readonly name: string; readonly units: number; readonly layered?: { readonly type: string } }[];
}

/** An analysis as {@link isClassicShape} sees it. */
export function classicShapeOf(analysis: ShapedAnalysis): ClassicShapeModel {
  return { inputs: analysis.inputs, layers: analysis.layers.map((l) => ({ name: l.name, units: l.units, ...(l.layered ? { type: l.layered.type } : {}) })) };
}

/**
 * Where a walkthrough parameter sits, in the article's names: the weight w5 goes from `out_h1` into
 * `net_o1`; w1 from `i1` into `net_h1`; the bias b2 (o1) is added into `net_o1` (`from` undefined).
 */
export function classicPath(layerIndex: number, param: string, index: readonly number[]): { readonly from?: string; readonly into: string } {
  const into = classicValueName('net', layerIndex, index[0]);
  if (param !== 'weights') return { into };
  return { from: layerIndex === 0 ? classicInputName(index[1]) : classicValueName('out', 0, index[1]), into };
}

/**
 * Every walkthrough name of one layer of the classic shape, beside the convention's, for a hover:
 * `w5 = output.weights[1, 1] (out_h1 → net_o1), …, b2 (o1) = output.bias[1], b2 (o2) = output.bias[2]`.
 */
export function classicLayerNames(layerIndex: number, layerName: string): string {
  const parts: string[] = [];
  for (let u = 0; u < 2; u++) {
    for (let i = 0; i < 2; i++) {
      const path = classicPath(layerIndex, 'weights', [u, i]);
      parts.push(`${classicParameterName(layerIndex, 'weights', [u, i])} = ${parameterName(layerName, 'weights', [u, i])} (${path.from} → ${path.into})`);
    }
  }
  for (let u = 0; u < 2; u++) parts.push(`${classicParameterName(layerIndex, 'bias', [u])} = ${parameterName(layerName, 'bias', [u])}`);
  return parts.join(', ');
}
