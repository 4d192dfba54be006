/**
 * Follows the model files (`*.nn.json`) open in the editor: feeds their text to the analyses on open
 * and on every edit, forgets them on close, and knows which one the person is working on.
 */
import * as vscode from 'vscode';
import type { DocumentAnalyses, DocumentSnapshot } from './documentAnalyses';

export function isModelDocument(document: vscode.TextDocument): boolean {
  return document.languageId === 'nnjson' || document.uri.path.endsWith('.nn.json');
}

export function snapshotOf(document: vscode.TextDocument): DocumentSnapshot {
  return {
    uri: document.uri.toString(),
    version: document.version,
    fileName: document.uri.scheme === 'file' ? document.uri.fsPath : '',
    getText: () => document.getText(),
  };
}

export class ModelDocuments implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private lastActive: string | undefined;
  private readonly currentEmitter = new vscode.EventEmitter<string | undefined>();
  /** Fired when the model file the person works on changes. */
  readonly onDidChangeCurrent = this.currentEmitter.event;

  constructor(private readonly analyses: DocumentAnalyses, private readonly autoRun: () => boolean) {
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((d) => this.opened(d)),
      vscode.workspace.onDidChangeTextDocument((e) => { if (isModelDocument(e.document) && this.autoRun()) analyses.documentChanged(snapshotOf(e.document)); }),
      vscode.workspace.onDidCloseTextDocument((d) => { if (isModelDocument(d)) analyses.close(d.uri.toString()); }),
      vscode.window.onDidChangeActiveTextEditor((editor) => this.activeChanged(editor)),
    );
    for (const document of vscode.workspace.textDocuments) this.opened(document);
    this.activeChanged(vscode.window.activeTextEditor);
  }

  /** The model file in the active editor, else the last one that was active and is still open. */
  current(): string | undefined {
    return this.lastActive;
  }

  /** The open text document of a model file, if it is open. */
  document(uri: string | undefined): vscode.TextDocument | undefined {
    if (!uri) return undefined;
    return vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  }

  /** The document a command is about: the given one, else the current model file. */
  target(uri?: string): vscode.TextDocument | undefined {
    return this.document(uri ?? this.current());
  }

  dispose(): void {
    this.subscriptions.forEach((s) => s.dispose());
    this.currentEmitter.dispose();
  }

  private opened(document: vscode.TextDocument): void {
    if (isModelDocument(document) && this.autoRun()) this.analyses.documentChanged(snapshotOf(document));
  }

  private activeChanged(editor: vscode.TextEditor | undefined): void {
    if (!editor || !isModelDocument(editor.document)) {
      if (this.lastActive && !this.document(this.lastActive)) this.setCurrent(undefined);
      return;
    }
    this.setCurrent(editor.document.uri.toString());
  }

  private setCurrent(uri: string | undefined): void {
    if (uri === this.lastActive) return;
    this.lastActive = uri;
    this.currentEmitter.fire(uri);
  }
}
