/**
 * `vscode.workspace.fs` on the real disk, for the tests of commands that write files: `writeFile`
 * follows symbolic links as VS Code's does, and `stat` behaves as Node's (a dangling link is not found),
 * which is how the first review simulated the extension's own file-writing code. Installed over the
 * fake's in-memory one for a test and restored afterwards.
 */
import { promises as fs } from 'node:fs';
import * as vscode from 'vscode';

const SYMBOLIC_LINK = 64;

function notFound(uri: vscode.Uri): Error {
  return Object.assign(new Error(`file not found: ${uri.toString()}`), { code: 'FileNotFound' });
}

export const nodeFileSystem = {
  async readFile(uri: vscode.Uri): Promise<Uint8Array> {
    return fs.readFile(uri.fsPath).catch(() => { throw notFound(uri); });
  },
  async writeFile(uri: vscode.Uri, content: Uint8Array): Promise<void> {
    await fs.writeFile(uri.fsPath, content);
  },
  async stat(uri: vscode.Uri): Promise<{ type: number; size: number }> {
    const s = await fs.stat(uri.fsPath).catch(() => { throw notFound(uri); });
    const link = (await fs.lstat(uri.fsPath)).isSymbolicLink() ? SYMBOLIC_LINK : 0;
    return { type: (s.isDirectory() ? 2 : 1) | link, size: s.size };
  },
};

/** Runs `body` with `vscode.workspace.fs` on the real disk. */
export async function onRealDisk<T>(body: () => Promise<T>): Promise<T> {
  const workspace = vscode.workspace as unknown as { fs: unknown };
  const saved = workspace.fs;
  workspace.fs = nodeFileSystem;
  try {
    return await body();
  } finally {
    workspace.fs = saved;
  }
}
