/**
 * The fonts GradLens ships with KaTeX (scripts/lib/katexAssets.mjs) against what a rendered formula asks
 * for: KaTeX's classes whose font is not shipped, read off KaTeX's own CSS.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { expect } from 'vitest';
import { SHIPPED_FONTS } from '../../scripts/lib/katexAssets.mjs';
import { ROOT } from './manifest';

const UNSHIPPED_CLASSES = (() => {
  const css = readFileSync(path.join(ROOT, 'node_modules', 'katex', 'dist', 'katex.min.css'), 'utf8');
  const classes = new Set<string>();
  for (const [, selectors, body] of css.matchAll(/([^{}]+)\{([^{}]*font-family:KaTeX_[^{}]*)\}/g)) {
    if (selectors.includes('@font-face')) continue;
    const family = /font-family:KaTeX_([A-Za-z0-9]+)/.exec(body)![1];
    const style = /font-style:italic/.test(body) ? (/font-weight:(700|bold)/.test(body) ? 'BoldItalic' : 'Italic') : /font-weight:(700|bold)/.test(body) ? 'Bold' : 'Regular';
    if (SHIPPED_FONTS.includes(`${family}-${style}`) || (style === 'Regular' && SHIPPED_FONTS.some((f) => f.startsWith(`${family}-`)))) continue;
    for (const [, name] of selectors.matchAll(/\.([a-z][a-z-]*)/gi)) if (name !== 'katex') classes.add(name);
  }
  return classes;
})();

/** The fonts a rendered formula asks for are all shipped: none of its classes is one of KaTeX's other fonts (`formula` names it on failure). */
export function usesShippedFontsOnly(html: string, formula?: string): void {
  const used = new Set([...html.matchAll(/class="([^"]+)"/g)].flatMap((m) => m[1].split(' ')));
  expect([...used].filter((c) => UNSHIPPED_CLASSES.has(c)), formula).toEqual([]);
}
