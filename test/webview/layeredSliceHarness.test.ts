/**
 * The loss slice and contour of a layered model in the real webview bundle (Chromium): the digits CNN
 * (examples/conv-net.nn.json) after a few training steps, at depth Derive, with a conv kernel weight
 * chosen (as its inlay hint's "· slice" chooses it). The panel asks for that weight's slice with a
 * plane; the test answers with what the worker computes for exactly those requests. The cards draw
 * the engine's numbers; screenshots in Dark Modern, Light Modern and Dark High Contrast go to
 * artifacts/screenshots/layered-*.png.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../src/analysis/types';
import type { ModelSession } from '../../src/analysis/modelSession';
import type { LayeredNetwork } from '../../src/engine';
import type { HostToPanelMessage, LossSlice, PanelToHostMessage } from '../../src/shared/protocol';
import { formatValue } from '../../src/shared/format';
import { parameterName } from '../../src/shared/names';
import { layeredLossSlice } from '../../src/worker/teaching/lossSlice';
import { layeredLossContour } from '../../src/worker/teaching/lossContour';
import { openExample } from '../helpers/examples';
import { deliver, settled } from './harness/settle';
import { usePanelBrowser } from './harness/panelBrowser';
import { vscodeInitScript } from './harness/server';
import { darkHighContrast, darkModern, lightModern, type HarnessTheme } from './harness/themes';

const SCREENSHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;
const URI = 'file:///work/examples/conv-net.nn.json';
/** The conv1 weight whose gradient is largest (a dead filter's weight would show a flat line), chosen in beforeAll. */
let CONV_WEIGHT: { layerIndex: 0; param: 'weights'; index: number[] };

const panel = usePanelBrowser();
let session: ModelSession;
let analysis: Analysis;
const answers = new Map<string, HostToPanelMessage>();

beforeAll(async () => {
  session = openExample('conv-net.nn.json');
  await session.train({ steps: 8, history: 'none' });
  analysis = session.analyse().analysis!;
  const grad = analysis.layers[0].weights.grad as number[][];
  const [F, C, kh, kw] = analysis.layers[0].layered!.params[0].shape;
  let best = [0, 0];
  grad.forEach((row, f) => row.forEach((g, q) => { if (Math.abs(g) > Math.abs(grad[best[0]][best[1]])) best = [f, q]; }));
  const [f, q] = best;
  CONV_WEIGHT = { layerIndex: 0, param: 'weights', index: [f, Math.floor(q / (kh * kw)) % C, Math.floor(q / kw) % kh, q % kw] };
  expect(f).toBeLessThan(F);
}, 300_000);

/** What the worker answers to the panel's slice request (computed once per request). */
function answer(request: PanelToHostMessage): HostToPanelMessage | undefined {
  if (request.type !== 'lossSlice') return undefined;
  const key = JSON.stringify(request);
  const known = answers.get(key);
  if (known) return known;
  const model = session.model, network = session.anyNetwork as LayeredNetwork, spec = model.layered!.spec;
  const slice = layeredLossSlice(network, spec, model.data.train, model.loss, model.train, request.target, { epsilon: 1e-6, step: session.step });
  const contour = request.contour
    ? layeredLossContour(network, spec, model.data.train, model.loss, model.train, request.target, request.contour, { seed: model.seed, recent: session.recentParameters() })
    : undefined;
  const reply: HostToPanelMessage = { type: 'lossSlice', documentUri: URI, slice: contour ? { ...slice, contour } : slice };
  answers.set(key, reply);
  return reply;
}

async function open(theme: HarnessTheme): Promise<{ page: Page; errors: string[]; asked: PanelToHostMessage[] }> {
  const page = await panel.browser.newPage({ viewport: { width: 1100, height: 1000 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(60_000); // a hang bound, not a timing
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript({ content: vscodeInitScript(theme) });
  await page.goto(panel.harness.url);
  await page.waitForFunction('window.__posted.length > 0');
  await deliver(page, [{ type: 'snapshot', documentUri: URI, analysis, errors: [], runState: 'idle', depth: 4 }]);
  await settled(page);
  // The conv weight's "· slice" (an inlay hint, the explorer) focuses it. The slice asked before (the
  // default parameter) is answered with a problem, so the panel asks again for the focused weight.
  await deliver(page, [{ type: 'focus', selection: CONV_WEIGHT }]);
  await settled(page);
  const before = (await page.evaluate('window.__posted') as PanelToHostMessage[]).filter((m) => m.type === 'lossSlice');
  await deliver(page, [{ type: 'lossSlice', documentUri: URI, problem: 'not computed by this test' }]);
  await settled(page);
  const asked = (await page.evaluate('window.__posted') as PanelToHostMessage[]).filter((m) => m.type === 'lossSlice').slice(before.length);
  const last = asked.at(-1);
  if (last) await deliver(page, [answer(last)!]);
  await settled(page);
  return { page, errors, asked };
}

describe('the loss slice and contour of a conv weight of the digits CNN (Chromium)', { timeout: 600_000 }, () => {
  it('asks for the conv weight\'s slice with a plane and shows the engine\'s slope; the contour draws its recent steps', async () => {
    const { page, errors, asked } = await open(darkModern);
    const request = asked.at(-1)!;
    expect(request).toMatchObject({ type: 'lossSlice', target: CONV_WEIGHT, contour: { kind: 'parameters' } });
    const reply = answer(request) as { slice: LossSlice };
    expect(await page.locator('[data-testid=slice-gradient]').innerText()).toBe(formatValue(reply.slice.gradient, 3));
    expect(await page.locator('[data-testid=slice-numeric]').innerText()).toBe(formatValue(reply.slice.numericSlope, 3));
    expect(await page.locator('[data-testid=slice-text]').innerText()).toContain(parameterName('conv1', 'weights', CONV_WEIGHT.index));
    expect(reply.slice.gradient).not.toBe(0);
    expect(await page.locator('[data-testid=slice-caption]').innerText()).not.toMatch(/dropout/);
    expect(await page.locator('[data-testid=contour-arrow-x]').innerText()).toBe(formatValue(reply.slice.gradient, 4));
    expect(reply.slice.contour!.recent).toHaveLength(8);
    expect(await page.locator('[data-testid=contour-canvas]').getAttribute('data-recent')).toBe('8');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('saves screenshots of the slice and the contour (two parameters; two filter-normalised directions) in three themes', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    const themes = [['dark', darkModern], ['light', lightModern], ['hc-dark', darkHighContrast]] as const;
    for (const [name, theme] of themes) {
      const { page, errors } = await open(theme);
      for (const card of ['loss-slice', 'loss-contour']) {
        await page.locator(`#${card}`).scrollIntoViewIfNeeded();
        await page.locator(`#${card}`).screenshot({ path: `${SCREENSHOTS}layered-${card}-${name}.png` });
      }
      await page.locator('[data-testid=contour-axes]').selectOption('directions');
      await settled(page);
      const posted = await page.evaluate('window.__posted') as PanelToHostMessage[];
      const last = posted.filter((m) => m.type === 'lossSlice').pop()!;
      expect(last).toMatchObject({ target: CONV_WEIGHT, contour: { kind: 'directions' } });
      await deliver(page, [answer(last)!]);
      await settled(page);
      expect(await page.locator('[data-testid=contour-caption]').innerText()).toMatch(/each conv filter and each dense unit/);
      await page.locator('#loss-contour').scrollIntoViewIfNeeded();
      await page.locator('#loss-contour').screenshot({ path: `${SCREENSHOTS}layered-loss-contour-directions-${name}.png` });
      expect(errors).toEqual([]);
      await page.close();
    }
  });
});
