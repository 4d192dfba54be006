/**
 * The sentences of a step-through stop, per depth, written from its numbers (the worker's recorder
 * answers numbers only, `PhaseNumbers`): the title; the sentence with the numbers (depths 2–4); the
 * same at depth 1 (Drive), which names the backward pass and the update without derivatives; what
 * depth 3 (Repair) adds, every weight's gradient or update (rows of the first units); and what depth 4
 * (Derive) adds, the stop's computation written out for unit 1 of the batch's first sample (named by
 * its row in the data; subscripts ₁ are units, ₙ the sample). Only products and sums of the numbers
 * given are written out. The one place these sentences are built; the panel receives them made.
 * Every sentence with words is one `l10n.t` text (the loaded language; English without a bundle),
 * the numbers and names as its `{0}`, `{1}`…; the formulas without words are written as they are.
 * Under the `gradlens.classicNames` setting, on a network of the classic 2-2-2 shape, the derivation and
 * the rows name units, weights and the loss as the walkthrough does (net_h1, w5, δ_o1, E_total:
 * src/teaching/classicSymbols.ts), with the same numbers.
 */
import * as l10n from '@vscode/l10n';
import { depthLabel } from '../shared/depth';
import { DERIVATION, DRIVE, formatIn } from '../shared/format';
import type { PhaseView } from '../shared/stepThroughView';
import type { AnyPhaseNumbers, MatrixHead, PhaseNumbers, PhaseSentences, StopNumbers } from './phaseNumbers';
import { isLayeredStop, layeredPhaseSentences } from './layeredPhaseText';
import { short } from './text';
import type { Formula } from './formulas';
import { sentenceRenaming, stopRenaming } from './classicSymbols';
import { classicParameterName, CLASSIC_TOTAL_ERROR } from '../shared/names';
import { activationFormula, deltaFormula, lossFormula, netFormula, squaredDeltaFormula, weightGradientFormula } from './phaseFormulas';

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
  const lines = m.rows.map((r, u) => l10n.t('{0} of unit {1} = {2}', name, u + 1, list(r, m.fanIn)));
  const more = m.units - m.rows.length;
  if (more > 0) lines.push(more === 1 ? l10n.t('({0} more unit)', more) : l10n.t('({0} more units)', more));
  return lines;
}

/**
 * Under the walkthrough's names, the rows of a 2 × 2 matrix of layer `layer`, each entry by its name:
 * `∂E_total/∂w5, ∂E_total/∂w6 = [a, b]` (`name` writes an entry's name around the walkthrough's).
 */
function classicMatrixRows(name: (entry: string) => string, layer: number, m: MatrixHead): string[] {
  return m.rows.map((r, u) => `${r.map((_, i) => name(classicParameterName(layer, 'weights', [u, i]) ?? '')).join(', ')} = ${list(r, m.fanIn)}`);
}

/** Under the walkthrough's names, the row of a layer's biases: `∂E_total/∂b2 (o1), ∂E_total/∂b2 (o2) = [a, b]`. */
function classicBiasRow(layer: number, values: readonly number[], units: number): string {
  return `${values.map((_, u) => `∂${CLASSIC_TOTAL_ERROR}/∂${classicParameterName(layer, 'bias', [u]) ?? ''}`).join(', ')} = ${list(values, units)}`;
}

/** `w₁₁·a₁ + w₁₂·a₂ + …` for the terms given. */
function weightedTerms(w: readonly number[], a: readonly number[], length: number): string {
  const terms = w.map((wi, i) => `${factor(wi)}·${factor(a[i])}`);
  return `${terms.join(' + ')}${length > w.length ? ' + …' : ''}`;
}

/**
 * What a stop adds at depth 3 and at depth 4 (depth 4 shows both), and the derivation's lines that are
 * formulas. `classic` (the setting on, the network of the classic shape) writes them in the walkthrough's
 * names; `batch` is the step's batch size (one sample: its loss is E_total).
 */
