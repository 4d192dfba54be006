/**
 * The CSV files and the weights file of a model, read in the extension host through
 * `vscode.workspace.fs`, for the analysis worker of the web worker extension host (a Web Worker has no
 * file system; it gets the files with the document, see src/model/prefetchedDataFiles.ts). The rules
 * are the Node reader's (src/model/nodeDataFiles.ts): only files inside the model file's folder tree
 * (src/model/dataFilePath.ts), only regular files up to MAX_DATA_FILE_BYTES, checked with `stat` before
 * anything is read. A workspace file system cannot resolve a symbolic link (it only flags one), so any
 * link on the way (the file or a folder) is refused, even one that would stay inside; and it cannot
 * tell a device or a pipe from a missing file type, so anything not flagged File is refused as not a
 * regular file.
 */
import * as vscode from 'vscode';
import { parseTree, type Node } from 'jsonc-parser';
import { MAX_DATA_FILE_BYTES, dataPathSegments, refusedDataPath } from '../model/dataFilePath';
import type { DataFileRead, WeightsFileRead } from '../model/prefetchedDataFiles';
import type { WorkerDocument, WorkerRequest } from '../worker/workerProtocol';

/** `vscode.FileType` flags (numbers, so that tests need no `vscode` enum). */
const FILE = 1;
const DIRECTORY = 2;
const SYMBOLIC_LINK = 64;

/** The string values of every `"csv"` property in a model file's text (the paths its data sections name). */
export function csvPathsOf(text: string): string[] {
  const root = parseTree(text, [], { allowTrailingComma: true });
  const paths = new Set<string>();
  const visit = (node: Node | undefined): void => {
    if (!node) return;
    if (node.type === 'property' && node.children?.[0]?.value === 'csv' && node.children[1]?.type === 'string') paths.add(node.children[1].value as string);
    for (const child of node.children ?? []) visit(child);
  };
  visit(root);
  return [...paths];
}

/** The top-level `"weightsFile"` string of a model file's text, if it has one (the reader reads it there only). */
export function weightsFilePathOf(text: string): string | undefined {
  const root = parseTree(text, [], { allowTrailingComma: true });
  if (root?.type !== 'object') return undefined;
  const property = root.children?.find((p) => p.children?.[0]?.value === 'weightsFile');
  const value = property?.children?.[1];
  return value?.type === 'string' ? (value.value as string) : undefined;
}

/** The part of `vscode.workspace.fs` the reader uses (tests pass a fake). */
export interface WorkspaceFiles {
  stat(uri: vscode.Uri): Thenable<{ type: number; size: number }>;
  readFile(uri: vscode.Uri): Thenable<Uint8Array>;
}

function fileErrorText(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'FileNotFound' || code === 'EntryNotFound') return 'no such file';
  if (code === 'NoPermissions') return 'permission denied';
  if (code === 'FileIsADirectory' || code === 'EntryIsADirectory') return 'it is a folder, not a file';
  return error instanceof Error ? error.message : String(error);
}

/** Reads one path relative to the model file's folder, by the rules above: its bytes, or why not. */
export async function readWorkspaceFileBytes(modelUri: vscode.Uri, relativePath: string, fs: WorkspaceFiles = vscode.workspace.fs): Promise<WeightsFileRead> {
  const refused = refusedDataPath(relativePath);
  if (refused) return { error: refused };
  const folder = modelUri.with({ path: modelUri.path.slice(0, modelUri.path.lastIndexOf('/')) || '/' });
  const segments = dataPathSegments(relativePath);
  if (segments.length === 0) return { error: 'it is a folder, not a file' };
  let at = folder;
  for (let i = 0; i < segments.length; i++) {
    at = vscode.Uri.joinPath(at, segments[i]!);
    let stat: { type: number; size: number };
    try {
      stat = await fs.stat(at);
    } catch (error) {
      const why = fileErrorText(error);
      return { error: why === 'no such file' ? `no such file (looked for ${vscode.Uri.joinPath(folder, ...segments).path})` : why };
    }
    if ((stat.type & SYMBOLIC_LINK) !== 0) {
      return { error: `the path goes through a symbolic link (${at.path}); in VS Code for the Web links cannot be followed safely, so it is refused` };
    }
    const last = i === segments.length - 1;
    if (!last && (stat.type & DIRECTORY) === 0) return { error: `no such file (${at.path} is not a folder)` };
    if (last) {
      if ((stat.type & DIRECTORY) !== 0) return { error: 'it is a folder, not a file' };
      if ((stat.type & FILE) === 0) return { error: 'it is not a regular file' };
      if (stat.size > MAX_DATA_FILE_BYTES) return { error: `the file is too large (${stat.size} bytes; at most ${MAX_DATA_FILE_BYTES} are read)` };
    }
  }
  try {
    return { bytes: await fs.readFile(at) };
  } catch (error) {
    return { error: fileErrorText(error) };
  }
}

/** A CSV file's text, by the rules above. */
export async function readWorkspaceDataFile(modelUri: vscode.Uri, relativePath: string, fs: WorkspaceFiles = vscode.workspace.fs): Promise<DataFileRead> {
  const read = await readWorkspaceFileBytes(modelUri, relativePath, fs);
  return 'error' in read ? read : { text: new TextDecoder('utf-8').decode(read.bytes) };
}

/**
 * The document with the CSV files and the weights file its text names (untitled documents have no
 * folder: none are read).
 */
export async function withDataFiles(document: WorkerDocument, fs: WorkspaceFiles = vscode.workspace.fs): Promise<WorkerDocument> {
  const modelUri = vscode.Uri.parse(document.uri);
  if (modelUri.scheme === 'untitled') return document;
  const dataFiles: Record<string, DataFileRead> = {};
  for (const path of csvPathsOf(document.text)) dataFiles[path] = await readWorkspaceDataFile(modelUri, path, fs);
  const weightsFile = weightsFilePathOf(document.text);
  if (weightsFile === undefined) return { ...document, dataFiles };
  return { ...document, dataFiles, weightsFiles: { [weightsFile]: await readWorkspaceFileBytes(modelUri, weightsFile, fs) } };
}

/** A request as the web worker gets it: documents carry their data files. */
export async function withRequestDataFiles(request: WorkerRequest, fs?: WorkspaceFiles): Promise<WorkerRequest> {
  return 'document' in request ? { ...request, document: await withDataFiles(request.document, fs) } : request;
}
