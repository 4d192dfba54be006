/**
 * The formulas of a step-through stop's derivation (src/teaching/phaseText.ts) as {@link Formula}s:
 * TeX for the panel's KaTeX, the Unicode line the panel showed before as the text. Only the lines
 * that are formulas through and through (and activation names GradLens defines) get TeX; a line with
 * words or a name from the model file stays text. Pure: no `vscode`.
 */
import { formatIn, DERIVATION } from '../shared/format';
import { TEX, formula, texNumber, type Formula } from './formulas';

const { net, partial } = TEX;

/** Six significant digits, as the step-through writes them, in TeX. */
function n(v: number): string {
  return texNumber(formatIn(v, DERIVATION));
}

/** A factor (negative in parentheses), in TeX. */
function f(v: number): string {
  return v < 0 ? `(${n(v)})` : n(v);
}

/** The activations GradLens defines, as TeX operator names; a custom activation's name stays out of TeX. */
const ACTIVATION_TEX: Record<string, string> = {
  sigmoid: '\\operatorname{sigmoid}',
  tanh: '\\tanh',
  relu: '\\operatorname{relu}',
  'leaky-relu': '\\operatorname{leaky\\text{-}relu}',
  linear: '\\operatorname{linear}',
};

/** `net₁ = Σᵢ w₁ᵢ·xᵢ + b₁ = w·x + … + b = net` (`text` is the line as written). */
export function netFormula(text: string, x: 'x' | 'a', weights: readonly number[], inputs: readonly number[], more: boolean, bias: number, value: number): Formula {
  const terms = weights.map((w, i) => `${f(w)} \\cdot ${f(inputs[i])}`).join(' + ') + (more ? ' + \\dots' : '');
  return formula(`${net('1')} = \\sum_i w_{1i}\\,${x}_i + b_1 = ${terms} + ${f(bias)} = ${n(value)}`, text);
}

/** `out₁ = sigmoid(net₁) = sigmoid(0.3775) = 0.59327`, or softmax's; undefined for a custom activation. */
export function activationFormula(text: string, activation: string, netValue: number, out: number): Formula | undefined {
  if (activation === 'softmax') return formula(`\\mathrm{out}_1 = \\frac{e^{${net('1')}}}{\\sum_k e^{${net('k')}}} = ${n(out)}`, text);
  const name = ACTIVATION_TEX[activation];
  return name === undefined ? undefined : formula(`\\mathrm{out}_1 = ${name}(${net('1')}) = ${name}(${n(netValue)}) = ${n(out)}`, text);
}

/** The loss of the sample: `Lₙ = ½ Σₖ (oₖ − tₖ)² = ½·(…) = L` (the text adds "for sample n"). */
export function lossFormula(text: string, kind: string, outputs: readonly number[], targets: readonly number[], value: number): Formula | undefined {
  const shown = Math.min(outputs.length, 4);
  const more = outputs.length > 4 ? ' + \\dots' : '';
  const squares = outputs.slice(0, shown).map((o, k) => `(${n(o)} - ${n(targets[k])})^2`).join(' + ');
  switch (kind) {
    case 'squared': return formula(`L_n = \\tfrac{1}{2} \\sum_k (o_k - t_k)^2 = \\tfrac{1}{2}\\left(${squares}${more}\\right) = ${n(value)}`, text);
    case 'mse': return formula(`L_n = \\frac{1}{K} \\sum_k (o_k - t_k)^2 = \\frac{1}{${outputs.length}}\\left(${squares}${more}\\right) = ${n(value)}`, text);
    case 'cross-entropy': {
      const terms = outputs.map((o, k) => (targets[k] === 0 ? '' : `${n(targets[k])} \\ln ${n(o)}`)).filter(Boolean).slice(0, 4).join(' + ');
      return formula(`L_n = -\\sum_k t_k \\ln o_k = -\\left(${terms}\\right) = ${n(value)}`, text);
    }
    default: return undefined;
  }
}

/** `δ₁ = ∂Lₙ/∂out₁ · f′(net₁) = (o₁ − t₁) · o₁(1 − o₁) = a · b = δ` for squared error. */
export function squaredDeltaFormula(text: string, activation: string, error: number, slope: number, delta: number): Formula {
  const slopeTex = activation === 'sigmoid' ? 'o_1(1 - o_1)' : activation === 'tanh' ? '(1 - o_1^2)' : `f'(${net('1')})`;
  return formula(`\\delta_1 = ${partial('L_n', '\\mathrm{out}_1')} \\cdot f'(${net('1')}) = (o_1 - t_1) \\cdot ${slopeTex} = ${f(error)} \\cdot ${f(slope)} = ${n(delta)}`, text);
}

/** `δ₁ = ∂Lₙ/∂net₁ = δ` */
export function deltaFormula(text: string, delta: number): Formula {
  return formula(`\\delta_1 = ${partial('L_n', net('1'))} = ${n(delta)}`, text);
}

/** `∂L/∂w₁₁ = δ₁ · x₁ = δ · x = g` (a batch of one, no weight decay) */
export function weightGradientFormula(text: string, x: 'x' | 'a', delta: number, input: number, grad: number): Formula {
  return formula(`${partial('L', 'w_{11}')} = \\delta_1 \\cdot ${x}_1 = ${f(delta)} \\cdot ${f(input)} = ${n(grad)}`, text);
}
