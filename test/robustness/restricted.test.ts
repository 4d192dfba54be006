/**
 * Issue 9, restricted mode (untrusted workspace): GradLens still works on model files, and says what
 * it declines to do.
 *
 * VS Code's guide (api/extension-guides/workspace-trust): for the settings listed in
 * `capabilities.untrustedWorkspaces.restrictedConfigurations`, "VS Code will only return the
 * user-defined value of the setting in Restricted Mode". GradLens lists its size limits there, and
 * src/settings.ts reads them the same way itself (only the user's value when the workspace is not
 * trusted), so a hostile `.vscode/settings.json` cannot raise the limits even where the host does
 * not filter. The configuration below is deliberately naive (`get` returns the workspace's value),
 * as such a host would: what it protects is our own reading.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import * as vscode from 'vscode';
import { declinedWorkspaceSettings, readSettings, RESTRICTED_SETTINGS } from '../../src/settings';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { registered } from '../fakes/vscode';
import { activateWithFake, openModel, type Activated } from './activation';
import { configureGradlens as configure, trust } from '../helpers/configuration';
import { ROOT, until, within } from './helpers';
import { localizedManifest } from '../helpers/manifest';


afterEach(() => {
  vi.restoreAllMocks();
  trust(true);
  registered.messages.length = 0;
});

describe('package.json declares limited support in untrusted workspaces', () => {
  const manifest = localizedManifest();

  it('supported "limited", with a description, restricting exactly the settings that change a verdict (gradient check and size limits)', () => {
    const u = manifest.capabilities.untrustedWorkspaces;
    expect(u.supported).toBe('limited');
    expect(u.description).toMatch(/restricted mode/i);
    expect(u.restrictedConfigurations).toEqual(RESTRICTED_SETTINGS.map((k) => `gradlens.${k}`));
    for (const key of u.restrictedConfigurations) expect(manifest.contributes.configuration.properties).toHaveProperty([key]);
  });
});

describe('settings in an untrusted workspace', () => {
  const hostile = { 'limits.maxParameters': 1e12, 'limits.maxSamples': 1e12, 'limits.maxLayers': 1e6, depth: 'derive' };

  it('the workspace cannot raise the limits; the user\'s own values and the defaults apply', () => {
    configure({ 'limits.maxSamples': 500 }, hostile);
    trust(false);
    const s = readSettings();
    expect(s.analysis.maxParameters).toBe(DEFAULT_ANALYSIS_SETTINGS.maxParameters);
    expect(s.analysis.maxSamples).toBe(500);
    expect(s.analysis.maxLayers).toBe(DEFAULT_ANALYSIS_SETTINGS.maxLayers);
    expect(s.depth).toBe(4); // not a restricted setting: the workspace may choose it
    expect(declinedWorkspaceSettings()).toEqual(['gradlens.limits.maxParameters', 'gradlens.limits.maxSamples', 'gradlens.limits.maxLayers']);
  });

  it('once trusted, the workspace\'s values apply and nothing is declined', () => {
    configure({ 'limits.maxSamples': 500 }, hostile);
    trust(true);
    expect(readSettings().analysis).toMatchObject({ maxParameters: 1e12, maxSamples: 1e12, maxLayers: 1e6 });
    expect(declinedWorkspaceSettings()).toEqual([]);
  });
});

describe('the extension in restricted mode', () => {
  let ext: Activated | undefined;
  afterEach(() => { ext?.deactivate(); ext = undefined; });

  it('analyses model files, applies the user\'s limits, and logs what it declines', async () => {
    trust(false);
    // The user allows 2 layers; the workspace tries to allow 100.
    configure({ 'limits.maxLayers': 2 }, { 'limits.maxLayers': 100, 'limits.maxParameters': 1e12 });
    const xorFile = path.join(ROOT, 'examples', 'xor.nn.json');
    const vanishingFile = path.join(ROOT, 'examples', 'vanishing-gradients.nn.json');
    const xor = openModel(xorFile, readFileSync(xorFile, 'utf8'));
    const vanishing = openModel(vanishingFile, readFileSync(vanishingFile, 'utf8'));
    ext = await activateWithFake([xor, vanishing]);

    expect(ext.log).toContain('[info] Restricted mode: GradLens analyses model files (they are data) and reads CSV files only inside each model file\'s folder; it does not apply the workspace\'s gradlens.gradientCheck.* and gradlens.limits.* settings.');
    expect(ext.log).toContain('[info] Restricted mode: ignoring this workspace\'s values of gradlens.limits.maxParameters, gradlens.limits.maxLayers; your user settings or the defaults apply.');

    // It still works on model files: XOR is analysed (the gradient check runs on it)...
    await within(Promise.resolve(vscode.commands.executeCommand('gradlens.gradientCheck', xor.uri.toString())), 60_000, 'gradient check');
    expect(registered.messages.at(-1)?.text).toMatch(/^GradLens gradient check: PASS/);
    // ...and the eight-layer model is refused by the user's limit, not allowed by the workspace's.
    await until(() => (ext!.diagnostics.get(vanishing.uri.toString()) ?? []).length > 0, 60_000, 'the diagnostics of the eight-layer model');
    const refused = ext.diagnostics.get(vanishing.uri.toString())!.find((d) => d.message.includes('gradlens.limits.maxLayers'));
    expect(refused?.message).toMatch(/layers; GradLens analyses at most 2 \(setting gradlens\.limits\.maxLayers\)\.$/);
    // The depth is published as a context key (menus that show derivatives hide at depth 1).
    expect(registered.executed).toContainEqual({ command: 'setContext', args: ['gradlens.depth', 3] });
  });
});
