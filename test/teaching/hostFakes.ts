/** Stand-ins for the session layer (analyses and model documents) over real analyses, for command tests. */
import * as vscode from 'vscode';
import type { DocumentState } from '../../src/session/documentAnalyses';
import type { TeachingAnalyses, TeachingDocuments } from '../../src/teaching/commandTargets';
import type { DepthLevel } from '../../src/shared/protocol';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { AnalysisWorkerClient } from '../../src/session/workerClient';
import { toWorkerDocument, WorkerTeaching } from '../../src/session/workerTeaching';
import { InProcessWorker } from '../helpers/inProcessWorker';

export interface FakeDocument {
  uri: vscode.Uri;
  version: number;
  text: string;
  getText(): string;
  languageId: string;
  fileName: string;
}

export function fakeDocument(path: string, text: string, version = 1): FakeDocument {
  const doc: FakeDocument = {
    uri: vscode.Uri.file(path), version, text, languageId: 'nnjson', fileName: path,
    getText: () => doc.text,
  };
  return doc;
}

/**
 * The session layer over the real worker's handler, run in process (see InProcessWorker): analyses,
 * training and the teaching requests (`teacher`) all go to the same worker sessions, as in the
 * extension. Counts analysis requests.
 */
export class FakeAnalyses implements TeachingAnalyses {
  readonly emitter = new vscode.EventEmitter<string>();
  readonly onDidChange = this.emitter.event;
  readonly states = new Map<string, DocumentState>();
  readonly workers: InProcessWorker[] = [];
  readonly client = new AnalysisWorkerClient(() => { const w = this.createWorker(); this.workers.push(w); return w; }, { info() {}, warn() {}, error() {} });
  /** The teaching requests, to the same worker. */
  readonly teacher = new WorkerTeaching(this.client, () => DEFAULT_ANALYSIS_SETTINGS);
  private readonly snapshots = new Map<string, { uri: string; version: number; fileName: string; getText(): string }>();
  requests = 0;

  constructor(private readonly createWorker: () => InProcessWorker = () => new InProcessWorker()) {}

  get(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  async analyse(snapshot: { uri: string; version: number; fileName: string; getText(): string }): Promise<DocumentState | undefined> {
    this.requests++;
    this.snapshots.set(snapshot.uri, snapshot);
    const answer = await this.client.request({ type: 'analyze', document: toWorkerDocument(snapshot, DEFAULT_ANALYSIS_SETTINGS) });
    return this.publish(snapshot.uri, answer.version, answer.outcome);
  }

  /** Trains the document's session in the worker and publishes the new analysis, as a training run does. */
  async train(uri: string, steps: number): Promise<void> {
    const snapshot = this.snapshots.get(uri)!;
    const answer = await this.client.request({ type: 'train', document: toWorkerDocument(snapshot, DEFAULT_ANALYSIS_SETTINGS), steps });
    this.publish(uri, answer.version, answer.outcome);
  }

  /** Every request the host sent to the worker(s), in order. */
  get workerRequests() {
    return this.workers.flatMap((w) => w.requests);
  }

  private publish(uri: string, version: number, outcome: DocumentState['outcome']): DocumentState {
    const state: DocumentState = { uri, version, runState: 'idle', ...(outcome ? { outcome } : {}) };
    this.states.set(uri, state);
    this.emitter.fire(uri);
    return state;
  }
}

/** Analyses and the teacher over one in-process worker, for `registerTeaching` / `registerExplainCommand`. */
export function workerBacked(): { analyses: FakeAnalyses; teacher: WorkerTeaching } {
  const analyses = new FakeAnalyses();
  return { analyses, teacher: analyses.teacher };
}

export class FakeDocuments implements TeachingDocuments {
  constructor(readonly docs: FakeDocument[]) {}
  current(): string | undefined { return this.docs[0]?.uri.toString(); }
  document(uri: string | undefined): vscode.TextDocument | undefined {
    return this.docs.find((d) => d.uri.toString() === uri) as unknown as vscode.TextDocument | undefined;
  }
  target(uri?: string): vscode.TextDocument | undefined { return this.document(uri ?? this.current()); }
}

export class FakeDepth {
  private readonly emitter = new vscode.EventEmitter<DepthLevel>();
  readonly onDidChange = this.emitter.event;
  constructor(public current: DepthLevel = 4) {}
  set(level: DepthLevel): void { this.current = level; this.emitter.fire(level); }
}
