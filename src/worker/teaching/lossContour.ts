/**
 * The loss contour (depth Derive): the objective J training minimises over a plane through the current
 * parameters θ, with the gradient's arrow and the path of the next steps; for a dense network J is
 * trainingObjective.ts's, for a layered one layeredObjective.ts's (slicedObjective.ts joins them).
 *
 *   two parameters p₁, p₂:  θ(x, y) = θ with p₁ = x, p₂ = y;  arrow = (∂J/∂p₁, ∂J/∂p₂)
 *   two directions d₁, d₂:  θ(x, y) = θ + x·d₁ + y·d₂ on the weights; arrow = (⟨∇J, d₁⟩, ⟨∇J, d₂⟩)
 *   filter normalisation (Li et al., "Visualizing the Loss Landscape of Neural Nets", 2018): every
 *     direction is drawn from N(0, 1) (seeded; stream `loss-contour-direction-<1|2>`, tensor after
 *     tensor), then each filter's part is scaled to the norm of that filter's weights: a dense unit's
 *     row d[u, ·] to ‖w[u, ·]‖, a conv filter's d[f, ·, ·, ·] (C·kh·kw entries) to ‖w[f, ·, ·, ·]‖;
 *     directions are 0 on biases and on batch norm's γ and β (their `ignore = 'biasbn'` default)
 *   J(x, y) = the engine's loss at θ(x, y), plus (λ/2)·Σw²
 *   grid    = n × n points, x_j = c + r·(2j − (n − 1))/(n − 1), n odd so θ is the middle one exactly;
 *             n from a cost model, not a clock:
 *             n² · N · F ≤ BUDGET with N samples and F multiply-adds of one sample's forward pass
 *   path    = θ after each of the next K steps of the engine's trainer on a copy (the file's settings,
 *             a fresh optimiser); for directions, each θₖ − θ projected by least squares onto d₁, d₂:
 *             [x, y] = G⁻¹ [⟨Δ, d₁⟩, ⟨Δ, d₂⟩], G the Gram matrix of d₁, d₂
 *   recent  = θ after each of the session's last (≤ 12) training steps (the session keeps them, flat:
 *             src/analysis/recentParameters.ts), on the plane the same way: two parameters, their
 *             values; directions, the least-squares projection above; ends at the centre
 *   range   = parameters: pᵢ ± max(1, 2·|pᵢ|, 1.2·|path and recent extent|); directions: ± max(1, 1.2·|…|)
 */
import { createRng, type DataSet, type LayeredNetwork, type LayeredNetworkSpec, type LossKind, type Network, type TrainSpec } from '../../engine';
import { splitSnapshot, type ParameterSnapshot } from '../../analysis/recentParameters';
import type { ContourAxes, LossContour, SliceTarget } from '../../shared/teachingViews';
import { forwardCost } from './decisionBoundary';
import { layeredObjective } from './layeredObjective';
import { denseObjective, type SlicedObjective } from './slicedObjective';

/** Multiply-adds one contour may cost. */
export const CONTOUR_FLOP_BUDGET = 4_000_000;
export const MIN_CONTOUR_RESOLUTION = 9;
export const MAX_CONTOUR_RESOLUTION = 61;
/** Steps of the path. */
export const PATH_STEPS = 12;

/** Points a side for a forward pass of `cost` multiply-adds a sample and N samples, from the cost model (odd). */
export function resolutionFor(cost: number, samples: number, budget = CONTOUR_FLOP_BUDGET): number {
  const n = Math.floor(Math.sqrt(budget / Math.max(1, samples * cost)));
  const clamped = Math.max(MIN_CONTOUR_RESOLUTION, Math.min(MAX_CONTOUR_RESOLUTION, n));
  return clamped % 2 === 1 ? clamped : clamped - 1;
}

/** Points a side for a dense network and N samples, from the cost model (odd). */
export function contourResolution(network: Network, samples: number, budget = CONTOUR_FLOP_BUDGET): number {
  return resolutionFor(forwardCost(network), samples, budget);
}

/**
 * One random direction over the tensors, filter-normalised (see the header): `rowSizes[t]` entries of
 * tensor t are one filter; a tensor of row size 0 gets a zero direction (and draws no numbers).
 */
