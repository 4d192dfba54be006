/** The human-readable `gradlens report`: loss, per-layer gradient norms, gradient check, warnings. */
import type { Analysis } from '../analysis/types';
import { formatPercent, formatScientific, formatValue } from '../shared/format';
import { warningText } from '../analysis/warningText';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function textReport(analysis: Analysis, file: string, steps?: readonly { step: number; loss: number }[]): string {
  const out: string[] = [];
  out.push(`${analysis.modelName}  (${file})`);
  out.push(`${analysis.samples} training sample${analysis.samples === 1 ? '' : 's'}${analysis.testSamples ? `, ${analysis.testSamples} test` : ''} · ${analysis.lossKind} loss ${formatValue(analysis.loss, 6)}`
    + (analysis.accuracy !== undefined ? ` · accuracy ${formatPercent(analysis.accuracy)}` : ''));
  out.push('');
  out.push(`${pad('layer', 14)}${pad('line', 6)}${pad('activation', 12)}${pad('‖∂L/∂W‖', 10)}${pad('‖∂L/∂b‖', 10)}${pad('max |g|', 10)}grad check`);
  for (const l of analysis.layers) {
    const check = l.gradcheck ? `${l.gradcheck.status} ${formatScientific(l.gradcheck.maxRelError, 1)}` : '–';
    out.push(`${pad(l.name, 14)}${pad(String(l.line), 6)}${pad(l.activation, 12)}${pad(formatScientific(l.weightStats.gradNorm, 2), 10)}${pad(formatScientific(l.biasStats.gradNorm, 2), 10)}${pad(formatScientific(l.stats.gradMaxAbs, 2), 10)}${check}`);
  }
  const g = analysis.gradcheck;
  out.push('');
  out.push(`Gradient check: ${g.status.toUpperCase()} · largest relative error ${formatScientific(g.maxRelError, 2)} over ${g.checked} entries (h = ${g.eps})`);
  if (analysis.warnings.length > 0) {
    out.push('', 'Warnings:');
    for (const w of analysis.warnings) {
      out.push(`  line ${w.line}: ${w.severity} ${w.code}${w.layer ? ` (layer ${w.layer})` : ''}: ${w.message}`);
      out.push(`    fix: ${w.fix ?? warningText(w.code).fix}`);
    }
  } else {
    out.push('', 'No warnings.');
  }
  if (steps && steps.length > 0) {
    out.push('', `After ${steps.length} step${steps.length === 1 ? '' : 's'}: loss ${formatValue(analysis.loss, 6)} → ${formatValue(steps[steps.length - 1].loss, 6)}`);
  }
  return out.join('\n') + '\n';
}
