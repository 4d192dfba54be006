/**
 * In the web worker extension host the analysis worker is a Web Worker behind the same `WorkerLike`
 * as Node's worker thread (src/platform/webAnalysisWorker.ts). Its documents get their data files
 * asynchronously before they are posted; the messages still reach the worker in the order sent, and a
 * worker that cannot start or fails is reported as an error (AnalysisWorkerClient then fails the
 * requests with a readable message and starts another).
 */
import { afterEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { fakeFiles } from '../fakes/vscode';
import { WebAnalysisWorker } from '../../src/platform/webAnalysisWorker';
import { AnalysisWorkerClient } from '../../src/session/workerClient';
import type { WorkerRequest } from '../../src/worker/workerProtocol';

type Listener = (event: { data?: unknown; message?: string }) => void;

/** A stand-in for the browser's `Worker`: records the URL it was started from and what it was sent. */
class FakeBrowserWorker {
  static started: FakeBrowserWorker[] = [];
  readonly received: unknown[] = [];
  readonly listeners: Record<string, Listener[]> = {};
  terminated = false;
  constructor(readonly url: string) { FakeBrowserWorker.started.push(this); }
  postMessage(message: unknown): void { this.received.push(message); }
  addEventListener(type: string, listener: Listener): void { (this.listeners[type] ??= []).push(listener); }
  terminate(): void { this.terminated = true; }
  emit(type: string, event: { data?: unknown; message?: string }): void { for (const l of this.listeners[type] ?? []) l(event); }
}

const g = globalThis as { Worker?: unknown };
const original = g.Worker;
afterEach(() => { g.Worker = original; FakeBrowserWorker.started = []; fakeFiles.clear(); });

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));
const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const script = vscode.Uri.parse('vscode-remote://host/ext/dist/web/worker.js');

describe('the Web Worker behind WorkerLike', () => {
  it('starts from the script read through the workspace file system when its location is not http(s)', async () => {
    g.Worker = FakeBrowserWorker;
    fakeFiles.set(script.toString(), new TextEncoder().encode('/* worker */'));
    const worker = new WebAnalysisWorker(script, async (r) => r);
    worker.postMessage({ type: 'close', uri: 'a' });
    await settled(); await settled();
    expect(FakeBrowserWorker.started).toHaveLength(1);
    expect(FakeBrowserWorker.started[0]!.url).toMatch(/^blob:/);
    expect(FakeBrowserWorker.started[0]!.received).toEqual([{ type: 'close', uri: 'a' }]);
  });

  it('is started from its URL on an http(s) location (vscode.dev serves extensions over https)', async () => {
    g.Worker = FakeBrowserWorker;
    new WebAnalysisWorker(vscode.Uri.parse('https://cdn.example/ext/dist/web/worker.js'), async (r) => r);
    await settled();
    expect(FakeBrowserWorker.started[0]!.url).toMatch(/^https:.*cdn\.example\/ext\/dist\/web\/worker\.js$/);
  });

  it('posts messages in the order sent, even when an earlier one takes longer to prepare', async () => {
    g.Worker = FakeBrowserWorker;
    fakeFiles.set(script.toString(), new TextEncoder().encode(''));
    const prepare = async (request: WorkerRequest) => { if (request.type === 'close') await delay(30); return request; };
    const worker = new WebAnalysisWorker(script, prepare);
    worker.postMessage({ type: 'close', uri: 'slow' });
    worker.postMessage({ type: 'pause', uri: 'fast' });
    await expect.poll(() => FakeBrowserWorker.started[0]?.received.length ?? 0).toBe(2);
    expect(FakeBrowserWorker.started[0]!.received).toEqual([{ type: 'close', uri: 'slow' }, { type: 'pause', uri: 'fast' }]);
  });

  it('hands the worker\'s messages on, and reports its error events as errors', async () => {
    g.Worker = FakeBrowserWorker;
    fakeFiles.set(script.toString(), new TextEncoder().encode(''));
    const worker = new WebAnalysisWorker(script, async (r) => r);
    const messages: unknown[] = [], errors: string[] = [];
    worker.on('message', (m) => messages.push(m));
    worker.on('error', (e) => errors.push(e.message));
    await settled();
    FakeBrowserWorker.started[0]!.emit('message', { data: { type: 'alive', id: 1, uri: 'a' } });
    FakeBrowserWorker.started[0]!.emit('error', { message: 'Uncaught RangeError' });
    expect(messages).toEqual([{ type: 'alive', id: 1, uri: 'a' }]);
    expect(errors).toEqual(['Uncaught RangeError']);
  });

  it('that cannot start fails the client\'s request with a message a person can read', async () => {
    g.Worker = FakeBrowserWorker;
    const client = new AnalysisWorkerClient(() => new WebAnalysisWorker(script, async (r) => r), { info() {}, warn() {}, error() {} });
    const document = { uri: 'file:///m.nn.json', version: 1, text: '{}', fileName: '/m.nn.json', settings: {} as never };
    await expect(client.request({ type: 'analyze', document })).rejects.toThrow(/could not start the analysis worker .*worker\.js/);
    client.dispose();
  });
});
