/**
 * The Markdown of an Explain Gradient page: the chain rule as formulas, sample 1 multiplied out step
 * by step, a table of every sample in the style of the classic worked example (net, out, ∂E/∂out,
 * ∂out/∂net, ∂net/∂w, product), and the mean beside the engine's value. Unicode math only (no KaTeX
 * offline). Pure: no `vscode`.
 */
import type { DepthLevel } from '../shared/protocol';
import type { ChainRuleRow, GradientExplanation } from '../worker/teaching/chainRule';
import { AGREEMENT_TOLERANCE } from './agreement';
import { depthDescription, depthLabel, depthName } from '../shared/depth';
import { entryLabel, escapeMarkdown, exact, factor, fmt } from './text';

export interface ExplanationMarkdownOptions {
  readonly depth: DepthLevel;
  /** The file's training settings, for the update line. */
  readonly train?: {
    readonly optimizer: string;
    readonly learningRate: number;
    readonly weightDecay: number;
    readonly batchSize?: number;
  };
}

/** Terms of a hidden unit's sum shown before "+ …". */
const MAX_TERMS = 8;

/** `output[1]`: a unit, named by its layer and 1-based number. */
function unitName(layer: string, unit: number): string {
  return `${escapeMarkdown(layer)}[${unit + 1}]`;
}

function code(text: string): string {
  const ticks = text.includes('`') ? '``' : '`';
  return `${ticks}${text.includes('`') ? ` ${text} ` : text}${ticks}`;
}

function paramSymbol(e: GradientExplanation): string {
  return e.target.param === 'bias' ? 'b' : 'w';
}

function inputName(e: GradientExplanation): string {
  const s = e.inputSource;
  if (s.kind === 'bias') return '1';
  if (s.kind === 'input') return `input x${s.index + 1}${s.name !== undefined ? ` (${escapeMarkdown(s.name)})` : ''}`;
  return `out of ${unitName(s.layerName, s.unit)}`;
}

function lossFormula(e: GradientExplanation): { loss: string; derivative: string } {
  switch (e.lossKind) {
    case 'squared': return { loss: 'Lₙ = ½ Σₖ (tₖ − outₖ)²', derivative: 'outⱼ − tⱼ' };
    case 'mse': return { loss: `Lₙ = (1/K) Σₖ (tₖ − outₖ)², K = ${e.outputs}`, derivative: `(2/K)·(outⱼ − tⱼ) = (2/${e.outputs})·(outⱼ − tⱼ)` };
    case 'cross-entropy': return { loss: 'Lₙ = −Σₖ tₖ · ln outₖ', derivative: '−tⱼ / outⱼ' };
    case 'binary-cross-entropy': return { loss: 'Lₙ = −Σₖ [tₖ · ln outₖ + (1 − tₖ) · ln(1 − outₖ)]', derivative: '−tⱼ / outⱼ + (1 − tⱼ) / (1 − outⱼ)' };
    default: return { loss: 'Lₙ', derivative: '∂Lₙ/∂outⱼ' };
  }
}

function activationDerivative(e: GradientExplanation): string {
  switch (e.rule) {
    case 'linear': return '1 (linear: out = net)';
    case 'sigmoid': return 'outⱼ · (1 − outⱼ) (sigmoid)';
    case 'tanh': return '1 − outⱼ² (tanh)';
    case 'relu': return '1 if netⱼ > 0, else 0 (relu)';
    case 'leaky-relu': return '1 if netⱼ > 0, else 0.01 (leaky-relu)';
    case 'softmax': return 'a Jacobian, not one number: ∂outₖ/∂netⱼ = outₖ · ([k = j] − outⱼ) (softmax: every out depends on every net)';
    case 'custom': return `df(netⱼ), your ${code(e.custom?.df ?? '')} with x = netⱼ (custom activation "${escapeMarkdown(e.activation)}", f = ${code(e.custom?.f ?? '')})`;
    default: return '';
  }
}

