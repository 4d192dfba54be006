/**
 * The details of the selected neuron, weight, bias, input or layer, as labelled rows, gated by depth:
 * level 1 shows values only; 2 adds δ; 3 adds ∂L/∂w, ∂L/∂b and the gradient check; 4 adds the chain rule.
 */
import type { Analysis } from '../../src/shared/analysis';
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

export function inspectorView(analysis: Analysis, selection: PanelSelection, sample: number, depth: DepthLevel): InspectorView | undefined {
  const vis = visibility(depth);
  const shownSamples = analysis.layers[0]?.out.length ?? 0;
  const sampleNote = analysis.samples > 1 ? `sample ${sample + 1} of ${analysis.samples}` : 'the only sample';
  const reveal = toProtocolSelection(selection);
  const base = { derivation: [] as string[], links: [] as InspectorLink[], ...(reveal ? { reveal } : {}) };

  if (selection.kind === 'input') {
    const value = analysis.sampleInputs[sample]?.[selection.unit];
    if (selection.unit >= analysis.inputs) return undefined;
    return { ...base, title: `Input x${selection.unit + 1}`, subtitle: sampleNote, rows: [{ label: 'value', value: n(value) }] };
  }

  const layer = analysis.layers[selection.layer];
  if (!layer) return undefined;
  const isOutput = selection.layer === analysis.layers.length - 1;

  if (selection.kind === 'layer') {
    const a = layer.activationStats;
    const info = layer.layered;
    const rows: InspectorRow[] = [
      info ? { label: 'output', value: info.outputShape.join(' × ') } : { label: 'units', value: String(layer.units) },
      { label: 'activation', value: layer.activation },
      { label: 'activations', value: `mean ${n(a.mean)}, std ${n(a.std)}, range ${n(a.min)} … ${n(a.max)}` },
    ];
    if (a.fractionZero > 0) rows.push({ label: 'exactly zero', value: `${formatNumber(a.fractionZero * 100, 3)} %` });
    const passing = hasNoParameters(layer);
    if (vis.layerGradients && passing) {
      // A layer without parameters has no ∂L/∂θ: what it shows is the gradient it passes on.
      const deltas = layerDeltas(layer).map(Math.abs);
      rows.push({ label: 'mean |δ| passing through', value: n(deltas.reduce((s, v) => s + v, 0) / Math.max(1, deltas.length)), derivative: true });
    } else if (vis.layerGradients) {
      rows.push({ label: 'gradient norm', value: n(layer.stats.gradNorm), derivative: true });
      rows.push({ label: 'mean |gradient|', value: n(layer.stats.gradMeanAbs), derivative: true });
    }
    const count = info ? info.params.reduce((sum, p) => sum + p.shape.reduce((x, y) => x * y, 1), 0) : 0;
    const subtitle = info
      ? `${info.type}, ${info.inputShape.join('×')} → ${info.outputShape.join('×')}, ${count === 0 ? 'no parameters' : `${count} parameters`}, line ${layer.line}`
      : `${layer.units} × ${layer.fanIn} weights, line ${layer.line}`;
    return { ...base, title: `Layer ${layer.name}`, subtitle, rows };
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
    const from = sourceName(analysis, selection.layer, i);
    const rows: InspectorRow[] = [{ label: 'weight w', value: n(w) }];
    const derivation: string[] = [];
    if (vis.weightGradients) {
      rows.push({ label: '∂L/∂w', value: n(g), derivative: true });
      const check = analysis.gradcheck.entries.find((e) => e.layerIndex === selection.layer && e.param === 'weights' && e.index[0] === unit && e.index[1] === i);
      if (check) rows.push({ label: 'numeric ∂L/∂w', value: `${n(check.numeric)} (rel. error ${formatRelError(check.relError)}${check.kink ? ', kink' : ''})`, derivative: true });
    }
    if (vis.derivation) {
      const input = selection.layer === 0 ? analysis.sampleInputs[sample]?.[i] : analysis.layers[selection.layer - 1].out[sample]?.[i];
      derivation.push(`∂L/∂w = δ(${layer.name} ${unit + 1}) · out(${from}), averaged over the ${analysis.samples} training sample${analysis.samples === 1 ? '' : 's'}`);
      derivation.push(`${sampleNote}: ${n(delta)} × ${n(input)} = ${n(delta !== undefined && input !== undefined ? delta * input : undefined)}`);
      if (analysis.samples > shownSamples) derivation.push(`(the panel keeps the first ${shownSamples} samples; the gradient uses all ${analysis.samples})`);
    }
    return {
      ...base,
      title: `Weight ${from} → ${layer.name} ${unit + 1}`,
      subtitle: `${layer.name}.weights[${unit}][${i}], line ${layer.line}`,
      rows, derivation,
      ...(vis.weightGradients && reveal ? { explain: reveal } : {}),
    };
  }

  // a unit (neuron) or its bias
  const b = entryAt(layer.bias.value, [unit]);
  const gb = entryAt(layer.bias.grad, [unit]);
  const rows: InspectorRow[] = [];
  if (vis.derivation) rows.push({ label: 'net input', value: n(net) });
  rows.push({ label: `output ${layer.activation}(net)`, value: n(out) });
  if (isOutput) {
    const t = analysis.sampleTargets[sample]?.[unit];
    if (t !== undefined) rows.push({ label: 'target', value: n(t) });
  }
  if (vis.deltas) rows.push({ label: 'error signal δ = ∂L/∂net', value: n(delta), derivative: true });
  rows.push({ label: 'bias b', value: n(b) });
  if (vis.weightGradients) rows.push({ label: '∂L/∂b', value: n(gb), derivative: true });

  const derivation: string[] = [];
  if (vis.derivation) {
    derivation.push(`net = Σ w·in + b = ${n(net)};  out = ${layer.activation}(net) = ${n(out)}`);
    derivation.push(isOutput
      ? (layer.activation === 'softmax' && analysis.lossKind === 'cross-entropy'
        ? `δ = out − target (softmax and cross-entropy: f′ cancels) = ${n(delta)}`
        : `δ = ∂L/∂out · ${layer.activation}′(net) = ${n(delta)}`)
      : `δ = f′(net) · Σ_k w_k·δ_k over the units of ${analysis.layers[selection.layer + 1].name} = ${n(delta)}`);
    derivation.push(`∂L/∂b = δ averaged over the samples = ${n(gb)}`);
  }

  const links: InspectorLink[] = [];
  const weights = layer.weights.value as number[][];
  for (let i = 0; i < Math.min(layer.fanIn, 64); i++) {
    const grad = vis.weightGradients ? `, ∂L/∂w ${n(entryAt(layer.weights.grad, [unit, i]))}` : '';
    links.push({ label: `from ${sourceName(analysis, selection.layer, i)}: w ${n(weights[unit]?.[i])}${grad}`, selection: { kind: 'weight', layer: selection.layer, unit, input: i } });
  }

  const explainTarget: Selection = { layerIndex: selection.layer, param: 'bias', index: [unit] };
  return {
    ...base,
    title: `${layer.name} ${unit + 1}`,
    subtitle: `${sampleNote}, ${layer.name} on line ${layer.line}`,
    rows, derivation, links,
    ...(vis.weightGradients ? { explain: explainTarget } : {}),
  };
}
