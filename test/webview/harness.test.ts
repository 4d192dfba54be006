/**
 * The real webview bundle in Chromium: a harness page served with the host's own HTML and CSP, a fake
 * `acquireVsCodeApi` recording what the panel posts, and VS Code's Dark Modern / Light Modern
 * variables. It asserts what is rendered and saves screenshots to artifacts/screenshots/.
 */
import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import type { Analysis, AnalysisWarning } from '../../src/analysis/types';
import type { HostToPanelMessage, PanelToHostMessage } from '../../src/shared/protocol';
import { MODEL_URI, snapshot, trainingCurve, workedExample } from './fixture';
import { deliver, settled } from './harness/settle';
import { usePanelBrowser } from './harness/panelBrowser';
import { vscodeInitScript } from './harness/server';
import { darkHighContrast, darkModern, lightModern, type HarnessTheme } from './harness/themes';

const SCREENSHOTS = new URL('../../artifacts/screenshots/', import.meta.url).pathname;

const panel = usePanelBrowser();

interface Opened {
  readonly page: Page;
  readonly errors: string[];
  posted(): Promise<PanelToHostMessage[]>;
  send(...messages: HostToPanelMessage[]): Promise<void>;
  /** Waits until the panel has rendered everything sent so far. */
  settle(): Promise<void>;
  violations(): Promise<string[]>;
}

