/**
 * The lecture handout's sections for a layered model (model file 1.1: conv, pool, batch norm, dropout…),
 * drawn from the analysis the worker made (`LayerAnalysis.out`/`delta` rows of the recorded samples,
 * `Analysis.layeredViews`, `Analysis.layerSummaries`), nothing computed twice:
 * - the stack diagram: image layers as stacks of maps labelled C×H×W, flat layers as columns of units;
 * - the gradient flow per layer: ‖∂L/∂W‖ where a layer has weights, and the gradient passing through
 *   every layer ‖∂L/∂out‖;
 * - one sample's input image with its saliency ∂Lₙ/∂x, and for every image layer its feature maps and
 *   gradient maps δ = ∂Lₙ/∂net beside them;
 * - the kernels of the first conv layer and their gradients ∂L/∂w;
 * - the derivation of one weight of that layer (`layeredExplanationMarkdown`, at depth Derive), its
 *   formulas as KaTeX blocks drawn by the handout's `fence` (MathML with screen-reader words, the
 *   Unicode text where KaTeX cannot render one), as the dense handout's.
 * Every picture is an inline SVG (./handoutPictures.ts) with a text alternative; texts are `l10n.t`,
 * model text escaped. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { Analysis, LayerAnalysis } from '../analysis/types';
import type { GradientTarget } from '../worker/teaching/chainRule';
import type { LayeredExplanation } from '../worker/teaching/layeredExplanation';
import { extent, heatMapSvg, scaleFor, type HeatScale } from './handoutPictures';
import { layeredExplanationMarkdown } from './layeredExplanationMarkdown';
import type { MiniMarkdownOptions } from './miniMarkdown';
import { markdownToHtml } from './miniMarkdown';
import { escapeHtml, short } from './text';

/** Maps drawn per layer at most; the rest are counted in the caption. */
export const MAX_MAPS_PER_LAYER = 16;
/** The sample whose maps the handout draws (the first recorded training sample). */
export const HANDOUT_SAMPLE = 0;

/** Extra CSS for the layered sections (appended to the handout's style). */
export const LAYERED_STYLE = `
.maps { display: flex; flex-wrap: wrap; gap: .4rem; align-items: flex-end; margin: .3rem 0 .8rem; }
.maps figure { margin: 0; text-align: center; }
.maps figcaption { font-size: .7rem; }
.map-row-title { font-family: sans-serif; font-size: .85rem; margin: .4rem 0 0; }
svg.heat { display: block; }
`;

/** Whether the analysis is of a layered model (every layer then carries its type and shapes). */
export function isLayeredAnalysis(a: Analysis): boolean {
  return a.layers.some((l) => l.layered !== undefined);
}

function shapeOf(l: LayerAnalysis): readonly number[] {
  return l.layered?.outputShape ?? [l.units];
}

/**
 * The derivation a layered handout prints: the centre weight of the first conv layer's first filter
 * and channel; without a conv layer, γ of the first batch-norm layer; else none.
 */
export function layeredHandoutTarget(a: Analysis): GradientTarget | undefined {
  const layerIndex = a.layers.findIndex((l) => l.layered?.type === 'conv2d');
  if (layerIndex < 0) {
    // Without a conv layer: γ of the first batch-norm layer's first feature, when there is one.
    const norm = a.layers.findIndex((l) => l.layered?.type === 'batchnorm');
    return norm < 0 ? undefined : { layerIndex: norm, param: 'weights', index: [0] };
  }
  const shape = a.layers[layerIndex].layered!.params.find((p) => p.name === 'weights')?.shape ?? a.layers[layerIndex].weights.shape;
  const kh = shape[2] ?? 1, kw = shape[3] ?? 1;
  return { layerIndex, param: 'weights', index: [0, 0, Math.floor(kh / 2), Math.floor(kw / 2)] };
}

