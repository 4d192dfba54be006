/**
 * Issue 15, "redraw only what changed", in the real webview bundle (Chromium) on the digits CNN: what a new
 * message redraws is counted (`data-redraws`) and which elements survive it is checked, never how long it
 * takes. Two real analyses of examples/conv-net.nn.json, after 30 and 31 training steps, play two analyses
 * of a training run.
 */
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import type { HostToPanelMessage } from '../../src/shared/protocol';
import { openExample } from '../helpers/examples';
import { deliver, settled } from './harness/settle';
import { usePanelBrowser } from './harness/panelBrowser';
import { vscodeInitScript } from './harness/server';
import { darkModern } from './harness/themes';

const URI = 'file:///work/examples/conv-net.nn.json';
const panel = usePanelBrowser();
let first: Analysis;
let next: Analysis;

beforeAll(async () => {
  const session = openExample('conv-net.nn.json');
  await session.train({ steps: 30, history: 'none' });
  first = session.analyse().analysis!;
  await session.train({ steps: 1, history: 'none' });
  next = session.analyse().analysis!;
}, 120_000);

const snapshot = (analysis: Analysis): HostToPanelMessage => ({ type: 'snapshot', documentUri: URI, analysis, errors: [], runState: 'idle', depth: 3 });

async function open(): Promise<{ page: Page; errors: string[] }> {
  const page = await panel.browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(60_000); // a hang bound, not a timing
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript({ content: vscodeInitScript(darkModern) });
  await page.goto(panel.harness.url);
  await page.waitForFunction('window.__posted.length > 0');
  return { page, errors };
}

async function send(page: Page, ...messages: HostToPanelMessage[]): Promise<void> {
  await deliver(page, messages);
  await settled(page);
  // Two frames: the intersection observer reports where the pictures are after the frame that laid them out.
  await page.evaluate('new Promise((ok) => requestAnimationFrame(() => requestAnimationFrame(ok)))');
}

const redraws = (page: Page) => page.evaluate('Number(document.querySelector("[data-redraws]").getAttribute("data-redraws"))') as Promise<number>;
const waiting = (page: Page) => page.evaluate('Number(document.querySelector("[data-draws-waiting]").getAttribute("data-draws-waiting"))') as Promise<number>;
const LAST_HISTOGRAM = '#histograms .histogram:last-child canvas';
const pixels = (page: Page, selector: string) => page.evaluate(`document.querySelector(${JSON.stringify(selector)}).toDataURL()`) as Promise<string>;

describe('what a new message redraws in the panel (Chromium)', { timeout: 240_000 }, () => {
  it('redraws only the loss chart and the header\'s latest loss when training progress brings only new loss points', async () => {
    const { page, errors } = await open();
    await send(page, snapshot(first));
    await send(page, { type: 'trainingProgress', documentUri: URI, runState: 'training', points: [{ step: 31, epoch: 1, loss: 0.6 }] });
    const before = await redraws(page);
    await send(page, { type: 'trainingProgress', documentUri: URI, runState: 'training', points: [{ step: 32, epoch: 1, loss: 0.5 }] });
    expect(await redraws(page)).toBe(before + 2); // the loss chart, and the header's latest loss
    expect(await page.locator('.panel-header').textContent()).toMatch(/0\.5/);
    expect(await page.locator('#loss canvas').getAttribute('aria-label')).toMatch(/Latest at step 32: train loss 0\.5/);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keeps its charts, maps and the loss slice\'s choices when the next analysis of the same model arrives, and gives them the new numbers', async () => {
    const { page, errors } = await open();
    await send(page, snapshot(first));
    const selectors = ['#histograms canvas', '#gradient-flow canvas', '#feature-maps canvas', '#kernels canvas', '#loss-slice option'];
    const counts = await Promise.all(selectors.map((s) => page.locator(s).count()));
    for (const n of counts) expect(n).toBeGreaterThan(0);
    await page.evaluate(`for (const s of ${JSON.stringify(selectors)}) for (const e of document.querySelectorAll(s)) e.__kept = true`);
    const conv1Before = await page.locator('canvas[data-sheet="act-0"]').getAttribute('aria-label');
    await send(page, snapshot({ ...next, step: first.step + 1 }));
    for (const [i, s] of selectors.entries()) {
      expect(await page.locator(s).count(), s).toBe(counts[i]);
      expect(await page.locator(s).evaluateAll((els) => els.every((e) => (e as unknown as { __kept?: boolean }).__kept === true)), `${s} kept`).toBe(true);
    }
    expect(await page.locator('canvas[data-sheet="act-0"]').getAttribute('aria-label')).not.toBe(conv1Before);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('draws a chart far below the screen when it is scrolled near, with the same pixels as a chart that was on screen', async () => {
    // On screen all along: the last histogram scrolled into view before the next analysis.
    const shown = await open();
    await send(shown.page, snapshot(first));
    await shown.page.locator(LAST_HISTOGRAM).scrollIntoViewIfNeeded();
    await send(shown.page, snapshot({ ...next, step: first.step + 1 }));
    const expected = await pixels(shown.page, LAST_HISTOGRAM);
    await shown.page.close();

    const { page, errors } = await open();
    await send(page, snapshot(first));
    const drawnFirst = await pixels(page, LAST_HISTOGRAM);
    expect(drawnFirst).not.toBe(expected);
    await send(page, snapshot({ ...next, step: first.step + 1 }));
    expect(await waiting(page)).toBeGreaterThan(0);
    expect(await page.locator(LAST_HISTOGRAM).getAttribute('data-draws')).toBeNull(); // made for the first analysis, not drawn again
    expect(await page.locator('#feature-maps canvas[data-sheet="act-0"]').getAttribute('data-draws')).toBe('2'); // on screen: drawn at once
    await page.locator(LAST_HISTOGRAM).scrollIntoViewIfNeeded();
    // Polled in the page, frame by frame, until the waiting drawing has run (a hang bound, not a timing).
    await page.evaluate(`new Promise((ok) => {
      const c = document.querySelector(${JSON.stringify(LAST_HISTOGRAM)});
      const wait = () => (c.getAttribute('data-draws') === '1' ? ok() : requestAnimationFrame(wait));
      wait();
    })`);
    expect(await pixels(page, LAST_HISTOGRAM)).toBe(expected);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('builds the tables behind the feature maps only when they are opened, and again from each new analysis while open', async () => {
    const { page, errors } = await open();
    await send(page, snapshot(first));
    const layer = page.locator('#feature-maps .map-layer[data-layer="0"]');
    expect(await page.locator('#feature-maps table').count()).toBe(0);
    await layer.locator('summary').click();
    await settled(page);
    expect(await layer.locator('table').count()).toBe(16); // 8 maps of activations, 8 of gradients
    expect(await page.locator('#feature-maps table').count()).toBe(16);
    const firstCell = await layer.locator('table').first().locator('tbody td').first().textContent();
    await send(page, snapshot({ ...next, step: first.step + 1 }));
    expect(await layer.locator('table').count()).toBe(16);
    expect(await layer.locator('table').first().locator('tbody td').first().textContent()).not.toBe(firstCell);
    expect(errors).toEqual([]);
    await page.close();
  });
});
