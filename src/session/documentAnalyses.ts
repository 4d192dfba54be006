/**
 * Keeps one analysis per open model file, off the main thread and never stale.
 *
 * - Edits are debounced (`debounceMs`, about 150 ms) before a run starts.
 * - Every edit starts a new generation; an answer from an older generation is dropped, so a stale
 *   result never overwrites a fresh one, whatever order the answers arrive in. An edit also asks a
 *   training run of that document to stop.
 * - Results are cached per document version: asking again for the same version runs nothing.
 * Listeners (lenses, hints, diagnostics, explorer, panel, status bar) hear `onDidChange(uri)`.
 */
import * as vscode from 'vscode';
import type { AnalysisOutcome, TrainingPoint } from '../analysis/types';
import type { AnalysisSettings } from '../analysis/settings';
import type { RunState } from '../shared/protocol';
import type { WorkerDocument } from '../worker/workerProtocol';
import type { AnalysisWorkerClient, Logger } from './workerClient';
import { toWorkerDocument, type DocumentSnapshot } from './workerDocument';

export type { DocumentSnapshot };

export interface DocumentState {
  readonly uri: string;
  /** The document version this state describes. */
  readonly version: number;
  readonly outcome?: AnalysisOutcome;
  readonly runState: RunState;
  /** Why the last run failed or stopped early (worker restarted, model too large, NaN in training, …), for people. */
  readonly error?: string;
}

export interface TrainingProgressEvent {
  readonly uri: string;
  readonly points: readonly TrainingPoint[];
  readonly step: number;
  readonly totalSteps: number;
}

type Requester = Pick<AnalysisWorkerClient, 'request' | 'pause' | 'close'>;

interface Entry {
  generation: number;
  state?: DocumentState;
  timer?: ReturnType<typeof setTimeout>;
  /** The version whose analysis was last requested (to skip repeats). */
  requestedVersion?: number;
  /** The analysis request still in flight, shared by callers asking for the same version meanwhile. */
  inFlight?: { readonly version: number; readonly generation: number; readonly answer: Promise<DocumentState | undefined> };
  training: boolean;
}

export class DocumentAnalyses {
  private readonly entries = new Map<string, Entry>();
  private readonly changeEmitter = new vscode.EventEmitter<string>();
  private readonly progressEmitter = new vscode.EventEmitter<TrainingProgressEvent>();
  /** Fired with a document's uri whenever its state (analysis, run state or error) changes. */
  readonly onDidChange = this.changeEmitter.event;
  /** Fired with new training points while a run is in progress. */
  readonly onDidTrainingProgress = this.progressEmitter.event;

  constructor(
    private readonly client: Requester,
    private readonly settings: () => AnalysisSettings,
    private readonly log: Logger,
    private readonly debounceMs = 150,
  ) {}

  /** The latest state of a document, if it was ever analysed. */
  get(uri: string): DocumentState | undefined {
    return this.entries.get(uri)?.state;
  }

  /** Called on open and on every edit: schedules an analysis once edits settle. */
  documentChanged(document: DocumentSnapshot): void {
    const entry = this.entry(document.uri);
    if (entry.state?.version === document.version && entry.state.outcome) return;
    entry.generation++;
    if (entry.training) this.client.pause(document.uri);
    if (entry.timer) clearTimeout(entry.timer);
    entry.timer = setTimeout(() => {
      entry.timer = undefined;
      void this.analyse(document);
    }, this.debounceMs);
  }

  /**
   * Analyses the document now (no debounce) unless this version's analysis is cached or already
   * requested; resolves with the state when the answer is current.
   */
  async analyse(document: DocumentSnapshot, force = false): Promise<DocumentState | undefined> {
    const entry = this.entry(document.uri);
    if (!force && entry.requestedVersion === document.version && entry.state?.version === document.version) return entry.state;
    if (entry.timer) { clearTimeout(entry.timer); entry.timer = undefined; }
    if (force) entry.generation++;
    const inFlight = entry.inFlight;
    if (!force && inFlight && inFlight.version === document.version && inFlight.generation === entry.generation) return inFlight.answer;
    entry.requestedVersion = document.version;
    const answer = this.run(document, entry, 'analysing', { type: 'analyze', document: this.workerDocument(document) });
    entry.inFlight = { version: document.version, generation: entry.generation, answer };
    const settled = () => { if (entry.inFlight?.answer === answer) entry.inFlight = undefined; };
    answer.then(settled, settled);
    return answer;
  }

