// Issue 9, memory: is the heap flat after 1,000 analyses? Run with `node --expose-gc`:
//
//   node --expose-gc test/robustness/memory.mjs [analyses]     (default 1000)
//
// Drives the host's session layer (DocumentAnalyses and AnalysisWorkerClient, `vscode` bundled as the
// test fake) against the real analysis worker thread, the way the extension does: each analysis is
// of a new version of a document (as after an edit: the worker builds a new session), every tenth
// document is also trained a few steps, and half the analyses are of documents opened, analysed and
// closed again. After a warm-up of 100 analyses and after all of them, both heaps (host and worker)
// are measured after full garbage collections. Prints one JSON line:
//   { analyses, host: { before, after, growth }, worker: { before, after, growth }, seconds } (MB)
import { build } from 'esbuild';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';

if (typeof globalThis.gc !== 'function') {
  console.error('run with node --expose-gc');
  process.exit(2);
}
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ANALYSES = Number(process.argv[2] ?? 1000);
const WARM_UP = 100;
const out = mkdtempSync(path.join(tmpdir(), 'gradlens-memory-'));

// The real worker, and a wrapper that also answers heap questions on a port of its own.
const workerScript = path.join(out, 'worker.js');
await build({
  entryPoints: [path.join(ROOT, 'src/worker/analysisWorker.ts')], bundle: true, platform: 'node', format: 'cjs',
  outfile: workerScript, mainFields: ['module', 'main'], logLevel: 'silent',
});
const wrapper = path.join(out, 'measured-worker.js');
writeFileSync(wrapper, `
const { workerData } = require('node:worker_threads');
workerData.heap.on('message', () => {
  for (let i = 0; i < 3; i++) global.gc();
  workerData.heap.postMessage(process.memoryUsage().heapUsed);
});
require(workerData.script);
`);

// The host's session layer.
const hostBundle = path.join(out, 'host.mjs');
await build({
  stdin: {
    contents: `export { DocumentAnalyses } from './src/session/documentAnalyses';
export { AnalysisWorkerClient } from './src/session/workerClient';
export { DEFAULT_ANALYSIS_SETTINGS } from './src/analysis/settings';`,
    resolveDir: ROOT, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'esm', outfile: hostBundle, logLevel: 'silent',
  alias: { vscode: path.join(ROOT, 'test/fakes/vscode.ts') },
});
const { DocumentAnalyses, AnalysisWorkerClient, DEFAULT_ANALYSIS_SETTINGS } = await import(pathToFileURL(hostBundle).href);

const { port1: heap, port2: heapForWorker } = new MessageChannel();
const client = new AnalysisWorkerClient(
  () => new Worker(wrapper, { workerData: { script: workerScript, heap: heapForWorker }, transferList: [heapForWorker] }),
  { info() {}, warn: (m) => console.error(m), error: (m) => console.error(m) },
);
const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, { info() {}, warn: (m) => console.error(m), error() {} }, 0);

const { readFileSync } = await import('node:fs');
const file = path.join(ROOT, 'examples', 'xor.nn.json');
const source = readFileSync(file, 'utf8');
const text = (n) => source.replace('"seed": 3', `"seed": ${n}`);
const snapshot = (uri, version, n) => ({ uri, version, fileName: file, getText: () => text(n) });

let done = 0;
async function analyse(n) {
  if (n % 2 === 0) {
    // An edit of the one document that stays open.
    const state = await analyses.analyse(snapshot('file:///memory/edited.nn.json', n, n));
    if (!state?.outcome?.analysis) throw new Error(`analysis ${n} failed: ${state?.error}`);
    if (n % 10 === 0) await analyses.train(snapshot('file:///memory/edited.nn.json', n, n), { steps: 5 });
  } else {
    // A document opened, analysed and closed.
    const uri = `file:///memory/opened-${n}.nn.json`;
    const state = await analyses.analyse(snapshot(uri, 1, n));
    if (!state?.outcome?.analysis) throw new Error(`analysis ${n} failed: ${state?.error}`);
    analyses.close(uri);
  }
  done++;
}

const MB = (bytes) => Math.round((bytes / 1024 / 1024) * 100) / 100;
async function heaps() {
  await new Promise((r) => setTimeout(r, 50));
  for (let i = 0; i < 3; i++) globalThis.gc();
  const worker = await new Promise((resolve) => { heap.once('message', resolve); heap.postMessage('gc'); });
  return { host: process.memoryUsage().heapUsed, worker };
}

const started = Date.now();
for (let n = 1; n <= WARM_UP; n++) await analyse(n);
const before = await heaps();
for (let n = WARM_UP + 1; n <= WARM_UP + ANALYSES; n++) await analyse(n);
const after = await heaps();
const seconds = (Date.now() - started) / 1000;

analyses.dispose();
client.dispose();
heap.close();
console.log(JSON.stringify({
  analyses: done - WARM_UP,
  host: { before: MB(before.host), after: MB(after.host), growth: MB(after.host - before.host) },
  worker: { before: MB(before.worker), after: MB(after.worker), growth: MB(after.worker - before.worker) },
  seconds,
}));
