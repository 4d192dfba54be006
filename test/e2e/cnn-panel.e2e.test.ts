// The digits CNN (examples/conv-net.nn.json) in the gradient panel of a real VS Code (issue 15):
// the stack diagram, the digit with its saliency, the feature maps and the kernels are canvases with
// a picture on them (several colours, read back from their pixels), in dark, light and high-contrast
// themes, with screenshots of each in artifacts/screenshots/; and Step Through Training stops at the
// conv and pool layers, forward and back, lighting each up in the stack diagram and the feature maps;
// the convolution step-by-step card writes out a window's products and moves the window on a click.
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

  it('steps through a training step, stopping at the conv and pool layers forward and back, each lit up in the diagram and its maps', async () => {
    // Hang bounds for activation and the first analysis on a busy machine, not timings: this test
    // opens the panel itself, so it does not lean on the one before.
    await expect.poll(async () => (await vs.codeLensTexts()).length, { timeout: 240_000 }).toBeGreaterThan(0);
    await vs.runCommand('GradLens: Open Gradient Panel');
    const frame = vs.webviewFrame();
    await frame.getByRole('button', { name: 'Step through training' }).waitFor({ timeout: 120_000 });
    await vs.focusFirstEditorGroup();
    await vs.runCommand('GradLens: Step Through Training');
    // A hang bound for the recorder's first step over the 1,438 training images, not a timing.
    await expect.poll(() => frame.locator('.phase-layer').textContent(), { timeout: 120_000 }).toBe('layer 1 of 6: "conv1" (conv2d, 8×8×8)');
    expect(await frame.locator('.phase-badge').textContent()).toBe('Forward');
    expect(await frame.locator('#diagram .stack.phase-active').getAttribute('data-key')).toBe('l-0');
    expect(await frame.locator('#feature-maps .map-layer.phase-active').getAttribute('data-layer')).toBe('0');
    expect(await frame.locator('.phase-detail').textContent()).toMatch(/^Convolution "conv1": 8 filters of 3×3 slide over the 1×8×8 input/);
    await expect.poll(async () => (await vs.codeLensTexts()).flatMap((t) => t.split(' | ')).find((t) => t.startsWith('▶ step')), { timeout: 30_000 })
      .toMatch(/^▶ step 1 · forward · conv1 · conv2d 8×8×8, out from /);

    const next = async (badge: string, layer: string) => {
      await frame.getByRole('button', { name: 'Next phase' }).click();
      await expect.poll(() => frame.locator('.phase-layer').textContent(), { timeout: 60_000 }).toBe(layer);
      expect(await frame.locator('.phase-badge').textContent()).toBe(badge);
    };
    await next('Forward', 'layer 2 of 6: "relu1" (activation, 8×8×8)');
    await next('Forward', 'layer 3 of 6: "pool1" (maxpool2d, 8×4×4)');
    expect(await frame.locator('#diagram .stack.phase-active').getAttribute('data-key')).toBe('l-2');
    expect(await frame.locator('#feature-maps .map-layer.phase-active').getAttribute('data-layer')).toBe('2');
    await frame.locator('#diagram').scrollIntoViewIfNeeded();
    await vs.screenshot('cnn-e2e-step-through-pool-forward');
    await next('Forward', 'layer 4 of 6: "conv2" (conv2d, 16×4×4)');
    await next('Forward', 'layer 5 of 6: "flat" (flatten, 256)');
    await next('Forward', 'layer 6 of 6: "output" (dense, 10)');
    await next('Loss', 'the output layer against the targets');
    await next('Backward', 'layer 6 of 6: "output" (dense, 10)');
    await next('Backward', 'layer 5 of 6: "flat" (flatten, 256)');
    await next('Backward', 'layer 4 of 6: "conv2" (conv2d, 16×4×4)');
    expect(await frame.locator('.phase-detail').textContent()).toMatch(/^‖∂L\/∂net‖ = \S+ reaches "conv2" through its relu; .*‖∂L\/∂W‖ = /);
    await next('Backward', 'layer 3 of 6: "pool1" (maxpool2d, 8×4×4)');
    expect(await frame.locator('.phase-detail').textContent()).toContain('Only the maximum of each window receives the gradient: 25.0 % of the inputs of sample');
    expect(await frame.locator('#diagram .stack-phase-band').getAttribute('data-phase')).toBe('backward');
    expect(await frame.locator('#diagram .stack.phase-active').getAttribute('data-key')).toBe('l-2');
    await frame.locator('.step-through').scrollIntoViewIfNeeded();
    await vs.screenshot('cnn-e2e-step-through-pool-backward');
    await next('Backward', 'layer 2 of 6: "relu1" (activation, 8×8×8)');
    await next('Backward', 'layer 1 of 6: "conv1" (conv2d, 8×8×8)');
    expect(await frame.locator('#feature-maps .map-layer.phase-active').getAttribute('data-layer')).toBe('0');
    await frame.getByRole('button', { name: 'Next phase' }).click();
    await expect.poll(() => frame.locator('.phase-badge').textContent(), { timeout: 60_000 }).toBe('Update');

    await frame.getByRole('button', { name: 'Stop' }).click();
    await expect.poll(() => frame.locator('.step-through-active').isVisible(), { timeout: 30_000 }).toBe(false);
    expect(await frame.locator('#diagram .phase-active').count()).toBe(0);
  }, 600_000);

  it('shows the convolution step by step with the window\'s products, which a click on an output cell rewrites', async () => {
    const frame = vs.webviewFrame();
    await expect.poll(() => frame.locator('#conv-step .conv-products tbody tr').count(), { timeout: 60_000 }).toBe(9);
    expect(await frame.locator('#conv-step .conv-formula').first().textContent()).toMatch(/^net of conv1\[1, 1, 1\] = Σ w·x \+ b = /);
    await frame.locator('#conv-step button[data-key="pos-9"]').click(); // output conv1[1, 2, 2] of conv1's 8×8 (0-based position 9)
    await expect.poll(() => frame.locator('#conv-step .conv-formula').first().textContent()).toMatch(/^net of conv1\[1, 2, 2\] = /);
    expect(await frame.locator('#conv-step .conv-grid td.in-window').count()).toBe(9);
    await frame.locator('#conv-step').scrollIntoViewIfNeeded();
    await vs.screenshot('cnn-e2e-conv-step-dark');
    // The click focused the panel: give the focus back to the model's editor, where later tests read lenses.
    await vs.focusFirstEditorGroup();
  });

  for (const [theme, bodyClass, name] of [
    ['Default Light Modern', 'vscode-light', 'light'],
    ['Dark High Contrast', 'vscode-high-contrast', 'high-contrast'],
  ] as const) {
    it(`repaints the maps and kernels in ${theme}`, async () => {
      const frame = vs.webviewFrame();
      // The input's map on screen: the panel repaints what is on screen at once, and a picture far off
      // screen when it comes near (webview/render/drawWhenVisible.ts), and the previous test scrolled away.
      await frame.locator('canvas[data-sheet="act--1"]').scrollIntoViewIfNeeded();
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
