/**
 * Every formula the teaching views write, held three ways so each view picks what it can show:
 *
 * - `tex`: TeX for KaTeX (the Explain pages in VS Code's Markdown preview, the handout, the panel's
 *   step-through derivation);
 * - `text`: the plain Unicode text of views that cannot render HTML (the walkthrough pages, the
 *   command-line tool, a page read as Markdown source); exactly the text the pages wrote before KaTeX;
 * - `speech`: words for screen readers (the `aria-label` of the rendered formula; KaTeX adds MathML).
 *
 * The numbers in `tex` are the very strings of `text` (formatted once, by src/teaching/text.ts), only
 * re-spelt for TeX (`−` → `-`, `1.2e−7` → `1.2\times10^{-7}`), so both show the same digits. Pure: no
 * `vscode`, no DOM; text from a model file never enters `tex`.
 */
import * as l10n from '@vscode/l10n';

export interface Formula {
  readonly tex: string;
  readonly text: string;
  readonly speech: string;
}

/** A formula from its TeX and its Unicode text; the screen-reader words are read off the text. */
export function formula(tex: string, text: string): Formula {
  return { tex, text, speech: speak(text) };
}

/** A number as the text writes it (`−0.0190491`, `(−0.02)`, `1.23456789e−7`, `∞`) re-spelt as TeX. */
export function texNumber(written: string): string {
  return written
    .replace(/NaN/g, '\\text{NaN}')
    .replace(/∞/g, '\\infty')
    .replace(/([0-9.]+)e([−-]?)([0-9]+)/g, (_, m: string, sign: string, e: string) => `${m}\\times10^{${sign ? '-' : ''}${e}}`)
    .replace(/−/g, '-');
}

/** The symbols the teaching pages use, as TeX. */
export const TEX = {
  out: (i: string) => `\\mathrm{out}_{${i}}`,
  net: (i: string) => `\\mathrm{net}_{${i}}`,
  partial: (top: string, bottom: string) => `\\frac{\\partial ${top}}{\\partial ${bottom}}`,
} as const;

/** The words a screen reader says for the symbols of a formula's Unicode text. */
const SUBSCRIPTS: Record<string, string> = { 'ₙ': 'n', 'ₖ': 'k', 'ᵢ': 'i', 'ⱼ': 'j', '₁': '1', '₂': '2' };

function spokenSymbols(): [RegExp, string | ((match: string, ...groups: string[]) => string)][] {
  const sub = l10n.t('sub');
  return [
    [/\*\*/g, ''],
    [/∂/g, ` ${l10n.t('partial')} `],
    [/Σ([ₙₖᵢⱼ])/g, (_, i: string) => ` ${l10n.t('the sum over {0} of', SUBSCRIPTS[i])} `],
    [/Σ/g, ` ${l10n.t('the sum of')} `],
    [/½/g, ` ${l10n.t('one half')} `],
    [/²/g, ` ${l10n.t('squared')} `],
    [/′/g, ` ${l10n.t('prime')} `],
    [/·/g, ` ${l10n.t('times')} `],
    [/\//g, ` ${l10n.t('over')} `],
    [/←/g, ` ${l10n.t('becomes')} `],
    [/=/g, ` ${l10n.t('equals')} `],
    [/([0-9])e(−?)([0-9]+)/g, `$1 ${l10n.t('times ten to the')} $2$3`],
    [/−/g, ` ${l10n.t('minus')} `],
    [/\+/g, ` ${l10n.t('plus')} `],
    [/δ/g, ` ${l10n.t('delta')} `],
    [/η/g, ` ${l10n.t('eta')} `],
    [/λ/g, ` ${l10n.t('lambda')} `],
    [/[ₙⱼₖᵢ₁₂]+/g, (run: string) => ` ${sub} ${[...run].map((c) => SUBSCRIPTS[c]).join(' ')} `],
    [/[()[\]]/g, ' '],
  ];
}

/** Screen-reader words for a formula's Unicode text: `∂L/∂w` → `partial L over partial w`. */
export function speak(text: string): string {
  let out = text;
  for (const [pattern, words] of spokenSymbols()) out = typeof words === 'string' ? out.replace(pattern, words) : out.replace(pattern, words);
  return out.replace(/\s+/g, ' ').trim();
}