export function filterNormalisedDirections(tensors: readonly Float64Array[], rowSizes: readonly number[], seed: number, which: 1 | 2): Float64Array[] {
  const rng = createRng(seed, `loss-contour-direction-${which}`);
  return tensors.map((w, t) => {
    const d = new Float64Array(w.length);
    const size = rowSizes[t];
    if (size <= 0) return d;
    for (let i = 0; i < d.length; i++) d[i] = rng.normal();
    for (let start = 0; start < d.length; start += size) {
      let wn = 0, dn = 0;
      for (let k = start; k < start + size; k++) { wn += w[k] ** 2; dn += d[k] ** 2; }
      const scale = dn > 0 ? Math.sqrt(wn) / Math.sqrt(dn) : 0;
      for (let k = start; k < start + size; k++) d[k] *= scale;
    }
    return d;
  });
}

/** One random direction over a dense network's weights, filter-normalised (see the header): one array per layer. */
export function filterNormalisedDirection(network: Network, seed: number, which: 1 | 2): Float64Array[] {
  const d = filterNormalisedDirections(network.layers.flatMap((l) => [l.weights, l.bias]), network.layers.flatMap((l) => [l.fanIn, 0]), seed, which);
  return network.layers.map((_, l) => d[2 * l]);
}

function dot(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  let s = 0;
  a.forEach((x, l) => { for (let i = 0; i < x.length; i++) s += x[i] * b[l][i]; });
  return s;
}

/** How a plane moves the objective's tensors: θ(x, y) set into them (their base values kept). */
interface Plane {
  readonly xLabel: string;
  readonly yLabel: string;
  set(x: number, y: number): void;
  /** Puts the base values back. */
  restore(): void;
  /** The current parameters' coordinates. */
  readonly centre: readonly [number, number];
  /** Coordinates of other parameter tensors `moved` (same shapes as the objective's). */
  locate(moved: readonly Float64Array[]): [number, number];
  arrow(gradient: readonly Float64Array[]): [number, number];
  /** Half-widths of the range, before the path widens it. */
  readonly reach: readonly [number, number];
}

function parameterPlane(objective: SlicedObjective, first: SliceTarget, second: SliceTarget): Plane {
  const p1 = objective.slot(first), p2 = objective.slot(second);
  if (p1.tensor === p2.tensor && p1.at === p2.at) throw new Error('the two parameters are the same one');
  const t1 = objective.tensors[p1.tensor], t2 = objective.tensors[p2.tensor];
  const v1 = t1[p1.at], v2 = t2[p2.at];
  return {
    xLabel: objective.label(first), yLabel: objective.label(second),
    set(x, y) { t1[p1.at] = x; t2[p2.at] = y; },
    restore() { t1[p1.at] = v1; t2[p2.at] = v2; },
    centre: [v1, v2],
    locate: (moved) => [moved[p1.tensor][p1.at], moved[p2.tensor][p2.at]],
    arrow: (g) => [g[p1.tensor][p1.at], g[p2.tensor][p2.at]],
    reach: [Math.max(1, 2 * Math.abs(v1)), Math.max(1, 2 * Math.abs(v2))],
  };
}

