/**
 * One formula block of a KaTeX page (a `gradlens-math` fence), checked as every page's render test
 * checks it: it parses, KaTeX renders its TeX strictly, the text page has its Unicode line, its
 * screen-reader words are words, and its HTML is MathML in the fonts GradLens ships.
 */
import katex from 'katex';
import { expect } from 'vitest';
import { parseMathFence } from '../../src/teaching/mathMarkdown';
import { formulaHtml } from '../../src/teaching/mathHtml';
import { usesShippedFontsOnly } from './katexFonts';

/** Checks `block` (a fence's JSON) against `textPage` (the same page written as text); returns its display HTML. */
export function expectFormulaBlockRenders(block: string, textPage: string): string {
  const f = parseMathFence(block)!;
  expect(f, block).toBeDefined();
  expect(() => katex.renderToString(f.tex, { throwOnError: true, strict: 'error', displayMode: true }), f.tex).not.toThrow();
  expect(textPage.split('\n').some((line) => line === f.text || line === `- ${f.text}`), `the text page has the line ${f.text}`).toBe(true);
  expect(f.speech.length).toBeGreaterThan(5);
  expect(f.speech).not.toMatch(/[∂Σ·²ₙⱼₖ]/);
  const html = formulaHtml(f, { display: true, throwOnError: true });
  expect(html).toContain('<math');
  usesShippedFontsOnly(html, f.tex);
  return html;
}
