/**
 * The engine's second thread in a browser (the web build's analysis Web Worker): a Web Worker made
 * from the engine's `HELPER_SCRIPT` as a blob, started only where threads are allowed, that is in a
 * cross-origin-isolated page (`crossOriginIsolated`: SharedArrayBuffer and shared WebAssembly
 * memory exist). Elsewhere `webHelperThreads()` says why and the engine runs on one thread.
 *
 * For the web build: `const t = webHelperThreads(); if (typeof t !== 'string') useKernelThreads(t);`
 * in its worker before the first analysis; `describeKernels()` then logs which it is. No Node here.
 */
import { HELPER_SCRIPT, type HelperThreadStarter } from '../engine/wasm/twoThreads';

/** The browser globals this file uses (the engine's TypeScript library has no DOM). */
interface BrowserGlobals {
  crossOriginIsolated?: boolean;
  Worker?: new (url: string) => { postMessage(data: unknown): void; terminate(): void; onerror: ((event: { message?: string }) => void) | null };
  Blob?: new (parts: string[], options: { type: string }) => object;
  URL?: { createObjectURL(blob: object): string; revokeObjectURL(url: string): void };
}

/** A starter of Web Worker helpers, or why this page cannot have one. */
export function webHelperThreads(scope: BrowserGlobals = globalThis as BrowserGlobals): HelperThreadStarter | string {
  if (scope.crossOriginIsolated !== true) return 'not cross-origin isolated';
  const { Worker, Blob, URL } = scope;
  if (!Worker || !Blob || !URL) return 'no Web Workers';
  return {
    name: 'Web Worker',
    start(data, failed) {
      const url = URL.createObjectURL(new Blob([`${HELPER_SCRIPT}\nonmessage = (e) => { onmessage = null; runGemmHelper(e.data); };`], { type: 'text/javascript' }));
      const worker = new Worker(url);
      worker.onerror = (event) => failed(`failed: ${event.message ?? 'error'}`);
      worker.postMessage(data);
      return { stop: () => { worker.terminate(); URL.revokeObjectURL(url); } };
    },
  };
}
