/**
 * What the teaching commands need from the session layer: which document a command is about, and
 * that document's current analysis.
 */
import * as vscode from 'vscode';
import type { Analysis } from '../analysis/types';
import type { DocumentAnalyses, DocumentState } from '../session/documentAnalyses';
import { snapshotOf, type ModelDocuments } from '../session/modelDocuments';
import type { WorkerTeaching } from '../session/workerTeaching';
import { uriArgument } from '../commands/trainingCommands';

/** The parts of the session layer the teaching features use. */
export type TeachingAnalyses = Pick<DocumentAnalyses, 'get' | 'analyse' | 'onDidChange'>;
export type TeachingDocuments = Pick<ModelDocuments, 'current' | 'document' | 'target'>;
/** The worker's teaching requests (a `WorkerTeaching`). */
export type Teacher = Pick<WorkerTeaching, 'stepThrough' | 'compareLosses' | 'compareRuns' | 'explainGradient' | 'handout'>;

/** The document a command argument names (a uri string, a `vscode.Uri` or `{ uri }`), else the current model file. */
export function targetDocument(documents: TeachingDocuments, arg: unknown): vscode.TextDocument | undefined {
  return documents.target(uriArgument(arg));
}

/** The document's analysis at its current version, analysing it first when needed. */
export async function currentAnalysis(analyses: TeachingAnalyses, document: vscode.TextDocument): Promise<{ analysis?: Analysis; state?: DocumentState }> {
  const uri = document.uri.toString();
  let state = analyses.get(uri);
  if (!state?.outcome?.analysis || state.version !== document.version) {
    state = (await analyses.analyse(snapshotOf(document))) ?? analyses.get(uri);
  }
  return { analysis: state?.outcome?.analysis, state };
}

/** Plain words for why a document has no analysis. */
export function noAnalysisMessage(state: DocumentState | undefined): string {
  if (state?.error) return `GradLens: ${state.error}`;
  const errors = state?.outcome?.diagnostics.filter((d) => d.severity === 'error').length ?? 0;
  if (errors > 0) return `GradLens: the model file has ${errors} problem${errors === 1 ? '' : 's'} to fix first; see the Problems panel.`;
  return 'GradLens: open a valid model file (*.nn.json) first.';
}
