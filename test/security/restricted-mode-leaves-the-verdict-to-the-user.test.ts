/**
 * Issue 19, item 4: restricted mode let the workspace decide what passes. A workspace setting
 * `gradlens.gradientCheck.failThreshold: 1e300` turned a wrong `df` from FAIL into PASS in an untrusted
 * workspace (only `limits.*` were restricted), and `gradlens.depth: "constructor"` made the depth
 * `Object`, after which `depthToSetting` threw.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { depthFromSetting, depthToSetting, readSettings, RESTRICTED_SETTINGS } from '../../src/settings';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { openText, exampleText } from '../helpers/examples';
import { configureGradlens as configure, trust } from '../helpers/configuration';
import { ROOT } from './helpers';

afterEach(() => { vi.restoreAllMocks(); trust(true); });

const VERDICT_SETTINGS = {
  'gradientCheck.failThreshold': 1e300, 'gradientCheck.warnThreshold': 1e300,
  'gradientCheck.epsilon': 1e-300, 'gradientCheck.maxEntriesPerTensor': 1,
};

describe('restricted mode: the workspace cannot change a verdict', () => {
  it('a workspace failThreshold of 1e300 leaves the wrong df of custom-derivative failing', () => {
    configure({}, VERDICT_SETTINGS);
    trust(false);
    const settings = readSettings().analysis;
    expect(settings).toEqual(DEFAULT_ANALYSIS_SETTINGS);
    const analysis = openText(exampleText('custom-derivative.nn.json'), path.join(ROOT, 'examples/custom-derivative.nn.json'), settings).analyse().analysis!;
    expect(analysis.gradcheck.status).toBe('fail');
  });

  it('the user\'s own thresholds still apply in an untrusted workspace; a trusted workspace\'s apply too', () => {
    configure({ 'gradientCheck.failThreshold': 0.5 }, VERDICT_SETTINGS);
    trust(false);
    expect(readSettings().analysis.gradCheckFailThreshold).toBe(0.5);
    trust(true);
    expect(readSettings().analysis.gradCheckFailThreshold).toBe(1e300);
  });

  it('package.json restricts every setting that changes a verdict, and src/settings.ts reads the same list', () => {
    const manifest = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of Object.keys(VERDICT_SETTINGS)) expect(restricted).toContain(`gradlens.${key}`);
    expect(restricted).toEqual(RESTRICTED_SETTINGS.map((k) => `gradlens.${k}`));
  });
});

describe('settings are validated against their enum with own-property checks', () => {
  it.each(['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'])('gradlens.depth "%s" falls back to the default depth', (value) => {
    const depth = depthFromSetting(value);
    expect(depth).toBe(3);
    expect(() => depthToSetting(depth)).not.toThrow();
  });

  it('a workspace depth of "constructor" reads as the default, and writing it back does not throw', () => {
    configure({}, { depth: 'constructor' });
    const s = readSettings();
    expect(s.depth).toBe(3);
    expect(depthToSetting(s.depth)).toBe('repair');
  });
});
