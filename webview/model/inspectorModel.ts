/**
 * The details of the selected neuron, weight, bias, input or layer, as labelled rows, gated by depth:
 * level 1 shows values only; 2 adds δ; 3 adds ∂L/∂w, ∂L/∂b and the gradient check; 4 adds the chain rule.
 */
import type { Analysis } from '../../src/shared/analysis';
import { l10n } from '../../src/shared/l10n';
import { classicShapeOf, displayParameterName, displayUnitName } from '../../src/shared/names';
import type { DepthLevel, Selection } from '../../src/shared/protocol';
import { visibility } from './depth';
import { formatNumber, formatRelError } from './format';
import { toProtocolSelection, type PanelSelection } from './selection';
import { entryAt, hasNoParameters, layerDeltas, sourceName } from './values';

export interface InspectorRow {
  readonly label: string;
  readonly value: string;
  /** Marks rows that show a derivative (for tests and styling). */
  readonly derivative?: boolean;
}

export interface InspectorLink {
  readonly label: string;
  readonly selection: PanelSelection;
}

export interface InspectorView {
  readonly title: string;
  readonly subtitle: string;
  readonly rows: readonly InspectorRow[];
  /** Lines of the chain-rule derivation (level 4). */
  readonly derivation: readonly string[];
  /** The weights into a selected unit: the keyboard's way to every edge. */
  readonly links: readonly InspectorLink[];
  readonly reveal?: Selection;
  readonly explain?: Selection;
}

const n = (v: number | undefined) => formatNumber(v, 5);

