// The digits CNN (examples/conv-net.nn.json) in the gradient panel of a real VS Code (issue 15):
// the stack diagram, the digit with its saliency, the feature maps and the kernels are canvases with
// a picture on them (several colours, read back from their pixels), in dark, light and high-contrast
// themes, with screenshots of each in artifacts/screenshots/.
import type { FrameLocator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

/** Distinct colours painted on the canvas (1: blank or one flat colour; 0: missing). */
function colours(frame: FrameLocator, sheet: string): Promise<number> {
  return frame.locator(`canvas[data-sheet="${sheet}"]`).evaluate((c) => {
    const el = c as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null };
    const data = el.getContext('2d')?.getImageData(0, 0, el.width, el.height).data;
    const seen = new Set<number>();
    if (data) for (let i = 0; i < data.length; i += 4) if (data[i + 3] > 0) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    return seen.size;
  }).catch(() => 0);
}

const SHEETS = ['act--1', 'grad--1', 'act-0', 'grad-0', 'act-3', 'kernel-0', 'kernel-3'];

describe('the digits CNN in the gradient panel', () => {
  const vs = useWorkbench({ open: 'conv-net.nn.json' });

  it('shows the network as stacks of maps, the digit, its feature maps and its kernels, painted', async () => {
    await vs.runCommand('GradLens: Open Gradient Panel');
    const frame = vs.webviewFrame();
    // A hang bound for the first analysis of 1,438 images on a busy machine, not a timing.
    await expect.poll(() => colours(frame, 'act--1'), { timeout: 180_000 }).toBeGreaterThan(5);
    expect(await frame.locator('#diagram .stack').count()).toBe(5);
    for (const sheet of SHEETS) expect(await colours(frame, sheet), sheet).toBeGreaterThan(5);
    expect(await frame.locator('canvas[data-sheet="act--1"]').getAttribute('aria-label')).toMatch(/^input: sample 1: 1 map of 8×8/);
    expect(await frame.locator('#feature-maps .map-note:not([hidden])').first().textContent()).toMatch(/^pool1 routes the gradient to 128 of 512 cells/);
    await frame.locator('#diagram').scrollIntoViewIfNeeded();
    await vs.screenshot('cnn-e2e-diagram-dark');
    await frame.locator('#feature-maps').scrollIntoViewIfNeeded();
    await vs.screenshot('cnn-e2e-feature-maps-dark');
    await frame.locator('#kernels').scrollIntoViewIfNeeded();
    await vs.screenshot('cnn-e2e-kernels-dark');
  });

  for (const [theme, bodyClass, name] of [
    ['Default Light Modern', 'vscode-light', 'light'],
    ['Dark High Contrast', 'vscode-high-contrast', 'high-contrast'],
  ] as const) {
    it(`repaints the maps and kernels in ${theme}`, async () => {
      const frame = vs.webviewFrame();
      const before = await frame.locator('canvas[data-sheet="act--1"]').evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());
      await vs.setTheme(theme);
      await expect.poll(() => frame.locator('body').getAttribute('class'), { timeout: 30_000 }).toMatch(new RegExp(`\\b${bodyClass}\\b`));
      await expect.poll(() => frame.locator('canvas[data-sheet="act--1"]').evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL()), { timeout: 30_000 }).not.toBe(before);
      for (const sheet of SHEETS) expect(await colours(frame, sheet), sheet).toBeGreaterThan(5);
      await frame.locator('#feature-maps').scrollIntoViewIfNeeded();
      await vs.screenshot(`cnn-e2e-feature-maps-${name}`);
      await frame.locator('#kernels').scrollIntoViewIfNeeded();
      await vs.screenshot(`cnn-e2e-kernels-${name}`);
    });
  }

  it('leaves the theme as the other files expect it', async () => {
    await vs.setTheme('Default Dark Modern');
  });
});
