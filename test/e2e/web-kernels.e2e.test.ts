/**
 * The web build's kernels in Chromium, outside VS Code: a page of our own (web-kernels/server.ts),
 * served once cross-origin isolated (COOP same-origin, COEP require-corp) and once not, runs in
 * dedicated Web Workers (as the web build's analysis worker runs the engine):
 *  - the web build's analysis worker itself (its first message is its kernel log line);
 *  - the engine's fidelity test files, unchanged (web-kernels/fidelityWorker.ts): the 40 PyTorch
 *    float64 fixtures, fused-vs-autodiff on random shapes (dense and layered), the published numbers and
 *    the gradient checks, every product on WebAssembly SIMD, and in the isolated page every product of
 *    32 rows or columns or more split with the helper Web Worker (which computes every chunk);
 *  - the two-thread checks (web-kernels/threadsWorker.ts).
 * Each worker reports every case; a test here fails with the failed cases' names and errors. The
 * scripts are built with the web build's esbuild options (web-kernels/bundle.ts). code-server is not
 * cross-origin isolated, so this is where the browser's two threads are tested for real.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TWO_THREADS_FROM } from '../../src/engine/products';
import { CHROMIUM, CHROMIUM_ARGS } from './harness/workbench';
import { buildWebKernelPage } from './web-kernels/bundle';
import { serveWebKernelPage, type WebKernelServer } from './web-kernels/server';

interface WorkerMessage {
  readonly type: string;
  readonly kernels?: string;
  readonly crossOriginIsolated?: boolean;
  readonly helpers?: string;
  readonly name?: string;
  readonly passed?: boolean;
  readonly error?: string;
  readonly products?: { 'wasm-simd': number; typescript: number };
  readonly chunks?: { helper: number; caller: number };
}

/** Hang bound of a whole corpus on a loaded machine (no timing is asserted). */
const CORPUS_BOUND = 900_000;

let dir: string;
let server: WebKernelServer;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'gradlens-web-kernels-'));
  await buildWebKernelPage(dir);
  server = await serveWebKernelPage(dir);
  browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Runs a worker script of the page to its end; returns its messages (each case also goes to the log). */
async function runWorker(page: Page, script: string, start = true): Promise<WorkerMessage[]> {
  return page.evaluate(([s, go]) => (globalThis as unknown as { runWorker(s: string, go: boolean): Promise<WorkerMessage[]> }).runWorker(s, go), [script, start] as const);
}

/** The cases a worker reported, and the failed ones as `name: error` lines. */
function cases(messages: WorkerMessage[]) {
  const all = messages.filter((m) => m.type === 'case');
  return { all, names: all.map((m) => m.name ?? ''), failed: all.filter((m) => !m.passed).map((m) => `${m.name}: ${m.error}`) };
}

/** The test files' top-level suites: each must have reported cases. */
const FIDELITY_SUITES = [
  'the fused path agrees with the autodiff reference',
  'the 2-2-2 worked example (Mazur 2015)',
  'a single tanh neuron (Karpathy, micrograd lecture)',
  "micrograd's sanity expression",
  'squared error versus cross-entropy (McCaffrey 2013)',
  'the gradient check',
  'layered networks agree with PyTorch float64',
  'the fused layers agree with the autodiff reference',
  'the layered gradient check',
];

const fidelityCaseCounts: number[] = [];

