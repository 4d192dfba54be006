/**
 * The data-file reader of the analysis worker in the web worker extension host: a Web Worker has no
 * file system, so the extension host reads the CSV files a model names (through `vscode.workspace.fs`,
 * with the rules of dataFilePath.ts: src/platform/workspaceDataFiles.ts) and sends them with the
 * document (`WorkerDocument.dataFiles`). This reader only looks them up.
 */
import * as l10n from '@vscode/l10n';
import type { DataFileReader } from './types';

/** What the host found for one path: the file's text, or why it could not be read. */
export type DataFileRead = { readonly text: string } | { readonly error: string };

export function createPrefetchedDataFileReader(files: Readonly<Record<string, DataFileRead>> | undefined): DataFileReader {
  return {
    readText(relativePath: string) {
      const read = files && Object.prototype.hasOwnProperty.call(files, relativePath) ? files[relativePath] : undefined;
      return read ?? { error: l10n.t('the file was not read (in VS Code for the Web GradLens reads only the files named by "csv" keys)') };
    },
  };
}
