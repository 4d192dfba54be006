/** A text document as the session layer sees it, and as the worker gets it. */
import type { AnalysisSettings } from '../analysis/settings';
import type { WorkerDocument } from '../worker/workerProtocol';

/** What the session layer needs to know of a text document. */
export interface DocumentSnapshot {
  readonly uri: string;
  readonly version: number;
  readonly fileName: string;
  getText(): string;
}

/** The document as the worker gets it (its session is found, or rebuilt, by uri, text and settings). */
export function toWorkerDocument(document: DocumentSnapshot, settings: AnalysisSettings): WorkerDocument {
  return { uri: document.uri, version: document.version, text: document.getText(), fileName: document.fileName, settings };
}
