/** Parses a document into a session, reading its CSV files from the model file's folder (the worker's `OpenSession`). */
import { ModelSession } from '../analysis/modelSession';
import { createNodeDataFileReader } from '../model/nodeDataFiles';
import type { OpenedDocument } from './sessionStore';
import type { WorkerDocument } from './workerProtocol';

export function openSession(document: WorkerDocument): OpenedDocument {
  const dataFiles = document.fileName ? createNodeDataFileReader(document.fileName) : undefined;
  const { session, diagnostics } = ModelSession.open(document.text, document.fileName || 'untitled.nn.json', document.settings, dataFiles);
  return session ? { session } : { outcome: { diagnostics } };
}
