// KaTeX's stylesheet, fonts and script, shipped beside the bundles (dist/katex/): the Markdown preview loads
// dist/katex/katex.min.css (package.json's markdown.previewStyles) and the panel loads it as a webview
// resource; both find the fonts at fonts/ relative to the CSS. Only the woff2 fonts are shipped (every
// browser VS Code runs in reads woff2), so the CSS's woff and ttf fallbacks are removed from it; and
// only the fonts GradLens's formulas use (SHIPPED_FONTS).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * The fonts GradLens's formulas use (their TeX is GradLens's own, src/teaching/*Formulas.ts: roman,
 * italic and bold letters and digits, operators, big sums and fractions). KaTeX's Fraktur, Caligraphic,
 * Script, SansSerif, Typewriter and bold-italic fonts (129 KB) are not shipped, and their @font-face
 * rules are removed; test/teaching/explanation-formulas-render-with-katex.test.ts checks no formula
 * asks for them.
 */
export const SHIPPED_FONTS = ['AMS-Regular', 'Main-Regular', 'Main-Bold', 'Main-Italic', 'Math-Italic', 'Size1-Regular', 'Size2-Regular', 'Size3-Regular', 'Size4-Regular'];

/** The CSS with only the woff2 source of each @font-face, and only the @font-face rules of the shipped fonts. */
export function woff2OnlyCss(css) {
  return css
    .replace(/,url\(fonts\/[A-Za-z0-9_-]+\.woff\) format\("woff"\),url\(fonts\/[A-Za-z0-9_-]+\.ttf\) format\("truetype"\)/g, '')
    .replace(/@font-face\{[^}]*url\(fonts\/KaTeX_([A-Za-z0-9_-]+)\.woff2\)[^}]*\}/g, (rule, font) => (SHIPPED_FONTS.includes(font) ? rule : ''));
}

/** Writes dist/katex/katex.min.css, katex.min.js and fonts/*.woff2; returns the files written. */
export function writeKatexAssets(root) {
  const from = path.join(root, 'node_modules', 'katex', 'dist');
  const to = path.join(root, 'dist', 'katex');
  rmSync(to, { recursive: true, force: true });
  mkdirSync(path.join(to, 'fonts'), { recursive: true });
  const css = woff2OnlyCss(readFileSync(path.join(from, 'katex.min.css'), 'utf8'));
  if (/\.(woff|ttf)\)/.test(css)) throw new Error('katex.min.css: a font source other than woff2 is left; update scripts/lib/katexAssets.mjs');
  writeFileSync(path.join(to, 'katex.min.css'), css);
  // The panel's KaTeX (webview/render/math.ts reads window.katex): the package's own minified build.
  copyFileSync(path.join(from, 'katex.min.js'), path.join(to, 'katex.min.js'));
  const fonts = SHIPPED_FONTS.map((f) => `KaTeX_${f}.woff2`);
  for (const font of fonts) copyFileSync(path.join(from, 'fonts', font), path.join(to, 'fonts', font));
  return ['katex.min.css', 'katex.min.js', ...fonts.map((f) => `fonts/${f}`)];
}
