/**
 * The digits CNN (examples/conv-net.nn.json, analysed by the engine as the worker does, after a few
 * training steps) in the real webview bundle (Chromium): the stack diagram, the digit as an image with its
 * saliency, every image layer's feature maps and gradient maps, the kernels now and at the start, all
 * painted (several colours on every canvas), with tables behind them; screenshots in Dark Modern,
 * Light Modern and Dark High Contrast in artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import { openExample } from '../helpers/examples';
import { LayeredStepRecorder } from '../../src/worker/teaching/layeredStepThrough';
import { LayeredNetwork } from '../../src/engine';
import { phaseView } from '../../src/teaching/phaseText';
import { deliver, settled } from './harness/settle';
import { usePanelBrowser } from './harness/panelBrowser';
import { openPanelWith, type OpenPanel } from './harness/openPanel';
import { darkHighContrast, darkModern, lightModern, type HarnessTheme } from './harness/themes';

const SCREENSHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const URI = 'file:///work/examples/conv-net.nn.json';

const panel = usePanelBrowser();
let analysis: Analysis;

beforeAll(async () => {
  const session = openExample('conv-net.nn.json');
  await session.train({ steps: 30, history: 'none' });
  analysis = session.analyse().analysis!;
}, 120_000);

function open(theme: HarnessTheme, depth: 1 | 2 | 3 | 4 = 3): Promise<OpenPanel> {
  return openPanelWith(panel, { theme }, { type: 'snapshot', documentUri: URI, analysis, errors: [], runState: 'idle', depth });
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

describe('the digits CNN in the panel (Chromium)', { timeout: 240_000 }, () => {
  it('draws the network as stacks of feature maps and neurons, with a table of its layers', async () => {
    const { page, errors } = await open(darkModern);
    expect(await page.locator('#diagram .stack').count()).toBe(5);
    expect(await page.locator('#diagram .stack[data-key="l-0"]').getAttribute('aria-label')).toBe('conv1: conv2d, 8 feature maps of 8×8');
    expect(await page.locator('#diagram .neuron').count()).toBe(12 + 10);
    await page.locator('#diagram .stack[data-key="in-stack"]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.evaluate('document.activeElement.getAttribute("data-key")')).toBe('l-0');
    await page.locator('#diagram .stack-diagram summary').click();
    expect(await page.locator('#diagram .stack-diagram table tbody tr').count()).toBe(7);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('paints the digit, its saliency, every image layer\'s maps and gradients, and the kernels', async () => {
    const { page, errors } = await open(darkModern);
    const sheets = await page.locator('#feature-maps canvas[data-sheet]').evaluateAll((els) => els.map((e) => e.getAttribute('data-sheet')));
    expect(sheets).toEqual(['act--1', 'grad--1', 'act-0', 'grad-0', 'act-1', 'grad-1', 'act-2', 'grad-2', 'act-3', 'grad-3']);
    for (const n of await colours(page, '#feature-maps canvas[data-sheet]')) expect(n).toBeGreaterThan(5);
    expect(await page.locator('canvas[data-sheet="act--1"]').getAttribute('aria-label')).toMatch(/^input: sample 1: 1 map of 8×8/);
    expect(await page.locator('#feature-maps .map-layer[data-layer="1"] .map-note').textContent()).toBe('pool1 routes the gradient to 128 of 512 cells (outlined)');
    const kernels = await page.locator('#kernels canvas[data-sheet]').evaluateAll((els) => els.map((e) => e.getAttribute('data-sheet')));
    expect(kernels).toEqual(['kernel-first-0', 'kernel-0', 'kernel-grad-0', 'kernel-first-3', 'kernel-3', 'kernel-grad-3']);
    for (const n of await colours(page, '#kernels canvas[data-sheet]')) expect(n).toBeGreaterThan(5);
    await page.locator('#feature-maps .map-layer[data-layer="-1"] summary').click();
    expect(await page.locator('#feature-maps .map-layer[data-layer="-1"] table').count()).toBe(2);
    expect(await page.locator('#feature-maps .map-layer[data-layer="-1"] table').first().locator('tbody tr').count()).toBe(8);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('hides every gradient at depth 1 and keeps the maps', async () => {
    const { page } = await open(darkModern, 1);
    expect(await page.locator('#feature-maps canvas[data-sheet^="act-"]:visible').count()).toBe(5);
    expect(await page.locator('#feature-maps canvas[data-sheet^="grad-"]:visible').count()).toBe(0);
    expect(await page.locator('#kernels canvas[data-sheet^="kernel-grad"]:visible').count()).toBe(0);
    expect(await page.locator('main').innerText()).not.toMatch(/∂/);
    await page.close();
  });

  it('lights up the step-through\'s layer in the stack diagram and its feature maps, with the layer type in the bar', async () => {
    const session = openExample('conv-net.nn.json');
    const recorder = new LayeredStepRecorder(LayeredNetwork.fromSpec(session.model.layered!.spec), session.model.data.train, session.model.loss, session.model.train, { seed: session.model.seed });
    const stops = recorder.stops.map(() => phaseView(recorder.nextPhase()));
    const poolBack = stops.find((v) => v.phase === 'backward' && v.layerName === 'pool1')!;
    const { page, errors } = await open(darkModern);
    await deliver(page, [{ type: 'stepThrough', documentUri: URI, view: poolBack }]);
    await settled(page);
    expect(await page.locator('.phase-layer').textContent()).toBe('layer 3 of 6: "pool1" (maxpool2d, 8×4×4)');
    expect(await page.locator('#diagram .stack-phase-band').count()).toBe(1);
    expect(await page.locator('#diagram .stack-phase-band').getAttribute('data-layer')).toBe('2');
    expect(await page.locator('#diagram .stack-phase-band').getAttribute('data-phase')).toBe('backward');
    expect(await page.locator('#diagram .stack.phase-active').count()).toBe(1);
    expect(await page.locator('#diagram .stack.phase-active').getAttribute('data-key')).toBe('l-2');
    expect(await page.locator('#feature-maps .map-layer.phase-active').count()).toBe(1);
    expect(await page.locator('#feature-maps .map-layer.phase-active').getAttribute('data-layer')).toBe('2');
    // The conv layer's forward stop moves the light to conv1.
    await deliver(page, [{ type: 'stepThrough', documentUri: URI, view: stops[0] }]);
    await settled(page);
    expect(await page.locator('#diagram .stack.phase-active').getAttribute('data-key')).toBe('l-0');
    expect(await page.locator('#feature-maps .map-layer.phase-active').getAttribute('data-layer')).toBe('0');
    await deliver(page, [{ type: 'stepThrough', documentUri: URI, view: undefined }]);
    await settled(page);
    expect(await page.locator('#diagram .phase-active').count()).toBe(0);
    expect(await page.locator('#feature-maps .phase-active').count()).toBe(0);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('saves screenshots in Dark Modern, Light Modern and Dark High Contrast', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, theme] of [['cnn-panel-dark', darkModern], ['cnn-panel-light', lightModern], ['cnn-panel-high-contrast', darkHighContrast]] as const) {
      const { page, errors } = await open(theme);
      await page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
      for (const card of ['diagram', 'feature-maps', 'kernels', 'gradient-check', 'histograms']) {
        await page.locator(`#${card}`).screenshot({ path: `${SCREENSHOTS}${name}-${card}.png` });
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
