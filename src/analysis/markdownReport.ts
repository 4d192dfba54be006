/**
 * A Markdown report of an analysis (Export Report): readable on its own, without VS Code. Every piece of
 * text from the model file (model, layer and activation names, the file name, warning messages quoting
 * them) goes through `markdownText` (src/shared/escape.ts): it shows as text, never as markup.
 */
import type { Analysis } from './types';
import { markdownText } from '../shared/escape';
import { formatPercent, formatScientific, formatValue } from '../shared/format';
import { warningText } from './warningText';

function matrix(rows: number[][]): string {
  return rows.map((r) => `[${r.map((v) => formatValue(v, 6)).join(', ')}]`).join('<br>');
}

export function markdownReport(analysis: Analysis, file: string): string {
  const lines: string[] = [
    `# GradLens report: ${markdownText(analysis.modelName)}`,
    '',
    `Model file: ${markdownText(file)} · ${analysis.inputs} inputs · ${analysis.layers.length} layers · ${analysis.samples} training samples${analysis.testSamples ? ` · ${analysis.testSamples} test samples` : ''}`,
    '',
    `**Loss** (${analysis.lossKind}): ${formatValue(analysis.loss, 8)}${analysis.step > 0 ? ` after ${analysis.step} training steps (initially ${formatValue(analysis.initialLoss, 8)})` : ''}`,
  ];
  if (analysis.accuracy !== undefined) {
    lines.push('', `**Accuracy**: ${formatPercent(analysis.accuracy)}${analysis.testAccuracy !== undefined ? ` (test ${formatPercent(analysis.testAccuracy)})` : ''}`);
  }
  lines.push('', '## Layers', '', '| layer | line | activation | units | ‖∂L/∂W‖ | ‖∂L/∂b‖ | max \\|g\\| | gradient check |', '|---|---|---|---|---|---|---|---|');
  for (const l of analysis.layers) {
    lines.push(`| ${markdownText(l.name)} | ${l.line} | ${markdownText(l.activation)} | ${l.units} | ${formatScientific(l.weightStats.gradNorm, 2)} | ${formatScientific(l.biasStats.gradNorm, 2)} | ${formatScientific(l.stats.gradMaxAbs, 2)} | ${l.gradcheck ? `${l.gradcheck.status} (${formatScientific(l.gradcheck.maxRelError, 1)})` : '–'} |`);
  }
  for (const l of analysis.layers) {
    if (l.units * l.fanIn > 64) continue;
    lines.push('', `### ${markdownText(l.name)}`, '', '| | value | ∂L/∂value |', '|---|---|---|',
      `| weights | ${matrix(l.weights.value as number[][])} | ${matrix(l.weights.grad as number[][])} |`,
      `| bias | ${matrix([l.bias.value as number[]])} | ${matrix([l.bias.grad as number[]])} |`);
  }
  const g = analysis.gradcheck;
  lines.push('', '## Gradient check', '', `**${g.status.toUpperCase()}**: largest relative error ${formatScientific(g.maxRelError, 2)} over ${g.checked} entries (central differences, h = ${g.eps}).`);
  lines.push('', '## Warnings', '');
  if (analysis.warnings.length === 0) lines.push('None.');
  for (const w of analysis.warnings) {
    lines.push(`- **line ${w.line}, ${warningText(w.code).title}** (${w.severity}): ${markdownText(w.message, 2_000)} *Usual fix:* ${w.fix ?? warningText(w.code).fix}`);
  }
  return lines.join('\n') + '\n';
}
