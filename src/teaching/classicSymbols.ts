/**
 * The classic walkthrough's names inside the derivations, under the `gradlens.classicNames` setting on a
 * model of the classic 2-2-2 shape (src/shared/names.ts `isClassicShape`). An Explain page (and the
 * handout's derivations, which are those pages) and a dense step-through stop write their formulas with
 * generic symbols (outⱼ, netⱼ, tⱼ, δⱼ, aᵢ, w₁₁, L, Lₙ …); a {@link SymbolRenaming} maps each of them, in
 * the Unicode text and in the TeX alike, to the walkthrough's name (out_o1, net_o1, target_o1, δ_o1,
 * out_h1, w5, E_total …), and a formula's screen-reader words are read off its renamed text again.
 *
 * Only names change: the numbers stay the very strings the generic text wrote. A renaming replaces in
 * one pass, trying the longest symbol first at each place, so a name it wrote is never renamed again
 * (`out₁` becomes `out_o1` whole, its `t₁` is not a target). The symbols are GradLens's own (the
 * sentences' templates and src/teaching/chainRuleFormulas.ts, src/teaching/phaseFormulas.ts); text
 * from the model file is never renamed (the callers leave those lines out). Pure: no `vscode`.
 *
 * The loss: Mazur's E_total is the error of his one sample; GradLens's L is the mean over the samples,
 * which is E_total for his one sample. So L reads E_total, a sample's Lₙ reads Eₙ, and sample 1's L₁
 * reads E_total when there is one sample (as in the walkthrough), else E₁.
 */
import {
  CLASSIC_TOTAL_ERROR, classicBiasSymbol, classicDeltaName, classicInputOf, classicTargetName,
  classicValueName, classicWeightName,
} from '../shared/names';
import { speak, type Formula } from './formulas';
import type { StopNumbers } from './phaseNumbers';