export function stopLines(n: StopNumbers, classic?: { readonly batch: number }): { repair: string[]; derive: string[]; deriveMath: (Formula | null)[] } {
  const lines = stopLineParts(n, classic !== undefined);
  const renaming = classic && stopRenaming(n, classic.batch);
  const derive = renaming ? lines.derive.map((line) => (typeof line === 'string' ? renaming.text(line) : renaming.formula(line))) : lines.derive;
  return {
    repair: lines.repair,
    derive: derive.map((line) => (typeof line === 'string' ? line : line.text)),
    deriveMath: derive.map((line) => (typeof line === 'string' ? null : line)),
  };
}

function stopLineParts(n: StopNumbers, classic: boolean): { repair: string[]; derive: (string | Formula)[] } {
  const a = (l: number) => (l === 0 ? 'x' : 'a');
  switch (n.phase) {
    case 'forward': {
      const activation = n.activation === 'softmax'
        ? `out₁ = e^net₁ / Σₖ e^netₖ = ${num(n.out)}`
        : `out₁ = ${n.activation}(net₁) = ${n.activation}(${num(n.net)}) = ${num(n.out)}`;
      const netLine = `net₁ = Σᵢ w₁ᵢ·${a(n.layerIndex)}ᵢ + b₁ = ${weightedTerms(n.weights, n.inputs, n.fanIn)} + ${factor(n.bias)} = ${num(n.net)}`;
      return { repair: [], derive: [
        netFormula(netLine, a(n.layerIndex), n.weights, n.inputs, n.fanIn > n.weights.length, n.bias, n.net),
        activationFormula(activation, n.activation, n.net, n.out) ?? activation,
      ] };
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
        'binary-cross-entropy': () => l10n.t('Lₙ = −Σₖ [tₖ ln oₖ + (1 − tₖ) ln(1 − oₖ)] over o = {0}, t = {1}', list(o), list(t)),
      };
      const sampleLine = l10n.t('{0} = {1} for sample {2}', terms[n.kind](), num(n.sampleLoss), n.sampleNumber);
      const lines: (string | Formula)[] = [lossFormula(sampleLine, n.kind, o, t, n.sampleLoss) ?? sampleLine];
      if (n.batch > 1) lines.push(l10n.t('L = (1/{0}) Σₙ Lₙ over the batch = {1}', n.batch, num(n.batchLoss)));
      return { repair: [], derive: lines };
    }
    case 'backward': {
      const { delta, slope } = n;
      // f′(net₁) in terms of the output where that is how back-propagation computes it.
      const slopeExpr = n.activation === 'sigmoid' ? 'o₁(1 − o₁)' : n.activation === 'tanh' ? '(1 − o₁²)' : 'f′(net₁)';
      const derive: (string | Formula)[] = [];
      if (n.isOutput) {
        if (n.combined) derive.push(l10n.t('δ₁ = o₁ − t₁ (the activation\'s slope cancels with this loss) = {0} − {1} = {2}', num(n.out), num(n.target), num(delta)));
        else if (n.kind === 'squared' && slope !== undefined) derive.push(squaredDeltaFormula(`δ₁ = ∂Lₙ/∂out₁ · f′(net₁) = (o₁ − t₁) · ${slopeExpr} = ${factor(n.out - n.target)} · ${factor(slope)} = ${num(delta)}`, n.activation, n.out - n.target, slope, delta));
        else derive.push(slope === undefined ? l10n.t('δ₁ = ∂Lₙ/∂net₁ = {0} (softmax: the Jacobian product, on the comparison page)', num(delta)) : deltaFormula(`δ₁ = ∂Lₙ/∂net₁ = ${num(delta)}`, delta));
      } else {
        const next = n.next!;
        const terms = next.column.map((w, k) => `${factor(w)}·${factor(next.downstream[k])}`).join(' + ') + (next.units > next.column.length ? ' + …' : '');
        derive.push(slope === undefined
          ? l10n.t('δ₁ = ∂Lₙ/∂net₁ = {0} (softmax: a Jacobian product)', num(delta))
          : l10n.t('δ₁ = f′(net₁) · Σₖ wₖ₁·δₖ of "{0}" = {1} · Σₖ wₖ₁·δₖ = {2} · ({3}) = {2} · {4} = {5}', next.name, slopeExpr, factor(slope), terms, factor(next.sum), num(delta)));
      }
      const lambda = n.weightDecay;
      const x = a(n.layerIndex);
      if (n.batch === 1) {
        derive.push(lambda
          ? l10n.t('∂L/∂w₁₁ = δ₁ · {0}₁ + λ·w₁₁ (weight decay λ = {1}) = {2} · {3} + {4} = {5}', x, num(lambda), factor(delta), factor(n.input), factor(lambda * n.weight), num(n.grad))
          : weightGradientFormula(`∂L/∂w₁₁ = δ₁ · ${x}₁ = ${factor(delta)} · ${factor(n.input)} = ${num(n.grad)}`, x, delta, n.input, n.grad));
      } else {
        derive.push(lambda
          ? l10n.t('∂L/∂w₁₁ = (1/{0}) Σₙ δ₁ · {1}₁ over the batch + λ·w₁₁ (weight decay λ = {2}) = {3} (sample {4}\'s share: {5} · {6})', n.batch, x, num(lambda), num(n.grad), n.sampleNumber, factor(delta), factor(n.input))
          : l10n.t('∂L/∂w₁₁ = (1/{0}) Σₙ δ₁ · {1}₁ over the batch = {2} (sample {3}\'s share: {4} · {5})', n.batch, x, num(n.grad), n.sampleNumber, factor(delta), factor(n.input)));
      }
      if (classic) return { repair: [...classicMatrixRows((w) => `∂${CLASSIC_TOTAL_ERROR}/∂${w}`, n.layerIndex, n.gradWeights), classicBiasRow(n.layerIndex, n.gradBias, n.units)], derive };
      return { repair: [...matrixRows('∂L/∂w', n.gradWeights), `∂L/∂b = ${list(n.gradBias, n.units)}`], derive };
    }
    case 'update': {
      // Every layer's weight changes; the output layer's first weight written out.
      const repair = classic
        ? n.changes.flatMap((c, layer) => classicMatrixRows((w) => `Δ${w}`, layer, c.weightChange))
        : n.changes.flatMap((c) => matrixRows(`"${c.name}": Δw`, c.weightChange));
      const { name, before, after, grad } = n.output;
      const derive = n.optimizer === 'sgd'
        ? [l10n.t('w₁₁ of "{0}" ← w₁₁ − η · ∂L/∂w₁₁ = {1} − {2} · {3} = {4}', name, num(before), num(n.learningRate), factor(grad), num(after))]
        : [n.firstStep
          ? l10n.t('w₁₁ of "{0}": {1} → {2}; {3} moves it by {4}, from this first step\'s ∂L/∂w₁₁ = {5} alone', name, num(before), num(after), n.optimizer, factor(after - before), num(grad))
          : l10n.t('w₁₁ of "{0}": {1} → {2}; {3} moves it by {4}, combining this step\'s ∂L/∂w₁₁ = {5} with the earlier steps\' gradients', name, num(before), num(after), n.optimizer, factor(after - before), num(grad))];
      return { repair, derive };
    }
  }
}

