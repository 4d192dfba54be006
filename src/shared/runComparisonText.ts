/**
 * The one paragraph that says what a run comparison measured ("adam reached loss 0.1 in 40 steps, sgd
 * in 410"), and the comparison's title, for the panel's Compare runs card and the handout alike.
 * Through the shared l10n relay (src/shared/l10n.ts); numbers through src/shared/format.ts.
 */
import { l10n } from './l10n';
import { formatPercent, formatValue } from './format';
import type { ComparedRun, RunComparison } from './runComparison';

/** "adam versus sgd on XOR 2-3-1". */
export function runComparisonTitle(c: RunComparison): string {
  return l10n.t('{0} versus {1} on {2}', c.base.label, c.other.label, c.modelName);
}

function reached(run: ComparedRun, c: RunComparison): string {
  return run.stepsToThreshold !== undefined
    ? l10n.t('{0} reached loss {1} in {2} steps', run.label, formatValue(c.threshold), run.stepsToThreshold)
    : l10n.t('{0} did not reach loss {1} within {2} steps', run.label, formatValue(c.threshold), c.steps);
}

/** Which run got there first (or ended lower), for the paragraph's verdict. */
function faster(c: RunComparison): ComparedRun | undefined {
  const a = c.base.stepsToThreshold, b = c.other.stepsToThreshold;
  if (a !== undefined && b !== undefined) return a < b ? c.base : b < a ? c.other : undefined;
  if (a !== undefined) return c.base;
  if (b !== undefined) return c.other;
  return c.base.finalLoss < c.other.finalLoss ? c.base : c.other.finalLoss < c.base.finalLoss ? c.other : undefined;
}

/** The measured difference in one paragraph. */
export function runComparisonSummary(c: RunComparison): string {
  const parts = [
    l10n.t('Both runs start from seed {0} and train {1} steps on the same data.', c.seed, c.steps),
    `${reached(c.base, c)}; ${reached(c.other, c)}.`,
    l10n.t('Final loss: {0} {1}, {2} {3}.', c.base.label, formatValue(c.base.finalLoss, 4), c.other.label, formatValue(c.other.finalLoss, 4)),
  ];
  if (c.base.finalAccuracy !== undefined && c.other.finalAccuracy !== undefined) {
    parts.push(l10n.t('Final accuracy: {0} {1}, {2} {3}.', c.base.label, formatPercent(c.base.finalAccuracy), c.other.label, formatPercent(c.other.finalAccuracy)));
  }
  const first = faster(c);
  if (first) parts.push(l10n.t('{0} learned faster here.', first.label));
  if (!c.sameLoss) parts.push(l10n.t('The two runs are trained on different losses, so their loss values are on different scales: compare their accuracies, or how fast each falls.'));
  if (c.note) parts.push(l10n.t('Steps: {0}.', c.note));
  if (c.every > 1) parts.push(l10n.t('Losses were recorded every {0} steps, so the step counts are exact to within {0}.', c.every));
  return parts.join(' ');
}