/** A target of an Explain page: the parameter entry (0-based), as the worker's explanation names it. */
export interface ClassicTarget {
  readonly layerIndex: number;
  readonly param: string;
  readonly index: readonly number[];
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One regular expression trying every symbol, longest first. */
function patternOf(names: ReadonlyMap<string, string>): RegExp {
  const keys = [...names.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  return keys.length > 0 ? new RegExp(keys.join('|'), 'g') : /(?!)/g;
}

/** A mapping of generic symbols to the walkthrough's names, for Unicode text and for TeX. */
export class SymbolRenaming {
  private readonly textPattern: RegExp;
  private readonly texPattern: RegExp;

  constructor(private readonly textNames: ReadonlyMap<string, string>, private readonly texNames: ReadonlyMap<string, string>) {
    this.textPattern = patternOf(textNames);
    this.texPattern = patternOf(texNames);
  }

  /** A line of Unicode text with the walkthrough's names. */
  text(line: string): string {
    return line.replace(this.textPattern, (symbol) => this.textNames.get(symbol)!);
  }

  /** TeX with the walkthrough's names. */
  tex(source: string): string {
    return source.replace(this.texPattern, (symbol) => this.texNames.get(symbol)!);
  }

  /**
   * A formula with the walkthrough's names in its TeX and its text; the screen-reader words are read off
   * the renamed text, a name's underscore as a pause (`out_o1` is said "out o1", `E_total` "E total").
   */
  formula(f: Formula): Formula {
    const text = this.text(f.text);
    return { tex: this.tex(f.tex), text, speech: speak(text.replace(/_/g, ' ')) };
  }
}

/** A walkthrough name as TeX: `out_h1` → `\mathrm{out}_{h1}`, `w5` → `w_{5}`, `E_total` → `E_{\mathrm{total}}`. */
export function texName(name: string): string {
  if (name === CLASSIC_TOTAL_ERROR) return 'E_{\\mathrm{total}}';
  const value = /^(out|net|target)_(\w+)$/.exec(name);
  if (value) return `\\mathrm{${value[1]}}_{${value[2]}}`;
  const delta = /^δ_(\w+)$/.exec(name);
  if (delta) return `\\delta_{${delta[1]}}`;
  const indexed = /^([a-zA-Z])(\d+)$/.exec(name);
  return indexed ? `${indexed[1]}_{${indexed[2]}}` : name;
}

/** The walkthrough's sum into a unit: `w5 · out_h1 + w6 · out_h2 + b2` (`times` between factors). */
function incomingSum(layerIndex: number, unit: number, times: string): string {
  const terms = [0, 1].map((i) => `${classicWeightName(layerIndex, unit, i)}${times}${classicInputOf(layerIndex, i)}`);
  return `${terms.join(' + ')} + ${classicBiasSymbol(layerIndex)}`;
}

function incomingSumTex(layerIndex: number, unit: number): string {
  const terms = [0, 1].map((i) => `${texName(classicWeightName(layerIndex, unit, i))}\\,${texName(classicInputOf(layerIndex, i))}`);
  return `${terms.join(' + ')} + ${texName(classicBiasSymbol(layerIndex))}`;
}

/** What a hidden unit's output reaches the loss through: `δ_o1 · w5 + δ_o2 · w7` (weights out of hidden unit `unit`). */
function downstreamSum(unit: number, times: string, deltaFirst: boolean): string {
  return [0, 1].map((k) => {
    const w = classicWeightName(1, k, unit);
    const d = classicDeltaName(1, k);
    return deltaFirst ? `${d}${times}${w}` : `${w}${times}${d}`;
  }).join(' + ');
}

/** The parameter's symbol in an Explain page under the walkthrough's names: `w5`, or `b2` (Mazur's one bias per layer). */
export function classicParamSymbol(target: ClassicTarget): string {
  return target.param === 'weights' ? classicWeightName(target.layerIndex, target.index[0], target.index[1]) : classicBiasSymbol(target.layerIndex);
}

/** The loss symbols every renaming shares: L → E_total, Lₙ → Eₙ, L₁ → E_total for one sample (else E₁). */
function lossNames(samples: number): { text: [string, string][]; tex: [string, string][] } {
  const first = samples === 1 ? CLASSIC_TOTAL_ERROR : 'E₁';
  const firstTex = samples === 1 ? texName(CLASSIC_TOTAL_ERROR) : 'E_1';
  const total = texName(CLASSIC_TOTAL_ERROR);
  return {
    text: [['∂L/', `∂${CLASSIC_TOTAL_ERROR}/`], ['L = (1/', `${CLASSIC_TOTAL_ERROR} = (1/`], ['Lₙ', 'Eₙ'], ['L₁', first]],
    tex: [['\\partial L}', `\\partial ${total}}`], ['\\partial L_n', '\\partial E_n'], ['\\partial L_1', `\\partial ${firstTex}`]],
  };
}

/**
 * The renaming of an Explain Gradient page (src/teaching/chainRuleMarkdown.ts) of one parameter of the
 * classic shape, the page written with {@link classicParamSymbol} as its parameter symbol.
 */
export function explanationRenaming(target: ClassicTarget, samples: number): SymbolRenaming {
  const l = target.layerIndex, u = target.index[0];
  const out = classicValueName('out', l, u), net = classicValueName('net', l, u), delta = classicDeltaName(l, u);
  const p = classicParamSymbol(target);
  const isOutput = l === 1;
  const loss = lossNames(samples);
  const text: [string, string][] = [
    ['netⱼ = Σᵢ wⱼᵢ · aᵢ + bⱼ', `${net} = ${incomingSum(l, u, ' · ')}`],
    [`netⱼ = Σᵢ wⱼᵢ · aᵢ + ${p}`, `${net} = ${incomingSum(l, u, ' · ')}`],
    ['outⱼ', out], ['netⱼ', net], ['δⱼ', delta],
    ...(isOutput ? [['tⱼ', classicTargetName(u)] as [string, string]] : [['Σₖ δₖ · wₖⱼ', downstreamSum(u, ' · ', true)] as [string, string]]),
    ...(target.param === 'weights' ? [['aᵢ', classicInputOf(l, target.index[1])] as [string, string]] : []),
    // The table of every sample: its column heads.
    ['| n | net | out | t |', `| n | ${net} | ${out} | ${isOutput ? classicTargetName(u) : 't'} |`],
    ['| n | net | out |', `| n | ${net} | ${out} |`],
    ['∂Lₙ/∂out |', `∂Eₙ/∂${out} |`], ['∂out/∂net |', `∂${out}/∂${net} |`], ['δ = ∂Lₙ/∂net |', `${delta} = ∂Eₙ/∂${net} |`], ['∂net/∂', `∂${net}/∂`],
    // The depth summary's value of the unit, and a linear unit's slope.
    ['on sample 1 out = ', `on sample 1 ${out} = `], ['out = net)', `${out} = ${net})`],
    ...loss.text,
  ];
  const tex: [string, string][] = [
    ['\\mathrm{out}_{j}', texName(out)], ['\\mathrm{net}_{j}', texName(net)], ['\\delta_j', texName(delta)],
    ...(isOutput ? [['t_j', texName(classicTargetName(u))] as [string, string]] : []),
    ...(target.param === 'weights' ? [['a_i', texName(classicInputOf(l, target.index[1]))] as [string, string]] : []),
    [`\\partial ${p}}`, `\\partial ${texName(p)}}`],
    ...loss.tex,
  ];
  return new SymbolRenaming(new Map(text), new Map(tex));
}

/**
 * The renaming of a step-through stop's sentence (its `detail`, which speaks of whole layers: W, b, δ):
 * only the loss is the walkthrough's, `∂L/∂W` → `∂E_total/∂W`, `L = 0.298` → `E_total = 0.298`.
 */
export function sentenceRenaming(): SymbolRenaming {
  return new SymbolRenaming(new Map([['∂L/', `∂${CLASSIC_TOTAL_ERROR}/`], [': L = ', `: ${CLASSIC_TOTAL_ERROR} = `]]), new Map());
}

/**
 * The renaming of a dense step-through stop's derivation (src/teaching/phaseText.ts) on the classic
 * shape: its unit 1 is h1 or o1, its first weight w1 or w5; `batch` is the step's batch size.
 */
export function stopRenaming(n: StopNumbers, batch: number): SymbolRenaming {
  const loss = lossNames(batch);
  const sampleLoss: [string, string][] = [['Lₙ', batch === 1 ? CLASSIC_TOTAL_ERROR : 'Eₙ']];
  const sampleLossTex: [string, string][] = [['L_n', batch === 1 ? texName(CLASSIC_TOTAL_ERROR) : 'E_n']];
  const lossText = [...loss.text.filter(([k]) => k !== 'Lₙ'), ...sampleLoss];
  const lossTex = [...loss.tex.filter(([k]) => !k.startsWith('\\partial L_')), ...sampleLossTex];
  if (n.phase === 'loss') return new SymbolRenaming(new Map(lossText), new Map(lossTex));
  const l = n.phase === 'update' ? 1 : n.layerIndex;
  const out = classicValueName('out', l, 0), net = classicValueName('net', l, 0), delta = classicDeltaName(l, 0);
  const w = classicWeightName(l, 0, 0), input = classicInputOf(l, 0);
  const x = l === 0 ? 'x' : 'a';
  const text: [string, string][] = [
    [`net₁ = Σᵢ w₁ᵢ·${x}ᵢ + b₁`, `${net} = ${incomingSum(l, 0, '·')}`],
    ['out₁', out], ['net₁', net], ['δ₁', delta], ['o₁', out], ['w₁₁', w], [`${x}₁`, input],
    ...(l === 1 ? [['t₁', classicTargetName(0)] as [string, string]] : [['Σₖ wₖ₁·δₖ', `(${downstreamSum(0, '·', false)})`] as [string, string]]),
    ...lossText,
  ];
  const tex: [string, string][] = [
    [`\\mathrm{net}_{1} = \\sum_i w_{1i}\\,${x}_i + b_1`, `${texName(net)} = ${incomingSumTex(l, 0)}`],
    ['\\mathrm{out}_1', texName(out)], ['\\mathrm{net}_{1}', texName(net)], ['\\delta_1', texName(delta)], ['o_1', texName(out)],
    ['w_{11}', texName(w)], [`${x}_1`, texName(input)],
    ...(l === 1 ? [['t_1', texName(classicTargetName(0))] as [string, string]] : []),
    ...lossTex,
  ];
  return new SymbolRenaming(new Map(text), new Map(tex));
}
