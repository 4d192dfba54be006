/**
 * Reading the CSV files a model names, with Node's file system, for the CLI, the tests and the
 * extension host. Only files inside the model file's folder tree can be read: absolute paths, `..`
 * that climbs out, and symbolic links (of the file or of any folder on the way) that resolve outside
 * are all refused. Both sides are compared after `realpath`, so a model file reached through a link
 * is judged by its real folder.
 */
import * as l10n from '@vscode/l10n';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAX_DATA_FILE_BYTES } from './dataFilePath';
import type { DataFileReader } from './types';

export { MAX_DATA_FILE_BYTES };

function isInside(folder: string, file: string): boolean {
  const rel = path.relative(folder, file);
  return rel === '' ? false : !rel.startsWith('..') && !path.isAbsolute(rel) && rel.split(path.sep)[0] !== '..';
}

function errorText(e: unknown): string {
  const code = (e as { code?: string }).code;
  if (code === 'ENOENT') return l10n.t('no such file');
  if (code === 'EACCES' || code === 'EPERM') return l10n.t('permission denied');
  if (code === 'EISDIR') return l10n.t('it is a folder, not a file');
  if (code === 'ELOOP') return l10n.t('too many symbolic links');
  return e instanceof Error ? e.message : String(e);
}

/**
 * The real path of a regular file named relative to `folder`, if it stays inside that folder's tree
 * (after following symbolic links), with its size; else why not. Shared by CSV files and the ONNX
 * importer's external weights.
 */
export function resolveFileInFolder(folder: string, relativePath: string, what = l10n.t('CSV file')): { path: string; size: number } | { error: string } {
  try {
    if (typeof relativePath !== 'string' || relativePath.trim() === '') return { error: l10n.t('the path is empty') };
    if (relativePath.includes('\0')) return { error: l10n.t('the path contains a NUL character; refused') };
    if (path.isAbsolute(relativePath) || path.win32.isAbsolute(relativePath) || /^[a-zA-Z]:/.test(relativePath)) {
      return { error: l10n.t("absolute paths are refused: the {0} must be inside the model file's folder, given relative to it", what) };
    }
    const lexical = path.resolve(folder, relativePath);
    if (!isInside(folder, lexical)) {
      return { error: l10n.t("the path leaves the model file's folder ({0}); refused", folder) };
    }
    let realFolder: string;
    try {
      realFolder = fs.realpathSync(folder);
    } catch (e) {
      return { error: l10n.t("cannot open the model file's folder: {0}", errorText(e)) };
    }
    let realFile: string;
    try {
      realFile = fs.realpathSync(lexical);
    } catch (e) {
      return { error: (e as { code?: string }).code === 'ENOENT' ? l10n.t('no such file (looked for {0})', lexical) : errorText(e) };
    }
    if (!isInside(realFolder, realFile)) {
      return { error: l10n.t("the path leads, through a symbolic link, outside the model file's folder ({0}); refused", realFolder) };
    }
    const stat = fs.statSync(realFile);
    if (stat.isDirectory()) return { error: l10n.t('it is a folder, not a file') };
    if (!stat.isFile()) return { error: l10n.t('it is not a regular file') };
    return { path: realFile, size: stat.size };
  } catch (e) {
    return { error: errorText(e) };
  }
}

export function createNodeDataFileReader(modelFilePath: string): DataFileReader {
  const folder = path.dirname(path.resolve(modelFilePath));
  /** The file's bytes, inside the folder, a regular file, within the cap; else why not. */
  const readWithin = (relativePath: string, what: string): { bytes: Buffer } | { error: string } => {
    try {
      const found = resolveFileInFolder(folder, relativePath, what);
      if ('error' in found) return found;
      if (found.size > MAX_DATA_FILE_BYTES) {
        return { error: l10n.t('the file is too large ({0} bytes; at most {1} are read)', found.size, MAX_DATA_FILE_BYTES) };
      }
      return { bytes: fs.readFileSync(found.path) };
    } catch (e) {
      return { error: errorText(e) };
    }
  };
  return {
    readText(relativePath: string): { text: string } | { error: string } {
      const read = readWithin(relativePath, l10n.t('CSV file'));
      return 'error' in read ? read : { text: read.bytes.toString('utf8') };
    },
    readBytes(relativePath: string): { bytes: Uint8Array } | { error: string } {
      const read = readWithin(relativePath, l10n.t('weights file'));
      return 'error' in read ? read : { bytes: new Uint8Array(read.bytes.buffer, read.bytes.byteOffset, read.bytes.byteLength) };
    },
  };
}