/** The architecture in one line: `1×8×8 → conv1 8×8×8 → … → output 10`. */
export function layeredArchitecture(a: Analysis): string {
  return [(a.inputShape ?? [a.inputs]).join('×'), ...a.layers.map((l) => `${l.name} ${shapeOf(l).join('×')}`)].join(' → ');
}

// ---- the stack diagram ----------------------------------------------------------------------------

const FONT = 'font-family="sans-serif" font-size="11"';

function stackColumn(shape: readonly number[], x: number, mid: number): string {
  if (shape.length === 3) {
    const [C, H, W] = shape;
    const side = Math.max(20, Math.min(72, 6 * Math.max(H, W)));
    const drawn = Math.min(C, 6);
    const parts: string[] = [];
    for (let k = drawn - 1; k >= 0; k--) {
      const ox = x - side / 2 + k * 6 - (drawn - 1) * 3, oy = mid - side / 2 - k * 6 + (drawn - 1) * 3;
      parts.push(`<rect x="${ox.toFixed(1)}" y="${oy.toFixed(1)}" width="${side}" height="${side}" fill="#dce6f7" stroke="#4a78c2"/>`);
    }
    return parts.join('');
  }
  const n = shape[0] ?? 1;
  const drawn = Math.min(n, 8);
  const parts: string[] = [];
  for (let u = 0; u < drawn; u++) parts.push(`<circle cx="${x}" cy="${(mid - (drawn - 1) * 8 + u * 16).toFixed(1)}" r="6" fill="#f4f4f4" stroke="#444444"/>`);
  return parts.join('');
}

