/**
 * The handout's "Compare runs" section: the last run comparison of the document (Compare Runs…) as
 * two SVG charts (loss, and accuracy when the targets are classes) with both runs overlaid, the
 * measured summary paragraph, and each layer's gradient norms of both runs side by side. Every text
 * from the model file (layer names, labels) is escaped. Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import type { RunComparison } from '../shared/runComparison';
import { runComparisonSummary, runComparisonTitle } from '../shared/runComparisonText';
import { lineChartSvg, type Series } from './svgCharts';
import { escapeHtml, short } from './text';

const BASE_COLOR = '#3b6fd1';
const OTHER_COLOR = '#d17f3b';

function overlaid(c: RunComparison, value: (p: RunComparison['base']['points'][number]) => number | undefined): Series[] {
  const series = (run: RunComparison['base'], color: string): Series => ({
    name: run.label, color,
    points: run.points.flatMap((p) => { const y = value(p); return y === undefined ? [] : [{ x: p.step, y }]; }),
  });
  return [series(c.base, BASE_COLOR), series(c.other, OTHER_COLOR)];
}

function gradientTable(c: RunComparison): string {
  const head = [l10n.t('layer'), `${escapeHtml(c.base.label)}: ${l10n.t('‖∂L/∂W‖ at the start')}`, `${escapeHtml(c.base.label)}: ${l10n.t('‖∂L/∂W‖ at the end')}`,
    `${escapeHtml(c.other.label)}: ${l10n.t('‖∂L/∂W‖ at the start')}`, `${escapeHtml(c.other.label)}: ${l10n.t('‖∂L/∂W‖ at the end')}`];
  const rows = c.base.gradients.map((g, i) => {
    const o = c.other.gradients[i];
    return `<tr><td>${escapeHtml(g.layer)}</td><td>${short(g.startWeightNorm)}</td><td>${short(g.endWeightNorm)}</td><td>${o ? short(o.startWeightNorm) : ''}</td><td>${o ? short(o.endWeightNorm) : ''}</td></tr>`;
  });
  return `<table><thead><tr>${head.map((h) => `<th>${h}</th>`).join('')}</tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

/** The section's HTML, or '' when there is no comparison to print. */
export function runComparisonSection(c: RunComparison | undefined): string {
  if (!c || c.cancelled || c.base.points.length < 2) return '';
  const lossChart = lineChartSvg(l10n.t('Loss of both runs'), overlaid(c, (p) => p.loss), { xLabel: l10n.t('step'), yLabel: l10n.t('training loss') });
  const accuracyChart = c.classification
    ? `<figure>${lineChartSvg(l10n.t('Accuracy of both runs'), overlaid(c, (p) => p.accuracy), { xLabel: l10n.t('step'), yLabel: l10n.t('accuracy') })}</figure>`
    : '';
  return [
    `<section><h2>${l10n.t('Compare runs: {0}', escapeHtml(runComparisonTitle(c)))}</h2>`,
    `<p>${escapeHtml(runComparisonSummary(c))}</p>`,
    `<figure>${lossChart}<figcaption>${l10n.t('Both runs start from the same seed and train the same number of steps; only the setting named differs.')}</figcaption></figure>`,
    accuracyChart,
    `<h3>${l10n.t('Gradient flow of both runs')}</h3>`,
    gradientTable(c),
    '</section>',
  ].join('');
}
