/**
 * What the extension needs from the extension host it runs in, in the Node extension host (desktop
 * VS Code, code-server, Codespaces): the analysis worker as a `worker_threads` thread, the JSON schema
 * service as a bundle of its own loaded on first use. extensionHost.web.ts is the same for the web worker
 * extension host (vscode.dev, github.dev); scripts/build.mjs puts it in the browser bundle instead
 * (see src/platform/README.md).
 */
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type * as vscode from 'vscode';
import type { SchemaService } from '../language/schemaLanguageService';
import type { WorkerLike } from '../session/workerClient';
import type { OnnxImporter } from '../commands/importOnnxCommand';
import type { L10nBundle } from '../shared/l10nBundle';

/** Which extension host this is, for the log (and the end-to-end tests, which read it). */
export function hostDescription(): string {
  return `Node extension host (Node ${process.versions.node}, ${process.platform})`;
}

/** Starts the analysis worker (dist/worker.js, src/worker/analysisWorker.ts). */
export function startAnalysisWorker(extensionUri: vscode.Uri): WorkerLike {
  return new Worker(path.join(extensionUri.fsPath, 'dist', 'worker.js')) as unknown as WorkerLike;
}

/** The JSON language service, a bundle of its own (dist/schemaService.js) loaded on the first completion or hover. */
export function loadSchemaService(extensionUri: vscode.Uri): SchemaService {
  return (require(path.join(extensionUri.fsPath, 'dist', 'schemaService.js')) as { createSchemaService(): SchemaService }).createSchemaService();
}

/** The command-line tool's import (dist/onnxImport.js: src/cli/importCommand.ts and the ONNX reader), loaded when an import runs. */
export function loadOnnxImporter(extensionUri: vscode.Uri, l10nBundle?: L10nBundle): OnnxImporter | undefined {
  const bundle = require(path.join(extensionUri.fsPath, 'dist', 'onnxImport.js')) as { importModel: OnnxImporter; useL10nBundle(b: L10nBundle | undefined): void };
  bundle.useL10nBundle(l10nBundle); // its own @vscode/l10n: the ONNX reader's messages in the display language
  return bundle.importModel;
}

/** `npm run demo` starts VS Code with GRADLENS_DEMO=1: the panel opens beside the worked example. */
export function demoRequested(): boolean {
  return process.env.GRADLENS_DEMO === '1';
}
