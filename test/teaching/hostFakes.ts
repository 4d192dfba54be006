/** Stand-ins for the session layer (analyses and model documents) over real analyses, for command tests. */
import * as vscode from 'vscode';
import type { DocumentState } from '../../src/session/documentAnalyses';
import type { TeachingAnalyses, TeachingDocuments } from '../../src/teaching/hostModel';
import type { DepthLevel } from '../../src/shared/protocol';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';

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

/** Analyses made the way the worker makes them (a session per document), counting requests. */
export class FakeAnalyses implements TeachingAnalyses {
  readonly emitter = new vscode.EventEmitter<string>();
  readonly onDidChange = this.emitter.event;
  readonly states = new Map<string, DocumentState>();
  readonly sessions = new Map<string, ModelSession>();
  requests = 0;

  get(uri: string): DocumentState | undefined {
    return this.states.get(uri);
  }

  async analyse(snapshot: { uri: string; version: number; fileName: string; getText(): string }): Promise<DocumentState | undefined> {
    this.requests++;
    const opened = ModelSession.open(snapshot.getText(), snapshot.fileName, DEFAULT_ANALYSIS_SETTINGS, createNodeDataFileReader(snapshot.fileName));
    if (opened.session) this.sessions.set(snapshot.uri, opened.session);
    const state: DocumentState = { uri: snapshot.uri, version: snapshot.version, runState: 'idle', outcome: opened.session ? opened.session.analyse() : { diagnostics: opened.diagnostics } };
    this.states.set(snapshot.uri, state);
    this.emitter.fire(snapshot.uri);
    return state;
  }

  /** Trains the document's session and publishes the new analysis, as a training run does. */
  async train(uri: string, steps: number): Promise<void> {
    const session = this.sessions.get(uri)!;
    await session.train({ steps });
    const old = this.states.get(uri)!;
    this.states.set(uri, { ...old, outcome: session.analyse() });
    this.emitter.fire(uri);
  }
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
