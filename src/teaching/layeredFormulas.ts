/**
 * The formulas of the layered Explain pages (src/teaching/layeredExplanationMarkdown.ts: a conv
 * weight or bias, a batch-norm scale or shift; src/teaching/maxPoolExplanationMarkdown.ts: a max-pool
 * window) as {@link Formula}s. Each `text` is exactly the line the page wrote before KaTeX (its
 * plain-text fallback), each `tex` the same formula with the same digits (`fmt`/`factor`, re-spelt by
 * `texNumber`). Words inside a formula are GradLens's own `l10n.t` texts, escaped for `\text{…}`;
 * nothing from the model file (layer names) enters `tex`. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { formula, texNumber, type Formula } from './formulas';
import { factor, fmt } from './text';

/** A number as the page writes it (`fmt`), in TeX. */
function n(value: number): string {
  return texNumber(fmt(value));
}

/** A factor of a product (negative in parentheses), in TeX. */
function f(value: number): string {
  return texNumber(factor(value));
}

/** GradLens's own words for `\text{…}`: TeX's special characters escaped. */
export function texWords(words: string): string {
  return words.replace(/[\\{}$&#^_%~]/g, (c) => ({ '\\': '\\textbackslash{}', '{': '\\{', '}': '\\}', '$': '\\$', '&': '\\&', '#': '\\#', '^': '\\textasciicircum{}', '_': '\\_', '%': '\\%', '~': '\\textasciitilde{}' })[c]!)
    .replace(/’/g, "'");
}

/** The parameter's symbol in TeX (`w`, `b`, `γ`, `β`). */
function texSymbol(p: string): string {
  return ({ γ: '\\gamma', β: '\\beta' } as Record<string, string>)[p] ?? p;
}

/** A product's two factors (`δ · x`), or one factor (a bias's δ). */
export interface SumTerm {
  readonly factors: readonly number[];
}

/**
 * `Σ = a · b + c · d + (the other 40 terms: r) = **s**`: the shown terms of a gradient's sum, the
 * rest summed, and the total.
 */
export function termSum(terms: readonly SumTerm[], rest: number, restSum: number, sum: number): Formula {
  const textTerms = terms.map((t) => t.factors.map(factor).join(' · ')).join(' + ');
  const texTerms = terms.map((t) => t.factors.map(f).join(' \\cdot ')).join(' + ');
  if (rest > 0) {
    return formula(
      `\\Sigma = ${texTerms} + \\underbrace{${f(restSum)}}_{\\text{${texWords(l10n.t('the other {0} terms', rest))}}} = \\mathbf{${n(sum)}}`,
      l10n.t('Σ = {0} + (the other {1} terms: {2}) = **{3}**', textTerms, rest, factor(restSum), fmt(sum)));
  }
  return formula(`\\Sigma = ${texTerms} = \\mathbf{${n(sum)}}`, `Σ = ${textTerms} = **${fmt(sum)}**`);
}

/** `∂L/∂w = (1/N) · Σ = (1/N) · s = **m**; the engine's value: **e** ✓` (a conv parameter). */
export function convMean(p: string, samples: number, sum: number, mean: number, engine: number, agrees: boolean): Formula {
  const mark = agrees ? '✓' : '✗';
  return formula(
    `\\frac{\\partial L}{\\partial ${texSymbol(p)}} = \\frac{1}{N} \\cdot \\Sigma = \\frac{1}{${samples}} \\cdot ${f(sum)} = \\mathbf{${n(mean)}} \\qquad \\text{${texWords(l10n.t('the engine\'s value:'))}}\\ \\mathbf{${n(engine)}}\\ ${agrees ? '\\checkmark' : '\\times'}`,
    l10n.t('∂L/∂{0} = (1/N) · Σ = (1/{1}) · {2} = **{3}**; the engine\'s value: **{4}** {5}', p, samples, factor(sum), fmt(mean), fmt(engine), mark));
}

/** `∂L/∂γ = (1/N) · Σ = (1/N) · s = **m**` (a batch-norm parameter). */
export function batchNormMean(p: string, samples: number, sum: number, mean: number): Formula {
  return formula(
    `\\frac{\\partial L}{\\partial ${texSymbol(p)}} = \\frac{1}{N} \\cdot \\Sigma = \\frac{1}{${samples}} \\cdot ${f(sum)} = \\mathbf{${n(mean)}}`,
    `∂L/∂${p} = (1/N) · Σ = (1/${samples}) · ${factor(sum)} = **${fmt(mean)}**`);
}

/** `**∂L/∂γ = (1/N) Σₖ δₖ · x̂ₖ**` or `**∂L/∂β = (1/N) Σₖ δₖ**`. */
export function batchNormRule(scale: boolean): Formula {
  return scale
    ? formula('\\frac{\\partial L}{\\partial \\gamma} = \\frac{1}{N} \\sum_k \\delta_k \\cdot \\hat{x}_k', '**∂L/∂γ = (1/N) Σₖ δₖ · x̂ₖ**')
    : formula('\\frac{\\partial L}{\\partial \\beta} = \\frac{1}{N} \\sum_k \\delta_k', '**∂L/∂β = (1/N) Σₖ δₖ**');
}

/** `**∂L/∂xₖ = (1/N)·γ·s·(δₖ − (1/M) Σⱼ δⱼ − x̂ₖ · (1/M) Σⱼ δⱼ·x̂ⱼ)**`: the three paths back to an input. */
export function batchNormInputRule(): Formula {
  return formula(
    '\\frac{\\partial L}{\\partial x_k} = \\frac{1}{N} \\cdot \\gamma \\cdot s \\cdot \\Bigl(\\delta_k - \\frac{1}{M} \\sum_j \\delta_j - \\hat{x}_k \\cdot \\frac{1}{M} \\sum_j \\delta_j \\cdot \\hat{x}_j\\Bigr)',
    '**∂L/∂xₖ = (1/N)·γ·s·(δₖ − (1/M) Σⱼ δⱼ − x̂ₖ · (1/M) Σⱼ δⱼ·x̂ⱼ)**');
}

/** `- together: a + b + c = **t**; the engine's ∂L/∂x: **e**` (the three paths' numbers added), without the bullet. */
export function batchNormPathsTotal(direct: number, throughMean: number, throughVariance: number, total: number, engine: number): Formula {
  const text = l10n.t('- together: {0} + {1} + {2} = **{3}**; the engine\'s ∂L/∂x: **{4}**', factor(direct), factor(throughMean), factor(throughVariance), fmt(total), fmt(engine));
  return formula(
    `${f(direct)} + ${f(throughMean)} + ${f(throughVariance)} = \\mathbf{${n(total)}} \\qquad \\text{${texWords(l10n.t('the engine\'s value:'))}}\\ \\mathbf{${n(engine)}}`,
    text.replace(/^- /, ''));
}

/** The max-pool rule: `**∂Lₙ/∂x[n, c, y, x] = Σ over the windows (i, j) whose maximum is (y, x) of δ[n, c, i, j]**, and 0 …`. */
export function maxPoolRule(): Formula {
  return {
    ...formula(
    `\\frac{\\partial L_n}{\\partial x[n, c, y, x]} = \\begin{cases} \\displaystyle\\sum_{(i, j)} \\delta[n, c, i, j] & \\text{${texWords(l10n.t('over the windows (i, j) whose maximum is (y, x)'))}} \\\\ 0 & \\text{${texWords(l10n.t('for an input that is no window\'s maximum'))}} \\end{cases}`,
    l10n.t('**∂Lₙ/∂x[n, c, y, x] = Σ over the windows (i, j) whose maximum is (y, x) of δ[n, c, i, j]**, and 0 for an input that is no window\'s maximum.')),
    speech: l10n.t('partial L sub n over partial x at n, c, y, x equals the sum of delta at n, c, i, j over the windows i, j whose maximum is y, x, and 0 for an input that is no window\'s maximum'),
  };
}