for (const isolated of [true, false]) {
  describe(isolated ? 'in a cross-origin-isolated page (COOP same-origin, COEP require-corp)' : 'in a page that is not cross-origin isolated', () => {
    let page: Page;
    const pageErrors: string[] = [];

    beforeAll(async () => {
      page = await browser.newPage();
      page.on('pageerror', (error) => pageErrors.push(String(error)));
      await page.exposeFunction('reportWorkerMessage', (m: WorkerMessage) => {
        if (m.type === 'case' && !m.passed) console.log(`FAILED in the browser: ${m.name}: ${m.error}`);
      });
      await page.goto(server.url(isolated));
      expect(await page.evaluate(() => (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated)).toBe(isolated);
    }, 120_000);

    afterAll(async () => {
      await page?.close();
      expect(pageErrors).toEqual([]);
    });

    it(isolated
      ? 'the web build\'s analysis worker logs WebAssembly SIMD with two threads from TWO_THREADS_FROM (the Web Worker helper)'
      : 'the web build\'s analysis worker logs WebAssembly SIMD on one thread, and why (not cross-origin isolated)', async () => {
      const [started] = await runWorker(page, 'web-worker.js', false);
      expect(started.type).toBe('workerStarted');
      expect(started.kernels).toMatch(/^kernels: wasm-simd \(WebAssembly SIMD f64x2 from /);
      expect(started.kernels).toMatch(isolated
        ? new RegExp(`; two threads from ${TWO_THREADS_FROM} multiply-adds \\(Web Worker helper not started\\)\\); Web Worker$`)
        : /; one thread \(no helper thread on this platform\)\); Web Worker \(no second thread: not cross-origin isolated\)$/);
    }, 120_000);

    it(isolated
      ? 'the fidelity tests pass unchanged on WebAssembly SIMD split with the helper Web Worker: PyTorch fixtures, fused vs autodiff, published numbers, gradient checks'
      : 'the fidelity tests pass unchanged on WebAssembly SIMD on one thread: PyTorch fixtures, fused vs autodiff, published numbers, gradient checks', async () => {
      const messages = await runWorker(page, 'fidelity.js');
      const start = messages[0], end = messages[messages.length - 1];
      expect(start.crossOriginIsolated).toBe(isolated);
      expect(start.kernels).toBe(isolated
        ? 'kernels: wasm-simd (every size; two threads from 0 multiply-adds (Web Worker helper running))'
        : 'kernels: wasm-simd (every size; one thread (no helper thread on this platform))');
      const { names, failed } = cases(messages);
      expect(failed).toEqual([]);
      for (const suite of FIDELITY_SUITES) expect(names.some((name) => name.startsWith(`${suite} > `)), suite).toBe(true);
      expect(names.filter((name) => /^layered networks agree with PyTorch float64 > net\d\d\.json: /.test(name))).toHaveLength(40);
      console.log(`fidelity in the ${isolated ? 'isolated' : 'plain'} page: ${names.length} cases passed; products ${JSON.stringify(end.products)}, chunks ${JSON.stringify(end.chunks)}`);
      fidelityCaseCounts.push(names.length);
      expect(fidelityCaseCounts.every((count) => count === names.length)).toBe(true);
      // Proof of the path taken: every product of the engine ran on the SIMD kernels; with isolation
      // the helper Web Worker computed every chunk of the split ones.
      expect(end.type).toBe('end');
      expect(end.products?.['wasm-simd']).toBeGreaterThan(1000);
      expect(end.products?.typescript).toBe(0);
      if (isolated) {
        expect(end.chunks?.helper).toBeGreaterThan(100);
        expect(end.chunks?.caller).toBe(0);
      } else {
        expect(end.chunks).toEqual({ helper: 0, caller: 0 });
      }
    }, CORPUS_BOUND);

    it(isolated
      ? 'two threads in the browser: the helper Web Worker computes chunks, results bit for bit one-thread SIMD and the reference\'s to 1e-12, split from TWO_THREADS_FROM'
      : 'without isolation the kernels fall back to one thread cleanly and say so', async () => {
      const messages = await runWorker(page, 'threads.js');
      const start = messages[0], end = messages[messages.length - 1];
      expect(start.helpers).toBe(isolated ? 'Web Worker' : 'not cross-origin isolated');
      const { names, failed } = cases(messages);
      expect(failed).toEqual([]);
      console.log(`two-thread checks in the ${isolated ? 'isolated' : 'plain'} page: ${names.join('; ')}; chunks ${JSON.stringify(end.chunks)}`);
      expect(names).toHaveLength(isolated ? 4 : 3);
      expect(end.type).toBe('end');
      if (!isolated) expect(end.chunks).toEqual({ helper: 0, caller: 0 });
    }, CORPUS_BOUND);
  });
}
