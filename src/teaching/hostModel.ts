/**
 * What the teaching commands need from the session layer, and the model file read again in the
 * extension host when a feature needs more than the analysis holds (all the training data, the
 * training settings, the initial network, the source ranges).
 */
import * as vscode from 'vscode';
import { ModelSession } from '../analysis/modelSession';
import type { AnalysisSettings } from '../analysis/settings';
import type { Analysis } from '../analysis/types';
import { createNodeDataFileReader } from '../model/nodeDataFiles';
import type { ModelDiagnostic } from '../model/types';
import type { DocumentAnalyses, DocumentState } from '../session/documentAnalyses';
import { snapshotOf, type ModelDocuments } from '../session/modelDocuments';
import { uriArgument } from '../commands/trainingCommands';

/** The parts of the session layer the teaching features use. */
export type TeachingAnalyses = Pick<DocumentAnalyses, 'get' | 'analyse' | 'onDidChange'>;
export type TeachingDocuments = Pick<ModelDocuments, 'current' | 'document' | 'target'>;

export interface HostModel {
  readonly uri: string;
  readonly version: number;
  readonly session?: ModelSession;
  readonly diagnostics: readonly ModelDiagnostic[];
}

/**
 * Reads model files in the host, one cached parse per document version. Data files are read only
 * for documents on disk, with the same folder rules as the worker.
 */
export class HostModels {
  private readonly cache = new Map<string, HostModel>();

  constructor(private readonly settings: () => AnalysisSettings, private readonly maxEntries = 4) {}

  /** The model of an open document at its current version. Never throws. */
  load(document: vscode.TextDocument): HostModel {
    const uri = document.uri.toString();
    const cached = this.cache.get(uri);
    if (cached && cached.version === document.version) return cached;
    const fileName = document.uri.scheme === 'file' ? document.uri.fsPath : document.uri.path.split('/').pop() ?? 'model.nn.json';
    let model: HostModel;
    try {
      const reader = document.uri.scheme === 'file' ? createNodeDataFileReader(fileName) : undefined;
      const opened = ModelSession.open(document.getText(), fileName, this.settings(), reader);
      model = { uri, version: document.version, diagnostics: opened.diagnostics, ...(opened.session ? { session: opened.session } : {}) };
    } catch (error) {
      model = { uri, version: document.version, diagnostics: [{ code: 'internal', severity: 'error', message: (error as Error).message, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 }, startOffset: 0, endOffset: 0 } }] };
    }
    this.cache.delete(uri);
    this.cache.set(uri, model);
    while (this.cache.size > this.maxEntries) this.cache.delete(this.cache.keys().next().value as string);
    return model;
  }

  forget(uri: string): void {
    this.cache.delete(uri);
  }
}

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
