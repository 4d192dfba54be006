/**
 * The data-file reader of the analysis worker in the web worker extension host: a Web Worker has no
 * file system, so the extension host reads the CSV files and the weights file a model names (through
 * `vscode.workspace.fs`, with the rules of dataFilePath.ts: src/platform/workspaceDataFiles.ts) and sends
 * them with the document (`WorkerDocument.dataFiles` and `weightsFiles`). This reader only looks them up.
 */
import * as l10n from '@vscode/l10n';
import type { DataFileReader } from './types';

/** What the host found for one CSV path: the file's text, or why it could not be read. */
export type DataFileRead = { readonly text: string } | { readonly error: string };
/** What the host found for the weights file's path: its bytes, or why it could not be read. */
export type WeightsFileRead = { readonly bytes: Uint8Array } | { readonly error: string };

function lookUp<T>(files: Readonly<Record<string, T>> | undefined, relativePath: string): T | undefined {
  return files && Object.prototype.hasOwnProperty.call(files, relativePath) ? files[relativePath] : undefined;
}

export function createPrefetchedDataFileReader(
  files: Readonly<Record<string, DataFileRead>> | undefined, weightsFiles?: Readonly<Record<string, WeightsFileRead>>,
): DataFileReader {
  return {
    readText(relativePath: string) {
      return lookUp(files, relativePath) ?? { error: l10n.t('the file was not read (in VS Code for the Web GradLens reads only the files named by "csv" keys)') };
    },
    readBytes(relativePath: string) {
      return lookUp(weightsFiles, relativePath) ?? { error: l10n.t('the file was not read (in VS Code for the Web GradLens reads only the file named by the top-level "weightsFile" key)') };
    },
  };
}
