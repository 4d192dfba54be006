/**
 * What the extension needs from the extension host it runs in, in the web worker extension host
 * (vscode.dev, github.dev, or any VS Code told `"remote.extensionKind": { "gradlens.gradlens": ["web"] }`):
 * the analysis worker as a Web Worker (dist/web/worker.js), and the JSON schema service bundled in
 * (there is no `require`). See extensionHost.ts for the Node side.
 */
import * as vscode from 'vscode';
import { createSchemaService, type SchemaService } from '../language/schemaLanguageService';
import type { WorkerLike } from '../session/workerClient';
import type * as NodeSide from './extensionHost';
import { WebAnalysisWorker } from './webAnalysisWorker';

export function hostDescription(): string {
  const agent = (globalThis as { navigator?: { userAgent?: string } }).navigator?.userAgent ?? 'unknown browser';
  return `web worker extension host (browser: ${agent})`;
}

export function startAnalysisWorker(extensionUri: vscode.Uri): WorkerLike {
  return new WebAnalysisWorker(vscode.Uri.joinPath(extensionUri, 'dist', 'web', 'worker.js'));
}

export function loadSchemaService(_extensionUri: vscode.Uri): SchemaService {
  return createSchemaService();
}

export function demoRequested(): boolean {
  return false;
}

/** No file system in a Web Worker: the import runs in the desktop VS Code or the command line. */
export function loadOnnxImporter(_extensionUri: vscode.Uri, _l10nBundle?: unknown): undefined {
  return undefined;
}

({ hostDescription, startAnalysisWorker, loadSchemaService, demoRequested, loadOnnxImporter }) satisfies typeof NodeSide;
