/**
 * The convolution step by step on the digits CNN (examples/conv-net.nn.json, analysed by the engine as
 * the worker does, after a few training steps) in the real webview bundle (Chromium): the card draws
 * the digit with the window on it, the kernel and the output map as coloured tables, writes the products
 * out, and moves the window when an output cell is clicked or Next is pressed; a kernel weight's click
 * writes its sum over positions beside the engine's per-sample value, which the card asks the host for
 * (answered here as the worker answers, src/worker/teaching/convSampleGradients.ts); screenshots in Dark Modern and Light Modern in artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import type { ModelSession } from '../../src/analysis/modelSession';
import type { LayeredNetwork } from '../../src/engine';
import { convSampleGradients } from '../../src/worker/teaching/convSampleGradients';
import type { ConvSampleGradients } from '../../src/shared/protocol';
import { buildConvStep } from '../../webview/model/convStepModel';
import { formatNumber } from '../../webview/model/format';
import { openExample } from '../helpers/examples';
import { deliver, settled } from './harness/settle';
import { usePanelBrowser } from './harness/panelBrowser';
import { openPanelWith, type OpenPanel } from './harness/openPanel';
import { darkModern, lightModern, type HarnessTheme } from './harness/themes';

const SCREENSHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const URI = 'file:///work/examples/conv-net.nn.json';

const panel = usePanelBrowser();
let analysis: Analysis;
let session: ModelSession;

beforeAll(async () => {
  session = openExample('conv-net.nn.json');
  await session.train({ steps: 10, history: 'none' });
  analysis = session.analyse().analysis!;
}, 120_000);

function open(theme: HarnessTheme, depth: 1 | 2 | 3 | 4 = 3): Promise<OpenPanel> {
  return openPanelWith(panel, { theme }, { type: 'snapshot', documentUri: URI, analysis, errors: [], runState: 'idle', depth });
}

const card = '#conv-step';

/** The conv gradients the card asked for so far, in order. */
function convRequests(page: Page): Promise<{ layer: number; sample: number }[]> {
  return page.evaluate(`window.__posted.filter((m) => m.type === 'convGradients')`) as Promise<{ layer: number; sample: number }[]>;
}

/** The worker's answer to the card's request (src/worker/teaching/convSampleGradients.ts, on a copy of the analysed network). */
function gradientsOf(layer: number, sample: number): ConvSampleGradients {
  return convSampleGradients(session.copy(session.anyNetwork) as LayeredNetwork, analysis, layer, sample) as ConvSampleGradients;
}

/** Waits for the card's request for `layer`'s gradients and answers it as the worker would. */
async function answerConvRequest(page: Page, layer: number): Promise<void> {
  await expect.poll(async () => (await convRequests(page)).some((m) => m.layer === layer)).toBe(true);
  const asked = (await convRequests(page)).filter((m) => m.layer === layer).at(-1)!;
  await deliver(page, [{ type: 'convGradients', documentUri: URI, gradients: gradientsOf(asked.layer, asked.sample) }]);
  await settled(page);
}

/** The window's cells on the input map, as "row,column" of the drawn grid, and the products' last column. */
async function windowAndProducts(page: Page): Promise<{ window: string[]; products: string[] }> {
  return page.evaluate(`(() => {
    const grid = document.querySelector('${card} .conv-grid');
    const window = [...grid.querySelectorAll('tbody tr')].flatMap((tr, r) => [...tr.querySelectorAll('td')].flatMap((td, c) => td.classList.contains('in-window') ? [r + ',' + c] : []));
    const products = [...document.querySelectorAll('${card} .conv-products tbody tr')].map((tr) => tr.lastElementChild.textContent);
    return { window, products };
  })()`) as Promise<{ window: string[]; products: string[] }>;
}

