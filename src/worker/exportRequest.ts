/**
 * The worker's answer to Export Model… (`exportModel`): the file `gradlens export` would write for the
 * document. A fresh session is opened from the document's text (with the worker's data-file reader, so
 * CSV files and a `weightsFile` are read as for the analysis), never the editor's session, whose
 * parameters may have moved; it is trained for the file's `train` settings when the trained weights are
 * asked for, then written by src/analysis/modelExport.ts, the command-line tool's own export.
 * Every failure is an answer for people (the model has errors, training diverged or was cancelled,
 * a layer the format cannot express); nothing here writes a file.
 */
import { exportedFile, trainForExport } from '../analysis/modelExport';
import type { ExportedModel, ExportOptions, ExportProblem } from '../shared/modelExport';
import type { LongWork } from './teachingRequests';
import type { OpenedDocument } from './sessionStore';
import type { WorkerDocument } from './workerProtocol';

/** The model file's name as the Python file's header names it (`xor.nn.json`). */
function sourceName(document: WorkerDocument): string {
  const path = document.fileName || decodeURIComponent(document.uri.replace(/[?#].*$/, ''));
  return path.slice(Math.max(path.lastIndexOf('/'), path.lastIndexOf('\\')) + 1) || 'untitled.nn.json';
}

export async function exportModelAnswer(open: (document: WorkerDocument) => OpenedDocument, document: WorkerDocument, options: ExportOptions, work: LongWork): Promise<ExportedModel | ExportProblem> {
  const opened = open(document);
  const session = opened.session;
  if (!session) {
    const first = opened.outcome?.diagnostics.find((d) => d.severity === 'error');
    const where = first ? ` (line ${first.range.start.line + 1}: ${first.message})` : '';
    return { problem: `the model file has problems to fix first${where}; see the Problems panel.` };
  }
  let epochs = 0;
  if (options.weights === 'trained') {
    const trained = await trainForExport(session, { yieldToEventLoop: () => work.yieldToEventLoop(), shouldStop: () => work.signal.aborted });
    if ('problem' in trained) return { problem: work.signal.aborted ? 'the export was cancelled.' : `${trained.problem}.` };
    epochs = trained.epochs;
  }
  try {
    const { bytes, layers } = await exportedFile(session, options.format, { sourceName: sourceName(document), trainedEpochs: epochs });
    return { format: options.format, weights: options.weights, bytes, modelName: session.model.name, layers, epochs };
  } catch (error) {
    return { problem: `cannot export this model: ${(error as Error).message}.` };
  }
}