/** The phase as the title names it (`forward`), in the loaded language. */
function phaseWord(phase: PhaseNumbers['phase']): string {
  switch (phase) {
    case 'forward': return l10n.t('forward');
    case 'loss': return l10n.t('loss');
    case 'backward': return l10n.t('backward');
    case 'update': return l10n.t('update');
  }
}

/** How the host writes a stop: `classicNames` is the `gradlens.classicNames` setting. */
export interface PhaseTextOptions {
  readonly classicNames?: boolean;
}

/** The title and the sentences of a stop. */
export function phaseSentences(v: PhaseNumbers, options: PhaseTextOptions = {}): PhaseSentences {
  const title = v.layerName !== undefined
    ? l10n.t('Step {0} · {1} · layer "{2}"', v.step, phaseWord(v.phase), v.layerName)
    : l10n.t('Step {0} · {1}', v.step, phaseWord(v.phase));
  const classic = options.classicNames === true && v.classicShape === true;
  const lines = stopLines(v.derivation, classic ? { batch: v.batchSize } : undefined);
  const batched = v.batchSize > 1;
  const sample = v.sample + 1;
  const d = v.derivation;
  let detail: string, driveDetail: string;
  if (d.phase === 'forward' && v.forward) {
    const x = d.layerIndex === 0 ? 'x' : 'a';
    detail = driveDetail = batched
      ? l10n.t('net = W·{0} + b, out = {1}(net) for the batch of {2} (sample {3}, …): sample {3} out = {4}', x, d.activation, v.batchSize, sample, shortList(v.forward.out))
      : l10n.t('net = W·{0} + b, out = {1}(net) for the batch of {2} (sample {3}): sample {3} out = {4}', x, d.activation, v.batchSize, sample, shortList(v.forward.out));
  } else if (d.phase === 'loss' && v.loss) {
    detail = driveDetail = batched
      ? l10n.t('{0} loss of the batch of {1} (sample {2}, …): L = {3}; sample {2}: out {4} against t {5}', v.loss.kind, v.batchSize, sample, short(v.loss.value), shortList(v.loss.outputs), shortList(v.loss.targets))
      : l10n.t('{0} loss of the batch of {1} (sample {2}): L = {3}; sample {2}: out {4} against t {5}', v.loss.kind, v.batchSize, sample, short(v.loss.value), shortList(v.loss.outputs), shortList(v.loss.targets));
  } else if (d.phase === 'backward' && v.backward) {
    const b = v.backward;
    detail = d.isOutput
      ? l10n.t('δ = ∂L/∂net of "{0}" from the loss: sample {1} δ = {2}; ‖∂L/∂W‖ = {3}, ‖∂L/∂b‖ = {4}', d.layerName, sample, shortList(b.delta), short(b.gradWeightsNorm), short(b.gradBiasNorm))
      : l10n.t('δ = ∂L/∂net of "{0}" = f′(net) ⊙ (Wᵀ δ of the next layer): sample {1} δ = {2}; ‖∂L/∂W‖ = {3}, ‖∂L/∂b‖ = {4}', d.layerName, sample, shortList(b.delta), short(b.gradWeightsNorm), short(b.gradBiasNorm));
    driveDetail = l10n.t('The error of the outputs flows back through layer "{0}"; {1} shows its numbers.', d.layerName, depthLabel(2));
  } else if (v.update) {
    const u = v.update;
    const biggest = u.layers.reduce((a, b) => (b.maxAbsChange > a.maxAbsChange ? b : a));
    detail = l10n.t('{0} with η = {1} moves every weight against its gradient: the largest weight change is {2} in "{3}"; ‖Δw‖/‖w‖ per layer {4}', u.optimizer, short(u.learningRate), short(biggest.maxAbsChange), biggest.name, u.layers.map((l) => short(l.ratio)).join(', '));
    driveDetail = l10n.t('{0} with learning rate {1} moves every weight a small step meant to lower the loss: the largest weight change is {2} in "{3}".', u.optimizer, short(u.learningRate), formatIn(biggest.maxAbsChange, DRIVE), biggest.name);
  } else {
    detail = driveDetail = title;
  }
  if (classic) detail = sentenceRenaming().text(detail);
  return { title, detail, driveDetail, repairLines: lines.repair, deriveLines: lines.derive, deriveMath: lines.deriveMath.map((f) => f && { tex: f.tex, speech: f.speech }) };
}

/** The panel's view of a stop: its numbers with the sentences written out (the derivation's raw numbers left behind). */
export function phaseView(numbers: AnyPhaseNumbers, options: PhaseTextOptions = {}): PhaseView {
  if (isLayeredStop(numbers)) return { ...numbers, ...layeredPhaseSentences(numbers) };
  const { derivation: _derivation, classicShape: _classicShape, ...rest } = numbers;
  return { ...rest, ...phaseSentences(numbers, options) };
}
