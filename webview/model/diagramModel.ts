/**
 * The network diagram as plain data: where every neuron and edge goes, its colour intensity and
 * its width. The SVG renderer only draws what this says.
 */
import type { Analysis } from '../../src/shared/analysis';
import { l10n } from '../../src/shared/l10n';
import { visibility } from './depth';
import type { DepthLevel } from '../../src/shared/protocol';
import type { PanelSelection } from './selection';
import type { EdgeWidthBy } from './viewState';

export const MAX_UNITS_SHOWN = 12;

export interface DiagramColumn {
  /** -1 for the inputs, else the layer index. */
  readonly layer: number;
  readonly title: string;
  readonly subtitle: string;
  readonly x: number;
  readonly units: number;
  readonly shown: number;
}

export interface NeuronView {
  readonly key: string;
  readonly selection: PanelSelection;
  readonly layer: number;
  readonly unit: number;
  readonly x: number;
  readonly y: number;
  /** The activation (or input value) for the selected sample. */
  readonly value: number;
  /** value scaled into [-1, 1] by the largest |value| of its column over all samples (at least 1). */
  readonly intensity: number;
  /** Error signal δ for the selected sample, when the depth shows it. */
  readonly delta?: number;
  /** Target of an output unit for the selected sample. */
  readonly target?: number;
  readonly label: string;
}

export interface EdgeView {
  readonly key: string;
  readonly selection: PanelSelection;
  readonly layer: number;
  readonly unit: number;
  readonly input: number;
  readonly x1: number;
  readonly y1: number;
  readonly x2: number;
  readonly y2: number;
  readonly weight: number;
  /** ∂L/∂w, only when the depth shows per-weight gradients. */
  readonly grad?: number;
  readonly sign: 'positive' | 'negative' | 'zero';
  /** The magnitude the width shows (|∂L/∂w| or |w|), and the width itself. */
  readonly magnitude: number;
  readonly width: number;
  /** 0.35…1, larger for larger magnitudes. */
  readonly opacity: number;
}

export interface DiagramView {
  readonly width: number;
  readonly height: number;
  readonly columns: readonly DiagramColumn[];
  readonly neurons: readonly NeuronView[];
  readonly edges: readonly EdgeView[];
  /** What edge width shows after depth rules (level 1 and 2 always show |w|). */
  readonly edgeWidthBy: EdgeWidthBy;
  readonly maxMagnitude: number;
  readonly radius: number;
}

const COLUMN_GAP = 170;
const UNIT_GAP = 58;
const MARGIN_X = 70;
const TOP = 58;
const RADIUS = 18;
export const MIN_EDGE_WIDTH = 0.75;
export const MAX_EDGE_WIDTH = 6;

function columnScale(values: readonly (readonly number[])[]): number {
  let max = 1;
  for (const row of values) for (const v of row) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  return max;
}

