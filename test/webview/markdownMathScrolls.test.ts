/**
 * A displayed formula of an Explain page in VS Code's Markdown preview: wider than the preview, it
 * scrolls sideways (media/markdown-math.css, a `markdown.previewStyles` entry) instead of being cut at
 * the right edge. Rendered in Chromium with KaTeX's own CSS, as the preview does.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formulaHtml } from '../../src/teaching/mathHtml';
import { usePanelBrowser } from './harness/panelBrowser';
import manifest from '../../package.json';

const panel = usePanelBrowser();

/** A sigmoid output's ∂out/∂net line of the kind that was cut in a narrow preview. */
const wide = {
  tex: String.raw`\frac{\partial \mathrm{out}_1}{\partial \mathrm{net}_1} = \mathrm{out}_1 (1 - \mathrm{out}_1) = 0.75136507 \cdot (1 - 0.75136507) = 0.75136507 \cdot 0.24863493 = 0.186815602`,
  text: '∂out₁/∂net₁ = out₁(1 − out₁) = 0.75136507 · (1 − 0.75136507) = 0.186815602',
  speech: 'the slope of the output',
};

describe('a displayed formula in the Markdown preview', { timeout: 120_000 }, () => {
  it('is a preview style of the extension', () => {
    expect(manifest.contributes['markdown.previewStyles']).toContain('./media/markdown-math.css');
  });

  it('scrolls sideways inside a narrow preview instead of running past its right edge', async () => {
    const css = readFileSync('node_modules/katex/dist/katex.min.css', 'utf8') + readFileSync('media/markdown-math.css', 'utf8');
    const page = await panel.browser.newPage({ viewport: { width: 400, height: 300 } });
    await page.setContent(`<style>${css}</style><div id="preview" style="width: 320px">${formulaHtml(wide, { display: true })}</div>`);
    const sizes = await page.evaluate(`(() => {
      const math = document.querySelector('#preview .gradlens-math');
      return { client: math.clientWidth, scroll: math.scrollWidth, right: math.getBoundingClientRect().right,
        preview: document.getElementById('preview').getBoundingClientRect().right, overflow: getComputedStyle(math).overflowX };
    })()`) as { client: number; scroll: number; right: number; preview: number; overflow: string };
    await page.close();
    expect(sizes.overflow).toBe('auto');
    expect(sizes.right).toBeLessThanOrEqual(sizes.preview);
    expect(sizes.scroll).toBeGreaterThan(sizes.client);
  });
});
