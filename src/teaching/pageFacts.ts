/**
 * The facts a teaching page's first line lists, separated by ` · ` (`Model "xor" · after 3 training
 * steps · 4 training samples`): each fact one whole `l10n.t` text in the loaded language (English
 * without a bundle), its plural a text of its own. The model's name comes escaped for Markdown.
 * Pure: no `vscode`.
 */
import * as l10n from '@vscode/l10n';
import { escapeMarkdown } from './text';

/** `Model "xor"`, the name escaped for Markdown. */
export function modelFact(modelName: string): string {
  return l10n.t('Model "{0}"', escapeMarkdown(modelName));
}

/** `initial parameters`, `after 1 training step`, `after 3 training steps`. */
export function stepFact(step: number): string {
  if (step === 0) return l10n.t('initial parameters');
  return step === 1 ? l10n.t('after {0} training step', step) : l10n.t('after {0} training steps', step);
}

/** `1 training sample`, `4 training samples`. */
export function samplesFact(samples: number): string {
  return samples === 1 ? l10n.t('{0} training sample', samples) : l10n.t('{0} training samples', samples);
}
