// Compare Runs in a real VS Code on the XOR example: the command asks what to vary (optimizer) and
// the value (sgd, against the file's adam), the worker trains both from the same seed, and the
// panel's Compare runs card overlays the two loss curves (each run's colour painted), in dark and
// light themes. Then on the dropout example (a layered model): the activation of a layer, where the
// picker offers only the layers that apply one (not the dropout layers), in dark, light and
// high-contrast themes.
import { describe, expect, it } from 'vitest';
import type { Locator } from 'playwright-core';
import { useWorkbench } from './harness/workbench';

/** For each run's colour (the canvas' data-colors), how many pixels of the chart are painted in it. */
function pixelsPerRun(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((c) => {
    const el = c as unknown as { width: number; height: number; getAttribute(n: string): string | null; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null; ownerDocument: { createElement(t: 'canvas'): { getContext(k: '2d'): { fillStyle: string; fillRect(x: number, y: number, w: number, h: number): void; getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null } } };
    const colours = (JSON.parse(el.getAttribute('data-colors') ?? '[]') as string[]).map((css) => {
      const probe = el.ownerDocument.createElement('canvas').getContext('2d')!;
      probe.fillStyle = css; probe.fillRect(0, 0, 1, 1);
      return probe.getImageData(0, 0, 1, 1).data;
    });
    const d = el.getContext('2d')?.getImageData(0, 0, el.width, el.height).data ?? new Uint8ClampedArray();
    return colours.map((rgb) => {
      let n = 0;
      for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && Math.abs(d[i] - rgb[0]) < 30 && Math.abs(d[i + 1] - rgb[1]) < 30 && Math.abs(d[i + 2] - rgb[2]) < 30) n++;
      return n;
    });
  });
}

describe('Compare Runs in VS Code', () => {
  const vs = useWorkbench({ open: 'xor.nn.json' });

  it('XOR: sgd against adam draws two loss curves in the panel\'s Compare runs card, with the measured summary', async () => {
    await expect.poll(() => vs.codeLensTexts(), { timeout: 180_000 }).toContainEqual(expect.stringMatching(/^loss/));
    await vs.runCommand('GradLens: Compare Runs…', async () => {
      await vs.pickQuickItem('optimizer');
      await vs.pickQuickItem('sgd');
    });
    const frame = vs.webviewFrame();
    const canvas = frame.locator('#run-comparison canvas').first();
    await expect.poll(() => canvas.getAttribute('data-datasets').catch(() => null), { timeout: 180_000 }).toBe('2');
    expect(await frame.locator('.run-comparison-title').innerText()).toBe('adam versus sgd on XOR 2-3-1');
    expect(await frame.locator('[data-testid=run-comparison-summary]').innerText()).toMatch(/adam reached loss 0\.1 in \d+ steps/);
    const perRun = () => pixelsPerRun(canvas);
    await expect.poll(async () => Math.min(...await perRun()), { timeout: 30_000 }).toBeGreaterThan(100);
    expect(await perRun()).toHaveLength(2);
    // The person's file is not changed by the variant.
    expect(vs.readFile('xor.nn.json')).toContain('"optimizer": "adam"');
    await vs.setTheme('Default Dark Modern');
    await frame.locator('#run-comparison').scrollIntoViewIfNeeded();
    await vs.screenshot('compare-runs-dark');
    await vs.setTheme('Default Light Modern');
    await expect.poll(async () => Math.min(...await perRun()), { timeout: 30_000 }).toBeGreaterThan(100);
    await frame.locator('#run-comparison').scrollIntoViewIfNeeded();
    await vs.screenshot('compare-runs-light');
    await vs.setTheme('Default Dark Modern');
  });

  it('the dropout example (layered): the activation of hidden1 from the layers that apply one, two curves, in dark, light and high contrast', async () => {
    await vs.focusFirstEditorGroup();
    await vs.openFile('dropout.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 180_000 }).toContainEqual(expect.stringMatching(/^loss/));
    // The picker offers the layers that apply an activation: the dropout layers are not among them.
    let offered: string[] = [];
    await vs.runCommand('GradLens: Compare Runs…', async () => {
      await vs.pickQuickItem('activation of a layer');
      await vs.quickPickRows('output').first().waitFor({ state: 'visible', timeout: 20_000 });
      offered = await vs.quickPickLabels();
      await vs.pickQuickItem('hidden1');
      await vs.pickQuickItem('tanh');
    });
    expect(offered).toEqual(['hidden1', 'hidden2', 'output']);
    const frame = vs.webviewFrame();
    await expect.poll(() => frame.locator('.run-comparison-title').innerText().catch(() => ''), { timeout: 180_000 }).toBe('hidden1: relu versus hidden1: tanh on Dropout');
    const canvas = frame.locator('#run-comparison canvas').first();
    await expect.poll(() => canvas.getAttribute('data-datasets').catch(() => null), { timeout: 60_000 }).toBe('2');
    expect(await frame.locator('[data-testid=run-comparison-summary]').innerText()).toMatch(/Both runs start from seed 1 and train \d+ steps on the same data\..*Final loss: hidden1: relu [0-9.]+, hidden1: tanh [0-9.]+\./);
    const perRun = () => pixelsPerRun(canvas);
    expect(vs.readFile('dropout.nn.json')).toContain('"name": "hidden1", "units": 256, "activation": "relu"');
    for (const [theme, bodyClass, name] of [
      ['Dark High Contrast', 'vscode-high-contrast', 'high-contrast'],
      ['Default Dark Modern', 'vscode-dark', 'dark'],
      ['Default Light Modern', 'vscode-light', 'light'],
    ] as const) {
      await vs.setTheme(theme);
      await expect.poll(() => frame.locator('body').getAttribute('class'), { timeout: 30_000 }).toMatch(new RegExp(`\\b${bodyClass}\\b`));
      // The card's top on screen: its title, the summary and the loss curves.
      await frame.locator('.run-comparison-title').evaluate((el) => (el as unknown as { scrollIntoView(o: { block: string }): void }).scrollIntoView({ block: 'start' }));
      await expect.poll(async () => Math.min(...await perRun()), { timeout: 30_000 }).toBeGreaterThan(100);
      await vs.screenshot(`compare-runs-layered-${name}`);
    }
    await vs.setTheme('Default Dark Modern');
  });
});
