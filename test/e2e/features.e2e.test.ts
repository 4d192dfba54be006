// GradLens's features in a real VS Code, on copies of the examples: the Gradient Explorer, the
// gradient panel (charts and gradient-check table), Step changing the loss in the lens, a depth
// switch, an explanation, and the quick fix for a wrong derivative.
import type { FrameLocator, Locator } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

const lossLens = (texts: string[]) => texts.find((t) => /^loss \d/.test(t));

describe('GradLens features in VS Code', () => {
  const vs = useWorkbench({ open: 'worked-example.nn.json' });
  // The Markdown preview's webview (an iframe in the workbench), its content and the KaTeX formulas in it.
  const previewIframe = (): Locator => vs.page.locator('iframe.webview.ready[src*="extensionId=vscode.markdown-language-features"]');
  const preview = (): FrameLocator => previewIframe().contentFrame().frameLocator('#active-frame');
  const formulas = (): Locator => preview().locator('.gradlens-math[role="math"]');
  /** The text colour of sample 1's ∂net/∂w formula, as a brightness 0…255: KaTeX's CSS sets none, so it follows the preview's theme. */
  const formulaBrightness = (): Promise<number> => formulas().nth(3).locator('.katex').evaluate((el) => {
    const [r, g, b] = (globalThis as unknown as { getComputedStyle(e: unknown): { color: string } }).getComputedStyle(el).color.match(/\d+/g)!.map(Number);
    return (r + g + b) / 3;
  });

  it('the Gradient Explorer lists the model and its layers', async () => {
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^loss 0\.2984/));
    await vs.focusView('Gradient Explorer');
    await expect.poll(() => vs.treeItems('Gradient Explorer'), { timeout: 30_000 })
      .toEqual(expect.arrayContaining([expect.stringMatching(/^Worked example 2-2-2/), expect.stringMatching(/^hidden/), expect.stringMatching(/^output/)]));
    await vs.screenshot('gradient-explorer');
  });

  it('the panel opens with charts drawn and the gradient-check table', async () => {
    await vs.openFile('worked-example.nn.json');
    await vs.runCommand('GradLens: Open Gradient Panel');
    const frame = vs.webviewFrame();
    await frame.locator('text=Gradient check').first().waitFor({ timeout: 60_000 });
    await expect.poll(() => frame.locator('table').count(), { timeout: 30_000 }).toBeGreaterThan(0);
    await expect.poll(async () => (await frame.locator('body').innerText()).includes('hidden.weights'), { timeout: 30_000 }).toBe(true);
    await expect.poll(async () => (await vs.canvasInk(frame)).filter((ink) => ink > 0).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await vs.setTheme('Default Dark Modern');
    await vs.screenshot('panel-dark');
    await vs.setTheme('Default Light Modern');
    await expect.poll(async () => (await vs.canvasInk(frame)).filter((ink) => ink > 0).length, { timeout: 30_000 }).toBeGreaterThan(0);
    await vs.screenshot('panel-light');
    await vs.setTheme('Default Dark Modern');
  });

  it('Step changes the loss shown in the lens', async () => {
    await vs.openFile('worked-example.nn.json');
    await expect.poll(async () => lossLens(await vs.codeLensTexts()), { timeout: 60_000 }).toBe('loss 0.2984');
    await vs.runCommand('GradLens: Step');
    await expect.poll(async () => lossLens(await vs.codeLensTexts()), { timeout: 60_000 }).toMatch(/^loss 0\.2984 → 0\.2\d+ after 1 step$/);
    await vs.runCommand('GradLens: Reset');
    await expect.poll(async () => lossLens(await vs.codeLensTexts()), { timeout: 60_000 }).toBe('loss 0.2984');
  });

  it('switching the depth to Drive hides every derivative, and Repair brings them back', async () => {
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.inlayHintTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/∂L\/∂w/));
    await vs.runCommand('GradLens: Set Teaching Depth…');
    await vs.pickQuickItem(/1 Drive/);
    await expect.poll(async () => (await vs.codeLensTexts()).join(' '), { timeout: 60_000 }).toMatch(/sigmoid units · sample 1: out 0\.751, 0\.773/);
    expect((await vs.codeLensTexts()).join(' ')).not.toMatch(/∂/);
    await expect.poll(() => vs.inlayHintTexts(), { timeout: 30_000 }).toEqual([]);
    await vs.screenshot('depth-drive');
    await vs.runCommand('GradLens: Set Teaching Depth…');
    await vs.pickQuickItem(/3 Repair/);
    await expect.poll(() => vs.inlayHintTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/∂L\/∂w/));
  });

  it('Explain Gradient shows the chain rule with the published numbers', async () => {
    await explainOutputWeight();
    await expect.poll(async () => (await preview().locator('body').innerText().catch(() => '')), { timeout: 60_000 }).toMatch(/0\.082167041/);
    // The formulas are KaTeX, rendered by GradLens's Markdown-it plugin with its own CSS and fonts
    // (dist/katex/): the chain rule, ∂L₁/∂out, ∂out/∂net, ∂net/∂w, ∂L₁/∂w and the mean, each labelled.
    await expect.poll(() => formulas().count(), { timeout: 30_000 }).toBe(6);
    expect(await formulas().nth(4).getAttribute('aria-label')).toBe('partial L sub 1 over partial w equals delta sub j times partial net sub j over partial w equals 0.138498562 times 0.593269992 equals 0.082167041');
    expect(await formulas().nth(4).locator('math').innerHTML()).toContain('<mn mathvariant="bold">0.082167041</mn>');
    const box = await formulas().first().locator('.katex-html').boundingBox();
    expect(box!.width).toBeGreaterThan(150);
    expect(box!.height).toBeGreaterThan(20);
    await readyForScreenshot('vscode-dark', false);
    expect(await previewBrightnessIn(await vs.screenshot('explain-gradient'))).toBeLessThan(128);
    // Each theme's screenshot of a preview made in that theme (closed, then the page explained again), and the
    // screenshot's own pixels checked, not the DOM: a light shot was once reported with the preview still dark
    // although its body had the light class and the formulas a dark colour (not reproduced since).
    for (const [theme, bodyClass, name, light] of [
      ['Default Light Modern', 'vscode-light', 'light', true],
      ['Dark High Contrast', 'vscode-high-contrast', 'high-contrast', false],
    ] as const) {
      await vs.setTheme(theme);
      await vs.runCommand('View: Close All Editors');
      await expect.poll(() => previewIframe().count(), { timeout: 30_000 }).toBe(0);
      await explainOutputWeight();
      await readyForScreenshot(bodyClass, light);
      const brightness = await previewBrightnessIn(await vs.screenshot(`explain-gradient-${name}`));
      expect(brightness).toSatisfy((value: number) => (light ? value > 128 : value < 128));
    }
    await vs.setTheme('Default Dark Modern');
  });

  /** Explain Gradient… for output.weights[1, 1] of the worked example, in a preview beside it. */
  async function explainOutputWeight(): Promise<void> {
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^loss/));
    await vs.runCommand('GradLens: Explain Gradient…');
    await vs.pickQuickItem(/^output$/);
    await vs.pickQuickItem(/^weights$/);
    await vs.pickQuickItem(/^output\.weights\[1, 1\]$/);
  }

  /**
   * Waits until the one preview shows the page in a theme: its body's class, the formulas drawn with KaTeX's
   * font, the formulas of sample 1 scrolled into view, and their text colour light on dark or dark on light.
   */
  async function readyForScreenshot(bodyClass: string, light: boolean): Promise<void> {
    await expect.poll(() => previewIframe().count(), { timeout: 60_000 }).toBe(1);
    await expect.poll(() => preview().locator('body').getAttribute('class'), { timeout: 60_000 }).toMatch(new RegExp(`\\b${bodyClass}\\b`));
    await expect.poll(() => formulas().count(), { timeout: 30_000 }).toBe(6);
    // KaTeX's font has loaded (the preview may also hold VS Code's own math extension's KaTeX faces, unused
    // by our formulas, so the check is that a KaTeX_Main face loaded, not that every such face did).
    await expect.poll(() => formulas().first().evaluate(`document.fonts.ready.then(() => [...document.fonts].some((f) => f.family === 'KaTeX_Main' && f.status === 'loaded'))`), { timeout: 30_000 }).toBe(true);
    await formulas().nth(3).scrollIntoViewIfNeeded(); // the formulas of sample 1 in the screenshots
    await expect.poll(formulaBrightness, { timeout: 30_000 }).toSatisfy((value: number) => (light ? value < 128 : value > 128));
  }

  /** The mean brightness (0…255) of the preview's area in a saved screenshot of the window. */
  async function previewBrightnessIn(file: string): Promise<number> {
    const box = await previewIframe().boundingBox();
    expect(box!.width).toBeGreaterThan(100);
    return vs.screenshotBrightness(file, box!);
  }
});
