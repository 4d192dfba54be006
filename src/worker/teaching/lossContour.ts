/**
 * The loss contour (depth Derive): the objective J training minimises (trainingObjective.ts) over a
 * plane through the current parameters θ, with the gradient's arrow and the path of the next steps.
 *
 *   two parameters p₁, p₂:  θ(x, y) = θ with p₁ = x, p₂ = y;  arrow = (∂J/∂p₁, ∂J/∂p₂)
 *   two directions d₁, d₂:  θ(x, y) = θ + x·d₁ + y·d₂ on the weights; arrow = (⟨∇J, d₁⟩, ⟨∇J, d₂⟩)
 *   filter normalisation (Li et al., "Visualizing the Loss Landscape of Neural Nets", 2018): every
 *     direction is drawn from N(0, 1) (seeded), then each unit's row d[u, ·] is scaled to
 *     ‖d[u, ·]‖ = ‖w[u, ·]‖, the norm of that unit's incoming weights; bias directions are 0 (their
 *     `ignore = 'biasbn'` default)
 *   J(x, y) = the engine's forward pass (`evaluateLoss`) at θ(x, y), plus (λ/2)·Σw²
 *   grid    = n × n points, n odd so θ is the middle one; n from a cost model, not a clock:
 *             n² · N · F ≤ BUDGET with N samples and F multiply-adds of one sample's forward pass
 *   path    = θ after each of the next K steps of the engine's trainer on a copy (the file's settings,
 *             a fresh optimiser); for directions, each θₖ − θ projected by least squares onto d₁, d₂:
 *             [x, y] = G⁻¹ [⟨Δ, d₁⟩, ⟨Δ, d₂⟩], G the Gram matrix of d₁, d₂
 *   recent  = θ after each of the session's last (≤ 12) training steps (the session keeps them:
 *             src/analysis/recentParameters.ts), on the plane the same way: two parameters, their
 *             values; directions, the least-squares projection above; ends at the centre
 *   range   = parameters: pᵢ ± max(1, 2·|pᵢ|, 1.2·|path and recent extent|); directions: ± max(1, 1.2·|…|)
 */
import { Trainer, createRng, type DataSet, type LossKind, type Network, type TrainSpec } from '../../engine';
import type { ParameterSnapshot } from '../../analysis/recentParameters';
import type { ContourAxes, LossContour, SliceTarget } from '../../shared/teachingViews';
import { forwardCost } from './decisionBoundary';
import { gradientOf, parameterSlot, sliceLabel } from './lossSlice';
import { objectiveGradient, trainingObjective } from './trainingObjective';

/** Multiply-adds one contour may cost. */
export const CONTOUR_FLOP_BUDGET = 4_000_000;
export const MIN_CONTOUR_RESOLUTION = 9;
export const MAX_CONTOUR_RESOLUTION = 61;
/** Steps of the path. */
export const PATH_STEPS = 12;

/** Points a side for a network and N samples, from the cost model (odd). */
export function contourResolution(network: Network, samples: number, budget = CONTOUR_FLOP_BUDGET): number {
  const n = Math.floor(Math.sqrt(budget / Math.max(1, samples * forwardCost(network))));
  const clamped = Math.max(MIN_CONTOUR_RESOLUTION, Math.min(MAX_CONTOUR_RESOLUTION, n));
  return clamped % 2 === 1 ? clamped : clamped - 1;
}

/** One random direction over every layer's weights, filter-normalised (see the header); biases 0. */
export function filterNormalisedDirection(network: Network, seed: number, which: 1 | 2): Float64Array[] {
  const rng = createRng(seed, `loss-contour-direction-${which}`);
  return network.layers.map((layer) => {
    const d = new Float64Array(layer.weights.length);
    for (let i = 0; i < d.length; i++) d[i] = rng.normal();
    for (let u = 0; u < layer.units; u++) {
      let wn = 0, dn = 0;
      for (let j = 0; j < layer.fanIn; j++) {
        const k = u * layer.fanIn + j;
        wn += layer.weights[k] ** 2;
        dn += d[k] ** 2;
      }
      const scale = dn > 0 ? Math.sqrt(wn) / Math.sqrt(dn) : 0;
      for (let j = 0; j < layer.fanIn; j++) d[u * layer.fanIn + j] *= scale;
    }
    return d;
  });
}

function dot(a: readonly Float64Array[], b: readonly Float64Array[]): number {
  let s = 0;
  a.forEach((x, l) => { for (let i = 0; i < x.length; i++) s += x[i] * b[l][i]; });
  return s;
}

/** How a plane moves the network: sets θ(x, y) into `network` (its base values kept in `base`). */
interface Plane {
  readonly xLabel: string;
  readonly yLabel: string;
  set(network: Network, x: number, y: number): void;
  /** The current parameters' coordinates. */
  readonly centre: readonly [number, number];
  /** Coordinates of other parameters `moved` (same shape as the network). */
  locate(moved: Network): [number, number];
  arrow(grads: ReturnType<typeof objectiveGradient>): [number, number];
  /** Half-widths of the range, before the path widens it. */
  readonly reach: readonly [number, number];
}

