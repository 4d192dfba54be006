/**
 * The lens title above a layer of a layered model (model file 1.1), any type: its output shape, then
 * at depth ≥ 2 (Service) the gradient statistics: ‖∂L/∂W‖ and max |∂L/∂w| for a layer with
 * parameters, or the gradient that passes through a layer without them (‖∂L/∂out‖ → ‖∂L/∂in‖, and the
 * share of its inputs that receive no gradient at all: a max-pool's non-maxima, a dropout's dropped
 * values); at depth ≥ 3 (Repair) the gradient check. At depth 1 (Drive) nothing about derivatives.
 */
import * as vscode from 'vscode';
import type { LayerAnalysis, LayerSummary } from '../analysis/types';
import type { DepthLevel } from '../shared/protocol';
import { formatPercent, formatScientific, formatValue } from '../shared/format';

const CHECK_MARK = { pass: '✓', warn: '≈', fail: '✗' } as const;

/** `[8, 4, 4]` as a person writes it: `8×4×4`. */
export function shapeText(shape: readonly number[]): string {
  return shape.join('×');
}

/** Zero shares below this are shown as none (rounding would print 0.0 %). */
const NO_ZERO_SHARE = 0.0005;

function passingThrough(summary: LayerSummary): string {
  const out = summary.outIsNet ? `‖∂L/∂net‖ ${formatScientific(summary.outGrad.gradNorm)}` : `‖∂L/∂out‖ ${formatScientific(summary.outGrad.gradNorm)}`;
  const parts = [`${out} → ‖∂L/∂in‖ ${formatScientific(summary.inGrad.gradNorm)}`];
  if (summary.inGrad.fractionZero >= NO_ZERO_SHARE) {
    parts.push(vscode.l10n.t('no gradient to {0} of its inputs', formatPercent(summary.inGrad.fractionZero)));
  }
  return parts.join(' · ');
}

/** The title of the lens above a layered model's layer. */
export function layeredLensTitle(layer: LayerAnalysis, summary: LayerSummary | undefined, depth: DepthLevel): string {
  const layered = layer.layered!;
  const head = `${layered.type} → ${shapeText(layered.outputShape)}`;
  if (depth === 1) {
    const first = layer.out[0] ?? [];
    const shown = first.slice(0, 4).map((v) => formatValue(v)).join(', ');
    return `${head} · ${vscode.l10n.t('sample 1: out {0}', `${shown}${first.length > 4 ? ', …' : ''}`)}`;
  }
  const parts = [head];
  if (layered.params.length > 0) {
    parts.push(`‖∂L/∂W‖ ${formatScientific(layer.weightStats.gradNorm)}`, `max |∂L/∂w| ${formatScientific(layer.weightStats.gradMaxAbs)}`);
  } else if (summary) {
    parts.push(passingThrough(summary));
  }
  if (depth >= 3 && layer.gradcheck) {
    parts.push(vscode.l10n.t('grad check {0} {1}', CHECK_MARK[layer.gradcheck.status], formatScientific(layer.gradcheck.maxRelError, 0)));
  }
  return parts.join(' · ');
}