export function inspectorView(analysis: Analysis, selection: PanelSelection, sample: number, depth: DepthLevel, classicNames = false): InspectorView | undefined {
  // src/shared/names.ts: the convention's names, or the walkthrough's beside them (w5 (output.weights[1, 1])).
  const shape = classicShapeOf(analysis);
  const unitLabel = (layer: number, unit: number) => displayUnitName(shape, classicNames, layer, unit);
  const vis = visibility(depth);
  const shownSamples = analysis.layers[0]?.out.length ?? 0;
  const sampleNote = analysis.samples > 1 ? l10n.t('sample {0} of {1}', sample + 1, analysis.samples) : l10n.t('the only sample');
  const reveal = toProtocolSelection(selection);
  const base = { derivation: [] as string[], links: [] as InspectorLink[], ...(reveal ? { reveal } : {}) };

  if (selection.kind === 'input') {
    const value = analysis.sampleInputs[sample]?.[selection.unit];
    if (selection.unit >= analysis.inputs) return undefined;
    return { ...base, title: l10n.t('Input x{0}', selection.unit + 1), subtitle: sampleNote, rows: [{ label: l10n.t('value'), value: n(value) }] };
  }

  const layer = analysis.layers[selection.layer];
  if (!layer) return undefined;
  const isOutput = selection.layer === analysis.layers.length - 1;

  if (selection.kind === 'layer') {
    const a = layer.activationStats;
    const info = layer.layered;
    const rows: InspectorRow[] = [
      info ? { label: l10n.t('output'), value: info.outputShape.join(' × ') } : { label: l10n.t('units'), value: String(layer.units) },
      { label: l10n.t('activation'), value: layer.activation },
      { label: l10n.t('activations'), value: l10n.t('mean {0}, std {1}, range {2} … {3}', n(a.mean), n(a.std), n(a.min), n(a.max)) },
    ];
    if (a.fractionZero > 0) rows.push({ label: l10n.t('exactly zero'), value: `${formatNumber(a.fractionZero * 100, 3)} %` });
    const passing = hasNoParameters(layer);
    if (vis.layerGradients && passing) {
      // A layer without parameters has no ∂L/∂θ: what it shows is the gradient it passes on.
      const deltas = layerDeltas(layer).map(Math.abs);
      rows.push({ label: l10n.t('mean |δ| passing through'), value: n(deltas.reduce((s, v) => s + v, 0) / Math.max(1, deltas.length)), derivative: true });
    } else if (vis.layerGradients) {
      rows.push({ label: l10n.t('gradient norm'), value: n(layer.stats.gradNorm), derivative: true });
      rows.push({ label: l10n.t('mean |gradient|'), value: n(layer.stats.gradMeanAbs), derivative: true });
    }
    const count = info ? info.params.reduce((sum, p) => sum + p.shape.reduce((x, y) => x * y, 1), 0) : 0;
    const subtitle = info
      ? (count === 0
        ? l10n.t('{0}, {1} → {2}, no parameters, line {3}', info.type, info.inputShape.join('×'), info.outputShape.join('×'), layer.line)
        : l10n.t('{0}, {1} → {2}, {3} parameters, line {4}', info.type, info.inputShape.join('×'), info.outputShape.join('×'), count, layer.line))
      : l10n.t('{0} × {1} weights, line {2}', layer.units, layer.fanIn, layer.line);
    return { ...base, title: l10n.t('Layer {0}', layer.name), subtitle, rows };
  }

  const unit = selection.unit;
  if (unit >= layer.units) return undefined;
  const net = layer.net[sample]?.[unit];
  const out = layer.out[sample]?.[unit];
  const delta = layer.delta[sample]?.[unit];

  if (selection.kind === 'weight') {
    const i = selection.input;
    if (i >= layer.fanIn) return undefined;
    const w = entryAt(layer.weights.value, [unit, i]);
    const g = entryAt(layer.weights.grad, [unit, i]);
    const from = selection.layer > 0 ? unitLabel(selection.layer - 1, i) : sourceName(analysis, selection.layer, i);
    const rows: InspectorRow[] = [{ label: l10n.t('weight w'), value: n(w) }];
    const derivation: string[] = [];
    if (vis.weightGradients) {
      rows.push({ label: '∂L/∂w', value: n(g), derivative: true });
      const check = analysis.gradcheck.entries.find((e) => e.layerIndex === selection.layer && e.param === 'weights' && e.index[0] === unit && e.index[1] === i);
      if (check) rows.push({
        label: l10n.t('numeric ∂L/∂w'),
        value: check.kink ? l10n.t('{0} (rel. error {1}, kink)', n(check.numeric), formatRelError(check.relError)) : l10n.t('{0} (rel. error {1})', n(check.numeric), formatRelError(check.relError)),
        derivative: true,
      });
    }
    if (vis.derivation) {
      const input = selection.layer === 0 ? analysis.sampleInputs[sample]?.[i] : analysis.layers[selection.layer - 1].out[sample]?.[i];
      derivation.push(analysis.samples === 1
        ? l10n.t('∂L/∂w = δ({0} {1}) · out({2}), averaged over the {3} training sample', layer.name, unit + 1, from, analysis.samples)
        : l10n.t('∂L/∂w = δ({0} {1}) · out({2}), averaged over the {3} training samples', layer.name, unit + 1, from, analysis.samples));
      derivation.push(`${sampleNote}: ${n(delta)} × ${n(input)} = ${n(delta !== undefined && input !== undefined ? delta * input : undefined)}`);
      if (analysis.samples > shownSamples) derivation.push(l10n.t('(the panel keeps the first {0} samples; the gradient uses all {1})', shownSamples, analysis.samples));
    }
    return {
      ...base,
      title: l10n.t('Weight {0} → {1}', from, unitLabel(selection.layer, unit)),
      subtitle: l10n.t('{0}, line {1}', displayParameterName(shape, classicNames, selection.layer, 'weights', [unit, i]), layer.line),
      rows, derivation,
      ...(vis.weightGradients && reveal ? { explain: reveal } : {}),
    };
  }

  // a unit (neuron) or its bias
  const b = entryAt(layer.bias.value, [unit]);
  const gb = entryAt(layer.bias.grad, [unit]);
  const rows: InspectorRow[] = [];
  if (vis.derivation) rows.push({ label: l10n.t('net input'), value: n(net) });
  rows.push({ label: l10n.t('output {0}(net)', layer.activation), value: n(out) });
  if (isOutput) {
    const t = analysis.sampleTargets[sample]?.[unit];
    if (t !== undefined) rows.push({ label: l10n.t('target'), value: n(t) });
  }
  if (vis.deltas) rows.push({ label: l10n.t('error signal δ = ∂L/∂net'), value: n(delta), derivative: true });
  rows.push({ label: l10n.t('bias b'), value: n(b) });
  if (vis.weightGradients) rows.push({ label: '∂L/∂b', value: n(gb), derivative: true });

  const derivation: string[] = [];
  if (vis.derivation) {
    derivation.push(l10n.t('net = Σ w·in + b = {0};  out = {1}(net) = {2}', n(net), layer.activation, n(out)));
    derivation.push(isOutput
      ? (layer.activation === 'softmax' && analysis.lossKind === 'cross-entropy'
        ? l10n.t('δ = out − target (softmax and cross-entropy: f′ cancels) = {0}', n(delta))
        : l10n.t('δ = ∂L/∂out · {0}′(net) = {1}', layer.activation, n(delta)))
      : l10n.t('δ = f′(net) · Σ_k w_k·δ_k over the units of {0} = {1}', analysis.layers[selection.layer + 1].name, n(delta)));
    derivation.push(l10n.t('∂L/∂b = δ averaged over the samples = {0}', n(gb)));
  }

  const links: InspectorLink[] = [];
  const weights = layer.weights.value as number[][];
  for (let i = 0; i < Math.min(layer.fanIn, 64); i++) {
    const grad = vis.weightGradients ? `, ∂L/∂w ${n(entryAt(layer.weights.grad, [unit, i]))}` : '';
    links.push({ label: l10n.t('from {0}: w {1}{2}', sourceName(analysis, selection.layer, i), n(weights[unit]?.[i]), grad), selection: { kind: 'weight', layer: selection.layer, unit, input: i } });
  }

  const explainTarget: Selection = { layerIndex: selection.layer, param: 'bias', index: [unit] };
  return {
    ...base,
    title: unitLabel(selection.layer, unit),
    subtitle: l10n.t('{0}, {1} on line {2}', sampleNote, layer.name, layer.line),
    rows, derivation, links,
    ...(vis.weightGradients ? { explain: explainTarget } : {}),
  };
}