/** Image layers as stacks of maps (C×H×W), flat layers as columns of units, input first. */
export function stackDiagramSvg(a: Analysis): string {
  const columns = [
    { name: l10n.t('input'), type: '', shape: a.inputShape ?? [a.inputs] },
    ...a.layers.map((l) => ({ name: l.name, type: l.layered?.type ?? 'dense', shape: shapeOf(l) })),
  ];
  // Narrower columns for deep networks; the picture also shrinks to the page (max-width).
  const colW = Math.max(76, Math.min(112, Math.floor(900 / columns.length))), W = colW * columns.length + 20, H = 230, mid = 112;
  const label = l10n.t('network diagram: {0}', columns.map((c) => `${c.name}${c.type ? ` (${c.type})` : ''} ${c.shape.join('×')}`).join(' → '));
  const parts = [`<svg role="img" aria-label="${escapeHtml(label)}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" style="max-width: 100%; height: auto"><title>${escapeHtml(label)}</title>`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff" stroke="#cccccc"/>`];
  columns.forEach((c, i) => {
    const x = 10 + colW * i + colW / 2;
    const gap = colW / 2 - 12;
    if (i > 0) parts.push(`<line x1="${x - colW + gap}" y1="${mid}" x2="${x - gap}" y2="${mid}" stroke="#888888" stroke-width="1.5"/><path d="M${x - gap},${mid} l-6,-4 v8 z" fill="#888888"/>`);
    parts.push(stackColumn(c.shape, x, mid),
      `<text x="${x}" y="18" text-anchor="middle" ${FONT} font-weight="bold">${escapeHtml(c.name)}</text>`,
      `<text x="${x}" y="32" text-anchor="middle" ${FONT}>${escapeHtml(c.type)}</text>`,
      `<text x="${x}" y="${H - 30}" text-anchor="middle" ${FONT}>${escapeHtml(c.shape.join('×'))}</text>`);
    if (c.shape.length === 1 && c.shape[0] > 8) parts.push(`<text x="${x}" y="${H - 14}" text-anchor="middle" ${FONT}>${escapeHtml(l10n.t('{0} units', c.shape[0]))}</text>`);
    if (c.shape.length === 3) parts.push(`<text x="${x}" y="${H - 14}" text-anchor="middle" ${FONT}>${escapeHtml(c.shape[0] === 1 ? l10n.t('1 map') : l10n.t('{0} maps', c.shape[0]))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

function layerTable(a: Analysis): string {
  const head = [l10n.t('layer'), l10n.t('type'), l10n.t('output shape'), l10n.t('parameters')].map((h) => `<th>${h}</th>`).join('');
  const rows = a.layers.map((l, i) => `<tr><td>${escapeHtml(l.name)}</td><td>${escapeHtml(l.layered?.type ?? 'dense')}</td><td>${escapeHtml(shapeOf(l).join('×'))}</td><td>${a.layerSummaries?.[i]?.parameterCount ?? 0}</td></tr>`);
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// ---- the gradient flow -----------------------------------------------------------------------------

/** Per layer: the gradient passing through (‖∂L/∂out‖) and, where it has weights, ‖∂L/∂W‖, on one log scale. */
export function layeredGradientFlowSvg(a: Analysis): string {
  const rows = a.layers.map((l, i) => ({ name: l.name, through: a.layerSummaries?.[i]?.outGrad.gradNorm ?? 0, weights: l.weights.shape[0] ? l.weightStats.gradNorm : undefined }));
  const logs = rows.flatMap((r) => [r.through, r.weights ?? 0]).filter((n) => n > 0 && Number.isFinite(n)).map(Math.log10);
  const lo = logs.length ? Math.floor(Math.min(...logs)) - 1 : -1, hi = logs.length ? Math.ceil(Math.max(...logs)) : 0;
  const W = 600, left = 110, right = 90, rowH = 34, top = 48, H = top + rows.length * rowH + 12;
  const width = (n: number) => (n > 0 && Number.isFinite(n) ? ((Math.log10(n) - lo) / Math.max(1e-9, hi - lo)) * (W - left - right) : 0);
  const parts = [`<svg role="img" aria-label="${escapeHtml(l10n.t('gradient flow'))}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff" stroke="#cccccc"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" ${FONT} font-weight="bold">${escapeHtml(l10n.t('Gradient flow per layer (log scale, {0} … {1})', `1e${lo}`, `1e${hi}`))}</text>`,
    `<rect x="${left}" y="28" width="12" height="8" fill="#8fb0e0"/><text x="${left + 16}" y="36" ${FONT}>${escapeHtml(l10n.t('‖∂L/∂out‖ passing through'))}</text>`,
    `<rect x="${left + 200}" y="28" width="12" height="8" fill="#2b4f9e"/><text x="${left + 216}" y="36" ${FONT}>‖∂L/∂W‖</text>`];
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    parts.push(`<text x="${left - 6}" y="${y + 18}" text-anchor="end" ${FONT}>${escapeHtml(r.name)}</text>`,
      `<rect x="${left}" y="${y + 2}" width="${width(r.through).toFixed(1)}" height="12" fill="#8fb0e0"/>`,
      `<text x="${left + width(r.through) + 4}" y="${y + 12}" ${FONT}>${short(r.through, 3)}</text>`);
    if (r.weights !== undefined) {
      parts.push(`<rect x="${left}" y="${y + 16}" width="${width(r.weights).toFixed(1)}" height="12" fill="#2b4f9e"/>`,
        `<text x="${left + width(r.weights) + 4}" y="${y + 26}" ${FONT}>${short(r.weights, 3)}</text>`);
    }
  });
  parts.push('</svg>');
  return parts.join('');
}

function gradientTable(a: Analysis): string {
  const head = [l10n.t('layer'), l10n.t('type'), '‖∂L/∂out‖', '‖∂L/∂in‖', '‖∂L/∂W‖', '‖∂L/∂b‖'].map((h) => `<th>${h}</th>`).join('');
  const rows = a.layers.map((l, i) => {
    const s = a.layerSummaries?.[i];
    const params = l.weights.shape[0] ? [short(l.weightStats.gradNorm), l.bias.shape[0] ? short(l.biasStats.gradNorm) : '–'] : ['–', '–'];
    return `<tr><td>${escapeHtml(l.name)}</td><td>${escapeHtml(l.layered?.type ?? 'dense')}</td><td>${s ? short(s.outGrad.gradNorm) : '–'}</td><td>${s ? short(s.inGrad.gradNorm) : '–'}</td><td>${params[0]}</td><td>${params[1]}</td></tr>`;
  });
  return `<table><thead><tr>${head}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

// ---- the maps of one sample ------------------------------------------------------------------------

function cellFor(H: number, W: number, target = 72): number {
  return Math.max(2, Math.floor(target / Math.max(H, W)));
}

function scaleText(scale: HeatScale): string {
  return scale.kind === 'sequential'
    ? l10n.t('white = {0}, dark blue = {1}', short(scale.lo, 3), short(scale.hi, 3))
    : l10n.t('red = −{0}, white = 0, blue = +{0}', short(scale.maxAbs, 3));
}

/** A row of C maps of H×W from one flat sample row (C-major), one shared scale. */
function mapRow(values: readonly number[], shape: readonly number[], scale: HeatScale, describe: (c: number, lo: number, hi: number) => string, cell: number): string {
  const [C, H, W] = shape;
  const shown = Math.min(C, MAX_MAPS_PER_LAYER);
  const figures: string[] = [];
  for (let c = 0; c < shown; c++) {
    const [lo, hi] = extent(values, c * H * W, H * W);
    figures.push(`<figure>${heatMapSvg(values, c * H * W, H, W, scale, { label: describe(c, lo, hi), cell })}<figcaption>${c + 1}</figcaption></figure>`);
  }
  return `<div class="maps">${figures.join('')}</div>`;
}

function targetText(a: Analysis, sample: number): string {
  const t = a.sampleTargets[sample] ?? [];
  if (t.length > 1) {
    let best = 0;
    for (let k = 1; k < t.length; k++) if (t[k] > t[best]) best = k;
    return a.classLabels?.[best] ?? String(best);
  }
  return t.map((v) => short(v, 4)).join(', ');
}

function inputFigure(a: Analysis, sample: number): string {
  const shape = a.inputShape;
  const x = a.sampleInputs[sample];
  if (!shape || shape.length !== 3 || !x) return '';
  const [, H, W] = shape;
  const cell = cellFor(H, W, 160);
  const scale = scaleFor(x);
  const lines = [`<p class="map-row-title">${l10n.t('The input image ({0}; {1})', shape.join('×'), scaleText(scale))}</p>`,
    mapRow(x, shape, scale, (c, lo, hi) => l10n.t('Input image of sample {0}, channel {1} of {2} ({3}×{4} pixels, values {5} … {6})', sample + 1, c + 1, shape[0], H, W, short(lo, 3), short(hi, 3)), cell)];
  const saliency = a.layeredViews?.inputGradient[sample];
  if (saliency) {
    const s = scaleFor(saliency, true);
    lines.push(`<p class="map-row-title">${l10n.t('Its saliency ∂Lₙ/∂x: how the sample\'s loss changes with each pixel ({0})', scaleText(s))}</p>`,
      mapRow(saliency, shape, s, (c, lo, hi) => l10n.t('Saliency ∂Lₙ/∂x of sample {0}, channel {1} of {2} ({3}×{4}, values {5} … {6})', sample + 1, c + 1, shape[0], H, W, short(lo, 3), short(hi, 3)), cell));
  }
  return lines.join('');
}

function layerMaps(l: LayerAnalysis, sample: number): string {
  const shape = shapeOf(l);
  const out = l.out[sample], delta = l.delta[sample];
  if (shape.length !== 3 || !out) return '';
  const [C, H, W] = shape;
  const cell = cellFor(H, W);
  const outScale = scaleFor(out);
  const lines = [`<h3>${escapeHtml(l.name)} (${escapeHtml(l.layered?.type ?? '')}, ${C}×${H}×${W})</h3>`,
    `<p class="map-row-title">${l10n.t('Feature maps: the layer\'s output ({0})', scaleText(outScale))}</p>`,
    mapRow(out, shape, outScale, (c, lo, hi) => l10n.t('{0}, feature map {1} of {2} ({3}×{4}), sample {5}: values {6} … {7}', l.name, c + 1, C, H, W, sample + 1, short(lo, 3), short(hi, 3)), cell)];
  if (delta) {
    const dScale = scaleFor(delta, true);
    lines.push(`<p class="map-row-title">${l10n.t('Gradient maps δ = ∂Lₙ/∂net of the same maps ({0})', scaleText(dScale))}</p>`,
      mapRow(delta, shape, dScale, (c, lo, hi) => l10n.t('{0}, gradient map {1} of {2} ({3}×{4}), sample {5}: δ from {6} to {7}', l.name, c + 1, C, H, W, sample + 1, short(lo, 3), short(hi, 3)), cell));
  }
  if (C > MAX_MAPS_PER_LAYER) lines.push(`<p>${l10n.t('The first {0} of {1} maps.', MAX_MAPS_PER_LAYER, C)}</p>`);
  return lines.join('');
}

/** The sample's input image with its saliency, then every image layer's feature maps beside its gradient maps. */
export function mapsSection(a: Analysis, sample = HANDOUT_SAMPLE): string {
  const layers = a.layers.map((l) => layerMaps(l, sample)).filter((s) => s !== '');
  const input = inputFigure(a, sample);
  if (!input && layers.length === 0) return '';
  return `<section><h2>${l10n.t('One sample through the network')}</h2><p>${l10n.t('Sample {0} of the training data (target {1}), at the parameters of step {2}. Each small picture is one map; the numbers under them count the maps.', sample + 1, escapeHtml(targetText(a, sample)), a.step)}</p>${input}${layers.join('')}</section>`;
}

// ---- the kernels of the first conv layer -----------------------------------------------------------

function kernelGrid(rows: readonly (readonly number[])[], shape: readonly number[], scale: HeatScale, describe: (f: number, c: number) => string): string {
  const [F, C, kh, kw] = shape;
  const figures: string[] = [];
  for (let f = 0; f < Math.min(F, MAX_MAPS_PER_LAYER * 2); f++) {
    for (let c = 0; c < Math.min(C, 4); c++) {
      figures.push(`<figure>${heatMapSvg(rows[f], c * kh * kw, kh, kw, scale, { label: describe(f, c), cell: cellFor(kh, kw, 60) })}<figcaption>${C > 1 ? `${f + 1}.${c + 1}` : f + 1}</figcaption></figure>`);
    }
  }
  return `<div class="maps">${figures.join('')}</div>`;
}

/** The first conv layer's kernels as small images, and their gradients, with the numbers in a table. */
export function kernelsSection(a: Analysis): string {
  const l = a.layers.find((x) => x.layered?.type === 'conv2d');
  if (!l) return '';
  const shape = l.layered!.params.find((p) => p.name === 'weights')?.shape ?? l.weights.shape;
  const [F, C, kh, kw] = shape;
  const w = l.weights.value as number[][], g = l.weights.grad as number[][];
  const wScale = scaleFor(w.flat(), true), gScale = scaleFor(g.flat(), true);
  const cell = (v: number[], c: number) => Array.from({ length: kh }, (_, i) => v.slice(c * kh * kw + i * kw, c * kh * kw + (i + 1) * kw).map((x) => short(x, 3)).join(' ')).join(' / ');
  const rows: string[] = [];
  for (let f = 0; f < F; f++) for (let c = 0; c < C; c++) rows.push(`<tr><td>${f + 1}</td><td>${c + 1}</td><td>${cell(w[f], c)}</td><td>${cell(g[f], c)}</td></tr>`);
  return `<section><h2>${l10n.t('The kernels of {0}', escapeHtml(l.name))}</h2>`
    + `<p>${C === 1
      ? l10n.t('{0} filters of one channel, {1}×{2} each. Kernels ({3}):', F, kh, kw, scaleText(wScale))
      : l10n.t('{0} filters of {1} channels, {2}×{3} each (drawn: the first 4 channels). Kernels ({4}):', F, C, kh, kw, scaleText(wScale))}</p>`
    + kernelGrid(w, shape, wScale, (f, c) => l10n.t('{0}, kernel of filter {1}, channel {2} ({3}×{4}): weights {5}', l.name, f + 1, c + 1, kh, kw, cell(w[f], c)))
    + `<p>${l10n.t('Their gradients ∂L/∂w ({0}):', scaleText(gScale))}</p>`
    + kernelGrid(g, shape, gScale, (f, c) => l10n.t('{0}, gradient ∂L/∂w of filter {1}, channel {2} ({3}×{4}): {5}', l.name, f + 1, c + 1, kh, kw, cell(g[f], c)))
    + `<details><summary>${l10n.t('The numbers (rows separated by /)')}</summary><table><thead><tr><th>${l10n.t('filter')}</th><th>${l10n.t('channel')}</th><th>${l10n.t('weights')}</th><th>∂L/∂w</th></tr></thead><tbody>${rows.join('')}</tbody></table></details></section>`;
}

// ---- the parts the handout puts in place of the dense ones ------------------------------------------

/** Demotes Markdown headings by one level, so a page's # title becomes a section heading. */
function demote(markdown: string): string {
  return markdown.replace(/^(#{1,3}) /gm, (_, h: string) => `${'#'.repeat(Math.min(4, h.length + 1))} `);
}

export interface LayeredHandoutParts {
  readonly architecture: string;
  readonly network: string;
  readonly gradientFlow: string;
  /** The maps of one sample and the first conv layer's kernels. */
  readonly pictures: string;
  readonly derivation: string;
}

/**
 * Everything a layered model's handout shows in place of (or beside) the dense sections; `fence` draws
 * the derivation's formula blocks (the handout's MathML renderer, src/teaching/handout.ts).
 */
export function layeredHandoutParts(a: Analysis, explanation: LayeredExplanation | undefined, fence?: MiniMarkdownOptions['fence']): LayeredHandoutParts {
  return {
    architecture: layeredArchitecture(a),
    network: `<section><h2>${l10n.t('The network')}</h2><figure>${stackDiagramSvg(a)}<figcaption>${a.inputShape?.length === 3
      ? l10n.t('Image layers are stacks of maps (channels × height × width), flat layers columns of units.')
      : l10n.t('Each layer is a column of its units (at most 8 drawn), with its type and size.')}</figcaption></figure>${layerTable(a)}</section>`,
    gradientFlow: `<section><h2>${l10n.t('The gradient flow')}</h2><figure>${layeredGradientFlowSvg(a)}<figcaption>${a.layers.some((l) => l.layered?.type === 'maxpool2d')
      ? l10n.t('For every layer the gradient passing through it (‖∂L/∂out‖, light) and, where it has weights, ‖∂L/∂W‖ (dark). A max-pool passes the gradient to one input per window; bars that shrink towards the input side are vanishing gradients.')
      : l10n.t('For every layer the gradient passing through it (‖∂L/∂out‖, light) and, where it has weights, ‖∂L/∂W‖ (dark). Bars that shrink towards the input side are vanishing gradients.')}</figcaption></figure>${gradientTable(a)}</section>`,
    pictures: mapsSection(a) + kernelsSection(a),
    derivation: explanation
      ? `<section>${markdownToHtml(demote(layeredExplanationMarkdown(explanation, 4, fence ? 'katex' : 'text')), fence ? { fence } : {})}</section>`
      : `<p>${l10n.t('This model has no conv or batch-norm layer, the layers whose sums the handout writes out for a layered model; the gradient flow above gives every layer\'s gradient, and the loss comparison below the output signals they start from.')}</p>`,
  };
}