describe('the convolution step by step in the panel (Chromium)', { timeout: 240_000 }, () => {
  it('draws the input, the kernel and the output map in colour, and writes out the window\'s nine products', async () => {
    const { page, errors } = await open(darkModern);
    await expect.poll(() => page.locator(`${card}:visible`).count()).toBe(1);
    expect(await page.locator(`${card} .conv-grid`).count()).toBe(4); // input, kernel, output, δ
    const colours = await page.evaluate(`new Set([...document.querySelectorAll('${card} .conv-cell')].map((td) => getComputedStyle(td).backgroundColor)).size`);
    expect(colours).toBeGreaterThan(10);
    const { window, products } = await windowAndProducts(page);
    expect(window).toEqual(['0,0', '0,1', '0,2', '1,0', '1,1', '1,2', '2,0', '2,1', '2,2']);
    const model = buildConvStep(analysis, 0, { layer: 0, filter: 0, position: 0, tap: 0 })!;
    expect(products).toEqual(model.forward.terms.map((t) => formatNumber(t.product, 4)));
    expect(await page.locator(`${card} .conv-formula`).first().textContent()).toContain(`= ${formatNumber(model.forward.net, 4)}`);
    // Every index people read counts from 1: the formula, the window's place, the table's names and the axes.
    expect(await page.locator(`${card} .conv-formula`).first().textContent()).toMatch(/^net of conv1\[1, 1, 1\] = Σ w·x \+ b = /);
    expect(await page.locator(`${card} .conv-where`).textContent()).toBe('window at output conv1[1, 1, 1] of 8×8 · stride 1×1 · padding 1×1');
    expect(await page.locator(`${card} .conv-products tbody tr`).first().locator('td, th').first().textContent()).toBe('conv1.weights[1, 1, 1, 1]');
    const axes = await page.evaluate(`[...document.querySelector('${card} .conv-grid').querySelectorAll('thead th')].map((th) => th.textContent)`);
    expect(axes).toEqual(['', '1', '2', '3', '4', '5', '6', '7', '8', '']); // the padding columns unlabelled
    expect(await page.locator(card).innerText()).not.toMatch(/\[0[,\]]|, 0\]|\bnet\[|\(\d+, \d+\)/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('asks the host for its layer\'s and sample\'s gradients once, and writes the engine\'s ∂Lₙ/∂x beside δ·w when they come', async () => {
    const { page, errors } = await open(darkModern);
    expect(await convRequests(page)).toEqual([{ type: 'convGradients', layer: 0, sample: 0 }]);
    const engineColumn = () => page.evaluate(`[...document.querySelectorAll('${card} .conv-input-gradient tbody tr')].map((tr) => tr.lastElementChild.textContent)`) as Promise<string[]>;
    expect(new Set(await engineColumn())).toEqual(new Set(['–']));
    await answerConvRequest(page, 0);
    const model = buildConvStep(analysis, 0, { layer: 0, filter: 0, position: 0, tap: 0 }, gradientsOf(0, 0))!;
    expect(await engineColumn()).toEqual(model.backward!.inputWindow.map((t) => (t.engineTotal === undefined ? '–' : formatNumber(t.engineTotal, 4))));
    expect((await engineColumn()).filter((v) => v !== '–')).toHaveLength(4); // the window at [1, 1] reads the padding in 5 places
    expect(await convRequests(page)).toHaveLength(1);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('moves the window to a clicked output cell and on Next, and rewrites the products', async () => {
    const { page, errors } = await open(darkModern);
    await page.locator(`${card} button[data-key="pos-27"]`).click(); // output conv1[1, 4, 4] of 8×8 (0-based position 27)
    let now = await windowAndProducts(page);
    expect(now.window).toEqual(['3,3', '3,4', '3,5', '4,3', '4,4', '4,5', '5,3', '5,4', '5,5']);
    expect(now.products).toEqual(buildConvStep(analysis, 0, { layer: 0, filter: 0, position: 27, tap: 0 })!.forward.terms.map((t) => formatNumber(t.product, 4)));
    expect(await page.evaluate('document.activeElement.getAttribute("data-key")')).toBe('pos-27');
    expect(await page.locator(`${card} .conv-where`).textContent()).toMatch(/^window at output conv1\[1, 4, 4\] of 8×8 /);
    await page.locator(`${card} .conv-next`).focus();
    await page.keyboard.press('Enter');
    now = await windowAndProducts(page);
    expect(now.window).toEqual(['3,4', '3,5', '3,6', '4,4', '4,5', '4,6', '5,4', '5,5', '5,6']);
    expect(now.products).toEqual(buildConvStep(analysis, 0, { layer: 0, filter: 0, position: 28, tap: 0 })!.forward.terms.map((t) => formatNumber(t.product, 4)));
    expect(await page.locator(`${card} .conv-slider`).inputValue()).toBe('28');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('writes a clicked kernel weight\'s ∂Lₙ/∂w as the sum over positions, beside the engine\'s, and the window\'s δ·w', async () => {
    const { page, errors } = await open(darkModern);
    await answerConvRequest(page, 0); // the first layer's, asked for when the card opened
    await page.locator(`${card} .conv-layer`).selectOption('3'); // conv2: 16 filters of 8 channels
    await answerConvRequest(page, 3);
    await page.locator(`${card} .conv-filter`).selectOption('2');
    await page.locator(`${card} button[data-key="tap-13"]`).click(); // channel 1, row 1, column 1
    const model = buildConvStep(analysis, 0, { layer: 3, filter: 2, position: 0, tap: 13 })!;
    const sum = model.backward!.weightSum;
    const text = await page.locator(`${card} .conv-weight-sum`).textContent();
    expect(text).toContain(`= ${formatNumber(sum.sum, 4)}`);
    expect(sum.engineSample).toBeUndefined(); // the model alone has no per-sample value: the worker's answer has
    const withEngine = buildConvStep(analysis, 0, { layer: 3, filter: 2, position: 0, tap: 13 }, gradientsOf(3, 0))!.backward!.weightSum;
    expect(text).toContain(`this sample: ${formatNumber(withEngine.engineSample!, 4)}`);
    expect(text).toContain(`mean over the ${analysis.samples} samples`);
    expect(await page.locator(`${card} .conv-weight-sum`).textContent()).toMatch(/^∂Lₙ\/∂w = Σ δ\[3, y, x\]·x\[2, \(y−1\)·1−1\+2, \(x−1\)·1−1\+2\] = /);
    expect(await page.locator(`${card} h3`).filter({ hasText: 'the sum over every position' }).textContent()).toBe('Backward: ∂Lₙ/∂conv2.weights[3, 2, 2, 2], the sum over every position');
    expect(await page.locator(`${card} .conv-weight-terms tbody tr`).count()).toBe(sum.shown.length);
    expect(await page.locator(`${card} .conv-products tbody tr`).count()).toBe(72);
    expect(await page.locator(`${card} .conv-input-gradient tbody tr`).count()).toBe(72);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows no derivative at depth 1, only the forward dot product', async () => {
    const { page } = await open(darkModern, 1);
    expect(await page.locator(`${card} .conv-products tbody tr`).count()).toBe(9);
    expect(await page.locator(card).innerText()).not.toMatch(/∂|δ/);
    expect(await convRequests(page)).toEqual([]); // and asks for no per-sample gradients
    await page.close();
  });

  it('saves screenshots of the card in Dark Modern and Light Modern', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, theme] of [['conv-step-dark', darkModern], ['conv-step-light', lightModern]] as const) {
      const { page, errors } = await open(theme);
      await answerConvRequest(page, 0);
      await page.locator(`${card} button[data-key="pos-27"]`).click();
      await page.locator(`${card} button[data-key="tap-4"]`).click();
      await page.locator(card).screenshot({ path: `${SCREENSHOTS}${name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
