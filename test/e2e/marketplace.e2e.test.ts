// The three screenshots of the marketplace page (README.md), taken from the real extension: the worked
// example with its lenses and hints, the gradient panel beside it, and a training step stepped through.
// Each test also checks what the picture is meant to show, so a screenshot never shows a broken state.
//
// GRADLENS_SCREENSHOTS=media/screenshots npm run test:e2e -- marketplace   writes them into media/screenshots
// (as 256-colour PNGs, small enough for the .vsix); without it they go to artifacts/screenshots like any other.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWorkbench, type Workbench } from './harness/workbench';

const target = process.env.GRADLENS_SCREENSHOTS ? path.resolve(process.env.GRADLENS_SCREENSHOTS) : undefined;

/** Saves the window as `name`, and into GRADLENS_SCREENSHOTS (reduced to 256 colours) when that is set. */
async function marketplaceShot(vs: Workbench, name: string): Promise<void> {
  const file = await vs.screenshot(`marketplace-${name}`);
  if (!target) return;
  mkdirSync(target, { recursive: true });
  const out = path.join(target, `${name}.png`);
  const reduced = spawnSync('convert', [file, '-strip', '-colors', '256', `PNG8:${out}`]);
  if (reduced.status !== 0) copyFileSync(file, out);
}

describe('the marketplace screenshots', () => {
  const vs = useWorkbench({ open: 'worked-example.nn.json', viewport: { width: 1280, height: 760 } });

  it('the worked example: the loss and gradient sizes above the layers, each weight\'s gradient after it', async () => {
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/^loss 0\.2984/));
    await expect.poll(() => vs.inlayHintTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/0\.0822\b/));
    await marketplaceShot(vs, 'lenses-and-hints');
  });

  it('the gradient panel beside the model: the network, the gradient flow and the gradient check', async () => {
    await vs.runCommand('GradLens: Open Gradient Panel');
    const panel = vs.webviewFrame();
    await expect.poll(() => panel.locator('#diagram .neuron').count(), { timeout: 60_000 }).toBeGreaterThan(0);
    await vs.focusFirstEditorGroup();
    await marketplaceShot(vs, 'gradient-panel');
  });

  it('a training step stepped through: the loss stop in the editor and in the panel', async () => {
    await vs.runCommand('GradLens: Step Through Training');
    const panel = vs.webviewFrame();
    for (let i = 0; i < 2; i++) await panel.getByRole('button', { name: 'Next phase' }).click();
    await expect.poll(() => panel.locator('.phase-badge').textContent(), { timeout: 30_000 }).toBe('Loss');
    await vs.focusFirstEditorGroup();
    await expect.poll(() => vs.codeLensTexts(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/▶ step 1 · loss · loss 0\.2984/));
    await vs.runCommand('Notifications: Clear All Notifications');
    await marketplaceShot(vs, 'step-through');
  });
});
