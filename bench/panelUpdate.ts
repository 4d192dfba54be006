/**
 * The panel bench row (issue 15: "the digits CNN's panel updates within 100 ms of an analysis; redraw only
 * what changed"): the real webview bundle in Chromium (the webview harness's page server and VS Code stand-in),
 * fed snapshot messages of examples/conv-net.nn.json analysed once by the engine, as the worker does.
 *
 * One update is timed inside the page, from the panel receiving the message (a capturing `message` listener
 * that runs before the panel's own) to the panel having rendered it (the render that sets `data-renders`
 * again, observed by a MutationObserver, then a forced style and layout): the reducer, the wait for the
 * next animation frame and every card's update. The panel also marks how many components have redrawn
 * (`data-redraws`: every `Memo` that answered "changed"), so each update reports its redraws too.
 *
 * - changed: two analyses (after 30 and 31 training steps) alternate, so every memoised card really redraws;
 *   their `step` counts up as in a training run, so the panel takes each as the next analysis, not a reset.
 * - nothing changed: a message that changes nothing the panel shows (the host's depth, confirmed again):
 *   the reducer and the render pass, with no card redrawing.
 *
 * Updates are spaced by more than the panel's render rate limit (30 a second), so the limit never holds one
 * back. Chromium is looked for at GRADLENS_CHROMIUM or /usr/bin/chromium; without it the row is skipped.
 */
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { ModelSession } from '../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/settings';
import type { Analysis } from '../src/analysis/types';
import { createNodeDataFileReader } from '../src/model/nodeDataFiles';
import type { HostToPanelMessage, SnapshotMessage } from '../src/shared/protocol';
import { startHarness, vscodeInitScript } from '../test/webview/harness/server';
import { darkModern } from '../test/webview/harness/themes';
import { summarize, type Summary } from './stats';

/** Issue 15's target for one panel update of the digits CNN. */
export const PANEL_UPDATE_TARGET_MS = 100;
/** More than the 33 ms between renders the panel's scheduler allows. */
const SPACING_MS = 50;
const URI = 'file:///bench/conv-net.nn.json';

/** One update as the page measured it. */
export interface PanelUpdateSample {
  readonly ms: number;
  /** Components that redrew (Memos that answered "changed") in the render that answered the message. */
  readonly redraws: number;
}

export interface PanelUpdateResult {
  readonly changed: readonly PanelUpdateSample[];
  readonly unchanged: readonly PanelUpdateSample[];
  readonly changedSummary: Summary;
  readonly unchangedSummary: Summary;
}

/** Where Chromium is, or why the row cannot run. */
export function findChromium(): { path: string } | { missing: string } {
  const candidate = process.env.GRADLENS_CHROMIUM ?? '/usr/bin/chromium';
  return existsSync(candidate) ? { path: candidate } : { missing: `no Chromium at ${candidate} (set GRADLENS_CHROMIUM to a Chromium binary)` };
}

/** The digits CNN analysed after 30 and after 31 training steps: two real analyses that differ everywhere. */
export async function digitsCnnAnalyses(repoRoot: string): Promise<[Analysis, Analysis]> {
  const file = path.join(repoRoot, 'examples', 'conv-net.nn.json');
  const { session, diagnostics } = ModelSession.open(readFileSync(file, 'utf8'), file, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(file));
  if (!session) throw new Error(`${file} did not open: ${diagnostics.map((d) => d.message).join('; ')}`);
  await session.train({ steps: 30, history: 'none' });
  const first = session.analyse().analysis!;
  await session.train({ steps: 1, history: 'none' });
  return [first, session.analyse().analysis!];
}

/** Runs in the page before the panel: the clock starts when a host message arrives, stops after the render answering it. */
const PROBE = `(() => {
  window.__updates = [];
  let started = NaN, redrawsBefore = 0;
  const redraws = () => Number(document.querySelector('[data-redraws]')?.getAttribute('data-redraws') ?? 0);
  window.addEventListener('message', (e) => {
    if (!e.data || typeof e.data.type !== 'string' || e.data.type === 'init') return;
    started = performance.now();
    redrawsBefore = redraws();
  }, true);
  new MutationObserver(() => {
    if (Number.isNaN(started)) return;
    void document.body.offsetHeight; // style and layout of what the render changed
    window.__updates.push({ ms: performance.now() - started, redraws: redraws() - redrawsBefore });
    started = NaN;
  }).observe(document, { subtree: true, attributes: true, attributeFilter: ['data-renders'] });
})();`;

/** Posts one host message in the page and waits for the render that answers it. */
async function update(page: Page, script: string): Promise<PanelUpdateSample> {
  const count = await page.evaluate('window.__updates.length') as number;
  await page.evaluate(script);
  // Polled by the page itself (the panel's CSP forbids the string predicates of waitForFunction).
  await page.evaluate(`new Promise((ok) => {
    const wait = () => (window.__updates.length > ${count} ? setTimeout(ok, ${SPACING_MS}) : requestAnimationFrame(wait));
    wait();
  })`);
  return await page.evaluate(`window.__updates[${count}]`) as PanelUpdateSample;
}

/**
 * Measures `updates` changed updates (after `warmup` untimed ones) and `updates` unchanged ones. Throws when
 * the panel reports an error.
 */
export async function measurePanelUpdate(repoRoot: string, chromiumPath: string, updates: number, warmup: number, analyses?: [Analysis, Analysis]): Promise<PanelUpdateResult> {
  const [a, b] = analyses ?? await digitsCnnAnalyses(repoRoot);
  const harness = await startHarness(repoRoot);
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
    page.setDefaultTimeout(120_000); // a hang bound, not a timing
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
    await page.addInitScript({ content: vscodeInitScript(darkModern) });
    await page.addInitScript({ content: PROBE });
    await page.goto(harness.url);
    await page.waitForFunction('window.__posted.length > 0');
    await page.evaluate((pair) => { (globalThis as unknown as { __analyses: unknown }).__analyses = pair; }, [a, b]);
    const snapshot = (i: number) => `window.postMessage({ ...${JSON.stringify({ type: 'snapshot', documentUri: URI, errors: [], runState: 'idle', depth: 3 } satisfies Omit<SnapshotMessage, 'analysis'>)}, analysis: { ...window.__analyses[${i % 2}], step: ${i + 1} } }, '*')`;
    const changed: PanelUpdateSample[] = [];
    for (let i = 0; i < warmup + updates; i++) {
      const sample = await update(page, snapshot(i));
      if (i >= warmup) changed.push(sample);
    }
    const sameDepth: HostToPanelMessage = { type: 'depthChanged', depth: 3 };
    const unchanged: PanelUpdateSample[] = [];
    for (let i = 0; i < updates; i++) unchanged.push(await update(page, `window.postMessage(${JSON.stringify(sameDepth)}, '*')`));
    if (errors.length > 0) throw new Error(`the panel reported errors: ${errors.join('; ')}`);
    return { changed, unchanged, changedSummary: summarize(changed.map((s) => s.ms)), unchangedSummary: summarize(unchanged.map((s) => s.ms)) };
  } finally {
    await browser.close();
    await harness.close();
  }
}