/** The sample-1 expansion of ∂Lₙ/∂outⱼ. */
function dLdOutLine(e: GradientExplanation, r: ChainRuleRow, n: string): string {
  const lhs = `∂L${n}/∂outⱼ`;
  if (!e.isOutputLayer) {
    const terms = r.downstream ?? [];
    const next = e.downstreamLayer!;
    const symbolic = terms.slice(0, MAX_TERMS).map((t) => `δ(${unitName(next.name, t.unit)}) · w(${unitName(next.name, t.unit)} ← j)`).join(' + ');
    const numeric = terms.slice(0, MAX_TERMS).map((t) => `${factor(t.delta)} · ${factor(t.weight)}`).join(' + ');
    const more = terms.length > MAX_TERMS ? ` + … (${terms.length - MAX_TERMS} more)` : '';
    return `${lhs} = Σₖ δₖ · wₖⱼ over the ${terms.length} unit${terms.length === 1 ? '' : 's'} of "${escapeMarkdown(next.name)}" = ${symbolic}${more} = ${numeric}${more} = **${fmt(r.dLdOut)}**`;
  }
  const o = r.out, t = r.target ?? NaN;
  switch (e.lossKind) {
    case 'squared': return `${lhs} = outⱼ − tⱼ = ${fmt(o)} − ${factor(t)} = **${fmt(r.dLdOut)}**`;
    case 'mse': return `${lhs} = (2/K)·(outⱼ − tⱼ) = (2/${e.outputs}) · (${fmt(o)} − ${factor(t)}) = **${fmt(r.dLdOut)}**`;
    case 'cross-entropy': return t === 0
      ? `${lhs} = −tⱼ / outⱼ = **0**, as tⱼ = 0: only the outputs with a target count in the loss`
      : `${lhs} = −tⱼ / outⱼ = −${factor(t)} / ${fmt(o)} = **${fmt(r.dLdOut)}**`;
    case 'binary-cross-entropy': return `${lhs} = −tⱼ / outⱼ + (1 − tⱼ) / (1 − outⱼ) = −${factor(t)} / ${fmt(o)} + (1 − ${factor(t)}) / (1 − ${fmt(o)}) = **${fmt(r.dLdOut)}**`;
    default: return `${lhs} = **${fmt(r.dLdOut)}**`;
  }
}

/** The sample-1 expansion of ∂outⱼ/∂netⱼ and δⱼ. */
function deltaLines(e: GradientExplanation, r: ChainRuleRow, n: string): string[] {
  const o = fmt(r.out);
  if (e.combined === 'softmax-cross-entropy') {
    return [
      `∂outⱼ/∂netⱼ: softmax's Jacobian, and with cross-entropy it cancels: δⱼ = ∂L${n}/∂netⱼ = outⱼ · Σₖ tₖ − tⱼ, which is outⱼ − tⱼ when the targets sum to 1`,
      `δⱼ = ${o} − ${factor(r.target ?? NaN)} = **${fmt(r.delta)}** (the engine: ${fmt(r.engineDelta)})`,
    ];
  }
  if (e.combined === 'sigmoid-binary-cross-entropy') {
    return [
      `∂outⱼ/∂netⱼ = outⱼ · (1 − outⱼ) = ${o} · (1 − ${o}) = **${fmt(r.dOutdNet ?? NaN)}**`,
      `δⱼ = ∂L${n}/∂outⱼ · ∂outⱼ/∂netⱼ: the out · (1 − out) cancels, leaving exactly outⱼ − tⱼ = ${o} − ${factor(r.target ?? NaN)} = **${fmt(r.delta)}** (the engine: ${fmt(r.engineDelta)})`,
    ];
  }
  if (e.rule === 'softmax') {
    const terms = r.softmax ?? [];
    const shown = terms.slice(0, MAX_TERMS).map((t) => `${factor(t.dLdOut)} · ${factor(t.dOutdNet)}`).join(' + ');
    const more = terms.length > MAX_TERMS ? ` + … (${terms.length - MAX_TERMS} more)` : '';
    return [
      `∂outₖ/∂netⱼ = outₖ · ([k = j] − outⱼ) for each unit k of the softmax layer`,
      `δⱼ = Σₖ ∂L${n}/∂outₖ · ∂outₖ/∂netⱼ = ${shown}${more} = **${fmt(r.delta)}** (the engine: ${fmt(r.engineDelta)})`,
    ];
  }
  const d = r.dOutdNet ?? NaN;
  let expansion: string;
  switch (e.rule) {
    case 'sigmoid': expansion = `outⱼ · (1 − outⱼ) = ${o} · (1 − ${o}) = **${fmt(d)}**`; break;
    case 'tanh': expansion = `1 − outⱼ² = 1 − ${factor(r.out)}² = **${fmt(d)}**`; break;
    case 'relu': expansion = `netⱼ = ${fmt(r.net)} ${r.net > 0 ? '> 0, so **1**' : '≤ 0, so **0** (the unit is off for this sample: no gradient passes)'}`; break;
    case 'leaky-relu': expansion = `netⱼ = ${fmt(r.net)} ${r.net > 0 ? '> 0, so **1**' : '≤ 0, so **0.01**'}`; break;
    case 'linear': expansion = '**1**'; break;
    case 'custom': expansion = `df(x) = ${code(e.custom?.df ?? '')} at x = netⱼ = ${fmt(r.net)} gives **${fmt(d)}**`; break;
    default: expansion = `**${fmt(d)}**`;
  }
  return [
    `∂outⱼ/∂netⱼ = ${expansion}`,
    `δⱼ = ∂L${n}/∂netⱼ = ∂L${n}/∂outⱼ · ∂outⱼ/∂netⱼ = ${factor(r.dLdOut)} · ${factor(d)} = **${fmt(r.delta)}** (the engine: ${fmt(r.engineDelta)})`,
  ];
}

