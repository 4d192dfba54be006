import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

describe('GradLens in restricted mode (workspace not trusted)', () => {
  const vs = useWorkbench({ trusted: false, open: 'worked-example.nn.json' });

  it('the window really is in restricted mode', async () => {
    await expect.poll(() => vs.isRestricted(), { timeout: 30_000 }).toBe(true);
  });

  it('still opens *.nn.json files as GradLens models and activates', async () => {
    // An extension runs in restricted mode only if package.json declares
    // "capabilities": { "untrustedWorkspaces": { "supported": true | "limited", ... } }.
    await expect.poll(() => vs.languageMode(), { timeout: 60_000 }).toBe('GradLens Model');
    await expect.poll(() => vs.extensionLog(), { timeout: 60_000 }).toMatch(/GradLens activated/);
    await vs.screenshot('restricted-mode-worked-example');
  });

  it('analyses model files in restricted mode: lenses and hints show the worked example\'s numbers', async () => {
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual('loss 0.2984');
    await expect.poll(() => vs.inlayHintTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/0\.0822/));
    await expect.poll(() => vs.extensionLog(), { timeout: 30_000 }).toMatch(/Restricted mode: GradLens analyses model files/);
  });
});
