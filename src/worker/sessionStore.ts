/**
 * The worker's sessions, one per document, rebuilt whenever the document's text or settings change
 * (a changed file starts over from its initial parameters). Invalid files keep their diagnostics.
 */
import type { ModelSession } from '../analysis/modelSession';
import type { AnalysisOutcome } from '../analysis/types';
import type { WorkerDocument } from './workerProtocol';

export interface OpenedDocument {
  readonly session?: ModelSession;
  /** The outcome of an invalid file (no session). */
  readonly outcome?: AnalysisOutcome;
}

interface Entry {
  readonly text: string;
  readonly settings: string;
  readonly opened: OpenedDocument;
}

export class SessionStore {
  private readonly entries = new Map<string, Entry>();

  constructor(private readonly open: (document: WorkerDocument) => OpenedDocument) {}

  /** The document's session, reused when its text and settings are unchanged. */
  get(document: WorkerDocument): OpenedDocument {
    const settings = JSON.stringify(document.settings);
    const entry = this.entries.get(document.uri);
    if (entry && entry.text === document.text && entry.settings === settings) return entry.opened;
    const opened = this.open(document);
    this.entries.set(document.uri, { text: document.text, settings, opened });
    return opened;
  }

  close(uri: string): void {
    this.entries.delete(uri);
  }

  get size(): number {
    return this.entries.size;
  }
}
