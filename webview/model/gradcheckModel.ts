/**
 * The gradient-check table as plain data: one row per parameter tensor with its largest relative
 * error, its status and its entries (analytic beside numeric), the worst entry first.
 */
import type { Analysis, GradCheckEntryAnalysis, GradCheckStatus } from '../../src/shared/analysis';
import { parameterName } from '../../src/shared/names';
import { l10n } from '../../src/shared/l10n';

/** The report's default thresholds (docs/spec/report-json-v1.md): ≤ 1e-5 passes, > 1e-2 fails. */
export const WARN_ABOVE = 1e-5;
export const FAIL_ABOVE = 1e-2;

const RANK: Record<GradCheckStatus, number> = { pass: 0, warn: 1, fail: 2 };

export function worse(a: GradCheckStatus, b: GradCheckStatus): GradCheckStatus {
  return RANK[a] >= RANK[b] ? a : b;
}

export function statusOfError(relError: number): GradCheckStatus {
  if (!(relError <= FAIL_ABOVE)) return 'fail';
  return relError > WARN_ABOVE ? 'warn' : 'pass';
}

export interface GradCheckRow {
  readonly key: string;
  readonly layerIndex: number;
  readonly layer: string;
  readonly param: 'weights' | 'bias';
  /** undefined when no entry of this tensor was checked. */
  readonly status?: GradCheckStatus;
  readonly maxRelError?: number;
  readonly checked: number;
  readonly kinks: number;
  readonly entries: readonly GradCheckEntryAnalysis[];
}

/**
 * Rows for every parameter tensor. A row's status comes from its non-kink entries by the default
 * thresholds, but never says worse than the engine said for the layer (its settings may be looser).
 */
export function gradCheckRows(analysis: Analysis): GradCheckRow[] {
  const rows: GradCheckRow[] = [];
  for (const layer of analysis.layers) {
    // A layered model's layer lists its own parameters (none for pooling, flatten, dropout, activation).
    const params = layer.layered ? layer.layered.params.map((p) => p.name) : (['weights', 'bias'] as const);
    for (const param of params) {
      const entries = analysis.gradcheck.entries
        .filter((e) => (e.layerIndex ?? analysis.layers.findIndex((l) => l.name === e.layer)) === layer.index && e.param === param)
        .slice()
        .sort((a, b) => (b.relError || 0) - (a.relError || 0));
      const counted = entries.filter((e) => !e.kink);
      const maxRelError = entries.length ? Math.max(...entries.map((e) => e.relError)) : undefined;
      let status: GradCheckStatus | undefined;
      if (counted.length > 0) {
        status = counted.map((e) => statusOfError(e.relError)).reduce(worse, 'pass');
        const layerStatus = layer.gradcheck?.status;
        if (layerStatus && RANK[layerStatus] < RANK[status]) status = layerStatus;
      } else if (entries.length > 0) {
        status = 'pass';
      }
      rows.push({
        key: `${layer.index}:${param}`, layerIndex: layer.index, layer: layer.name, param,
        ...(status ? { status } : {}), ...(maxRelError !== undefined ? { maxRelError } : {}),
        checked: entries.length, kinks: entries.length - counted.length, entries,
      });
    }
  }
  return rows;
}

export function entryLabel(e: GradCheckEntryAnalysis): string {
  // src/shared/names.ts: output.weights[unit, input] of a dense layer, conv1.weights[filter, channel, row, column] of a convolution.
  return parameterName(e.layer, e.param, e.index);
}

/**
 * Which samples' loss the check differentiated: "on the loss of all 120 training samples", or for a
 * large model "on the loss of a seeded subset of 28 of the 2560 training samples" (analytic and
 * numeric gradients are then both of that subset's loss).
 */
export function checkedSamples(analysis: Pick<Analysis, 'samples' | 'gradcheck'>): string {
  const n = analysis.samples, s = analysis.gradcheck.samples ?? n;
  if (s >= n) return n === 1 ? l10n.t('on the loss of the one training sample') : l10n.t('on the loss of all {0} training samples', n);
  return l10n.t('on the loss of a seeded subset of {0} of the {1} training samples', s, n);
}
