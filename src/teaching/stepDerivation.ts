/**
 * What a step-through stop adds at depth 3 (Repair) and depth 4 (Derive), as lines of text with the
 * recorded numbers: Repair lists every weight's gradient and update (rows of the first units);
 * Derive writes the stop's computation out for unit 1 of the batch's first sample (named by its row
 * in the data; subscripts ₁ are units, ₙ the sample): the
 * weighted sum and the activation going forward, the loss, δ by the chain rule and ∂L/∂w = δ · a
 * going back, and w ← w − η · ∂L/∂w at the update. Every number is the record's own (what the
 * engine computed); only the products and sums are written out. Pure: no `vscode`.
 */
import { activationSlope, isCombined, sampleLoss, type LossKind, type Network, type TrainSpec } from '../engine';
import { DERIVATION, formatIn } from '../shared/format';
import type { PhaseStop } from '../shared/stepThroughView';
import type { StepRecord } from './stepRecord';

/** Lines a stop adds at depth 3 and at depth 4 (depth 4 shows both). */
export interface StopLines {
  readonly repair: readonly string[];
  readonly derive: readonly string[];
}

export interface DerivationContext {
  readonly network: Network;
  readonly loss: LossKind;
  readonly train: TrainSpec;
}

/** At most this many units' rows and this many entries per row are listed. */
const ROWS = 3;
const COLUMNS = 4;

/** Six significant digits, as the worked example prints them. */
function num(v: number): string {
  return formatIn(v, DERIVATION);
}

/** A factor in a product: negative numbers in parentheses. */
function factor(v: number): string {
  return v < 0 ? `(${num(v)})` : num(v);
}

function row(values: ArrayLike<number>, from: number, count: number): number[] {
  return Array.from({ length: count }, (_, i) => values[from + i]);
}

function list(values: readonly number[]): string {
  return `[${values.slice(0, COLUMNS).map(num).join(', ')}${values.length > COLUMNS ? ', …' : ''}]`;
}

/** `w₁₁·a₁ + w₁₂·a₂ + …` for the first COLUMNS terms. */
function weightedTerms(w: readonly number[], a: readonly number[]): string {
  const terms = w.slice(0, COLUMNS).map((wi, i) => `${factor(wi)}·${factor(a[i])}`);
  return `${terms.join(' + ')}${w.length > COLUMNS ? ' + …' : ''}`;
}

/** The rows of a units × fanIn matrix for the first units: `∂L/∂w of unit 1 = [a, b, …]`. */
function matrixRows(name: string, values: ArrayLike<number>, units: number, fanIn: number): string[] {
  const lines = Array.from({ length: Math.min(ROWS, units) }, (_, u) => `${name} of unit ${u + 1} = ${list(row(values, u * fanIn, fanIn))}`);
  if (units > ROWS) lines.push(`(${units - ROWS} more unit${units - ROWS === 1 ? '' : 's'})`);
  return lines;
}

