import { describe, expect, it } from 'vitest';
import {
  DEPTHS, depthDescription, depthFromSetting, depthLabel, depthName, depthToSetting, isDepthLevel,
} from '../../src/shared/depth';
import { localizedManifest } from '../helpers/manifest';

const packageJson = localizedManifest();
const setting = packageJson.contributes.configuration.properties['gradlens.depth'];

describe('the depth levels have one set of names and descriptions', () => {
  it('which the gradlens.depth setting in package.json repeats exactly', () => {
    expect(setting.enum).toEqual(DEPTHS.map((d) => d.setting));
    expect(setting.enumItemLabels).toEqual(DEPTHS.map((d) => `${d.level} ${d.name}`));
    expect(setting.markdownEnumDescriptions).toEqual(DEPTHS.map((d) => `**${d.name}**: ${depthDescription(d.level)}.`));
    expect(depthFromSetting(setting.default)).toBe(3);
  });

  it('names each level and says what it adds', () => {
    expect(DEPTHS.map((d) => depthName(d.level))).toEqual(['Drive', 'Service', 'Repair', 'Derive']);
    expect(depthLabel(4)).toBe('depth 4 (Derive)');
    expect(depthDescription(1)).toBe('inputs, outputs, loss and accuracy, and no derivatives');
    expect(depthDescription(2)).toBe('plus each unit\'s error signal, each layer\'s gradient size and warnings');
  });

  it('describes depth 1 without a derivative symbol, so depth 1 can show every description', () => {
    for (const d of DEPTHS) expect(d.adds).not.toMatch(/[∂δ∇]/);
  });

  it('reads the setting by name or number, and falls back to Repair', () => {
    expect(DEPTHS.map((d) => depthFromSetting(d.setting))).toEqual([1, 2, 3, 4]);
    expect(DEPTHS.map((d) => depthToSetting(d.level))).toEqual(['drive', 'service', 'repair', 'derive']);
    expect(depthFromSetting(2)).toBe(2);
    expect(depthFromSetting('deep')).toBe(3);
    expect(depthFromSetting(5)).toBe(3);
    expect([0, 1, 4, 5, '1'].map(isDepthLevel)).toEqual([false, true, true, false, false]);
  });
});
