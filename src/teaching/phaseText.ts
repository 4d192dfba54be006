/**
 * The sentences of a step-through stop, per depth, written from its numbers (the worker's recorder
 * answers numbers only, `PhaseNumbers`): the title; the sentence with the numbers (depths 2–4); the
 * same at depth 1 (Drive), which names the backward pass and the update without derivatives; what
 * depth 3 (Repair) adds, every weight's gradient or update (rows of the first units); and what depth 4
 * (Derive) adds, the stop's computation written out for unit 1 of the batch's first sample (named by
 * its row in the data; subscripts ₁ are units, ₙ the sample). Only products and sums of the numbers
 * given are written out. The one place these sentences are built; the panel receives them made.
 */
import { DERIVATION, DRIVE, formatIn } from '../shared/format';
import type { PhaseView } from '../shared/stepThroughView';
import type { AnyPhaseNumbers, MatrixHead, PhaseNumbers, PhaseSentences, StopNumbers } from './phaseNumbers';
import { isLayeredStop, layeredPhaseSentences } from './layeredPhaseText';
import { short } from './text';

/** Six significant digits, as the worked example prints them. */
function num(v: number): string {
  return formatIn(v, DERIVATION);
}

/** A factor in a product: negative numbers in parentheses. */
function factor(v: number): string {
  return v < 0 ? `(${num(v)})` : num(v);
}

/** The first COLUMNS values, `…` when `length` has more. */
function list(values: readonly number[], length = values.length, columns = 4): string {
  return `[${values.slice(0, columns).map(num).join(', ')}${length > columns ? ', …' : ''}]`;
}

/** Four values in short form, `…` past them (the sentence's lists). */
function shortList(values: readonly number[], max = 4): string {
  return `[${values.slice(0, max).map((v) => short(v)).join(', ')}${values.length > max ? ', …' : ''}]`;
}

/** The rows of a units × fanIn matrix for the first units: `∂L/∂w of unit 1 = [a, b, …]`. */
function matrixRows(name: string, m: MatrixHead): string[] {
  const lines = m.rows.map((r, u) => `${name} of unit ${u + 1} = ${list(r, m.fanIn)}`);
  if (m.units > m.rows.length) lines.push(`(${m.units - m.rows.length} more unit${m.units - m.rows.length === 1 ? '' : 's'})`);
  return lines;
}

/** `w₁₁·a₁ + w₁₂·a₂ + …` for the terms given. */
function weightedTerms(w: readonly number[], a: readonly number[], length: number): string {
  const terms = w.map((wi, i) => `${factor(wi)}·${factor(a[i])}`);
  return `${terms.join(' + ')}${length > w.length ? ' + …' : ''}`;
}

