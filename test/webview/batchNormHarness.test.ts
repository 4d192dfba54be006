/**
 * The batch-norm rescue (examples/batchnorm-rescue.nn.json, analysed by the engine as the worker does, after a
 * few training steps) in the real webview bundle (Chromium): the Batch norm card draws, for each of its six
 * layers, the values before and after the layer as two histograms (painted, with an aria-label giving their
 * moments, which are the table's), switches to one feature on request; screenshots in Dark Modern and
 * Light Modern in artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import { formatNumber } from '../../webview/model/format';
import { batchNormDistributions, buildBatchNorm } from '../../webview/model/batchNormModel';
import { openExample } from '../helpers/examples';
import { usePanelBrowser } from './harness/panelBrowser';
import { openPanelWith, type OpenPanel } from './harness/openPanel';
import { darkModern, lightModern, type HarnessTheme } from './harness/themes';

const SCREENSHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const URI = 'file:///work/examples/batchnorm-rescue.nn.json';

const panel = usePanelBrowser();
let analysis: Analysis;

beforeAll(async () => {
  const session = openExample('batchnorm-rescue.nn.json');
  await session.train({ steps: 30, history: 'none' });
  analysis = session.analyse().analysis!;
}, 120_000);

function open(theme: HarnessTheme): Promise<OpenPanel> {
  return openPanelWith(panel, { theme }, { type: 'snapshot', documentUri: URI, analysis, errors: [], runState: 'idle', depth: 3 });
}

/** Distinct colours painted on each canvas matching the selector (1 = blank or one flat colour). */
function colours(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  })`) as Promise<number[]>;
}

describe('the batch-norm card of the batch-norm rescue (Chromium)', { timeout: 240_000 }, () => {
  it('draws before and after histograms for every batch-norm layer, painted, labelled with the table\'s moments', async () => {
    const { page, errors } = await open(darkModern);
    const layers = await page.locator('#batch-norm .bn-layer').evaluateAll((els) => els.map((e) => e.getAttribute('data-layer')));
    expect(layers).toEqual(['1', '3', '5', '7', '9', '11']);
    expect(await page.locator('#batch-norm canvas[data-bn="before"]').count()).toBe(6);
    expect(await page.locator('#batch-norm canvas[data-bn="after"]').count()).toBe(6);
    for (const n of await colours(page, '#batch-norm canvas[data-bn]')) expect(n).toBeGreaterThan(3);
    const [norm1] = buildBatchNorm(analysis);
    const pooled = batchNormDistributions(norm1, undefined);
    const label = await page.locator('#batch-norm .bn-layer[data-layer="1"] canvas[data-bn="after"]').getAttribute('aria-label');
    expect(label).toBe(`Histogram of norm1, all features: after (γ·x̂ + β): ${norm1.samples * 16} values, mean ${formatNumber(pooled.after.mean, 3)}, standard deviation ${formatNumber(pooled.after.std, 3)}.`);
    // The table behind the picture stays: one row per feature.
    expect(await page.locator('#batch-norm .bn-layer[data-layer="1"] table tbody tr').count()).toBe(16);
    expect(await page.locator('#batch-norm .bn-layer[data-layer="1"] .bn-note').textContent()).toBe('"After" is the normalised value before the layer\'s sigmoid.');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows one feature when chosen, its moments the table row\'s', async () => {
    const { page, errors } = await open(darkModern);
    const [norm1] = buildBatchNorm(analysis);
    const row = norm1.rows[2];
    await page.locator('#batch-norm .bn-layer[data-layer="1"] select').selectOption('2');
    const moments = await page.locator('#batch-norm .bn-layer[data-layer="1"] .bn-moments').allTextContents();
    expect(moments).toEqual([
      `mean ${formatNumber(row.before.mean, 3)}, standard deviation ${formatNumber(row.before.std, 3)}`,
      `mean ${formatNumber(row.after.mean, 3)}, standard deviation ${formatNumber(row.after.std, 3)}`,
    ]);
    expect(await page.locator('#batch-norm .bn-layer[data-layer="1"] canvas[data-bn="after"]').getAttribute('aria-label')).toMatch(/^Histogram of norm1, feature 3: after/);
    for (const n of await colours(page, '#batch-norm .bn-layer[data-layer="1"] canvas[data-bn]')) expect(n).toBeGreaterThan(3);
    expect(await page.locator('#batch-norm canvas[data-bn]').count()).toBe(12);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('saves screenshots of the card in Dark Modern and Light Modern', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, theme] of [['batchnorm-card-dark', darkModern], ['batchnorm-card-light', lightModern]] as const) {
      const { page, errors } = await open(theme);
      await page.locator('#batch-norm .bn-layer[data-layer="3"]').screenshot({ path: `${SCREENSHOTS}${name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