/** The lines of one stop of a recorded step, for the batch's first sample (the one the step-through's other numbers show too). */
export function stopLines(record: StepRecord, stop: PhaseStop, context: DerivationContext): StopLines {
  const { network, loss, train } = context;
  const layers = record.layers;
  const L = layers.length;
  const batch = record.rows.length;
  const input = (l: number): number[] => (l === 0 ? row(record.inputs, 0, network.inputs) : row(layers[l - 1].out, 0, layers[l - 1].units));
  const a = (l: number) => (l === 0 ? 'x' : 'a');
  /** The batch's first sample (1-based row of the data), the one whose numbers are written out. */
  const sampleNumber = record.rows[0] + 1;

  if (stop.phase === 'forward') {
    const l = stop.layerIndex!;
    const rec = layers[l];
    const x = input(l);
    const w = row(rec.weightsBefore, 0, rec.fanIn);
    const net = rec.net[0], out = rec.out[0];
    const activation = rec.activation === 'softmax'
      ? `out₁ = e^net₁ / Σₖ e^netₖ = ${num(out)}`
      : `out₁ = ${rec.activation}(net₁) = ${rec.activation}(${num(net)}) = ${num(out)}`;
    return {
      repair: [],
      derive: [`net₁ = Σᵢ w₁ᵢ·${a(l)}ᵢ + b₁ = ${weightedTerms(w, x)} + ${factor(rec.biasBefore[0])} = ${num(net)}`, activation],
    };
  }

  if (stop.phase === 'loss') {
    const last = layers[L - 1];
    const K = last.units;
    const o = row(last.out, 0, K), z = row(last.net, 0, K), t = row(record.targets, 0, K);
    const value = sampleLoss(loss, network.layers[L - 1].code, z, o, t);
    const shown = Math.min(K, COLUMNS);
    const more = K > COLUMNS ? ' + …' : '';
    const terms: Record<LossKind, () => string> = {
      squared: () => `Lₙ = ½ Σₖ (oₖ − tₖ)² = ½·(${o.slice(0, shown).map((ok, k) => `(${num(ok)} − ${num(t[k])})²`).join(' + ')}${more})`,
      mse: () => `Lₙ = (1/K) Σₖ (oₖ − tₖ)² = (1/${K})·(${o.slice(0, shown).map((ok, k) => `(${num(ok)} − ${num(t[k])})²`).join(' + ')}${more})`,
      'cross-entropy': () => `Lₙ = −Σₖ tₖ ln oₖ = −(${o.map((ok, k) => (t[k] === 0 ? '' : `${num(t[k])}·ln ${num(ok)}`)).filter(Boolean).slice(0, COLUMNS).join(' + ')})`,
      'binary-cross-entropy': () => `Lₙ = −Σₖ [tₖ ln oₖ + (1 − tₖ) ln(1 − oₖ)] over o = ${list(o)}, t = ${list(t)}`,
    };
    const lines = [`${terms[loss]()} = ${num(value)} for sample ${sampleNumber}`];
    if (batch > 1) lines.push(`L = (1/${batch}) Σₙ Lₙ over the batch = ${num(record.loss)}`);
    return { repair: [], derive: lines };
  }

  if (stop.phase === 'backward') {
    const l = stop.layerIndex!;
    const rec = layers[l];
    const layer = network.layers[l];
    const delta = rec.delta[0];
    const slope = activationSlope(layer.code, layer.custom, rec.net[0], rec.out[0]);
    // f′(net₁) in terms of the output where that is how back-propagation computes it.
    const slopeExpr = rec.activation === 'sigmoid' ? 'o₁(1 − o₁)' : rec.activation === 'tanh' ? '(1 − o₁²)' : 'f′(net₁)';
    const derive: string[] = [];
    if (l === L - 1) {
      const o = rec.out[0], t = record.targets[0];
      if (isCombined(loss, layer.code)) derive.push(`δ₁ = o₁ − t₁ (the activation's slope cancels with this loss) = ${num(o)} − ${num(t)} = ${num(delta)}`);
      else if (loss === 'squared' && slope !== undefined) derive.push(`δ₁ = ∂Lₙ/∂out₁ · f′(net₁) = (o₁ − t₁) · ${slopeExpr} = ${factor(o - t)} · ${factor(slope)} = ${num(delta)}`);
      else derive.push(`δ₁ = ∂Lₙ/∂net₁ = ${num(delta)}${slope === undefined ? ' (softmax: the Jacobian product, on the comparison page)' : ''}`);
    } else {
      const next = layers[l + 1];
      const column = Array.from({ length: next.units }, (_, k) => next.weightsBefore[k * next.fanIn]);
      const downstream = row(next.delta, 0, next.units);
      const sum = column.reduce((s, w, k) => s + w * downstream[k], 0);
      const terms = column.slice(0, COLUMNS).map((w, k) => `${factor(w)}·${factor(downstream[k])}`).join(' + ') + (next.units > COLUMNS ? ' + …' : '');
      derive.push(slope === undefined
        ? `δ₁ = ∂Lₙ/∂net₁ = ${num(delta)} (softmax: a Jacobian product)`
        : `δ₁ = f′(net₁) · Σₖ wₖ₁·δₖ of "${next.name}" = ${slopeExpr} · Σₖ wₖ₁·δₖ = ${factor(slope)} · (${terms}) = ${factor(slope)} · ${factor(sum)} = ${num(delta)}`);
    }
    const a1 = input(l)[0];
    const grad = rec.gradWeights[0];
    const lambda = train.weightDecay ?? 0;
    const decay = lambda ? ` + λ·w₁₁ (weight decay λ = ${num(lambda)})` : '';
    const decayValue = lambda ? ` + ${factor(lambda * rec.weightsBefore[0])}` : '';
    derive.push(batch === 1
      ? `∂L/∂w₁₁ = δ₁ · ${a(l)}₁${decay} = ${factor(delta)} · ${factor(a1)}${decayValue} = ${num(grad)}`
      : `∂L/∂w₁₁ = (1/${batch}) Σₙ δ₁ · ${a(l)}₁ over the batch${decay} = ${num(grad)} (sample ${sampleNumber}'s share: ${factor(delta)} · ${factor(a1)})`);
    return {
      repair: [...matrixRows('∂L/∂w', rec.gradWeights, rec.units, rec.fanIn), `∂L/∂b = ${list(Array.from(rec.gradBias))}`],
      derive,
    };
  }

  // The update: every layer's weight changes; the output layer's first weight written out.
  const repair = layers.flatMap((rec) => matrixRows(`"${rec.name}": Δw`, Float64Array.from(rec.weightsAfter, (w, i) => w - rec.weightsBefore[i]), rec.units, rec.fanIn));
  const out = layers[L - 1];
  const before = out.weightsBefore[0], after = out.weightsAfter[0], grad = out.gradWeights[0];
  const derive = train.optimizer === 'sgd'
    ? [`w₁₁ of "${out.name}" ← w₁₁ − η · ∂L/∂w₁₁ = ${num(before)} − ${num(train.learningRate)} · ${factor(grad)} = ${num(after)}`]
    : [`w₁₁ of "${out.name}": ${num(before)} → ${num(after)}; ${train.optimizer} moves it by ${factor(after - before)}, ${record.step === 1
      ? `from this first step's ∂L/∂w₁₁ = ${num(grad)} alone`
      : `combining this step's ∂L/∂w₁₁ = ${num(grad)} with the earlier steps' gradients`}`];
  return { repair, derive };
}