function depthNote(depth: DepthLevel): string[] {
  if (depth === 4) return [];
  const lines = [
    `> You are at ${depthLabel(depth)}, which shows ${depthDescription(depth)}. This full derivation is what ${depthLabel(4)} shows by default; you asked for it, so here it is. Change the depth with **GradLens: Set Teaching Depth…** or the panel.`,
  ];
  if (depth === 1) lines.push('>', '> At Drive the lenses and hints never show a derivative; this page is the one exception, because you opened it.');
  return [...lines, ''];
}

function summary(e: GradientExplanation, depth: DepthLevel, options: ExplanationMarkdownOptions): string[] {
  const p = paramSymbol(e);
  const first = e.rows[0];
  const lines = [`## What each depth shows of this ${e.target.param === 'bias' ? 'bias' : 'weight'}`, ''];
  const mark = (d: DepthLevel) => (d === depth ? ' ← you are here' : '');
  lines.push(`- **1 ${depthName(1)}**: its value ${p} = ${fmt(e.paramValue)}, the unit's output on sample 1 out = ${first ? fmt(first.out) : '–'}${mark(1)}`);
  lines.push(`- **2 ${depthName(2)}**: the unit's error signal on sample 1, δⱼ = ∂L₁/∂netⱼ = ${first ? fmt(first.delta) : '–'}${mark(2)}`);
  const update = options.train ? `, and a step's change −η · ∂L/∂${p} = ${fmt(-options.train.learningRate * e.mean)}` : '';
  lines.push(`- **3 ${depthName(3)}**: its gradient ∂L/∂${p} = ${fmt(e.mean)}${update}${mark(3)}`);
  lines.push(`- **4 ${depthName(4)}**: the chain rule below, every factor with its number${mark(4)}`);
  return [...lines, ''];
}

function tableRow(e: GradientExplanation, r: ChainRuleRow): string {
  const cells = [
    String(r.sample + 1),
    fmt(r.net),
    fmt(r.out),
    ...(e.isOutputLayer ? [fmt(r.target ?? NaN)] : []),
    fmt(r.dLdOut),
    r.dOutdNet !== undefined && e.combined !== 'softmax-cross-entropy' ? fmt(r.dOutdNet) : 'Jacobian',
    fmt(r.delta),
    fmt(r.dNetdParam),
    fmt(r.product),
  ];
  return `| ${cells.join(' | ')} |`;
}

