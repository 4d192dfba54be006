/**
 * The teaching views with the engine's numbers in the real webview bundle (Chromium): XOR after some
 * training (examples/xor.nn.json, analysed as the worker does), at depth Derive. The panel asks for the
 * decision boundary and the loss slice with its contour's plane; the test answers with what the worker
 * computes for exactly those requests. The contour card draws (painted, the gradient's arrow in its
 * colour, the table and sentences behind it, a keyboard cursor); screenshots of the boundary, the slice
 * and the contour in Dark Modern, Light Modern, Dark High Contrast and Light High Contrast go to
 * artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import type { ModelSession } from '../../src/analysis/modelSession';
import type { HostToPanelMessage, LossSlice, PanelToHostMessage } from '../../src/shared/protocol';
import { decisionBoundary } from '../../src/worker/teaching/decisionBoundary';
import { lossSlice } from '../../src/worker/teaching/lossSlice';
import { lossContour } from '../../src/worker/teaching/lossContour';
import { openExample } from '../helpers/examples';
import { deliver, settled } from './harness/settle';
import { usePanelBrowser } from './harness/panelBrowser';
import { vscodeInitScript } from './harness/server';
import { darkHighContrast, darkModern, lightHighContrast, lightModern, type HarnessTheme } from './harness/themes';

const SCREENSHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const URI = 'file:///work/examples/xor.nn.json';

const panel = usePanelBrowser();
let session: ModelSession;
let analysis: Analysis;

beforeAll(async () => {
  session = openExample('xor.nn.json');
  await session.train({ steps: 400, history: 'none' });
  analysis = session.analyse().analysis!;
}, 120_000);

/** What the worker answers to the panel's view requests. */
function answer(request: PanelToHostMessage): HostToPanelMessage | undefined {
  const model = session.model, network = session.currentNetwork;
  if (request.type === 'boundary') {
    return { type: 'boundary', documentUri: URI, grid: decisionBoundary(network, { train: model.data.train }, request.options, { step: session.step, source: 'session' }) };
  }
  if (request.type === 'lossSlice') {
    const slice = lossSlice(network, model.data.train, model.loss, model.train, request.target, { epsilon: 1e-6, step: session.step });
    const contour = request.contour ? lossContour(network, model.data.train, model.loss, model.train, request.target, request.contour, { seed: model.seed, recent: session.recentParameters() }) : undefined;
    return { type: 'lossSlice', documentUri: URI, slice: contour ? { ...slice, contour } : slice };
  }
  return undefined;
}

