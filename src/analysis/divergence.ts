/**
 * Divergence of a training run, from the loss it recorded:
 *
 *   the run diverges when some later loss L(t) ≥ 1000 · L(s), where L(s) is the lowest loss before t
 *   (three orders of magnitude up from the best so far), or when a loss is NaN or ±∞.
 *
 * Reported from s (where the growth started) to the largest finite loss after it. A loss that merely
 * wobbles, or settles, never reaches a thousandfold.
 */

import * as l10n from '@vscode/l10n';
import { formatValue } from '../shared/format';
import type { SourceRange } from '../model/types';
import type { PlainDiagnostic } from './diagnosticList';

/** A loss grown this many times over its lowest earlier value is divergence. */
export const DIVERGENCE_FACTOR = 1000;

export interface LossPoint {
  readonly step: number;
  readonly loss: number;
}

export interface Divergence {
  readonly fromStep: number;
  readonly fromLoss: number;
  /** The largest finite loss after `fromStep`, and its step. */
  readonly toStep: number;
  readonly toLoss: number;
  /** The first step whose loss was NaN or infinite, if any. */
  readonly nonFiniteStep?: number;
}

export function findDivergence(points: readonly LossPoint[]): Divergence | undefined {
  let best: LossPoint | undefined;
  let start: LossPoint | undefined;
  let peak: LossPoint | undefined;
  let nonFiniteStep: number | undefined;
  for (const p of points) {
    if (!Number.isFinite(p.loss)) {
      nonFiniteStep ??= p.step;
      start ??= best;
      continue;
    }
    if (start === undefined) {
      if (best !== undefined && p.loss >= DIVERGENCE_FACTOR * Math.max(best.loss, Number.MIN_VALUE)) {
        start = best;
        peak = p;
      } else if (best === undefined || p.loss < best.loss) {
        best = p;
      }
    } else if (nonFiniteStep === undefined && (peak === undefined || p.loss > peak.loss)) {
      peak = p;
    }
  }
  if (start === undefined) return undefined;
  return {
    fromStep: start.step, fromLoss: start.loss,
    toStep: peak?.step ?? start.step, toLoss: peak?.loss ?? start.loss,
    ...(nonFiniteStep !== undefined ? { nonFiniteStep } : {}),
  };
}

/** The `diverging-loss` warning of a run, at `range` (the model's `train`), naming where the growth started. */
export function divergenceDiagnostic(d: Divergence, range: SourceRange): PlainDiagnostic {
  return {
    range, severity: 'warning', code: 'diverging-loss', origin: 'analysis',
    message: d.nonFiniteStep !== undefined
      ? l10n.t('training diverges: the loss grew from {0} at step {1} to {2} at step {3}, and was NaN or infinite at step {4}; lower the learning rate',
        formatValue(d.fromLoss, 6), d.fromStep, formatValue(d.toLoss, 6), d.toStep, d.nonFiniteStep)
      : l10n.t('training diverges: the loss grew from {0} at step {1} to {2} at step {3}; lower the learning rate',
        formatValue(d.fromLoss, 6), d.fromStep, formatValue(d.toLoss, 6), d.toStep),
  };
}
