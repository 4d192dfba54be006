/**
 * The browser's helper thread for the engine (src/worker/webKernelThreads.ts): offered only in a
 * cross-origin-isolated page with Web Workers; then a Web Worker made from the engine's helper script,
 * handed the shared module, memory and control block by one message, and ended by `stop()`. No
 * browser runs here (the web build enables it in its worker): fake globals record what it does; the
 * helper script itself is run for real by the Node helper's tests (test/engine/two-thread-kernels), and
 * the whole starter in Chromium, in a cross-origin-isolated page and in one that is not, by
 * test/e2e/web-kernels.e2e.test.ts (the e2e web run).
 */
import { describe, expect, it } from 'vitest';
import { HELPER_SCRIPT, type HelperThreadData } from '../../src/engine/wasm/twoThreads';
import { webHelperThreads } from '../../src/worker/webKernelThreads';

describe('the Web Worker helper', () => {
  it('is not offered where the page is not cross-origin isolated (no SharedArrayBuffer there), nor without Web Workers', () => {
    expect(webHelperThreads({})).toBe('not cross-origin isolated');
    expect(webHelperThreads({ crossOriginIsolated: false })).toBe('not cross-origin isolated');
    expect(webHelperThreads({ crossOriginIsolated: true })).toBe('no Web Workers');
  });

  it('starts a Web Worker from the helper script, sends it the shared data once, reports its errors and ends it', () => {
    const made: { url: string; messages: unknown[]; terminated: boolean; onerror: ((e: { message?: string }) => void) | null }[] = [];
    const blobs: string[][] = [];
    const revoked: string[] = [];
    const starter = webHelperThreads({
      crossOriginIsolated: true,
      Worker: class {
        onerror: ((e: { message?: string }) => void) | null = null;
        readonly record: (typeof made)[number];
        constructor(url: string) { this.record = { url, messages: [], terminated: false, onerror: null }; made.push(this.record); }
        postMessage(data: unknown) { this.record.messages.push(data); this.record.onerror = this.onerror; }
        terminate() { this.record.terminated = true; }
      },
      Blob: class { constructor(parts: string[]) { blobs.push(parts); } },
      URL: { createObjectURL: () => 'blob:helper', revokeObjectURL: (url: string) => { revoked.push(url); } },
    });
    if (typeof starter === 'string') throw new Error(starter);
    expect(starter.name).toBe('Web Worker');
    const data = { module: {}, memory: {}, control: new SharedArrayBuffer(64) } as HelperThreadData;
    const failures: string[] = [];
    const helper = starter.start(data, (reason) => failures.push(reason));
    expect(blobs[0].join('')).toContain(HELPER_SCRIPT);
    expect(blobs[0].join('')).toContain('runGemmHelper(e.data)');
    expect(made).toHaveLength(1);
    expect(made[0].url).toBe('blob:helper');
    expect(made[0].messages).toEqual([data]);
    made[0].onerror?.({ message: 'blocked by the content security policy' });
    expect(failures).toEqual(['failed: blocked by the content security policy']);
    helper.stop();
    expect(made[0].terminated).toBe(true);
    expect(revoked).toEqual(['blob:helper']);
  });
});