/** What a stop adds at depth 3 and at depth 4 (depth 4 shows both). */
export function stopLines(n: StopNumbers): { repair: string[]; derive: string[] } {
  const a = (l: number) => (l === 0 ? 'x' : 'a');
  switch (n.phase) {
    case 'forward': {
      const activation = n.activation === 'softmax'
        ? `out₁ = e^net₁ / Σₖ e^netₖ = ${num(n.out)}`
        : `out₁ = ${n.activation}(net₁) = ${n.activation}(${num(n.net)}) = ${num(n.out)}`;
      return { repair: [], derive: [`net₁ = Σᵢ w₁ᵢ·${a(n.layerIndex)}ᵢ + b₁ = ${weightedTerms(n.weights, n.inputs, n.fanIn)} + ${factor(n.bias)} = ${num(n.net)}`, activation] };
    }
    case 'loss': {
      const o = n.outputs, t = n.targets, K = o.length;
      const shown = Math.min(K, 4);
      const more = K > 4 ? ' + …' : '';
      const squares = o.slice(0, shown).map((ok, k) => `(${num(ok)} − ${num(t[k])})²`).join(' + ');
      const terms: Record<typeof n.kind, () => string> = {
        squared: () => `Lₙ = ½ Σₖ (oₖ − tₖ)² = ½·(${squares}${more})`,
        mse: () => `Lₙ = (1/K) Σₖ (oₖ − tₖ)² = (1/${K})·(${squares}${more})`,
        'cross-entropy': () => `Lₙ = −Σₖ tₖ ln oₖ = −(${o.map((ok, k) => (t[k] === 0 ? '' : `${num(t[k])}·ln ${num(ok)}`)).filter(Boolean).slice(0, 4).join(' + ')})`,
        'binary-cross-entropy': () => `Lₙ = −Σₖ [tₖ ln oₖ + (1 − tₖ) ln(1 − oₖ)] over o = ${list(o)}, t = ${list(t)}`,
      };
      const lines = [`${terms[n.kind]()} = ${num(n.sampleLoss)} for sample ${n.sampleNumber}`];
      if (n.batch > 1) lines.push(`L = (1/${n.batch}) Σₙ Lₙ over the batch = ${num(n.batchLoss)}`);
      return { repair: [], derive: lines };
    }
    case 'backward': {
      const { delta, slope } = n;
      // f′(net₁) in terms of the output where that is how back-propagation computes it.
      const slopeExpr = n.activation === 'sigmoid' ? 'o₁(1 − o₁)' : n.activation === 'tanh' ? '(1 − o₁²)' : 'f′(net₁)';
      const derive: string[] = [];
      if (n.isOutput) {
        if (n.combined) derive.push(`δ₁ = o₁ − t₁ (the activation's slope cancels with this loss) = ${num(n.out)} − ${num(n.target)} = ${num(delta)}`);
        else if (n.kind === 'squared' && slope !== undefined) derive.push(`δ₁ = ∂Lₙ/∂out₁ · f′(net₁) = (o₁ − t₁) · ${slopeExpr} = ${factor(n.out - n.target)} · ${factor(slope)} = ${num(delta)}`);
        else derive.push(`δ₁ = ∂Lₙ/∂net₁ = ${num(delta)}${slope === undefined ? ' (softmax: the Jacobian product, on the comparison page)' : ''}`);
      } else {
        const next = n.next!;
        const terms = next.column.map((w, k) => `${factor(w)}·${factor(next.downstream[k])}`).join(' + ') + (next.units > next.column.length ? ' + …' : '');
        derive.push(slope === undefined
          ? `δ₁ = ∂Lₙ/∂net₁ = ${num(delta)} (softmax: a Jacobian product)`
          : `δ₁ = f′(net₁) · Σₖ wₖ₁·δₖ of "${next.name}" = ${slopeExpr} · Σₖ wₖ₁·δₖ = ${factor(slope)} · (${terms}) = ${factor(slope)} · ${factor(next.sum)} = ${num(delta)}`);
      }
      const lambda = n.weightDecay;
      const decay = lambda ? ` + λ·w₁₁ (weight decay λ = ${num(lambda)})` : '';
      const decayValue = lambda ? ` + ${factor(lambda * n.weight)}` : '';
      derive.push(n.batch === 1
        ? `∂L/∂w₁₁ = δ₁ · ${a(n.layerIndex)}₁${decay} = ${factor(delta)} · ${factor(n.input)}${decayValue} = ${num(n.grad)}`
        : `∂L/∂w₁₁ = (1/${n.batch}) Σₙ δ₁ · ${a(n.layerIndex)}₁ over the batch${decay} = ${num(n.grad)} (sample ${n.sampleNumber}'s share: ${factor(delta)} · ${factor(n.input)})`);
      return { repair: [...matrixRows('∂L/∂w', n.gradWeights), `∂L/∂b = ${list(n.gradBias, n.units)}`], derive };
    }
    case 'update': {
      // Every layer's weight changes; the output layer's first weight written out.
      const repair = n.changes.flatMap((c) => matrixRows(`"${c.name}": Δw`, c.weightChange));
      const { name, before, after, grad } = n.output;
      const derive = n.optimizer === 'sgd'
        ? [`w₁₁ of "${name}" ← w₁₁ − η · ∂L/∂w₁₁ = ${num(before)} − ${num(n.learningRate)} · ${factor(grad)} = ${num(after)}`]
        : [`w₁₁ of "${name}": ${num(before)} → ${num(after)}; ${n.optimizer} moves it by ${factor(after - before)}, ${n.firstStep
          ? `from this first step's ∂L/∂w₁₁ = ${num(grad)} alone`
          : `combining this step's ∂L/∂w₁₁ = ${num(grad)} with the earlier steps' gradients`}`];
      return { repair, derive };
    }
  }
}

/** The title and the sentences of a stop. */
export function phaseSentences(v: PhaseNumbers): PhaseSentences {
  const where = v.layerName !== undefined ? ` · layer "${v.layerName}"` : '';
  const title = `Step ${v.step} · ${v.phase}${where}`;
  const lines = stopLines(v.derivation);
  const batchText = `batch of ${v.batchSize} (sample ${v.sample + 1}${v.batchSize > 1 ? ', …' : ''})`;
  const d = v.derivation;
  let detail: string, driveDetail: string;
  if (d.phase === 'forward' && v.forward) {
    detail = driveDetail = `net = W·${d.layerIndex === 0 ? 'x' : 'a'} + b, out = ${d.activation}(net) for the ${batchText}: sample ${v.sample + 1} out = ${shortList(v.forward.out)}`;
  } else if (d.phase === 'loss' && v.loss) {
    detail = driveDetail = `${v.loss.kind} loss of the ${batchText}: L = ${short(v.loss.value)}; sample ${v.sample + 1}: out ${shortList(v.loss.outputs)} against t ${shortList(v.loss.targets)}`;
  } else if (d.phase === 'backward' && v.backward) {
    detail = `δ = ∂L/∂net of "${d.layerName}"${d.isOutput ? ' from the loss' : ' = f′(net) ⊙ (Wᵀ δ of the next layer)'}: sample ${v.sample + 1} δ = ${shortList(v.backward.delta)}; ‖∂L/∂W‖ = ${short(v.backward.gradWeightsNorm)}, ‖∂L/∂b‖ = ${short(v.backward.gradBiasNorm)}`;
    driveDetail = `The error of the outputs flows back through layer "${d.layerName}"; depth 2 (Service) shows its numbers.`;
  } else if (v.update) {
    const u = v.update;
    const biggest = u.layers.reduce((a, b) => (b.maxAbsChange > a.maxAbsChange ? b : a));
    detail = `${u.optimizer} with η = ${short(u.learningRate)} moves every weight against its gradient: the largest weight change is ${short(biggest.maxAbsChange)} in "${biggest.name}"; ‖Δw‖/‖w‖ per layer ${u.layers.map((l) => short(l.ratio)).join(', ')}`;
    driveDetail = `${u.optimizer} with learning rate ${short(u.learningRate)} moves every weight a small step meant to lower the loss: the largest weight change is ${formatIn(biggest.maxAbsChange, DRIVE)} in "${biggest.name}".`;
  } else {
    detail = driveDetail = title;
  }
  return { title, detail, driveDetail, repairLines: lines.repair, deriveLines: lines.derive };
}

/** The panel's view of a stop: its numbers with the sentences written out (the derivation's raw numbers left behind). */
export function phaseView(numbers: AnyPhaseNumbers): PhaseView {
  if (isLayeredStop(numbers)) return { ...numbers, ...layeredPhaseSentences(numbers) };
  const { derivation: _derivation, ...rest } = numbers;
  return { ...rest, ...phaseSentences(numbers) };
}
