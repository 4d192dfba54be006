// The teaching views of issue 17 in a real VS Code: the decision boundary of XOR (drawn, four
// training points, redrawn while training) and the loss slice of the worked example's
// output.weights[1, 1] (tangent slope 0.0822, the engine's gradient), in dark and light themes, and the
// slice of output.weights[1, 2] opened from its inlay hint.
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

describe('the teaching views in VS Code', () => {
  const vs = useWorkbench({ open: 'xor.nn.json' });

  it('XOR: the decision boundary draws four training points on a painted plane and follows a step and a training run', async () => {
    await expect.poll(() => vs.codeLensTexts(), { timeout: 180_000 }).toContainEqual(expect.stringMatching(/^loss/));
    await vs.runCommand('GradLens: Open Gradient Panel');
    const frame = vs.webviewFrame();
    const canvas = frame.locator('[data-testid=boundary-canvas]');
    await expect.poll(() => canvas.getAttribute('data-points').catch(() => null), { timeout: 60_000 }).toBe('4');
    const ink = () => canvas.evaluate((c) => {
      const el = c as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null };
      const data = el.getContext('2d')?.getImageData(0, 0, el.width, el.height).data;
      let n = 0;
      if (data) for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
      return n;
    });
    expect(await ink()).toBeGreaterThan(1000);
    expect(await frame.locator('.boundary-unit-canvas').count()).toBe(3);
    const picture = () => canvas.evaluate((c) => (c as unknown as { toDataURL(): string }).toDataURL());
    const before = await picture();
    expect(await canvas.getAttribute('data-step')).toBe('0');
    await vs.setTheme('Default Dark Modern');
    await frame.locator('#boundary').scrollIntoViewIfNeeded();
    await vs.screenshot('decision-boundary-dark');

    // One step: the picture follows it (deterministic, whatever the machine's speed).
    await frame.getByRole('button', { name: 'Step', exact: true }).click();
    await expect.poll(() => canvas.getAttribute('data-step'), { timeout: 60_000 }).toBe('1');
    await expect.poll(picture, { timeout: 30_000 }).not.toBe(before);
    // Then a long run: the picture keeps following the steps (that it is redrawn during a run, not
    // only after it, is tested without a clock in test/teaching/teaching-views-answer-from-the-worker).
    await frame.locator('input[placeholder="from file"]').first().fill('1000000');
    await frame.locator('input[placeholder="from file"]').first().press('Enter');
    await frame.getByRole('button', { name: 'Train', exact: true }).click();
    await expect.poll(async () => Number(await canvas.getAttribute('data-step')), { timeout: 120_000, interval: 100 }).toBeGreaterThan(1);
    // The run may have ended by now (XOR's steps are quick); pause it if it has not.
    await frame.getByRole('button', { name: 'Pause', exact: true }).click({ timeout: 5_000 }).catch(() => undefined);
    await expect.poll(() => frame.getByRole('button', { name: 'Train', exact: true }).count(), { timeout: 60_000 }).toBeGreaterThan(0);
    expect(await picture()).not.toBe(before);
    await frame.locator('#boundary').scrollIntoViewIfNeeded();
    await vs.screenshot('decision-boundary-trained-dark');
    await vs.setTheme('Default Light Modern');
    await expect.poll(ink, { timeout: 30_000 }).toBeGreaterThan(1000);
    await vs.screenshot('decision-boundary-light');
    await vs.setTheme('Default Dark Modern');
  });

  it('the worked example: the slice of output.weights[1, 1] shows the tangent slope 0.0822 and a numeric slope that agrees', async () => {
    await vs.focusFirstEditorGroup();
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^loss 0\.2984/));
    await vs.runCommand('GradLens: Set Teaching Depth…');
    await vs.pickQuickItem(/3 Repair/);
    await vs.runCommand('GradLens: Open Gradient Panel');
    const frame = vs.webviewFrame();
    const select = frame.locator('[data-testid=slice-target]');
    await select.waitFor({ timeout: 60_000 });
    await expect.poll(() => select.locator('option').allInnerTexts(), { timeout: 60_000 }).toContain('output.weights[1, 1]');
    await select.selectOption({ label: 'output.weights[1, 1]' });
    await expect.poll(() => frame.locator('[data-testid=slice-gradient]').innerText().catch(() => ''), { timeout: 60_000 }).toBe('0.0822');
    expect(await frame.locator('[data-testid=slice-numeric]').innerText()).toBe('0.0822');
    expect(await frame.locator('[data-testid=slice-text]').innerText()).toMatch(/output\.weights\[1, 1\].*slope 0\.0822/);
    const sliceInk = await frame.locator('[data-testid=slice-canvas]').evaluate((c) => {
      const el = c as unknown as { width: number; height: number; getContext(k: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray } } | null };
      const data = el.getContext('2d')?.getImageData(0, 0, el.width, el.height).data;
      let n = 0;
      if (data) for (let i = 3; i < data.length; i += 4) if (data[i] !== 0) n++;
      return n;
    });
    expect(sliceInk).toBeGreaterThan(500);
    await frame.locator('#loss-slice').scrollIntoViewIfNeeded();
    await vs.screenshot('loss-slice-dark');
    await vs.setTheme('Default Light Modern');
    await vs.screenshot('loss-slice-light');
    await vs.setTheme('Default Dark Modern');
  });

  it('the worked example: the command of an inlay hint\'s "slice" part opens the slice of that weight, output.weights[1, 2] (slope 0.0827)', async () => {
    await vs.focusFirstEditorGroup();
    // The hint after 0.45 (output.weights[1, 2]) is "∂L/∂w 0.0827", then its "· slice" part.
    const gradientPart = vs.editor.locator('.view-line span[class*="dyn-rule"]', { hasText: '∂L/∂w 0.0827' }).first();
    await gradientPart.waitFor({ timeout: 60_000 });
    const slicePart = gradientPart.locator('xpath=following-sibling::span[1]');
    expect((await slicePart.textContent())?.replace(/\u00a0/g, ' ').trim()).toBe('· slice');
    // Hovering the part shows its tooltip with VS Code's "Execute Command (ctrl + click)" link, which runs
    // the part's command (a Ctrl+click on the text itself is intercepted by that same hover).
    await slicePart.hover({ force: true });
    const hover = vs.page.locator('.monaco-hover:not(.hidden)', { hasText: 'Show the loss as output.weights[1, 2] moves' }).first();
    await hover.waitFor({ timeout: 30_000 });
    await hover.locator('a', { hasText: 'Execute Command' }).first().click();
    const frame = vs.webviewFrame();
    await expect.poll(() => frame.locator('[data-testid=slice-target]').inputValue().catch(() => ''), { timeout: 60_000 }).toBe('1:weights:0,1');
    await expect.poll(() => frame.locator('[data-testid=slice-gradient]').innerText().catch(() => ''), { timeout: 60_000 }).toBe('0.0827');
    expect(await frame.locator('[data-testid=slice-text]').innerText()).toMatch(/output\.weights\[1, 2\]/);
  });
});