async function open(theme: HarnessTheme = darkModern, savedState?: unknown): Promise<Opened> {
  const page = await panel.browser.newPage({ viewport: { width: 1040, height: 900 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(60_000); // a hang bound: a page load took over 10 s at load 30
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript({ content: vscodeInitScript(theme, savedState) });
  await page.goto(panel.harness.url);
  await page.waitForFunction('window.__posted.length > 0');
  const opened: Opened = {
    page, errors,
    posted: () => page.evaluate('window.__posted') as Promise<PanelToHostMessage[]>,
    async send(...messages) {
      // VS Code delivers host messages as `message` events on the webview's window.
      await deliver(page, messages);
      await opened.settle();
    },
    async settle() {
      await settled(page);
    },
    violations: () => page.evaluate('window.__violations') as Promise<string[]>,
  };
  return opened;
}

/** Non-transparent pixels of every canvas in a section (0 means an empty chart). */
function paintedPixels(page: Page, selector: string): Promise<number[]> {
  return page.evaluate(`[...document.querySelectorAll(${JSON.stringify(selector)})].map((c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let n = 0; for (let i = 3; i < d.length; i += 4) if (d[i] > 0) n++;
    return n;
  })`) as Promise<number[]>;
}

/** Visible text of the panel outside the depth selector (whose tooltips name every level). */
function visibleText(page: Page): Promise<string> {
  return page.evaluate(`(() => {
    const main = document.querySelector('main').cloneNode(true);
    return document.querySelector('main').innerText;
  })()`) as Promise<string>;
}

function trained(steps = 300): HostToPanelMessage[] {
  const out: HostToPanelMessage[] = [];
  const curve = trainingCurve.slice(0, steps);
  for (let i = 0; i < curve.length; i += 25) {
    out.push({ type: 'trainingProgress', documentUri: MODEL_URI, points: curve.slice(i, i + 25), runState: i + 25 < curve.length ? 'training' : 'idle' });
  }
  return out;
}

const warnings: AnalysisWarning[] = [
  {
    code: 'saturated', severity: 'warning', layer: 'output', layerIndex: 1, line: 9, range: workedExample.layers[1].range,
    message: 'output: sigmoid saturates for most samples', explanation: 'Near 0 or 1 the sigmoid is flat, so its derivative (at most 0.25) shrinks every gradient that passes.',
    fix: 'Scale the inputs, use smaller initial weights, or use softmax with cross-entropy.',
  },
  {
    code: 'vanishing-gradient', severity: 'info', layer: 'hidden', line: 7, range: workedExample.layers[0].range,
    message: 'hidden: gradients are 100× smaller than in the output layer',
  },
];
const withWarnings: Analysis = { ...workedExample, warnings };

// Generous timeouts: the machine may be busy (2 cores shared with other suites).
describe('the gradient panel in Chromium', { timeout: 240_000 }, () => {
  it('announces ready before anything else and shows an empty state until a snapshot arrives', async () => {
    const p = await open();
    expect(await p.posted()).toEqual([{ type: 'ready' }]);
    await p.settle();
    expect(await p.page.locator('.empty-state').isVisible()).toBe(true);
    expect(await p.page.locator('#diagram').isVisible()).toBe(false);
    expect(p.errors).toEqual([]);
    await p.page.close();
  });

  it('renders the worked example: 6 neurons, 8 edges, 4 gradient-check rows, painted charts', async () => {
    const p = await open();
    await p.send(snapshot(workedExample, { depth: 3 }), ...trained());

    expect(await p.page.locator('.model-name').textContent()).toBe('Worked example 2-2-2');
    expect(await p.page.locator('#diagram .neuron').count()).toBe(6);
    expect(await p.page.locator('#diagram .edge').count()).toBe(8);
    expect(await p.page.locator('#diagram .neuron[data-key="u-1-0"] .neuron-value').textContent()).toBe('0.751');

    const rows = p.page.locator('#gradient-check .gc-row');
    expect(await rows.count()).toBe(4);
    expect(await rows.locator('th').allTextContents()).toEqual(['hidden.weights', 'hidden.bias', 'output.weights', 'output.bias']);
    expect(await rows.locator('.status').allTextContents()).toEqual(['pass', 'pass', 'pass', 'pass']);

    for (const selector of ['#loss canvas', '#gradient-flow figure:not([hidden]) canvas', '#histograms canvas']) {
      const painted = await paintedPixels(p.page, selector);
      expect(painted.length, selector).toBeGreaterThan(0);
      for (const n of painted) expect(n, selector).toBeGreaterThan(500);
    }
    expect(await p.page.locator('#histograms canvas').count()).toBe(4);
    expect(await p.page.locator('#loss canvas').getAttribute('aria-label')).toMatch(/Latest at step 300: train loss 0\.001452/);
    expect(await p.violations()).toEqual([]);
    expect(p.errors).toEqual([]);
    await p.page.close();
  });

  it('offers every chart as a table too', async () => {
    const p = await open();
    await p.send(snapshot(workedExample, { depth: 3 }), ...trained(10));
    await p.page.locator('#gradient-flow summary').first().click();
    await p.page.locator('#gradient-flow table tbody tr').first().waitFor();
    const cells = await p.page.locator('#gradient-flow table tbody tr').first().locator('th, td').allTextContents();
    expect(cells[0]).toBe('hidden');
    expect(cells[2]).toBe('0.0099543');
    await p.page.locator('#loss summary').click();
    await expect.poll(() => p.page.locator('#loss table tbody tr').count()).toBe(11); // built on the toggle event
    await p.page.close();
  });

  it('selects and reveals an edge when it is clicked', async () => {
    const p = await open();
    await p.send(snapshot(workedExample, { depth: 3 }));
    // Click a quarter of the way along the edge (its middle is where it crosses another edge).
    const at = await p.page.evaluate(`(() => {
      const line = document.querySelector('#diagram .edge[data-key="w-1-0-1"] .edge-hit');
      const m = line.getScreenCTM();
      const x = line.x1.baseVal.value * 0.75 + line.x2.baseVal.value * 0.25, y = line.y1.baseVal.value * 0.75 + line.y2.baseVal.value * 0.25;
      return { x: m.a * x + m.c * y + m.e, y: m.b * x + m.d * y + m.f };
    })()`) as { x: number; y: number };
    await p.page.mouse.click(at.x, at.y);
    await p.settle();
    const posted = await p.posted();
    expect(posted[0]).toEqual({ type: 'ready' });
    expect(posted.at(-1)).toEqual({ type: 'reveal', selection: { layerIndex: 1, param: 'weights', index: [0, 1] } });
    expect(await p.page.locator('#diagram .edge[data-key="w-1-0-1"]').getAttribute('class')).toContain('selected');
    expect(await p.page.locator('.inspector h3').textContent()).toBe('Weight hidden unit 2 → output unit 1');
    expect(await p.page.evaluate('window.__state.selection')).toEqual({ kind: 'weight', layer: 1, unit: 0, input: 1 });

    await p.page.getByRole('button', { name: 'Explain' }).click();
    expect((await p.posted()).at(-1)).toEqual({ type: 'explain', selection: { layerIndex: 1, param: 'weights', index: [0, 1] } });
    await p.page.close();
  });

  it('is usable from the keyboard: neurons with arrows, edges through the inspector, rows with Enter', async () => {
    const p = await open();
    await p.send(snapshot(workedExample, { depth: 3 }));
    await p.page.locator('#diagram .neuron[tabindex="0"]').focus();
    await p.page.keyboard.press('ArrowRight');
    await p.page.keyboard.press('ArrowRight');
    await p.page.keyboard.press('Enter');
    await p.settle();
    expect((await p.posted()).at(-1)).toEqual({ type: 'reveal', selection: { layerIndex: 1, index: [0] } });
    expect(await p.page.evaluate('document.activeElement.getAttribute("data-key")')).toBe('u-1-0');

    await p.page.getByRole('button', { name: /^from hidden unit 1: w 0\.4/ }).press('Enter');
    await p.settle();
    expect((await p.posted()).at(-1)).toEqual({ type: 'reveal', selection: { layerIndex: 1, param: 'weights', index: [0, 0] } });

    const toggle = p.page.locator('#gradient-check .row-toggle').nth(2);
    await toggle.focus();
    await p.page.keyboard.press('Enter');
    await p.settle();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    const entries = p.page.locator('#gradient-check .entries tbody tr');
    expect(await entries.count()).toBe(4);
    const w5 = await p.page.locator('#gradient-check .entries tbody tr', { hasText: 'output.weights[1, 1]' }).locator('td').allTextContents();
    expect(w5.slice(0, 2)).toEqual(['0.082167041', '0.082167041']);
    await p.page.close();
  });

  it('lists warnings with explanation, fix and a link that reveals the layer', async () => {
    const p = await open();
    await p.send(snapshot(withWarnings, { depth: 2 }));
    const items = p.page.locator('#warnings .warning');
    expect(await items.count()).toBe(2);
    expect(await items.first().locator('.warning-explanation').textContent()).toMatch(/derivative \(at most 0\.25\)/);
    expect(await items.first().locator('.warning-fix').textContent()).toMatch(/^Fix: Scale the inputs/);
    await items.first().getByRole('button', { name: 'line 9' }).click();
    expect((await p.posted()).at(-1)).toEqual({ type: 'reveal', selection: { layerIndex: 1 } });
    await p.page.close();
  });

  it('at depth 1 shows no derivative or gradient anywhere', async () => {
    const p = await open();
    await p.send(snapshot(withWarnings, { depth: 3 }), ...trained(20));
    await p.page.locator('#diagram .neuron[data-key="u-1-0"] .neuron-fill').click();
    await p.page.locator('label.segment', { hasText: '1 Drive' }).click();
    await p.settle();
    expect((await p.posted()).at(-1)).toEqual({ type: 'setDepth', depth: 1 });

    for (const id of ['#gradient-flow', '#gradient-check', '#warnings']) expect(await p.page.locator(id).isVisible(), id).toBe(false);
    expect(await p.page.getByRole('button', { name: 'Check gradients' }).isVisible()).toBe(false);
    expect(await p.page.locator('#histograms canvas').count()).toBe(2);
    const text = await visibleText(p.page);
    expect(text).toContain('Worked example 2-2-2');
    expect(text).not.toMatch(/∂|δ|gradient/i);
    const labels = await p.page.evaluate(`[...document.querySelectorAll('main [aria-label], main title')]
      .filter((e) => !e.closest('[hidden]') && !e.closest('.depth-selector'))
      .map((e) => e.getAttribute('aria-label') ?? e.textContent)`) as string[];
    expect(labels.filter((l) => /∂|δ|gradient/i.test(l))).toEqual([]);
    await p.page.close();
  });

  it('follows live training at a bounded frame rate and keeps at most 2,000 loss points', async () => {
    const p = await open();
    await p.send(snapshot(workedExample, { depth: 2, runState: 'training' }));
    const before = Number(await p.page.locator('main').getAttribute('data-renders'));
    // 10,000 steps in 334 messages, delivered as fast as the page can take them.
    await p.page.evaluate(`(() => {
      let step = 0;
      for (let m = 0; m < 334; m++) {
        const points = [];
        for (let i = 0; i < 30 && step < 10000; i++) { step++; points.push({ step, epoch: step, loss: 0.3 / Math.sqrt(step) }); }
        window.postMessage({ type: 'trainingProgress', documentUri: ${JSON.stringify(MODEL_URI)}, points, runState: step < 10000 ? 'training' : 'idle' }, '*');
      }
    })()`);
    await p.settle();
    const renders = Number(await p.page.locator('main').getAttribute('data-renders')) - before;
    expect(renders).toBeGreaterThanOrEqual(1);
    expect(renders).toBeLessThan(20);
    expect(await p.page.locator('#loss .note').textContent()).toMatch(/^1,\d{3} points drawn for 10,001 steps/);
    expect(await p.page.locator('.run-state').textContent()).toBe('Ready');
    await p.page.close();
  });

  it('re-colours its charts when VS Code switches theme, and restores its view state', async () => {
    const p = await open(darkModern, { version: 1, sample: 0, edgeWidthBy: 'weight', logScale: false, expanded: [] });
    await p.send(snapshot(workedExample, { depth: 3 }), ...trained(50));
    expect(await p.page.locator('#loss .toggle').getAttribute('aria-pressed')).toBe('false');
    expect(await p.page.getByRole('button', { name: '|w|' }).getAttribute('aria-pressed')).toBe('true');
    const dark = await p.page.evaluate('document.querySelector("#loss canvas").toDataURL()');
    await p.page.evaluate(`window.__applyTheme(${JSON.stringify(lightModern)})`);
    await p.settle();
    expect(await p.page.locator('main').getAttribute('data-theme-version')).toBe('1');
    expect(await p.page.evaluate('document.querySelector("#loss canvas").toDataURL()')).not.toBe(dark);
    expect(p.errors).toEqual([]);
    await p.page.close();
  });

  it('keeps the bundle small', () => {
    expect(panel.harness.bundleBytes).toBeLessThan(340 * 1024);
  });

  it('saves screenshots in Dark Modern, Light Modern and Dark High Contrast', async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, theme, depth] of [['panel-dark', darkModern, 3], ['panel-light', lightModern, 4], ['panel-high-contrast', darkHighContrast, 2]] as const) {
      const p = await open(theme, { version: 1, sample: 0, edgeWidthBy: 'gradient', logScale: true, expanded: ['1:weights'], selection: { kind: 'weight', layer: 1, unit: 0, input: 0 } });
      await p.send(snapshot(workedExample, { depth }), ...trained());
      await p.page.screenshot({ path: `${SCREENSHOTS}${name}.png`, fullPage: true });
      expect(await p.violations()).toEqual([]);
      expect(p.errors).toEqual([]);
      await p.page.close();
    }
  });
});