async function open(theme: HarnessTheme, savedState?: unknown): Promise<{ page: Page; errors: string[]; asked: PanelToHostMessage[] }> {
  const page = await panel.browser.newPage({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(60_000); // a hang bound, not a timing
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript({ content: vscodeInitScript(theme, savedState) });
  await page.goto(panel.harness.url);
  await page.waitForFunction('window.__posted.length > 0');
  await deliver(page, [{ type: 'snapshot', documentUri: URI, analysis, errors: [], runState: 'idle', depth: 4 }]);
  await settled(page);
  const asked = (await page.evaluate('window.__posted') as PanelToHostMessage[]).filter((m) => m.type === 'boundary' || m.type === 'lossSlice');
  await deliver(page, asked.map(answer).filter((m): m is HostToPanelMessage => m !== undefined));
  await settled(page);
  return { page, errors, asked };
}

/** Pixels of a canvas whose colour is within 40 of `rgb` (per channel). */
function pixelsNear(page: Page, selector: string, rgb: readonly [number, number, number]): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.querySelector(${JSON.stringify(selector)});
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const [r, g, b] = ${JSON.stringify(rgb)};
    let n = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 200 && Math.abs(d[i] - r) < 40 && Math.abs(d[i + 1] - g) < 40 && Math.abs(d[i + 2] - b) < 40) n++;
    return n;
  })()`) as Promise<number>;
}

function distinctColours(page: Page, selector: string): Promise<number> {
  return page.evaluate(`(() => {
    const c = document.querySelector(${JSON.stringify(selector)});
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) seen.add((d[i] << 16) | (d[i + 1] << 8) | d[i + 2]);
    return seen.size;
  })()`) as Promise<number>;
}

describe('the loss contour and the other teaching views with the engine\'s numbers (Chromium)', { timeout: 300_000 }, () => {
  it('at depth Derive the panel asks for the slice with a plane, and the contour card draws it with the gradient\'s arrow', async () => {
    const { page, errors, asked } = await open(darkModern);
    const request = asked.find((m) => m.type === 'lossSlice');
    expect(request).toMatchObject({ type: 'lossSlice', contour: { kind: 'parameters' } });
    expect(await page.locator('#loss-contour').isVisible()).toBe(true);
    expect(await page.locator('[data-testid=contour-canvas]').isVisible()).toBe(true);
    expect(await distinctColours(page, '[data-testid=contour-canvas]')).toBeGreaterThan(50);
    // The arrow in the theme's red (Dark Modern's charts.red #f14c4c), pointing somewhere.
    expect(await pixelsNear(page, '[data-testid=contour-canvas]', [0xf1, 0x4c, 0x4c])).toBeGreaterThan(40);
    expect(await page.locator('[data-testid=contour-canvas]').getAttribute('data-arrow')).toMatch(/^-?[\d.]+,-?[\d.]+$/);
    // The numbers beside it are the engine's gradient components.
    const reply = answer(request!) as { slice: LossSlice };
    const { formatValue } = await import('../../src/shared/format');
    expect(await page.locator('[data-testid=contour-arrow-x]').innerText()).toBe(formatValue(reply.slice.contour!.arrow[0], 4));
    expect(await page.locator('[data-testid=contour-arrow-x]').innerText()).toBe(formatValue(reply.slice.gradient, 4));
    expect(await page.locator('[data-testid=contour-text]').innerText()).toMatch(/J over output\.weights\[1, 1\]/);
    // The session's last 12 training steps, drawn beside the next steps and named in the caption.
    expect(reply.slice.contour!.recent).toHaveLength(12);
    expect(await page.locator('[data-testid=contour-canvas]').getAttribute('data-recent')).toBe('12');
    expect(await page.locator('[data-testid=contour-caption]').innerText()).toMatch(/Green: the next 12 .* Purple, dashed, squares: the last 12 steps this session trained/);
    expect(await page.locator('[data-testid=contour-text]').innerText()).toMatch(/The last 12 training steps came from/);
    // Keyboard: the picture takes focus; arrow keys move a cursor whose value is announced.
    await page.locator('[data-testid=contour-canvas]').focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.locator('[data-testid=contour-cursor]').innerText()).toMatch(/J = /);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('choosing two random directions asks for them and draws the filter-normalised plane', async () => {
    const { page, errors } = await open(darkModern);
    await page.locator('[data-testid=contour-axes]').selectOption('directions');
    await settled(page);
    const posted = await page.evaluate('window.__posted') as PanelToHostMessage[];
    const last = posted.filter((m) => m.type === 'lossSlice').pop()!;
    expect(last).toMatchObject({ contour: { kind: 'directions', seed: 1 } });
    await deliver(page, [answer(last)!]);
    await settled(page);
    expect(await page.locator('[data-testid=contour-caption]').innerText()).toMatch(/filter normalisation/);
    expect(await distinctColours(page, '[data-testid=contour-canvas]')).toBeGreaterThan(50);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('below depth Derive there is no contour card, and the slice is asked without a plane', async () => {
    const page = await panel.browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
    await page.addInitScript({ content: vscodeInitScript(darkModern) });
    await page.goto(panel.harness.url);
    await page.waitForFunction('window.__posted.length > 0');
    await deliver(page, [{ type: 'snapshot', documentUri: URI, analysis, errors: [], runState: 'idle', depth: 3 }]);
    await settled(page);
    const request = (await page.evaluate('window.__posted') as PanelToHostMessage[]).find((m) => m.type === 'lossSlice');
    expect(request).toBeDefined();
    expect(request).not.toHaveProperty('contour');
    expect(await page.locator('#loss-contour').isVisible()).toBe(false);
    await page.close();
  });

  it('saves screenshots of the boundary, the slice and the contour in four themes', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const themes = [['dark', darkModern], ['light', lightModern], ['hc-dark', darkHighContrast], ['hc-light', lightHighContrast]] as const;
    for (const [name, theme] of themes) {
      const { page, errors } = await open(theme);
      for (const card of ['boundary', 'loss-slice', 'loss-contour']) {
        await page.locator(`#${card}`).scrollIntoViewIfNeeded();
        await page.locator(`#${card}`).screenshot({ path: `${SCREENSHOTS}teaching-${card}-${name}.png` });
      }
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
