/**
 * The human-readable `gradlens report`: loss, per-layer gradient norms, gradient check, and every
 * diagnostic (the model reader's and the analysis's, as the editor lists them). Model-derived text
 * (the model's and layers' names, messages quoting the file) is escaped and cut for the terminal.
 */
import { gradCheckSubsetNote } from '../analysis/gradCheckNote';
import type { Analysis } from '../analysis/types';
import type { PlainDiagnostic } from '../analysis/diagnosticList';
import { formatPercent, formatScientific, formatValue } from '../shared/format';
import { warningText } from '../analysis/warningText';
import { MAX_MESSAGE, safe } from './diagnosticOutput';

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

export function textReport(analysis: Analysis, file: string, diagnostics: readonly PlainDiagnostic[], steps?: readonly { step: number; loss: number }[]): string {
  const out: string[] = [];
  out.push(`${safe(analysis.modelName)}  (${safe(file)})`);
  out.push(`${analysis.samples} training sample${analysis.samples === 1 ? '' : 's'}${analysis.testSamples ? `, ${analysis.testSamples} test` : ''} · ${analysis.lossKind} loss ${formatValue(analysis.loss, 6)}`
    + (analysis.accuracy !== undefined ? ` · accuracy ${formatPercent(analysis.accuracy)}` : ''));
  out.push('');
  // Layered models (model file 1.1) add each layer's type and output shape; dense-only reports are unchanged.
  const layered = analysis.inputShape !== undefined;
  const shape = (dims: readonly number[]) => dims.join('×');
  if (layered) out.push(`input ${shape(analysis.inputShape!)}`);
  out.push(`${pad('layer', 14)}${pad('line', 6)}${layered ? `${pad('type', 11)}${pad('output', 11)}` : ''}${pad('activation', 12)}${pad('‖∂L/∂W‖', 10)}${pad('‖∂L/∂b‖', 10)}${pad('max |g|', 10)}grad check`);
  for (const l of analysis.layers) {
    const check = l.gradcheck ? `${l.gradcheck.status} ${formatScientific(l.gradcheck.maxRelError, 1)}` : '–';
    const params = !l.layered || l.layered.params.length > 0;
    const norm = (x: number) => (params ? formatScientific(x, 2) : '–');
    const kind = l.layered ? `${pad(l.layered.type, 11)}${pad(shape(l.layered.outputShape), 11)}` : '';
    const activation = l.layered && !l.layered.hasActivation ? '–' : safe(l.activation);
    out.push(`${pad(safe(l.name), 14)}${pad(String(l.line), 6)}${kind}${pad(activation, 12)}${pad(norm(l.weightStats.gradNorm), 10)}${pad(norm(l.biasStats.gradNorm), 10)}${pad(norm(l.stats.gradMaxAbs), 10)}${check}`);
  }
  const g = analysis.gradcheck;
  out.push('');
  out.push(`Gradient check: ${g.status.toUpperCase()} · largest relative error ${formatScientific(g.maxRelError, 2)} over ${g.checked} entries (h = ${g.eps})${gradCheckSubsetNote(analysis)}`);
  if (diagnostics.length > 0) {
    const counts = (['error', 'warning', 'info'] as const).map((s) => [s, diagnostics.filter((d) => d.severity === s).length] as const).filter(([, n]) => n > 0);
    out.push('', `Diagnostics (${counts.map(([s, n]) => `${n} ${s === 'info' ? 'information' : `${s}${n === 1 ? '' : 's'}`}`).join(', ')}):`);
    for (const d of diagnostics) {
      const warning = d.origin === 'analysis' ? analysis.warnings.find((w) => w.range.startOffset === d.range.startOffset && w.code === d.code) : undefined;
      out.push(`  line ${d.range.start.line + 1}:${d.range.start.character + 1}: ${d.severity} ${safe(d.code)}${warning?.layer ? ` (layer ${safe(warning.layer)})` : ''}: ${safe(d.message, MAX_MESSAGE)}`);
      if (d.origin === 'analysis') out.push(`    fix: ${safe(warning?.fix ?? warningText(d.code).fix, MAX_MESSAGE)}`);
    }
  } else {
    out.push('', 'No diagnostics.');
  }
  if (steps && steps.length > 0) {
    out.push('', `After ${steps.length} step${steps.length === 1 ? '' : 's'}: loss ${formatValue(analysis.loss, 6)} → ${formatValue(steps[steps.length - 1].loss, 6)}`);
  }
  return out.join('\n') + '\n';
}
