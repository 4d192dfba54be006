/**
 * The whole extension activated against the `vscode` fake (test/fakes/vscode.ts), with the real
 * analysis worker bundled into `<extension>/dist/worker.js`: for the tests of what GradLens does
 * (and does not do) end to end in the extension host. Registration functions the fake lacks
 * (`window.createTreeView`, completion providers, …) get stand-ins that register nothing, until
 * `deactivate`.
 */
import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { activate } from '../../src/extension';
import { bundleWorker } from './helpers';

/** A model file open in the editor, as the fake workspace lists it. */
export interface OpenModel {
  readonly uri: vscode.Uri;
  readonly fileName: string;
  readonly languageId: 'nnjson';
  version: number;
  text: string;
  getText(): string;
  readonly isDirty: boolean;
  /** Counts calls: GradLens must never save a document. */
  saves: number;
  save(): Promise<boolean>;
}

export function openModel(fileName: string, text: string): OpenModel {
  const model: OpenModel = {
    uri: vscode.Uri.file(fileName), fileName, languageId: 'nnjson', version: 1, text, isDirty: false, saves: 0,
    getText: () => model.text,
    save: async () => { model.saves++; return true; },
  };
  return model;
}

export interface Activated {
  readonly context: { subscriptions: vscode.Disposable[]; extensionUri: vscode.Uri; extensionPath: string };
  /** Lines written to the GradLens output channel. */
  readonly log: string[];
  /** The diagnostics GradLens published, by document uri string. */
  readonly diagnostics: Map<string, vscode.Diagnostic[]>;
  deactivate(): void;
}

let extensionFolder: Promise<string> | undefined;

/** Activates GradLens with `models` open (the first one in the active editor). */
export async function activateWithFake(models: readonly OpenModel[]): Promise<Activated> {
  extensionFolder ??= (async () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'gradlens-ext-'));
    mkdirSync(path.join(folder, 'dist'));
    await bundleWorker(path.join(folder, 'dist', 'worker.js'));
    return folder;
  })();
  const extensionPath = await extensionFolder;
  const window = vscode.window as unknown as Record<string, unknown>;
  const workspace = vscode.workspace as unknown as { textDocuments: unknown[] } & Record<string, unknown>;
  const languagesNamespace = vscode.languages as unknown as Record<string, unknown>;
  const added: [Record<string, unknown>, string][] = [];
  const standIn = (namespace: Record<string, unknown>, names: readonly string[], make: () => unknown) => {
    for (const name of names) {
      if (name in namespace) continue;
      namespace[name] = make();
      added.push([namespace, name]);
    }
  };
  const registration = () => () => new vscode.Disposable(() => undefined);
  // VS Code API the fake does not (yet) have: stand-ins that register nothing.
  standIn(window, ['createTreeView'], () => () => ({ dispose() { /* */ }, reveal: async () => undefined, visible: true }));
  standIn(window, ['registerWebviewViewProvider', 'registerFileDecorationProvider', 'registerUriHandler', 'registerCustomEditorProvider',
    'onDidChangeVisibleTextEditors', 'onDidChangeTextEditorSelection', 'onDidChangeActiveColorTheme'], registration);
  standIn(languagesNamespace, ['registerCompletionItemProvider', 'registerDocumentSymbolProvider', 'registerDefinitionProvider',
    'registerDocumentLinkProvider', 'registerSignatureHelpProvider', 'registerFoldingRangeProvider', 'registerRenameProvider',
    'registerDocumentFormattingEditProvider', 'registerColorProvider', 'registerSelectionRangeProvider', 'registerReferenceProvider',
    'registerDocumentHighlightProvider', 'registerDocumentSemanticTokensProvider', 'setLanguageConfiguration'], registration);
  standIn(workspace, ['onDidGrantWorkspaceTrust', 'onDidSaveTextDocument', 'onDidChangeWorkspaceFolders'], registration);
  let log: string[] = [];
  const createOutputChannel = window.createOutputChannel as (name: string, options?: unknown) => { lines: string[] };
  window.createOutputChannel = (name: string, options?: unknown) => {
    const channel = createOutputChannel(name, options);
    if (name === 'GradLens') log = channel.lines;
    return channel;
  };
  const languages = languagesNamespace;
  const createDiagnosticCollection = languages.createDiagnosticCollection as (name: string) => { entries: Map<string, vscode.Diagnostic[]> };
  let diagnostics = new Map<string, vscode.Diagnostic[]>();
  languages.createDiagnosticCollection = (name: string) => {
    const collection = createDiagnosticCollection(name);
    diagnostics = collection.entries;
    return collection;
  };
  workspace.textDocuments.push(...models);
  window.activeTextEditor = models[0] ? { document: models[0], selection: undefined } : undefined;
  const context = {
    subscriptions: [] as vscode.Disposable[], extensionUri: vscode.Uri.file(extensionPath), extensionPath,
    globalStorageUri: vscode.Uri.file('/storage/gradlens'), extension: { packageJSON: { version: '0.0.0-test' } },
  };
  try {
    activate(context as unknown as vscode.ExtensionContext);
  } finally {
    window.createOutputChannel = createOutputChannel;
    languages.createDiagnosticCollection = createDiagnosticCollection;
  }
  return {
    context,
    get log() { return log; },
    get diagnostics() { return diagnostics; },
    deactivate() {
      for (const d of context.subscriptions.splice(0).reverse()) d.dispose();
      workspace.textDocuments.length = 0;
      window.activeTextEditor = undefined;
      for (const [namespace, name] of added.splice(0)) delete namespace[name];
    },
  };
}
