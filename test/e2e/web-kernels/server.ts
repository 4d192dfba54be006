/**
 * A small page for the web build's kernels (node:http on 127.0.0.1), in two variants of one origin:
 *   /isolated/…  served with `Cross-Origin-Opener-Policy: same-origin` and
 *                `Cross-Origin-Embedder-Policy: require-corp`: `crossOriginIsolated` is true, so
 *                SharedArrayBuffer and shared WebAssembly memory exist (two threads possible)
 *   /plain/…     without them, as code-server and most pages: one thread
 * Each serves index.html (below) and the scripts bundle.ts built: web-worker.js, fidelity.js, threads.js.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/**
 * The page: `runWorker(script, start)` starts a dedicated Web Worker, sends it one message when `start`,
 * hands every message it posts to `reportWorkerMessage` (exposed by the test, when it is) and resolves
 * with all of them once one of type `end` (the test workers) or `workerStarted` (the analysis worker)
 * arrives.
 */
const INDEX_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>GradLens: the web build's kernels</title></head>
<body><p>GradLens kernel checks</p><script>
globalThis.runWorker = (script, start) => new Promise((resolve, reject) => {
  const worker = new Worker(script);
  const messages = [];
  worker.onmessage = (event) => {
    messages.push(event.data);
    if (globalThis.reportWorkerMessage) globalThis.reportWorkerMessage(event.data);
    if (event.data.type === 'end' || event.data.type === 'workerStarted') { worker.terminate(); resolve(messages); }
  };
  worker.onerror = (event) => { worker.terminate(); reject(new Error(script + ': ' + event.message)); };
  if (start) worker.postMessage('run');
});
</script></body></html>`;

const ISOLATION = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};
const SCRIPTS = new Set(['web-worker.js', 'fidelity.js', 'threads.js']);

export interface WebKernelServer {
  /** The page's address, isolated or not. */
  url(isolated: boolean): string;
  close(): Promise<void>;
}

/** Serves the page and the scripts of `dir` until `close()`. */
export async function serveWebKernelPage(dir: string): Promise<WebKernelServer> {
  const server = createServer((request, response) => {
    const match = /^\/(isolated|plain)\/([\w.-]*)$/.exec(new URL(request.url ?? '/', 'http://localhost').pathname);
    const file = match?.[2] || 'index.html';
    if (!match || (file !== 'index.html' && !SCRIPTS.has(file))) {
      response.writeHead(404).end('not found');
      return;
    }
    const headers: Record<string, string> = {
      'Content-Type': file === 'index.html' ? 'text/html; charset=utf-8' : 'text/javascript; charset=utf-8',
      'Cache-Control': 'no-store',
      ...(match[1] === 'isolated' ? ISOLATION : {}),
    };
    response.writeHead(200, headers).end(file === 'index.html' ? INDEX_HTML : readFileSync(path.join(dir, file)));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (isolated) => `http://127.0.0.1:${port}/${isolated ? 'isolated' : 'plain'}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
