/**
 * The panel bench row's plumbing (bench/panelUpdate.ts), in the real webview bundle in Chromium on the digits
 * CNN: the page reports a time for every update, alternating analyses redraw the panel's cards, and an update
 * that changes nothing redraws no card. Redraws are counted, never timed; no timing is asserted here.
 */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { digitsCnnAnalyses, findChromium, measurePanelUpdate } from '../../bench/panelUpdate';

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe('the panel-update bench row', { timeout: 240_000 }, () => {
  it('finds Chromium or says where it looked', () => {
    const found = findChromium();
    if ('path' in found) expect(found.path).toMatch(/chrom/i);
    else expect(found.missing).toMatch(/^no Chromium at .+ \(set GRADLENS_CHROMIUM/);
  });

  it('reports a time and a redraw count for every update, redrawing cards when the analysis changes and none when nothing does', async () => {
    const found = findChromium();
    expect('path' in found, 'the webview harness tests need Chromium too').toBe(true);
    const analyses = await digitsCnnAnalyses(repoRoot);
    expect(analyses[0].loss).not.toBe(analyses[1].loss);
    const result = await measurePanelUpdate(repoRoot, (found as { path: string }).path, 3, 1, analyses);
    expect(result.changed).toHaveLength(3);
    expect(result.unchanged).toHaveLength(3);
    for (const s of [...result.changed, ...result.unchanged]) {
      expect(Number.isFinite(s.ms)).toBe(true);
      expect(s.ms).toBeGreaterThanOrEqual(0);
    }
    for (const s of result.changed) expect(s.redraws).toBeGreaterThanOrEqual(5);
    expect(result.unchanged.map((s) => s.redraws)).toEqual([0, 0, 0]);
    expect(result.changedSummary.samples).toBe(3);
    expect(result.unchangedSummary.samples).toBe(3);
  });
});
