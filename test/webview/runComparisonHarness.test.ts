/**
 * The Compare runs card in the real webview bundle (Chromium), with a comparison the engine made (sgd
 * against adam on XOR): both loss curves drawn (each run's own colour painted), accuracy overlaid,
 * the gradient flow of both runs, the summary, the tables; its buttons post Compare Runs and the
 * handout export; screenshots in Dark Modern, Light Modern and both high-contrast themes in artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import type { RunComparison } from '../../src/shared/runComparison';
import { runComparisonSummary } from '../../src/shared/runComparisonText';
import { compareRuns } from '../../src/worker/teaching/runComparison';
import { openExample } from '../helpers/examples';
import { usePanelBrowser } from './harness/panelBrowser';
import { openPanelWith, type OpenPanel } from './harness/openPanel';
import { darkHighContrast, darkModern, lightHighContrast, lightModern, type HarnessTheme } from './harness/themes';

const SCREENSHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const URI = 'file:///work/examples/xor.nn.json';

const panel = usePanelBrowser();
let analysis: Analysis;
let comparison: RunComparison;

beforeAll(async () => {
  const session = openExample('xor.nn.json');
  analysis = session.analyse().analysis!;
  comparison = await compareRuns(session.model, { kind: 'optimizer', optimizer: 'sgd' });
}, 120_000);

function open(theme: HarnessTheme): Promise<OpenPanel> {
  return openPanelWith(panel, { theme, height: 1000 }, { type: 'snapshot', documentUri: URI, analysis, errors: [], runState: 'idle', depth: 2 });
}

/** Pixels of the loss canvas close to each of its two runs' colours (the canvas says which it drew with). */
function pixelsPerRun(page: Page): Promise<number[]> {
  return page.evaluate(`(() => {
    const c = document.querySelector('#run-comparison canvas');
    const colours = JSON.parse(c.getAttribute('data-colors')).map((css) => {
      const probe = document.createElement('canvas').getContext('2d');
      probe.fillStyle = css; probe.fillRect(0, 0, 1, 1);
      return probe.getImageData(0, 0, 1, 1).data;
    });
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    return colours.map((rgb) => {
      let n = 0;
      for (let i = 0; i < d.length; i += 4) {
        if (d[i + 3] > 200 && Math.abs(d[i] - rgb[0]) < 30 && Math.abs(d[i + 1] - rgb[1]) < 30 && Math.abs(d[i + 2] - rgb[2]) < 30) n++;
      }
      return n;
    });
  })()`) as Promise<number[]>;
}

/** A `#rrggbb` colour as getComputedStyle writes it. */
function cssColour(hex: string): string {
  const [r, g, b] = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return `rgb(${r}, ${g}, ${b})`;
}

/** Euclidean distance of two `#rrggbb` colours in RGB. */
function colourDistance(x: string, y: string): number {
  const rgb = (c: string) => [1, 3, 5].map((i) => parseInt(c.slice(i, i + 2), 16));
  const [p, q] = [rgb(x), rgb(y)];
  return Math.hypot(p[0] - q[0], p[1] - q[1], p[2] - q[2]);
}

describe('the Compare runs card (Chromium)', { timeout: 240_000 }, () => {
  it('before a comparison offers Compare runs… and posts it; Save into the handout waits for one', async () => {
    const p = await open(darkModern);
    expect(await p.page.locator('#run-comparison').isVisible()).toBe(true);
    expect(await p.page.locator('[data-testid=save-comparison]').isDisabled()).toBe(true);
    await p.page.getByRole('button', { name: 'Compare runs…' }).click();
    expect((await p.posted()).slice(-1)).toEqual([{ type: 'compareRuns' }]);
    expect(p.errors).toEqual([]);
    await p.page.close();
  });

  it('draws the two runs\' loss curves overlaid, each in its own colour, with the summary and the tables', async () => {
    const p = await open(darkModern);
    await p.send({ type: 'runComparison', documentUri: URI, comparison });
    const canvas = p.page.locator('#run-comparison canvas').first();
    expect(await canvas.getAttribute('data-datasets')).toBe('2');
    const [adam, sgd] = await pixelsPerRun(p.page);
    expect(adam).toBeGreaterThan(150);
    expect(sgd).toBeGreaterThan(150);
    expect(await canvas.getAttribute('aria-label')).toMatch(/^Loss of adam and of sgd over 500 steps from the same seed/);
    expect(await p.page.locator('[data-testid=run-comparison-summary]').innerText()).toBe(runComparisonSummary(comparison));
    expect(await p.page.locator('.run-comparison-title').innerText()).toBe('adam versus sgd on XOR 2-3-1');
    // Accuracy (XOR's targets are classes) and the gradient flow of both runs, each with its table.
    expect(await p.page.locator('#run-comparison figure').count()).toBe(3);
    await p.page.locator('#run-comparison figure').nth(2).locator('summary').click();
    await expect.poll(() => p.page.locator('#run-comparison figure').nth(2).locator('tbody tr').allInnerTexts()).toHaveLength(2);
    expect(await p.page.locator('#run-comparison figure').nth(2).locator('thead').innerText()).toMatch(/adam: start.*adam: end.*sgd: start.*sgd: end/s);
    await p.page.locator('#run-comparison figure').first().locator('summary').click();
    await expect.poll(() => p.page.locator('#run-comparison figure').first().locator('tbody tr').count()).toBe(comparison.base.points.length);
    await p.page.locator('[data-testid=save-comparison]').click();
    expect((await p.posted()).slice(-1)).toEqual([{ type: 'exportHandout' }]);
    // An edit retires the comparison: the card offers to compare again.
    await p.send({ type: 'runComparison', documentUri: URI, comparison: undefined });
    expect(await p.page.locator('.run-comparison-results').isVisible()).toBe(false);
    expect(p.errors).toEqual([]);
    await p.page.close();
  });

  it('saves screenshots of the card with data in Dark Modern, Light Modern and both high-contrast themes', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, theme] of [
      ['compare-runs-card-dark', darkModern], ['compare-runs-card-light', lightModern],
      ['compare-runs-card-hc-dark', darkHighContrast], ['compare-runs-card-hc-light', lightHighContrast],
    ] as const) {
      const p = await open(theme);
      await p.send({ type: 'runComparison', documentUri: URI, comparison });
      const [a, b] = await pixelsPerRun(p.page);
      expect(Math.min(a, b)).toBeGreaterThan(150);
      // The card's buttons are the theme's (in high contrast: its contrast border), not the browser's grey ones.
      const button = await p.page.evaluate(`(() => { const s = getComputedStyle(document.querySelector('[data-testid=compare-runs]')); return { background: s.backgroundColor, border: s.borderTopColor }; })()`) as { background: string; border: string };
      expect(button.background).toBe(cssColour(theme.vars['--vscode-button-secondaryBackground']));
      if (theme.kind.startsWith('vscode-high-contrast')) expect(button.border).toBe(cssColour(theme.vars['--vscode-contrastBorder']));
      // The two runs' colours differ clearly in every theme (Light High Contrast's charts.orange is a dark blue).
      const [base, other] = JSON.parse((await p.page.locator('#run-comparison canvas').first().getAttribute('data-colors'))!) as string[];
      expect(colourDistance(base, other)).toBeGreaterThan(150); // #1a85ff against #0f4a85 is 136
      await p.page.locator('#run-comparison').screenshot({ path: `${SCREENSHOTS}${name}.png` });
      expect(p.errors).toEqual([]);
      await p.page.close();
    }
  });
});
