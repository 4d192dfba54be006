import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

describe('GradLens in restricted mode (workspace not trusted)', () => {
  // The "GradLens" output channel, read from the Output view (both extension hosts have it).
  const output = async (): Promise<string> => (await vs.outputText('GradLens')).replace(/\s+/g, ' ');
  // A hostile workspace setting: with it, every gradient check would pass.
  const vs = useWorkbench({
    trusted: false, open: 'worked-example.nn.json',
    files: { '.vscode/settings.json': JSON.stringify({ 'gradlens.gradientCheck.failThreshold': 1e300, 'gradlens.gradientCheck.warnThreshold': 1e300 }) },
  });

  it('the window really is in restricted mode', async () => {
    await expect.poll(() => vs.isRestricted(), { timeout: 60_000 }).toBe(true);
  });

  it('still opens *.nn.json files as GradLens models and activates', async () => {
    // An extension runs in restricted mode only if package.json declares
    // "capabilities": { "untrustedWorkspaces": { "supported": true | "limited", ... } }.
    await expect.poll(() => vs.languageMode(), { timeout: 60_000 }).toBe('GradLens Model');
    await expect.poll(output, { timeout: 60_000 }).toMatch(/GradLens activated/);
    await vs.focusFirstEditorGroup(); // the Output view had the focus
    await vs.screenshot('restricted-mode-worked-example');
  });

  it('analyses model files in restricted mode: lenses and hints show the worked example\'s numbers', async () => {
    await vs.openFile('worked-example.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 60_000 }).toContainEqual('loss 0.2984');
    await expect.poll(() => vs.inlayHintTexts(), { timeout: 60_000 }).toContainEqual(expect.stringMatching(/0\.0822/));
    await expect.poll(output, { timeout: 30_000 }).toMatch(/Restricted mode: GradLens analyses model files/);
    await vs.focusFirstEditorGroup();
  });

  it('a workspace gradientCheck.failThreshold of 1e300 does not turn the wrong df into a pass', async () => {
    await vs.openFile('custom-derivative.nn.json');
    const dfLine = vs.readFile('custom-derivative.nn.json').split('\n').findIndex((line) => /"df"\s*:/.test(line)) + 1;
    await expect
      .poll(async () => (await vs.problems()).filter((p) => p.file === 'custom-derivative.nn.json' && p.line === dfLine), { timeout: 60_000 })
      .toContainEqual(expect.objectContaining({ severity: 'error', source: 'gradlens', message: expect.stringMatching(/gradient/i) }));
    await vs.focusFirstEditorGroup(); // the Problems panel had the focus
    await expect.poll(async () => (await vs.codeLensTexts()).join(' '), { timeout: 60_000 }).toMatch(/grad check ✗/);
    await vs.screenshot('restricted-mode-threshold-ignored');
  });
});
