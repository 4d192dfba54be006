/**
 * Inline SVG charts for the lecture handout: line charts (loss curves), the gradient flow (gradient
 * size per layer on a log scale) and the network diagram (units and weights). Plain strings with
 * inline styles, no external references, no scripts; every text from a model file is escaped. Its own
 * words are `l10n.t` texts (the loaded language; English without a bundle), escaped like the rest.
 * Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { Analysis } from '../analysis/types';
import { escapeHtml, short } from './text';
import { classicInputName, classicUnitName, classicWeightName } from '../shared/names';

export interface Series {
  readonly name: string;
  readonly color: string;
  readonly points: readonly { readonly x: number; readonly y: number }[];
}

const FONT = 'font-family="sans-serif" font-size="11"';

function attr(text: string): string {
  return escapeHtml(text);
}

/** A line chart of one or more series, with min/max labels on both axes and a legend. */
export function lineChartSvg(title: string, series: readonly Series[], options: { width?: number; height?: number; xLabel?: string; yLabel?: string; logY?: boolean } = {}): string {
  const W = options.width ?? 560, H = options.height ?? 260;
  const left = 64, right = 16, top = 28, bottom = 40;
  const all = series.flatMap((s) => s.points).filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!options.logY || p.y > 0));
  const parts = [`<svg role="img" aria-label="${attr(title)}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff" stroke="#cccccc"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" ${FONT} font-weight="bold">${escapeHtml(title)}</text>`];
  if (all.length === 0) {
    parts.push(`<text x="${W / 2}" y="${H / 2}" text-anchor="middle" ${FONT}>${escapeHtml(l10n.t('no data'))}</text>`, '</svg>');
    return parts.join('');
  }
  const fy = (y: number) => (options.logY ? Math.log10(y) : y);
  let x0 = Math.min(...all.map((p) => p.x)), x1 = Math.max(...all.map((p) => p.x));
  let y0 = Math.min(...all.map((p) => fy(p.y))), y1 = Math.max(...all.map((p) => fy(p.y)));
  if (x1 === x0) { x0 -= 1; x1 += 1; }
  if (y1 === y0) { y0 -= 1; y1 += 1; }
  const px = (x: number) => left + ((x - x0) / (x1 - x0)) * (W - left - right);
  const py = (y: number) => top + (1 - (fy(y) - y0) / (y1 - y0)) * (H - top - bottom);
  const yText = (v: number) => short(options.logY ? 10 ** v : v, 3);
  parts.push(
    `<line x1="${left}" y1="${H - bottom}" x2="${W - right}" y2="${H - bottom}" stroke="#888888"/>`,
    `<line x1="${left}" y1="${top}" x2="${left}" y2="${H - bottom}" stroke="#888888"/>`,
    `<text x="${left - 4}" y="${top + 4}" text-anchor="end" ${FONT}>${yText(y1)}</text>`,
    `<text x="${left - 4}" y="${H - bottom}" text-anchor="end" ${FONT}>${yText(y0)}</text>`,
    `<text x="${left}" y="${H - bottom + 14}" text-anchor="middle" ${FONT}>${short(x0, 3)}</text>`,
    `<text x="${W - right}" y="${H - bottom + 14}" text-anchor="middle" ${FONT}>${short(x1, 3)}</text>`,
  );
  if (options.xLabel) parts.push(`<text x="${(left + W - right) / 2}" y="${H - 8}" text-anchor="middle" ${FONT}>${escapeHtml(options.xLabel)}</text>`);
  if (options.yLabel) parts.push(`<text x="12" y="${(top + H - bottom) / 2}" text-anchor="middle" transform="rotate(-90 12 ${(top + H - bottom) / 2})" ${FONT}>${escapeHtml(options.logY ? l10n.t('{0} (log)', options.yLabel) : options.yLabel)}</text>`);
  series.forEach((s, k) => {
    const pts = s.points.filter((p) => Number.isFinite(p.x) && Number.isFinite(p.y) && (!options.logY || p.y > 0));
    if (pts.length > 0) {
      parts.push(`<polyline fill="none" stroke="${attr(s.color)}" stroke-width="2" points="${pts.map((p) => `${px(p.x).toFixed(1)},${py(p.y).toFixed(1)}`).join(' ')}"/>`);
    }
    const lx = left + 8 + k * 170;
    parts.push(`<line x1="${lx}" y1="${top + 8}" x2="${lx + 18}" y2="${top + 8}" stroke="${attr(s.color)}" stroke-width="2"/>`,
      `<text x="${lx + 22}" y="${top + 12}" ${FONT}>${escapeHtml(s.name)}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}

/** The gradient flow: ‖∂L/∂W‖ of each layer as a bar on a log scale, input side at the top. */
export function gradientFlowSvg(analysis: Analysis, options: { width?: number } = {}): string {
  const W = options.width ?? 560;
  const rowH = 24, top = 30, left = 120, right = 90;
  const H = top + analysis.layers.length * rowH + 24;
  const norms = analysis.layers.map((l) => l.weightStats.gradNorm);
  const logs = norms.filter((n) => n > 0 && Number.isFinite(n)).map((n) => Math.log10(n));
  const lo = logs.length ? Math.floor(Math.min(...logs)) - 1 : -1;
  const hi = logs.length ? Math.ceil(Math.max(...logs)) : 0;
  const parts = [`<svg role="img" aria-label="${attr(l10n.t('gradient flow'))}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff" stroke="#cccccc"/>`,
    `<text x="${W / 2}" y="18" text-anchor="middle" ${FONT} font-weight="bold">${escapeHtml(l10n.t('Gradient flow: ‖∂L/∂W‖ per layer (log scale, {0} … {1})', `1e${lo}`, `1e${hi}`))}</text>`];
  analysis.layers.forEach((l, i) => {
    const y = top + i * rowH;
    const n = norms[i];
    const width = n > 0 && Number.isFinite(n) ? ((Math.log10(n) - lo) / Math.max(1e-9, hi - lo)) * (W - left - right) : 0;
    parts.push(
      `<text x="${left - 6}" y="${y + 15}" text-anchor="end" ${FONT}>${escapeHtml(l.name)}</text>`,
      `<rect x="${left}" y="${y + 4}" width="${Math.max(0, width).toFixed(1)}" height="${rowH - 8}" fill="#4a78c2"/>`,
      `<text x="${left + Math.max(0, width) + 4}" y="${y + 15}" ${FONT}>${short(n, 3)}</text>`,
    );
  });
  parts.push('</svg>');
  return parts.join('');
}

/** Units drawn per column at most; the rest are summarised as "+n more". */
const MAX_UNITS_DRAWN = 12;
/** Edges drawn between two columns at most. */
const MAX_EDGES = 400;

/**
 * The network: a column per layer (inputs first), a circle per unit, a line per weight (blue +, red −,
 * width ∝ |w|). `classic` (the `gradlens.classicNames` setting on the classic 2-2-2 model) labels the
 * circles i1, h1, o1 and each weight's title w1…w8, as the walkthrough does.
 */
export function networkSvg(analysis: Analysis, options: { width?: number; classic?: boolean } = {}): string {
  const classic = options.classic === true;
  const columns = [{ name: l10n.t('inputs'), units: analysis.inputs, activation: '' }, ...analysis.layers.map((l) => ({ name: l.name, units: l.units, activation: l.activation }))];
  const W = options.width ?? Math.max(360, 140 * columns.length);
  const shown = columns.map((c) => Math.min(c.units, MAX_UNITS_DRAWN));
  const H = 70 + Math.max(...shown) * 34 + 30;
  const cx = (c: number) => 50 + (c * (W - 100)) / Math.max(1, columns.length - 1);
  const cy = (c: number, u: number) => 50 + ((u + 0.5) * (H - 90)) / shown[c];
  const parts = [`<svg role="img" aria-label="${attr(l10n.t('network diagram'))}" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}">`,
    `<rect x="0" y="0" width="${W}" height="${H}" fill="#ffffff" stroke="#cccccc"/>`];
  analysis.layers.forEach((layer, l) => {
    const weights = layer.weights.value as number[][];
    const c = l + 1;
    const edges = shown[c] * shown[c - 1];
    if (edges > MAX_EDGES) return;
    let max = 0;
    for (let u = 0; u < shown[c]; u++) for (let i = 0; i < shown[c - 1]; i++) max = Math.max(max, Math.abs(weights[u][i]));
    for (let u = 0; u < shown[c]; u++) {
      for (let i = 0; i < shown[c - 1]; i++) {
        const w = weights[u][i];
        const width = max === 0 ? 0.5 : 0.5 + 3 * (Math.abs(w) / max);
        parts.push(`<line x1="${cx(c - 1).toFixed(1)}" y1="${cy(c - 1, i).toFixed(1)}" x2="${cx(c).toFixed(1)}" y2="${cy(c, u).toFixed(1)}" stroke="${w >= 0 ? '#3b6fd1' : '#d1493b'}" stroke-opacity="0.7" stroke-width="${width.toFixed(2)}"><title>${classic ? classicWeightName(l, u, i) : 'w'} = ${short(w, 6)}</title></line>`);
      }
    }
  });
  columns.forEach((col, c) => {
    parts.push(`<text x="${cx(c).toFixed(1)}" y="22" text-anchor="middle" ${FONT} font-weight="bold">${escapeHtml(col.name)}</text>`);
    if (col.activation) parts.push(`<text x="${cx(c).toFixed(1)}" y="36" text-anchor="middle" ${FONT}>${escapeHtml(col.activation)}</text>`);
    for (let u = 0; u < shown[c]; u++) {
      parts.push(`<circle cx="${cx(c).toFixed(1)}" cy="${cy(c, u).toFixed(1)}" r="11" fill="#f4f4f4" stroke="#444444"/>`,
        `<text x="${cx(c).toFixed(1)}" y="${(cy(c, u) + 4).toFixed(1)}" text-anchor="middle" ${FONT}>${classic ? (c === 0 ? classicInputName(u) : classicUnitName(c - 1, u)) : u + 1}</text>`);
    }
    if (col.units > shown[c]) parts.push(`<text x="${cx(c).toFixed(1)}" y="${H - 14}" text-anchor="middle" ${FONT}>${escapeHtml(l10n.t('+{0} more', col.units - shown[c]))}</text>`);
  });
  parts.push('</svg>');
  return parts.join('');
}
