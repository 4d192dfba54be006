/** Parses a document into a session with the data-file reader of the worker's platform (the worker's `OpenSession`). */
import { ModelSession } from '../analysis/modelSession';
import type { DataFileReader } from '../model/types';
import type { OpenedDocument } from './sessionStore';
import type { WorkerDocument } from './workerProtocol';

export function sessionOpener(dataFilesOf: (document: WorkerDocument) => DataFileReader | undefined): (document: WorkerDocument) => OpenedDocument {
  return (document) => {
    const { session, diagnostics } = ModelSession.open(document.text, document.fileName || 'untitled.nn.json', document.settings, dataFilesOf(document));
    return session ? { session } : { outcome: { diagnostics } };
  };
}
