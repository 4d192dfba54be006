/**
 * Shared pieces of the robustness tests (issue 9): the real analysis worker bundled by esbuild as for
 * the extension, a client on it that records its workers, a recording logger, and an independent
 * check that a diagnostic's range lies inside its document.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import { readFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import type { SourceRange } from '../../src/model/types';
import type { ModelDocuments } from '../../src/session/modelDocuments';
import { AnalysisWorkerClient, type WorkerLike } from '../../src/session/workerClient';
import type { WorkerDocument } from '../../src/worker/workerProtocol';

export const ROOT = path.resolve(__dirname, '..', '..');

/** Bundles `src/worker/analysisWorker.ts` as scripts/build.mjs does for the extension. */
export async function bundleWorker(outfile: string): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, 'src/worker/analysisWorker.ts')],
    bundle: true, platform: 'node', format: 'cjs', outfile, mainFields: ['module', 'main'], logLevel: 'silent',
  });
  return outfile;
}

let bundled: Promise<string> | undefined;

/** The worker bundled into a temporary folder (once per test file). */
export function workerScript(): Promise<string> {
  bundled ??= bundleWorker(path.join(mkdtempSync(path.join(tmpdir(), 'gradlens-robust-worker-')), 'worker.js'));
  return bundled;
}

export class RecordingLog {
  readonly lines: string[] = [];
  info(message: string): void { this.lines.push(`info: ${message}`); }
  warn(message: string): void { this.lines.push(`warn: ${message}`); }
  error(message: string): void { this.lines.push(`error: ${message}`); }
}

/** A worker thread of the real worker, with its exit recorded. */
export interface RecordedWorker {
  readonly worker: Worker;
  exitCode?: number;
  readonly exited: Promise<number>;
}

/**
 * A worker thread that never answers: it blocks forever on `Atomics.wait`, whatever the machine's
 * speed. It stands for an analysis that runs far longer than the watchdog's timeout, deterministically
 * (a big model is not: a fast machine finishes it before the watchdog fires).
 */
export const STALLED_WORKER_SOURCE = 'Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);';

export interface RealClientOptions {
  /** The first worker the client starts is a stalled one (see STALLED_WORKER_SOURCE); later ones are real. */
  readonly firstWorkerStalls?: boolean;
}

/** A client on real worker threads; `workers` lists every worker it started, in order. */
export async function realClient(timeoutMs = 30_000, watchdogMs = 1_000, log = new RecordingLog(), options: RealClientOptions = {}) {
  const script = await workerScript();
  const workers: RecordedWorker[] = [];
  const client = new AnalysisWorkerClient(() => {
    const stalled = options.firstWorkerStalls === true && workers.length === 0;
    const worker = stalled ? new Worker(STALLED_WORKER_SOURCE, { eval: true }) : new Worker(script);
    const record: RecordedWorker = {
      worker,
      exited: new Promise<number>((resolve) => worker.once('exit', (code) => { record.exitCode = code; resolve(code); })),
    };
    workers.push(record);
    return worker as unknown as WorkerLike;
  }, log, timeoutMs, watchdogMs);
  return { client, workers, log };
}

/**
 * Line/column of offsets as VS Code counts them (\r\n, \r and \n end a line), computed independently
 * of src/model: the start of every line, then a binary search per offset.
 */
export class Positions {
  private readonly starts: number[] = [0];
  constructor(readonly text: string) {
    const re = /\r\n|\r|\n/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text))) this.starts.push(m.index + m[0].length);
  }
  at(offset: number): { line: number; character: number } {
    let lo = 0, hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= offset) lo = mid; else hi = mid - 1;
    }
    return { line: lo, character: offset - this.starts[lo]! };
  }
}

/** Why `range` does not lie inside the document (offsets in bounds, positions agreeing), or undefined. */
export function rangeProblem(doc: string | Positions, range: SourceRange | undefined): string | undefined {
  const positions = typeof doc === 'string' ? new Positions(doc) : doc;
  const text = positions.text;
  if (!range) return 'no range';
  const { startOffset, endOffset } = range;
  if (!Number.isInteger(startOffset) || !Number.isInteger(endOffset)) return `offsets ${startOffset}..${endOffset} are not integers`;
  if (!(0 <= startOffset && startOffset <= endOffset && endOffset <= text.length)) {
    return `offsets ${startOffset}..${endOffset} outside the document of ${text.length} characters`;
  }
  const start = positions.at(startOffset);
  const end = positions.at(endOffset);
  if (range.start.line !== start.line || range.start.character !== start.character) return `start ${JSON.stringify(range.start)} is not offset ${startOffset} (${JSON.stringify(start)})`;
  if (range.end.line !== end.line || range.end.character !== end.character) return `end ${JSON.stringify(range.end)} is not offset ${endOffset} (${JSON.stringify(end)})`;
  return undefined;
}

/** Waits until `condition` holds, polling; throws after `timeoutMs` (a hang bound, not a speed check). */
export async function until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Resolves with the promise's value, or rejects after `ms` (a hang bound for the test, not a speed check). */
export function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<T>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms); });
  return Promise.race([promise, bound]).finally(() => clearTimeout(timer));
}

/** An example model file as the worker gets it. */
export function example(name: string, text?: string): WorkerDocument {
  const fileName = path.join(ROOT, 'examples', name);
  return { uri: vscode.Uri.file(fileName).toString(), version: 1, text: text ?? readFileSync(fileName, 'utf8'), fileName, settings: DEFAULT_ANALYSIS_SETTINGS };
}

/** A text document as the commands see it, and ModelDocuments that know only it. */
export function commandTarget(d: WorkerDocument) {
  const document = {
    uri: vscode.Uri.file(d.fileName), version: d.version, getText: () => d.text, languageId: 'nnjson', fileName: d.fileName,
    isDirty: false, save: async () => { throw new Error('GradLens saved the document'); },
  };
  const documents = { target: () => document, current: () => d.uri, document: () => document } as unknown as ModelDocuments;
  return { document, documents };
}