  /** Trains the document's model (`steps` steps, or `epochs` epochs, default the file's). */
  async train(document: DocumentSnapshot, options: { steps?: number; epochs?: number; learningRate?: number } = {}): Promise<DocumentState | undefined> {
    const entry = this.entry(document.uri);
    if (entry.training) return entry.state;
    entry.training = true;
    entry.inFlight = undefined; // an analysis asked for after this must see the trained parameters
    try {
      return await this.run(document, entry, 'training', { type: 'train', document: this.workerDocument(document), ...options });
    } finally {
      entry.training = false;
    }
  }

  /** Returns the model to its initial parameters. */
  async reset(document: DocumentSnapshot): Promise<DocumentState | undefined> {
    const entry = this.entry(document.uri);
    if (entry.training) this.client.pause(document.uri);
    entry.inFlight = undefined;
    return this.run(document, entry, 'analysing', { type: 'reset', document: this.workerDocument(document) });
  }

  /** Asks a training run to stop; its final state arrives through `onDidChange`. */
  pause(uri: string): void {
    if (this.entries.get(uri)?.training) this.client.pause(uri);
  }

  isTraining(uri: string): boolean {
    return this.entries.get(uri)?.training ?? false;
  }

  /** Forgets a closed document. */
  close(uri: string): void {
    const entry = this.entries.get(uri);
    if (!entry) return;
    if (entry.timer) clearTimeout(entry.timer);
    this.entries.delete(uri);
    this.client.close(uri);
    this.changeEmitter.fire(uri);
  }

  /** Re-runs every known document (after a settings change). */
  uris(): string[] {
    return [...this.entries.keys()];
  }

  dispose(): void {
    for (const entry of this.entries.values()) if (entry.timer) clearTimeout(entry.timer);
    this.entries.clear();
    this.changeEmitter.dispose();
    this.progressEmitter.dispose();
  }

  private async run(
    document: DocumentSnapshot,
    entry: Entry,
    runState: RunState,
    request: Parameters<Requester['request']>[0],
  ): Promise<DocumentState | undefined> {
    const generation = entry.generation;
    const uri = document.uri;
    this.setState(entry, { ...(entry.state ?? { uri, version: document.version }), runState, error: undefined });
    try {
      const answer = await this.client.request(request, (progress) => {
        if (entry.generation !== generation) return;
        this.progressEmitter.fire({ uri, points: progress.points, step: progress.step, totalSteps: progress.totalSteps });
      });
      if (entry.generation !== generation || this.entries.get(uri) !== entry) return undefined;
      // A run that stopped on a NaN or Infinity says so where people look (panel, status bar, commands).
      this.setState(entry, {
        uri, version: answer.version, outcome: answer.outcome, runState: answer.paused ? 'paused' : 'idle',
        ...(answer.stopped ? { error: answer.stopped } : {}),
      });
      return entry.state;
    } catch (error) {
      if (entry.generation !== generation || this.entries.get(uri) !== entry) return undefined;
      const message = (error as Error).message;
      this.log.warn(`${uri}: ${message}`);
      this.setState(entry, { ...(entry.state ?? { uri, version: document.version }), runState: 'error', error: message });
      return entry.state;
    }
  }

  private setState(entry: Entry, state: DocumentState): void {
    entry.state = state;
    this.changeEmitter.fire(state.uri);
  }

  private entry(uri: string): Entry {
    let entry = this.entries.get(uri);
    if (!entry) {
      entry = { generation: 0, training: false };
      this.entries.set(uri, entry);
    }
    return entry;
  }

  private workerDocument(document: DocumentSnapshot): WorkerDocument {
    return toWorkerDocument(document, this.settings());
  }
}