export function buildDiagram(analysis: Analysis, sample: number, depth: DepthLevel, widthBy: EdgeWidthBy, maxUnits = MAX_UNITS_SHOWN): DiagramView {
  const vis = visibility(depth);
  const edgeWidthBy: EdgeWidthBy = vis.weightGradients ? widthBy : 'weight';
  const sizes = [analysis.inputs, ...analysis.layers.map((l) => l.units)];
  const shownSizes = sizes.map((n) => Math.min(n, maxUnits));
  const tallest = Math.max(...shownSizes);
  const height = TOP + tallest * UNIT_GAP + 18;
  const width = MARGIN_X * 2 + COLUMN_GAP * (sizes.length - 1) + 40;
  const yOf = (column: number, unit: number) => TOP + (tallest - shownSizes[column]) * UNIT_GAP / 2 + UNIT_GAP * (unit + 0.5);
  const xOf = (column: number) => MARGIN_X + COLUMN_GAP * column;

  const columns: DiagramColumn[] = sizes.map((units, c) => {
    const layer = analysis.layers[c - 1];
    return {
      layer: c - 1,
      title: c === 0 ? l10n.t('input') : layer.name,
      subtitle: c === 0 ? (units === 1 ? l10n.t('{0} feature', units) : l10n.t('{0} features', units)) : layer.activation,
      x: xOf(c), units, shown: shownSizes[c],
    };
  });

  const neurons: NeuronView[] = [];
  const inputScale = columnScale(analysis.sampleInputs);
  for (let i = 0; i < shownSizes[0]; i++) {
    const value = analysis.sampleInputs[sample]?.[i] ?? NaN;
    neurons.push({
      key: `in-${i}`, selection: { kind: 'input', unit: i }, layer: -1, unit: i, x: xOf(0), y: yOf(0, i),
      value, intensity: Number.isFinite(value) ? value / inputScale : 0, label: `x${i + 1}`,
    });
  }
  const last = analysis.layers.length - 1;
  analysis.layers.forEach((layer, li) => {
    const scale = columnScale(layer.out);
    for (let u = 0; u < shownSizes[li + 1]; u++) {
      const value = layer.out[sample]?.[u] ?? NaN;
      const delta = vis.deltas ? layer.delta[sample]?.[u] : undefined;
      const target = li === last ? analysis.sampleTargets[sample]?.[u] : undefined;
      neurons.push({
        key: `u-${li}-${u}`, selection: { kind: 'unit', layer: li, unit: u }, layer: li, unit: u,
        x: xOf(li + 1), y: yOf(li + 1, u), value, intensity: Number.isFinite(value) ? value / scale : 0,
        ...(delta !== undefined ? { delta } : {}),
        ...(target !== undefined ? { target } : {}),
        label: `${layer.name} ${u + 1}`,
      });
    }
  });

  const raw: Omit<EdgeView, 'width' | 'opacity'>[] = [];
  analysis.layers.forEach((layer, li) => {
    const weights = layer.weights.value as number[][];
    const grads = layer.weights.grad as number[][];
    for (let u = 0; u < shownSizes[li + 1]; u++) {
      for (let i = 0; i < shownSizes[li]; i++) {
        const weight = weights[u]?.[i] ?? 0;
        const grad = grads[u]?.[i];
        const magnitude = Math.abs(edgeWidthBy === 'gradient' ? grad ?? 0 : weight);
        raw.push({
          key: `w-${li}-${u}-${i}`, selection: { kind: 'weight', layer: li, unit: u, input: i },
          layer: li, unit: u, input: i,
          x1: xOf(li) + RADIUS, y1: yOf(li, i), x2: xOf(li + 1) - RADIUS, y2: yOf(li + 1, u),
          weight, ...(vis.weightGradients && grad !== undefined ? { grad } : {}),
          sign: weight > 0 ? 'positive' : weight < 0 ? 'negative' : 'zero',
          magnitude: Number.isFinite(magnitude) ? magnitude : 0,
        });
      }
    }
  });
  const maxMagnitude = raw.reduce((m, e) => Math.max(m, e.magnitude), 0);
  const edges: EdgeView[] = raw.map((e) => {
    const t = maxMagnitude > 0 ? e.magnitude / maxMagnitude : 0;
    return { ...e, width: MIN_EDGE_WIDTH + (MAX_EDGE_WIDTH - MIN_EDGE_WIDTH) * t, opacity: 0.35 + 0.65 * Math.sqrt(t) };
  });

  return { width, height, columns, neurons, edges, edgeWidthBy, maxMagnitude, radius: RADIUS };
}

/** The neuron to move to with an arrow key (roving focus inside the diagram). */
export function neighbour(view: DiagramView, from: string, key: 'ArrowUp' | 'ArrowDown' | 'ArrowLeft' | 'ArrowRight'): string {
  const current = view.neurons.find((n) => n.key === from) ?? view.neurons[0];
  if (!current) return from;
  const column = (layer: number) => view.neurons.filter((n) => n.layer === layer);
  if (key === 'ArrowUp' || key === 'ArrowDown') {
    const col = column(current.layer);
    const i = col.indexOf(current) + (key === 'ArrowDown' ? 1 : -1);
    return col[Math.min(Math.max(i, 0), col.length - 1)].key;
  }
  const next = column(current.layer + (key === 'ArrowRight' ? 1 : -1));
  if (next.length === 0) return current.key;
  return next.reduce((best, n) => (Math.abs(n.y - current.y) < Math.abs(best.y - current.y) ? n : best)).key;
}
