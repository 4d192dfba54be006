/** The web worker extension host has no local disk: every path is looked up in the workspace's file system. */
import type * as NodeSide from './localDisk';

export async function localPathKind(_fsPath: string): Promise<'file' | 'symlink' | 'other' | undefined> {
  return undefined;
}

({ localPathKind }) satisfies typeof NodeSide;
