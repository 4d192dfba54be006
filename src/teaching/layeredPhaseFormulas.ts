/**
 * The derivation lines of a layered network's step-through stop (model file 1.1, depth 4 Derive) as
 * formulas: each line is a {@link Formula} (TeX for the panel's KaTeX, its Unicode text, screen-reader
 * words) and, where the rule needs words, a note in the loaded language that follows it. The line the
 * text views show is `formula: note`. Every number of a line (stride, padding, pool size, dropout
 * rate, ε, batch size, the loss, η) is written once and re-spelt for TeX (`texNumber`), so the TeX and
 * the Unicode text show the same digits. Layer and activation names from the model file stay in the
 * note, never in TeX. The one place the layered derivation's TeX is written. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { LayeredStopView } from '../shared/stepThroughView';
import { speak, texNumber, type Formula } from './formulas';
import { short } from './text';

/** A derivation line: its formula and the words that follow it (in the loaded language). */
export interface DerivationLine {
  readonly formula: Formula;
  readonly note?: string;
}

/** The line as the text views write it: `formula: note`. */
export function derivationLineText(line: DerivationLine): string {
  return line.note ? `${line.formula.text}: ${line.note}` : line.formula.text;
}

/** The words a screen reader says for the symbols the layered rules use beyond the dense ones (then {@link speak}). */
function layeredSpeech(text: string): string {
  const symbols: [RegExp, string | ((match: string, ...groups: string[]) => string)][] = [
    [/Σ_([a-z])/g, (_, i: string) => ` ${l10n.t('the sum over {0} of', i)} `],
    [/max\{/g, ` ${l10n.t('the largest of')} `],
    [/ : /g, ` ${l10n.t('for')} `],
    [/[{}]/g, ' '],
    [/⊙/g, ` ${l10n.t('element-wise times')} `],
    [/√/g, ` ${l10n.t('the square root of')} `],
    [/x̂/g, ` ${l10n.t('x hat')} `],
    [/ᵀ/g, ` ${l10n.t('transposed')} `],
    [/\+=/g, ` ${l10n.t('gains')} `],
    [/≤/g, ` ${l10n.t('is at most')} `],
    [/</g, ` ${l10n.t('is less than')} `],
    [/μ/g, ` ${l10n.t('mu')} `],
    [/σ/g, ` ${l10n.t('sigma')} `],
    [/γ/g, ` ${l10n.t('gamma')} `],
    [/β/g, ` ${l10n.t('beta')} `],
    [/θ/g, ` ${l10n.t('theta')} `],
    [/ε/g, ` ${l10n.t('epsilon')} `],
    [/Δ/g, ` ${l10n.t('delta')} `],
    [/\*/g, ` ${l10n.t('star')} `],
    [/_/g, ' '],
  ];
  let out = text;
  for (const [pattern, words] of symbols) out = typeof words === 'string' ? out.replace(pattern, words) : out.replace(pattern, words);
  return speak(out).replace(/ ([,;:])/g, '$1');
}

/** A formula of the layered derivation: its TeX and its Unicode text, the words read off the text. */
function layeredFormula(tex: string, text: string): Formula {
  return { tex, text, speech: layeredSpeech(text) };
}

function line(tex: string, text: string, note?: string): DerivationLine {
  return note === undefined ? { formula: layeredFormula(tex, text) } : { formula: layeredFormula(tex, text), note };
}

/** A number as the text writes it and as TeX writes the same digits. */
function num(written: string): { text: string; tex: string } {
  return { text: written, tex: texNumber(written) };
}

/** A setting (stride, padding, pool size, rate, ε) as the sentences write a `{0}` placeholder. */
function setting(value: number): { text: string; tex: string } {
  return num(String(value));
}

/** ∂top/∂bottom written with a slash, as the text writes it: inline, a fraction would shrink the indices below legibility. */
const d = (top: string, bottom: string) => `\\partial ${top}/\\partial ${bottom}`;
const OUT = '\\mathrm{out}', NET = '\\mathrm{net}';

/** The forward rule of the layer type, written out (depth 4). */
export function layeredForwardLines(v: LayeredStopView): DerivationLine[] {
  const s = v.settings;
  switch (v.layerType) {
    case 'conv2d': {
      const st = setting(s.stride), p = setting(s.padding);
      return [line(
        `${OUT}[f, i, j] = \\sum_c \\sum_u \\sum_v W[f, c, u, v] \\cdot x[c,\\ i \\cdot ${st.tex} + u - ${p.tex},\\ j \\cdot ${st.tex} + v - ${p.tex}] + b[f]`,
        `out[f, i, j] = Σ_c Σ_u Σ_v W[f, c, u, v] · x[c, i·${st.text} + u − ${p.text}, j·${st.text} + v − ${p.text}] + b[f]`,
        l10n.t('the dot product of filter f with the window at (i, j).'))];
    }
    case 'maxpool2d': {
      const st = setting(s.stride), kh = setting(s.sizeH), kw = setting(s.sizeW);
      return [line(
        `${OUT}[c, i, j] = \\max\\{\\, x[c,\\ i \\cdot ${st.tex} + u,\\ j \\cdot ${st.tex} + v] : 0 \\le u < ${kh.tex},\\ 0 \\le v < ${kw.tex} \\,\\}`,
        `out[c, i, j] = max{x[c, i·${st.text} + u, j·${st.text} + v] : 0 ≤ u < ${kh.text}, 0 ≤ v < ${kw.text}}`,
        l10n.t('the largest value of window (i, j); the position of that maximum is remembered for the backward pass.'))];
    }
    case 'avgpool2d': {
      const st = setting(s.stride), kh = setting(s.sizeH), kw = setting(s.sizeW);
      return [line(
        `${OUT}[c, i, j] = (1/(${kh.tex} \\cdot ${kw.tex})) \\sum_u \\sum_v x[c,\\ i \\cdot ${st.tex} + u,\\ j \\cdot ${st.tex} + v]`,
        `out[c, i, j] = (1/(${kh.text}·${kw.text})) Σ_u Σ_v x[c, i·${st.text} + u, j·${st.text} + v]`,
        l10n.t('the mean of window (i, j).'))];
    }
    case 'flatten':
      return [line(`${OUT}[c \\cdot H \\cdot W + y \\cdot W + x] = x[c, y, x]`, 'out[c·H·W + y·W + x] = x[c, y, x]',
        l10n.t('the same numbers, one row after the other.'))];
    case 'activation':
      return [line(`${OUT} = f(x)`, 'out = f(x)', l10n.t('for every value, with f = {0}.', v.activation ?? 'linear'))];
    case 'dropout': {
      const r = setting(s.rate);
      return [line(`${OUT} = m \\odot x / (1 - ${r.tex})`, `out = m ⊙ x / (1 − ${r.text})`,
        l10n.t('with a fresh random mask m of this step (1 kept, 0 dropped).'))];
    }
    case 'batchnorm': {
      const e = setting(s.epsilon);
      return [line(
        `\\hat{x} = \\frac{x - \\mu}{\\sqrt{\\sigma^2 + \\varepsilon}},\\quad ${OUT} = \\gamma \\hat{x} + \\beta,\\quad \\varepsilon = ${e.tex}`,
        `x̂ = (x − μ)/√(σ² + ε), out = γ·x̂ + β, ε = ${e.text}`,
        l10n.t('μ and σ² are the batch mean and variance of each feature.'))];
    }
    default:
      return [line(`${NET} = W a + b,\\quad ${OUT} = f(${NET})`, 'net = W·a + b, out = f(net)', l10n.t('each unit sums its weighted inputs.'))];
  }
}

/** The backward rule of the layer type, written out (depth 4). */
export function layeredBackwardLines(v: LayeredStopView): DerivationLine[] {
  const s = v.settings;
  const slope = v.activation && v.layerType !== 'activation'
    ? [line(`${d('L', NET)} = f'(${NET}) \\odot ${d('L', OUT)}`, '∂L/∂net = f′(net) ⊙ ∂L/∂out',
      v.activation === 'softmax' ? l10n.t('first through its softmax, a Jacobian-vector product (each output depends on every net input).') : l10n.t('first through its {0}.', v.activation))]
    : [];
  switch (v.layerType) {
    case 'conv2d': {
      const st = setting(s.stride), p = setting(s.padding);
      const at = { tex: `i \\cdot ${st.tex} + u - ${p.tex},\\ j \\cdot ${st.tex} + v - ${p.tex}`, text: `i·${st.text} + u − ${p.text}, j·${st.text} + v − ${p.text}` };
      return [...slope,
        line(`${d('L', 'W[f, c, u, v]')} = \\sum_n \\sum_i \\sum_j ${d('L', `${NET}[n, f, i, j]`)} \\cdot x[n, c,\\ ${at.tex}]`,
          `∂L/∂W[f, c, u, v] = Σ_n Σ_i Σ_j ∂L/∂net[n, f, i, j] · x[n, c, ${at.text}]`,
          l10n.t('the correlation of the input with the gradient map of filter f.')),
        line(`${d('L', 'b[f]')} = \\sum_n \\sum_i \\sum_j ${d('L', `${NET}[n, f, i, j]`)}`, '∂L/∂b[f] = Σ_n Σ_i Σ_j ∂L/∂net[n, f, i, j]',
          l10n.t('the sum of the gradient map of filter f.')),
        line(`${d('L', `x[n, c,\\ ${at.tex}]`)} \\mathrel{+}= ${d('L', `${NET}[n, f, i, j]`)} \\cdot W[f, c, u, v]`,
          `∂L/∂x[n, c, ${at.text}] += ∂L/∂net[n, f, i, j] · W[f, c, u, v]`,
          l10n.t('for every f, i, j, u, v: each input value collects from every window that covered it (a full convolution with the kernels turned by 180°).'))];
    }
    case 'maxpool2d': {
      const st = setting(s.stride);
      const overlap = s.stride < s.sizeH || s.stride < s.sizeW;
      return [line(
        `${d('L', `x[c,\\ i \\cdot ${st.tex} + u^*,\\ j \\cdot ${st.tex} + v^*]`)} ${overlap ? '\\mathrel{+}=' : '='} ${d('L', `${OUT}[c, i, j]`)}`,
        `∂L/∂x[c, i·${st.text} + u*, j·${st.text} + v*] ${overlap ? '+=' : '='} ∂L/∂out[c, i, j]`,
        l10n.t('(u*, v*) is the position of the maximum of window (i, j); every other input of the window gets 0: max-pool routes the gradient to the maximum.'))];
    }
    case 'avgpool2d': {
      const st = setting(s.stride), kh = setting(s.sizeH), kw = setting(s.sizeW);
      return [line(
        `${d('L', `x[c,\\ i \\cdot ${st.tex} + u,\\ j \\cdot ${st.tex} + v]`)} \\mathrel{+}= (1/(${kh.tex} \\cdot ${kw.tex}))\\, ${d('L', `${OUT}[c, i, j]`)}`,
        `∂L/∂x[c, i·${st.text} + u, j·${st.text} + v] += (1/(${kh.text}·${kw.text})) ∂L/∂out[c, i, j]`,
        l10n.t('for every window (i, j) and each of its inputs (u, v): the gradient is shared equally.'))];
    }
    case 'flatten':
      return [line(`${d('L', 'x[c, y, x]')} = ${d('L', `${OUT}[c \\cdot H \\cdot W + y \\cdot W + x]`)}`, '∂L/∂x[c, y, x] = ∂L/∂out[c·H·W + y·W + x]',
        l10n.t('∂L/∂out read back in the shape {0}: flatten moves numbers and computes nothing.', v.inShape.join('×')))];
    case 'activation':
      return [line(`${d('L', 'x')} = f'(x) \\odot ${d('L', OUT)}`, '∂L/∂x = f′(x) ⊙ ∂L/∂out',
        l10n.t('with f = {0}: where the slope is 0 no gradient passes.', v.activation ?? 'linear'))];
    case 'dropout': {
      const r = setting(s.rate);
      return [line(`${d('L', 'x')} = m \\odot ${d('L', OUT)} / (1 - ${r.tex})`, `∂L/∂x = m ⊙ ∂L/∂out / (1 − ${r.text})`,
        l10n.t('with this step\'s mask m: a dropped value gets no gradient.'))];
    }
    case 'batchnorm':
      return [...slope,
        line(`${d('L', '\\gamma')} = \\sum ${d('L', OUT)} \\cdot \\hat{x},\\quad ${d('L', '\\beta')} = \\sum ${d('L', OUT)}`,
          '∂L/∂γ = Σ ∂L/∂out · x̂, ∂L/∂β = Σ ∂L/∂out',
          l10n.t('sums over the batch (and the positions of a channel).')),
        line(`${d('L', 'x')} = ${d('L', '\\hat{x}')} \\cdot ${d('\\hat{x}', 'x')} + ${d('L', '\\mu')} \\cdot ${d('\\mu', 'x')} + ${d('L', '\\sigma^2')} \\cdot ${d('\\sigma^2', 'x')}`,
          '∂L/∂x = ∂L/∂x̂ · ∂x̂/∂x + ∂L/∂μ · ∂μ/∂x + ∂L/∂σ² · ∂σ²/∂x',
          l10n.t('three paths: through x̂ directly, through the batch mean μ and through the batch variance σ², which every sample of the batch shares.'))];
    default:
      return [...slope,
        line(`${d('L', 'W')} = \\sum_n ${d('L', NET)} \\cdot a^{\\top},\\quad ${d('L', 'b')} = \\sum_n ${d('L', NET)},\\quad ${d('L', 'a')} = W^{\\top} \\cdot ${d('L', NET)}`,
          '∂L/∂W = Σ_n ∂L/∂net · aᵀ, ∂L/∂b = Σ_n ∂L/∂net, ∂L/∂a = Wᵀ · ∂L/∂net',
          l10n.t('sums over the batch; the layer before receives ∂L/∂a.'))];
  }
}

/** The loss of the batch: `L = (1/N) Σₙ Lₙ = L`. */
export function layeredLossLine(batchSize: number, value: number): DerivationLine {
  const n = setting(batchSize), l = num(short(value, 9));
  return line(`L = (1/${n.tex}) \\sum_n L_n = ${l.tex}`, `L = (1/${n.text}) Σₙ Lₙ = ${l.text}`, l10n.t('the mean over the batch.'));
}

/** The update: sgd's rule with η, or another optimizer's step made from the gradients. */
export function layeredUpdateLine(optimizer: string, learningRate: number): DerivationLine {
  const eta = num(short(learningRate));
  return optimizer === 'sgd'
    ? line(`\\theta \\leftarrow \\theta - \\eta \\cdot ${d('L', '\\theta')},\\quad \\eta = ${eta.tex}`, `θ ← θ − η · ∂L/∂θ, η = ${eta.text}`,
      l10n.t('for every trainable parameter θ.'))
    : line(`\\theta \\leftarrow \\theta + \\Delta\\theta,\\quad \\eta = ${eta.tex}`, `θ ← θ + Δθ, η = ${eta.text}`,
      l10n.t('{0} makes the step Δθ of every trainable parameter θ from this step\'s ∂L/∂θ and the earlier steps\' gradients.', optimizer));
}
