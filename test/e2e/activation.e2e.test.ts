import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CODE_SERVER_VERSION, DEFAULT_CODE_SERVER_VERSION } from '../../scripts/lib/code-server.mjs';
import { useWorkbench } from './harness/workbench';

describe('GradLens in a trusted workspace', () => {
  const vs = useWorkbench({ open: 'worked-example.nn.json' });

  it('is installed from the packaged .vsix, not from a development folder', () => {
    const extensions = path.join(vs.e2e.root, 'extensions');
    const installed = JSON.parse(readFileSync(path.join(extensions, 'extensions.json'), 'utf8')) as {
      identifier: { id: string };
      metadata?: { source?: string };
      relativeLocation: string;
    }[];
    const gradlens = installed.find((entry) => entry.identifier.id === vs.e2e.extensionId);
    // VS Code records where an extension came from since 1.8x; the older release (GRADLENS_CODE_SERVER_VERSION) does not.
    if (CODE_SERVER_VERSION === DEFAULT_CODE_SERVER_VERSION) expect(gradlens?.metadata?.source).toBe('vsix');
    expect(existsSync(path.join(extensions, gradlens!.relativeLocation, 'dist', 'extension.js'))).toBe(true);
    expect(existsSync(path.join(extensions, gradlens!.relativeLocation, 'dist', 'web', 'extension.js'))).toBe(true);
    expect(existsSync(path.join(extensions, gradlens!.relativeLocation, 'src'))).toBe(false);
  });

  it('opens a *.nn.json file in the "GradLens Model" language', async () => {
    await expect.poll(() => vs.languageMode(), { timeout: 60_000 }).toBe('GradLens Model');
  });

  it('activates: the "GradLens" output channel appears and says in which extension host', async () => {
    // Read from the Output view, which both hosts have (the Node host's log file: node-host.e2e.test.ts).
    const output = async () => (await vs.outputText('GradLens')).replace(/\s+/g, ' ');
    // The channel is made when GradLens activates, which may come after the language mode shows (VS Code 1.75).
    await expect.poll(() => vs.outputChannels(), { timeout: 60_000 }).toContain('GradLens');
    await expect.poll(output, { timeout: 60_000 }).toMatch(/GradLens activated/);
    expect(await output()).toMatch(vs.e2e.host === 'web'
      ? /GradLens activated in the web worker extension host/
      : /GradLens activated in the Node extension host \(Node \d+\./);
    await vs.focusFirstEditorGroup(); // the Output view had the focus
  });

  it('shows its command titles from package.nls.json and its quick pick titles through vscode.l10n', async () => {
    // "%command.setDepth.title%" would be in the palette if VS Code did not read package.nls.json.
    await vs.runCommand('GradLens: Set Teaching Depth…', async () => {
      await expect.poll(() => vs.page.locator('.quick-input-widget .quick-input-title').innerText(), { timeout: 10_000 })
        .toBe('GradLens: how deep should it go?');
      await vs.pickQuickItem('3 Repair');
    });
    const depthItem = async () => Object.entries(await vs.statusBar()).find(([id]) => id.endsWith('gradlens.status.depth'))?.[1] ?? '';
    await expect.poll(depthItem, { timeout: 30_000 }).toMatch(/Repair/);
  });

  it('looks right in the dark and the light theme (screenshots)', async () => {
    await vs.openFile('worked-example.nn.json');
    await vs.setTheme('Default Dark Modern');
    await expect(vs.page.locator('.monaco-workbench.vs-dark').count()).resolves.toBe(1);
    await vs.screenshot('worked-example-dark');
    await vs.setTheme('Default Light Modern');
    await expect(vs.page.locator('.monaco-workbench.vs').count()).resolves.toBe(1);
    await vs.screenshot('worked-example-light');
    await vs.setTheme('Default Dark Modern');
  });
});
