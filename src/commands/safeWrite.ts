/**
 * Writing the files a person asked for (Export Report, the lecture handout) next to a model file that
 * may come from someone else's repository:
 * - never through a symbolic link, dangling ones included: a repository can ship
 *   `model.report.md -> ../.bashrc`, and writing "the report" would overwrite (or create) the file the
 *   link points to. A link is refused with an error naming it, and nothing at all is written;
 * - never over an existing file without asking (one modal question for all of them);
 * - only regular files: a folder or a device in the way is refused.
 * Links are found with `lstat` (which does not follow them) on the local disk, and with the file system
 * provider's `SymbolicLink` flag elsewhere; each target is looked at again just before it is written.
 */
import * as vscode from 'vscode';
import { localPathKind } from '../platform/localDisk';

/** What is at a path: nothing, a regular file, a symbolic link (working or dangling), or something else. */
export type PathKind = 'absent' | 'file' | 'symlink' | 'other';

/** `vscode.FileType.SymbolicLink`: a flag combined with File or Directory (or Unknown when dangling). */
const SYMBOLIC_LINK = 64;
const FILE = 1;

export async function pathKind(uri: vscode.Uri): Promise<PathKind> {
  if (uri.scheme === 'file') {
    // Not on this machine's disk as named (or no local disk: the web worker extension host): ask the
    // workspace's file system too (a remote or virtual one).
    const local = await localPathKind(uri.fsPath);
    if (local) return local;
  }
  try {
    const s = await vscode.workspace.fs.stat(uri);
    return (s.type & SYMBOLIC_LINK) !== 0 ? 'symlink' : (s.type & FILE) !== 0 ? 'file' : 'other';
  } catch {
    return 'absent';
  }
}

export interface FileToWrite {
  readonly uri: vscode.Uri;
  /** The name shown to the person, e.g. `model.report.md`. */
  readonly name: string;
  readonly content: Uint8Array;
}

function names(files: readonly FileToWrite[]): string {
  const n = files.map((f) => f.name);
  return n.length <= 1 ? n.join('') : vscode.l10n.t('{0} and {1}', n.slice(0, -1).join(', '), n[n.length - 1]!);
}

function refuse(file: FileToWrite, kind: PathKind): void {
  void vscode.window.showErrorMessage(kind === 'symlink'
    ? vscode.l10n.t('GradLens: {0} is a symbolic link: GradLens does not write through links (it would change the file the link points to). Nothing was written; remove or rename the link to export here.', file.name)
    : vscode.l10n.t('GradLens: {0} is not a regular file. Nothing was written.', file.name));
}

/**
 * Writes every file, or none: refuses when any target is a link or not a regular file, and asks once
 * before replacing existing files (`overwriteAgreed`: the caller has already asked, before a long
 * computation). Returns whether the files were written.
 */
export async function writeFilesAsked(files: readonly FileToWrite[], options: { overwriteAgreed?: boolean } = {}): Promise<boolean> {
  const kinds = await Promise.all(files.map((f) => pathKind(f.uri)));
  const blocked = files.findIndex((_, i) => kinds[i] === 'symlink' || kinds[i] === 'other');
  if (blocked >= 0) {
    refuse(files[blocked]!, kinds[blocked]!);
    return false;
  }
  const existing = files.filter((_, i) => kinds[i] === 'file');
  if (existing.length > 0 && !options.overwriteAgreed) {
    const overwrite = vscode.l10n.t('Overwrite');
    const question = existing.length === 1
      ? vscode.l10n.t('{0} already exists next to the model file. Overwrite?', names(existing))
      : vscode.l10n.t('{0} already exist next to the model file. Overwrite?', names(existing));
    const answer = await vscode.window.showWarningMessage(question, { modal: true }, overwrite);
    if (answer !== overwrite) return false;
  }
  for (const file of files) {
    // Looked at again right before writing: a link made while the question was open is refused too.
    const kind = await pathKind(file.uri);
    if (kind === 'symlink' || kind === 'other') {
      refuse(file, kind);
      return false;
    }
    await vscode.workspace.fs.writeFile(file.uri, file.content);
  }
  return true;
}