function parameterPlane(network: Network, first: SliceTarget, second: SliceTarget): Plane {
  const p1 = parameterSlot(network, first), p2 = parameterSlot(network, second);
  if (p1.array === p2.array && p1.at === p2.at) throw new Error('the two parameters are the same one');
  const v1 = p1.array[p1.at], v2 = p2.array[p2.at];
  const slot = (n: Network, t: SliceTarget) => parameterSlot(n, t);
  return {
    xLabel: sliceLabel(network, first), yLabel: sliceLabel(network, second),
    set(n, x, y) { const a = slot(n, first), b = slot(n, second); a.array[a.at] = x; b.array[b.at] = y; },
    centre: [v1, v2],
    locate(moved) { const a = slot(moved, first), b = slot(moved, second); return [a.array[a.at], b.array[b.at]]; },
    arrow: (grads) => [gradientOf(grads, first, p1.at), gradientOf(grads, second, p2.at)],
    reach: [Math.max(1, 2 * Math.abs(v1)), Math.max(1, 2 * Math.abs(v2))],
  };
}

function directionPlane(network: Network, seed: number): Plane {
  const d1 = filterNormalisedDirection(network, seed, 1), d2 = filterNormalisedDirection(network, seed, 2);
  const base = network.layers.map((l) => Float64Array.from(l.weights));
  const g11 = dot(d1, d1), g12 = dot(d1, d2), g22 = dot(d2, d2);
  const det = g11 * g22 - g12 * g12;
  return {
    xLabel: 'direction 1', yLabel: 'direction 2',
    set(n, x, y) {
      n.layers.forEach((layer, l) => {
        const w = layer.weights, b = base[l], a = d1[l], c = d2[l];
        for (let i = 0; i < w.length; i++) w[i] = b[i] + x * a[i] + y * c[i];
      });
    },
    centre: [0, 0],
    locate(moved) {
      const delta = moved.layers.map((layer, l) => Float64Array.from(layer.weights, (w, i) => w - base[l][i]));
      const r1 = dot(delta, d1), r2 = dot(delta, d2);
      return det > 0 ? [(g22 * r1 - g12 * r2) / det, (g11 * r2 - g12 * r1) / det] : [0, 0];
    },
    arrow: (grads) => {
      const g = grads.layers.map((l) => l.weights);
      return [dot(g, d1), dot(g, d2)];
    },
    reach: [1, 1],
  };
}

/**
 * J over the plane of `axes` through `network`'s parameters (left as they were), with the arrow and
 * the path. `first` is the slice's parameter (the x axis when two parameters are drawn).
 * @throws Error when a parameter is not the network's, or both are the same.
 */
export function lossContour(
  network: Network, data: DataSet, loss: LossKind, train: TrainSpec, first: SliceTarget, axes: ContourAxes,
  options: { seed: number; recent?: readonly ParameterSnapshot[] },
): LossContour {
  const lambda = train.weightDecay ?? 0;
  const plane = axes.kind === 'parameters' ? parameterPlane(network, first, axes.second) : directionPlane(network, axes.seed);
  const [cx, cy] = plane.centre;

  const walker = network.clone();
  const trainer = new Trainer(walker, data, loss, train, { seed: options.seed });
  const path: [number, number][] = [[cx, cy]];
  for (let k = 0; k < PATH_STEPS; k++) {
    if (trainer.step().nonFinite) break;
    path.push(plane.locate(walker));
  }
  const scratch = network.clone();
  const recent = (options.recent ?? []).filter((r) => r.layers.length === scratch.layers.length).map((r): [number, number] => {
    scratch.layers.forEach((layer, l) => { layer.weights.set(r.layers[l].weights); layer.bias.set(r.layers[l].bias); });
    return plane.locate(scratch);
  });
  const extent = (axis: 0 | 1, c: number) => Math.max(plane.reach[axis], ...[...path, ...recent].map((p) => 1.2 * Math.abs(p[axis] - c)).filter(Number.isFinite));
  const rx = extent(0, cx), ry = extent(1, cy);

  const n = contourResolution(network, data.inputs.rows);
  const grid = network.clone();
  const values: number[] = [];
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const y = cy - ry + (2 * ry * i) / (n - 1);
    for (let j = 0; j < n; j++) {
      const x = cx - rx + (2 * rx * j) / (n - 1);
      plane.set(grid, x, y);
      const v = trainingObjective(grid, data, loss, lambda);
      values.push(v);
      if (Number.isFinite(v)) { if (v < lo) lo = v; if (v > hi) hi = v; }
    }
  }
  return {
    axes: axes.kind === 'parameters' ? { kind: 'parameters', second: { ...axes.second, index: [...axes.second.index] } } : { kind: 'directions', seed: axes.seed },
    xLabel: plane.xLabel, yLabel: plane.yLabel,
    xRange: [cx - rx, cx + rx], yRange: [cy - ry, cy + ry],
    resolution: n, values, range: Number.isFinite(lo) ? [lo, hi] : [0, 0],
    centre: [cx, cy],
    loss: trainingObjective(network, data, loss, lambda),
    arrow: plane.arrow(objectiveGradient(network, data, loss, lambda)),
    path,
    recent,
    weightDecay: lambda,
  };
}
