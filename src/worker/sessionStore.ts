/**
 * The worker's sessions, one per document, rebuilt whenever the document's text or settings change
 * (a changed file starts over from its initial parameters). Invalid files keep their diagnostics.
 *
 * This is the one place a `Network` comes from: the session's parameters (trained or not), and for
 * each document the parameters of its last analysis, kept beside that analysis so an explanation
 * describes exactly the numbers the editor shows, even while the session trains on.
 */
import type { ModelSession, SessionNetwork } from '../analysis/modelSession';
import type { Analysis, AnalysisOutcome } from '../analysis/types';
import type { WorkerDocument } from './workerProtocol';

export interface OpenedDocument {
  readonly session?: ModelSession;
  /** The outcome of an invalid file (no session). */
  readonly outcome?: AnalysisOutcome;
}

/** An analysis and the network it was made of (a copy, changed by nothing): dense, or layered for a model file 1.1. */
export interface AnalysedNetwork {
  readonly analysis: Analysis;
  readonly network: SessionNetwork;
}

interface Entry {
  readonly text: string;
  readonly settings: string;
  readonly opened: OpenedDocument;
  analysed?: AnalysedNetwork;
}

export class SessionStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly open: (document: WorkerDocument) => OpenedDocument) {}

  /** The document's session, reused when its text and settings are unchanged. */
  get(document: WorkerDocument): OpenedDocument {
    return this.entry(document).opened;
  }

  /** Analyses the session at its current parameters and keeps the analysis with a copy of them. */
  analyse(document: WorkerDocument): AnalysisOutcome {
    const entry = this.entry(document);
    const session = entry.opened.session;
    if (!session) return entry.opened.outcome!;
    const outcome = session.analyse();
    if (outcome.analysis) entry.analysed = { analysis: outcome.analysis, network: session.copy(session.anyNetwork) };
    return outcome;
  }

  /** The document's last analysis with its parameters (analysing now when there is none). */
  analysed(document: WorkerDocument): AnalysedNetwork | undefined {
    const entry = this.entry(document);
    if (!entry.analysed) this.analyse(document);
    return entry.analysed;
  }

  close(uri: string): void {
    this.entries.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }

  private entry(document: WorkerDocument): Entry {
    const settings = JSON.stringify(document.settings);
    const entry = this.entries.get(document.uri);
    if (entry && entry.text === document.text && entry.settings === settings) return entry;
    const fresh: Entry = { text: document.text, settings, opened: this.open(document) };
    this.entries.set(document.uri, fresh);
    return fresh;
  }
}