function directionPlane(objective: SlicedObjective, seed: number): Plane {
  const { tensors, rowSizes } = objective;
  const d1 = filterNormalisedDirections(tensors, rowSizes, seed, 1), d2 = filterNormalisedDirections(tensors, rowSizes, seed, 2);
  const base = tensors.map((t) => Float64Array.from(t));
  const g11 = dot(d1, d1), g12 = dot(d1, d2), g22 = dot(d2, d2);
  const det = g11 * g22 - g12 * g12;
  const moving = tensors.map((_, t) => rowSizes[t] > 0);
  return {
    xLabel: 'direction 1', yLabel: 'direction 2',
    set(x, y) {
      tensors.forEach((w, t) => {
        if (!moving[t]) return;
        const b = base[t], a = d1[t], c = d2[t];
        for (let i = 0; i < w.length; i++) w[i] = b[i] + x * a[i] + y * c[i];
      });
    },
    restore() { tensors.forEach((w, t) => w.set(base[t])); },
    centre: [0, 0],
    locate(moved) {
      const delta = moved.map((m, t) => Float64Array.from(m, (w, i) => w - base[t][i]));
      const r1 = dot(delta, d1), r2 = dot(delta, d2);
      return det > 0 ? [(g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det] : [0, 0];
    },
    arrow: (g) => [dot(g, d1), dot(g, d2)],
    reach: [1, 1],
  };
}

/**
 * J over the plane of `axes` through the objective's current parameters (left as they were), with the
 * arrow and the path. `first` is the slice's parameter (the x axis when two parameters are drawn).
 * @throws Error when a parameter is not the model's, or both are the same.
 */
export function contourOf(
  objective: SlicedObjective, first: SliceTarget, axes: ContourAxes, options: { seed: number; recent?: readonly ParameterSnapshot[] },
): LossContour {
  const lambda = objective.train.weightDecay ?? 0;
  const plane = axes.kind === 'parameters' ? parameterPlane(objective, first, axes.second) : directionPlane(objective, axes.seed);
  const [cx, cy] = plane.centre;

  const path: [number, number][] = [[cx, cy]];
  objective.walk(PATH_STEPS, options.seed, (tensors) => path.push(plane.locate(tensors)));
  const sizes = objective.tensors.map((t) => t.length);
  const recent: [number, number][] = [];
  for (const snapshot of options.recent ?? []) {
    const tensors = splitSnapshot(snapshot.values, sizes);
    if (tensors) recent.push(plane.locate(tensors));
  }
  const extent = (axis: 0 | 1, c: number) => Math.max(plane.reach[axis], ...[...path, ...recent].map((p) => 1.2 * Math.abs(p[axis] - c)).filter(Number.isFinite));
  const rx = extent(0, cx), ry = extent(1, cy);

  const n = resolutionFor(objective.forwardCost, objective.samples);
  const values: number[] = [];
  let lo = Infinity, hi = -Infinity;
  try {
    for (let i = 0; i < n; i++) {
      // cy + ry·(2i − (n − 1))/(n − 1): the middle row is cy itself, to the last digit.
      const y = cy + (ry * (2 * i - (n - 1))) / (n - 1);
      for (let j = 0; j < n; j++) {
        const x = cx + (rx * (2 * j - (n - 1))) / (n - 1);
        plane.set(x, y);
        const v = objective.value();
        values.push(v);
        if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
      }
    }
  } finally {
    plane.restore();
  }
  return {
    axes: axes.kind === 'parameters' ? { kind: 'parameters', second: { ...axes.second, index: [...axes.second.index] } } : { kind: 'directions', seed: axes.seed },
    xLabel: plane.xLabel, yLabel: plane.yLabel,
    xRange: [cx - rx, cx + rx], yRange: [cy - ry, cy + ry],
    resolution: n, values, range: Number.isFinite(lo) ? [lo, hi] : [0, 0],
    centre: [cx, cy],
    loss: objective.value(),
    arrow: plane.arrow(objective.gradient()),
    path,
    recent,
    weightDecay: lambda,
  };
}

/**
 * J over the plane of `axes` through a dense `network`'s parameters (left as they were), with the
 * arrow and the path. @throws Error when a parameter is not the network's, or both are the same.
 */
export function lossContour(
  network: Network, data: DataSet, loss: LossKind, train: TrainSpec, first: SliceTarget, axes: ContourAxes,
  options: { seed: number; recent?: readonly ParameterSnapshot[] },
): LossContour {
  return contourOf(denseObjective(network, data, loss, train), first, axes, options);
}

/** The same for a layered network (J as layeredObjective.ts defines it). */
export function layeredLossContour(
  network: LayeredNetwork, spec: LayeredNetworkSpec, data: DataSet, loss: LossKind, train: TrainSpec, first: SliceTarget, axes: ContourAxes,
  options: { seed: number; recent?: readonly ParameterSnapshot[] },
): LossContour {
  return contourOf(layeredObjective(network, spec, data, loss, train), first, axes, options);
}