function updateLines(e: GradientExplanation, options: ExplanationMarkdownOptions): string[] {
  const train = options.train;
  if (!train) return [];
  const p = paramSymbol(e);
  const lr = train.learningRate;
  const lines = ['## What a training step does with it', ''];
  if (train.optimizer === 'sgd') {
    lines.push(`Plain SGD with η = ${fmt(lr)}: ${p} ← ${p} − η · ∂L/∂${p} = ${fmt(e.paramValue)} − ${fmt(lr)} · ${factor(e.mean)} = **${fmt(e.paramValue - lr * e.mean)}**.`);
  } else {
    lines.push(`The file trains with ${escapeMarkdown(train.optimizer)} (η = ${fmt(lr)}): the step starts from this gradient, −η · ∂L/∂${p} = ${fmt(-lr * e.mean)}, and ${train.optimizer === 'adam' ? 'rescales it by its running moments' : 'adds the velocity of the earlier steps'}.`);
  }
  if (train.batchSize !== undefined && train.batchSize < e.samples) {
    lines.push('', `This is the gradient over all ${e.samples} training samples; a training step with batchSize ${train.batchSize} uses the same formula over the samples of its own mini-batch.`);
  }
  if (train.weightDecay !== 0 && e.target.param === 'weights') {
    lines.push('', `Weight decay λ = ${fmt(train.weightDecay)} adds λ · w = ${fmt(train.weightDecay * e.paramValue)} to the gradient during training (not included above, as in the report).`);
  }
  return [...lines, ''];
}

