/**
 * The formulas of an Explain Gradient page (src/teaching/chainRuleMarkdown.ts) as {@link Formula}s:
 * the chain rule, sample 1's factors multiplied out, and the mean over the batch. Each `text` is the
 * line the page wrote before KaTeX (its plain-text fallback), each `tex` the same formula with the same
 * digits. Lines that mix words and symbols stay sentences (one `l10n.t` text each) in the page.
 * Pure: no `vscode`.
 */
import type { ChainRuleRow, GradientExplanation } from '../worker/teaching/chainRule';
import { TEX, formula, texNumber, type Formula } from './formulas';
import { factor, fmt } from './text';

const { out, net, partial } = TEX;

/** A number of the derivation (`fmt`) in TeX. */
function n(value: number): string {
  return texNumber(fmt(value));
}

/** A factor of a product (negative in parentheses) in TeX. */
function f(value: number): string {
  return texNumber(factor(value));
}

/** `**∂L/∂w = (1/N) Σₙ ∂Lₙ/∂outⱼ · ∂outⱼ/∂netⱼ · ∂netⱼ/∂w**` */
export function chainRule(p: string): Formula {
  return formula(
    `${partial('L', p)} = \\frac{1}{N} \\sum_n ${partial('L_n', out('j'))} \\cdot ${partial(out('j'), net('j'))} \\cdot ${partial(net('j'), p)}`,
    `**∂L/∂${p} = (1/N) Σₙ ∂Lₙ/∂outⱼ · ∂outⱼ/∂netⱼ · ∂netⱼ/∂${p}**`,
  );
}

/** Sample 1's ∂L₁/∂outⱼ at an output unit, for the losses whose line has no words. */
export function outputDerivative(e: GradientExplanation, r: ChainRuleRow): Formula | undefined {
  const lhs = '∂L₁/∂outⱼ';
  const texLhs = partial('L_1', out('j'));
  const o = r.out, t = r.target ?? NaN;
  switch (e.lossKind) {
    case 'squared': return formula(
      `${texLhs} = ${out('j')} - t_j = ${n(o)} - ${f(t)} = \\mathbf{${n(r.dLdOut)}}`,
      `${lhs} = outⱼ − tⱼ = ${fmt(o)} − ${factor(t)} = **${fmt(r.dLdOut)}**`);
    case 'mse': return formula(
      `${texLhs} = \\frac{2}{K}(${out('j')} - t_j) = \\frac{2}{${e.outputs}} \\cdot (${n(o)} - ${f(t)}) = \\mathbf{${n(r.dLdOut)}}`,
      `${lhs} = (2/K)·(outⱼ − tⱼ) = (2/${e.outputs}) · (${fmt(o)} − ${factor(t)}) = **${fmt(r.dLdOut)}**`);
    case 'cross-entropy': return t === 0 ? undefined : formula(
      `${texLhs} = -\\frac{t_j}{${out('j')}} = -\\frac{${f(t)}}{${n(o)}} = \\mathbf{${n(r.dLdOut)}}`,
      `${lhs} = −tⱼ / outⱼ = −${factor(t)} / ${fmt(o)} = **${fmt(r.dLdOut)}**`);
    case 'binary-cross-entropy': return formula(
      `${texLhs} = -\\frac{t_j}{${out('j')}} + \\frac{1 - t_j}{1 - ${out('j')}} = -\\frac{${f(t)}}{${n(o)}} + \\frac{1 - ${f(t)}}{1 - ${n(o)}} = \\mathbf{${n(r.dLdOut)}}`,
      `${lhs} = −tⱼ / outⱼ + (1 − tⱼ) / (1 − outⱼ) = −${factor(t)} / ${fmt(o)} + (1 − ${factor(t)}) / (1 − ${fmt(o)}) = **${fmt(r.dLdOut)}**`);
    default: return undefined;
  }
}

/** Sample 1's ∂outⱼ/∂netⱼ, for the activations whose line has no words. */
export function activationSlope(e: GradientExplanation, r: ChainRuleRow): Formula | undefined {
  const lhs = partial(out('j'), net('j'));
  const d = r.dOutdNet ?? NaN;
  switch (e.rule) {
    case 'sigmoid': return formula(
      `${lhs} = ${out('j')}\\,(1 - ${out('j')}) = ${n(r.out)} \\cdot (1 - ${n(r.out)}) = \\mathbf{${n(d)}}`,
      `∂outⱼ/∂netⱼ = outⱼ · (1 − outⱼ) = ${fmt(r.out)} · (1 − ${fmt(r.out)}) = **${fmt(d)}**`);
    case 'tanh': return formula(
      `${lhs} = 1 - ${out('j')}^2 = 1 - ${f(r.out)}^2 = \\mathbf{${n(d)}}`,
      `∂outⱼ/∂netⱼ = 1 − outⱼ² = 1 − ${factor(r.out)}² = **${fmt(d)}**`);
    case 'linear': return formula(`${lhs} = \\mathbf{1}`, '∂outⱼ/∂netⱼ = **1**');
    default: return undefined;
  }
}

/** Sample 1's ∂netⱼ/∂w (the input under the weight, `input` its name) or ∂netⱼ/∂b = 1. */
export function netSlope(p: string, isBias: boolean, r: ChainRuleRow, input: string): Formula {
  return isBias
    ? formula(`${partial(net('j'), p)} = \\mathbf{1}`, `∂netⱼ/∂${p} = **1**`)
    : formula(`${partial(net('j'), p)} = a_i = \\mathbf{${n(r.dNetdParam)}}`, `∂netⱼ/∂${p} = ${input} = **${fmt(r.dNetdParam)}**`);
}

/** `∂L₁/∂w = δⱼ · ∂netⱼ/∂w = δ · a = **product**` */
export function sampleProduct(p: string, r: ChainRuleRow): Formula {
  return formula(
    `${partial('L_1', p)} = \\delta_j \\cdot ${partial(net('j'), p)} = ${f(r.delta)} \\cdot ${f(r.dNetdParam)} = \\mathbf{${n(r.product)}}`,
    `∂L₁/∂${p} = δⱼ · ∂netⱼ/∂${p} = ${factor(r.delta)} · ${factor(r.dNetdParam)} = **${fmt(r.product)}**`,
  );
}

/** `∂L/∂w = (1/N) Σₙ ∂Lₙ/∂w = (1/N) · sum = **mean**` */
export function batchMean(p: string, samples: number, sum: number, mean: number): Formula {
  return formula(
    `${partial('L', p)} = \\frac{1}{N} \\sum_n ${partial('L_n', p)} = \\frac{1}{${samples}} \\cdot ${f(sum)} = \\mathbf{${n(mean)}}`,
    `∂L/∂${p} = (1/N) Σₙ ∂Lₙ/∂${p} = (1/${samples}) · ${factor(sum)} = **${fmt(mean)}**`,
  );
}
