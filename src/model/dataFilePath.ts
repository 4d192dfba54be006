/**
 * The path rules every reader of a model's CSV files applies before it opens anything, on any file
 * system: the Node reader (nodeDataFiles.ts, CLI and worker thread) and the workspace reader of the
 * web worker extension host (src/platform/workspaceDataFiles.ts). Pure: no file system, no `node:path`.
 */
import * as l10n from '@vscode/l10n';

/** Larger files are refused rather than read into memory. */
export const MAX_DATA_FILE_BYTES = 64 * 1024 * 1024;

/** Lexically, does a relative path stay inside its folder? (The readers also check symbolic links.) */
export function pathLeavesFolder(path: string): string | undefined {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(path)) return l10n.t('only local files next to the model file can be read, not URLs');
  if (path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z]:/.test(path)) {
    return l10n.t("absolute paths are refused: give a path relative to the model file's folder");
  }
  let depth = 0;
  for (const part of path.split(/[\\/]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return l10n.t("the path leaves the model file's folder tree ('..' goes above it); refused");
  }
  return undefined;
}

/** Why a relative data path is refused before any file system is asked, or `undefined` when it may be looked up. */
export function refusedDataPath(relativePath: string): string | undefined {
  if (typeof relativePath !== 'string' || relativePath.trim() === '') return l10n.t('the path is empty');
  if (relativePath.includes('\0')) return l10n.t('the path contains a NUL character; refused');
  return pathLeavesFolder(relativePath);
}

/** The path's folder names and file name, `.` and empty parts dropped (`..` cannot occur once refusedDataPath passed). */
export function dataPathSegments(relativePath: string): string[] {
  const segments: string[] = [];
  for (const part of relativePath.split(/[\\/]+/)) {
    if (part === '..') segments.pop();
    else if (part !== '.' && part !== '') segments.push(part);
  }
  return segments;
}