/** The explanation page. */
export function explanationMarkdown(e: GradientExplanation, options: ExplanationMarkdownOptions): string {
  const p = paramSymbol(e);
  const isBias = e.target.param === 'bias';
  const j = unitName(e.layerName, e.unit);
  const first = e.rows[0];
  const f = lossFormula(e);
  const title = `# ∂L/∂${p} for ${escapeMarkdown(e.layerName)}.${e.target.param}${entryLabel(e.target.index)}`;
  const agreeMark = e.agrees ? '✓' : '✗';
  const lines: string[] = [
    title,
    '',
    `Model "${escapeMarkdown(e.modelName)}" · ${e.step === 0 ? 'initial parameters' : `after ${e.step} training step${e.step === 1 ? '' : 's'}`} · loss ${e.lossKind} · ${e.samples} training sample${e.samples === 1 ? '' : 's'}`,
    '',
    ...depthNote(options.depth),
    `**∂L/∂${p} = ${fmt(e.mean)}** by the chain rule below; the engine's back-propagation gives ${fmt(e.engine)} ${agreeMark}`,
    '',
    ...summary(e, options.depth, options),
    '## The chain',
    '',
    isBias
      ? `${p} is the bias of unit j = ${j}: netⱼ = Σᵢ wⱼᵢ · aᵢ + ${p}, outⱼ = f(netⱼ).`
      : `${p} is the weight from i = ${inputName(e)} into unit j = ${j}: netⱼ = Σᵢ wⱼᵢ · aᵢ + bⱼ, outⱼ = f(netⱼ).`,
    '',
    `The loss averages over the samples: L = (1/N) Σₙ Lₙ with ${f.loss}, N = ${e.samples}. So`,
    '',
    `**∂L/∂${p} = (1/N) Σₙ ∂Lₙ/∂outⱼ · ∂outⱼ/∂netⱼ · ∂netⱼ/∂${p}**`,
    '',
    e.isOutputLayer
      ? `- ∂Lₙ/∂outⱼ = ${f.derivative}: j is an output unit, so this is the loss's own derivative`
      : `- ∂Lₙ/∂outⱼ = Σₖ δₖ · wₖⱼ: j is a hidden unit, its output reaches the loss through every unit k of "${escapeMarkdown(e.downstreamLayer!.name)}", and δₖ = ∂Lₙ/∂netₖ is what back-propagation already computed there`,
    `- ∂outⱼ/∂netⱼ = ${activationDerivative(e)}`,
    `- ∂netⱼ/∂${p} = ${isBias ? '1 (the bias adds itself to net)' : `aᵢ, the ${inputName(e)}`}`,
    '- their product ∂Lₙ/∂outⱼ · ∂outⱼ/∂netⱼ = δⱼ = ∂Lₙ/∂netⱼ is the unit\'s error signal',
    '',
  ];
  if (e.combined === 'softmax-cross-entropy') {
    lines.push('With a softmax output and cross-entropy the two middle factors cancel: δⱼ = outⱼ − tⱼ. The engine computes it in that form, which stays exact even when an output is close to 0.', '');
  } else if (e.combined === 'sigmoid-binary-cross-entropy') {
    lines.push('With sigmoid outputs and binary cross-entropy the factor out · (1 − out) cancels: δⱼ = outⱼ − tⱼ, which is how the engine computes it.', '');
  }
  if (first) {
    lines.push('## Sample 1, step by step', '', `- ${dLdOutLine(e, first, '₁')}`);
    for (const line of deltaLines(e, first, '₁')) lines.push(`- ${line}`);
    lines.push(`- ∂netⱼ/∂${p} = ${isBias ? '**1**' : `${inputName(e)} = **${fmt(first.dNetdParam)}**`}`);
    lines.push(`- ∂L₁/∂${p} = δⱼ · ∂netⱼ/∂${p} = ${factor(first.delta)} · ${factor(first.dNetdParam)} = **${fmt(first.product)}**`);
    if (!e.combined && e.rule !== 'softmax') {
      lines.push(`- the whole chain: ${factor(first.dLdOut)} · ${factor(first.dOutdNet ?? NaN)} · ${factor(first.dNetdParam)} = **${fmt(first.product)}**`);
    }
    lines.push('');
  }
  lines.push(
    '## Every sample',
    '',
    `| n | net | out |${e.isOutputLayer ? ' t |' : ''} ∂Lₙ/∂out | ∂out/∂net | δ = ∂Lₙ/∂net | ∂net/∂${p} | ∂Lₙ/∂${p} |`,
    `|---|---|---|${e.isOutputLayer ? '---|' : ''}---|---|---|---|---|`,
    ...e.rows.map((r) => tableRow(e, r)),
    '',
  );
  if (e.rows.length < e.samples) {
    lines.push(`The table shows the first ${e.rows.length} of ${e.samples} samples; the sum below runs over all of them${e.recomputed ? ' (re-run through the engine, as the analysis keeps only the first samples)' : ''}.`, '');
  }
  const diff = e.relDiff === 0 ? '0' : fmt(e.relDiff);
  lines.push(
    '## Averaged over the batch',
    '',
    `∂L/∂${p} = (1/N) Σₙ ∂Lₙ/∂${p} = (1/${e.samples}) · ${factor(e.sum)} = **${fmt(e.mean)}**`,
    '',
    `| | ∂L/∂${p} |`,
    '|---|---|',
    `| the chain rule, multiplied out here | ${exact(e.mean)} |`,
    `| the engine's back-propagation | ${exact(e.engine)} |`,
    `| relative difference | ${diff} ${agreeMark} (they agree when ≤ ${AGREEMENT_TOLERANCE}) |`,
    '',
  );
  if (!e.agrees) {
    lines.push(`⚠ The derivation and the engine disagree. Every δ of this derivation matches the engine's to ${fmt(e.maxDeltaRelDiff)} (relative); please report this model file.`, '');
  }
  if (e.rule === 'custom') {
    lines.push(`Back-propagation uses your df as written. If it is wrong, this page multiplies the wrong number too, and only the gradient check (central differences of f) can tell: see its result on the lens above the layer.`, '');
  }
  if (e.rule === 'relu' || e.rule === 'leaky-relu') {
    const off = e.rows.filter((r) => r.net <= 0).length;
    if (off > 0) lines.push(`${off} of the ${e.rows.length} samples shown have netⱼ ≤ 0: there ${e.rule === 'relu' ? 'the unit passes no gradient back' : 'only 1 % of the gradient passes back'}.`, '');
  }
  lines.push(...updateLines(e, options));
  return lines.join('\n');
}
