/**
 * Formulas in the panel with KaTeX: dist/katex/katex.min.js (the `katex` package's own build, loaded
 * by the panel's page as a second script with the page's nonce, so the panel's bundle stays in its
 * budget) defines `window.katex`; its CSS and woff2 fonts come from dist/katex/ as webview resources.
 * `katex.render` builds DOM nodes and sets their styles through the CSSOM, which the panel's Content
 * Security Policy allows (no inline style attributes are parsed). Without KaTeX, or when a formula
 * cannot be rendered, the line's Unicode text is shown, as before. A formula's note (the words of a layered
 * network's rule) follows it as text.
 */
import type { DerivationMath } from '../../src/shared/stepThroughView';
import { h } from './dom';

interface KatexGlobal {
  render(tex: string, element: HTMLElement, options: { output: 'htmlAndMathml'; throwOnError: boolean; displayMode: boolean }): void;
}

function katexGlobal(): KatexGlobal | undefined {
  return (globalThis as { katex?: KatexGlobal }).katex;
}

/** A list item of a derivation: the formula rendered by KaTeX (labelled with its words), or the text. */
export function derivationItem(text: string, math: DerivationMath | null | undefined): HTMLLIElement {
  const katex = katexGlobal();
  if (!math || !katex) return h('li', { text });
  const formula = h('span', { class: 'math', attrs: { role: 'math', 'aria-label': math.speech } });
  try {
    katex.render(math.tex, formula, { output: 'htmlAndMathml', throwOnError: true, displayMode: false });
  } catch {
    return h('li', { text });
  }
  return math.note ? h('li', { class: 'math-line' }, formula, h('span', { class: 'math-note', text: `: ${math.note}` })) : h('li', { class: 'math-line' }, formula);
}
