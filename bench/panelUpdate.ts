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
 *
 * Beside the times: each component's own update time (the page sets `window.__gradlensCardTimes`, which
 * webview/render/app.ts fills), one `JSON.parse` of the snapshot message in the page (the same message's
 * cost in a unit that moves with the machine's load), and with `baselineRef` the webview of another git
 * revision (its webview/, src/shared/ and media/ from `git archive`) in a second page: the two panels take
 * the same changed updates in turn, so their ratio holds on a loaded machine.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { ModelSession } from '../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../src/analysis/settings';
import type { Analysis } from '../src/analysis/types';
import { createNodeDataFileReader } from '../src/model/nodeDataFiles';
import type { HostToPanelMessage, SnapshotMessage } from '../src/shared/protocol';
import { startHarness, vscodeInitScript, type Harness } from '../test/webview/harness/server';
import { darkModern } from '../test/webview/harness/themes';
import { median, summarize, type Summary } from './stats';

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

/** Options of the row. */
export interface PanelUpdateOptions {
  /**
   * A git revision (e.g. the commit before a change) whose webview is measured beside the working tree's in
   * the same run: the two panels take turns, update by update, so both see the same load.
   */
  readonly baselineRef?: string;
}

/** The baseline's webview measured beside the working tree's. */
export interface PanelBaselineResult {
  /** The revision as given and its abbreviated commit. */
  readonly ref: string;
  readonly commit: string;
  readonly changed: readonly PanelUpdateSample[];
  readonly changedSummary: Summary;
  /** The median over rounds of (baseline's update ÷ the working tree's update) in the same round. */
  readonly speedup: number;
}

export interface PanelUpdateResult {
  readonly changed: readonly PanelUpdateSample[];
  readonly unchanged: readonly PanelUpdateSample[];
  readonly changedSummary: Summary;
  readonly unchangedSummary: Summary;
  /** Each component's own update time in the changed updates (median, ms), largest first. */
  readonly cards: readonly { readonly name: string; readonly median: number }[];
  /** The snapshot message as the host sends it: its JSON's length and one `JSON.parse` of it in the page. */
  readonly message: { readonly chars: number; readonly parse: Summary };
  readonly baseline?: PanelBaselineResult;
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

/**
 * The webview sources of `ref` (webview/, src/shared/, media/) in a temporary folder that the harness can
 * build, with the repository's node_modules linked in. Returns the folder and the commit.
 */
function checkoutWebview(repoRoot: string, ref: string): { dir: string; commit: string } {
  if (!/^[\w./~^@{}-]+$/.test(ref)) throw new Error(`not a git revision: ${ref}`);
  const commit = execFileSync('git', ['-C', repoRoot, 'rev-parse', '--short', `${ref}^{commit}`], { encoding: 'utf8' }).trim();
  const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-panel-baseline-'));
  const tar = execFileSync('git', ['-C', repoRoot, 'archive', '--format=tar', commit, 'webview', 'src/shared', 'media'], { maxBuffer: 256 * 1024 * 1024 });
  execFileSync('tar', ['-x', '-C', dir], { input: tar });
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'));
  return { dir, commit };
}

/** A panel page of one bundle, loaded and ready, with the analyses in it. */
async function openPanel(browser: Browser, harness: Harness, pair: [Analysis, Analysis], timeCards: boolean, errors: string[]): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  page.setDefaultTimeout(120_000); // a hang bound, not a timing
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript({ content: vscodeInitScript(darkModern) });
  await page.addInitScript({ content: PROBE });
  if (timeCards) await page.addInitScript({ content: 'window.__gradlensCardTimes = {};' });
  await page.goto(harness.url);
  await page.waitForFunction('window.__posted.length > 0');
  await page.evaluate((p) => { (globalThis as unknown as { __analyses: unknown }).__analyses = p; }, pair);
  return page;
}

/** Runs in the page: the snapshot message's JSON length and the time of `reps` JSON.parse calls of it. */
const PARSE_PROBE = (reps: number) => `(() => {
  const text = JSON.stringify({ type: 'snapshot', documentUri: 'file:///bench', errors: [], runState: 'idle', depth: 3, analysis: window.__analyses[0] });
  const times = [];
  for (let i = 0; i < ${reps}; i++) { const t = performance.now(); JSON.parse(text); times.push(performance.now() - t); }
  return { chars: text.length, times };
})()`;

/**
 * Measures `updates` changed updates (after `warmup` untimed ones) and `updates` unchanged ones, each
 * component's share of the changed ones, and one JSON.parse of the message; with `baselineRef`, the
 * baseline's panel takes a changed update in turn with the working tree's. Throws when a panel reports an error.
 */
export async function measurePanelUpdate(repoRoot: string, chromiumPath: string, updates: number, warmup: number, analyses?: [Analysis, Analysis], options: PanelUpdateOptions = {}): Promise<PanelUpdateResult> {
  const pair = analyses ?? await digitsCnnAnalyses(repoRoot);
  const old = options.baselineRef !== undefined ? checkoutWebview(repoRoot, options.baselineRef) : undefined;
  const harness = await startHarness(repoRoot);
  const oldHarness = old ? await startHarness(old.dir) : undefined;
  const browser = await chromium.launch({ executablePath: chromiumPath, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run', '--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'] });
  try {
    const errors: string[] = [];
    const page = await openPanel(browser, harness, pair, true, errors);
    const oldPage = oldHarness ? await openPanel(browser, oldHarness, pair, false, errors) : undefined;
    const snapshot = (i: number) => `window.postMessage({ ...${JSON.stringify({ type: 'snapshot', documentUri: URI, errors: [], runState: 'idle', depth: 3 } satisfies Omit<SnapshotMessage, 'analysis'>)}, analysis: { ...window.__analyses[${i % 2}], step: ${i + 1} } }, '*')`;
    const changed: PanelUpdateSample[] = [];
    const oldChanged: PanelUpdateSample[] = [];
    for (let i = 0; i < warmup + updates; i++) {
      if (i === warmup) await page.evaluate('window.__gradlensCardTimes = {}');
      // The two panels take turns, in alternating order, so neither always runs right after the other.
      const first = i % 2 === 0;
      const oldSample = oldPage && !first ? await update(oldPage, snapshot(i)) : undefined;
      const sample = await update(page, snapshot(i));
      const oldSampleAfter = oldPage && first ? await update(oldPage, snapshot(i)) : undefined;
      if (i < warmup) continue;
      changed.push(sample);
      const o = oldSample ?? oldSampleAfter;
      if (o) oldChanged.push(o);
    }
    const times = await page.evaluate('window.__gradlensCardTimes') as Record<string, number[]>;
    const cards = Object.entries(times).map(([name, ms]) => ({ name, median: median(ms) })).sort((x, y) => y.median - x.median);
    const parsed = await page.evaluate(PARSE_PROBE(Math.max(3, Math.min(updates, 11)))) as { chars: number; times: number[] };
    const sameDepth: HostToPanelMessage = { type: 'depthChanged', depth: 3 };
    const unchanged: PanelUpdateSample[] = [];
    for (let i = 0; i < updates; i++) unchanged.push(await update(page, `window.postMessage(${JSON.stringify(sameDepth)}, '*')`));
    if (errors.length > 0) throw new Error(`the panel reported errors: ${errors.join('; ')}`);
    const baseline = old && oldChanged.length > 0 ? {
      ref: options.baselineRef!, commit: old.commit, changed: oldChanged, changedSummary: summarize(oldChanged.map((s) => s.ms)),
      speedup: median(oldChanged.map((s, k) => s.ms / changed[k].ms)),
    } : undefined;
    return {
      changed, unchanged, changedSummary: summarize(changed.map((s) => s.ms)), unchangedSummary: summarize(unchanged.map((s) => s.ms)),
      cards, message: { chars: parsed.chars, parse: summarize(parsed.times) }, ...(baseline ? { baseline } : {}),
    };
  } finally {
    await browser.close();
    await harness.close();
    await oldHarness?.close();
    if (old) rmSync(old.dir, { recursive: true, force: true });
  }
}
