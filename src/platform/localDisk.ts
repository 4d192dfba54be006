/**
 * What is at a path on this machine's disk, without following symbolic links (`lstat`), for
 * src/commands/safeWrite.ts: a dangling link is only seen this way. In the web worker extension host there
 * is no local disk (localDisk.web.ts); there safeWrite asks the workspace's file system only.
 */
import { promises as fs } from 'node:fs';

/** `undefined`: nothing at that path on the local disk (ask the workspace's file system). */
export async function localPathKind(fsPath: string): Promise<'file' | 'symlink' | 'other' | undefined> {
  try {
    const s = await fs.lstat(fsPath);
    return s.isSymbolicLink() ? 'symlink' : s.isFile() ? 'file' : 'other';
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : 'other';
  }
}
