// Types for scripts/lib/code-server.mjs, so the TypeScript end-to-end harness can import it.
import type { ChildProcess } from 'node:child_process';

export declare const DEFAULT_CODE_SERVER_VERSION: string;
export declare const CODE_SERVER_VERSION: string;
export declare const OLDEST_CODE_SERVER_VERSION: string;
export declare const repoRoot: string;
export declare function codeServerDirFor(version?: string): string;
export declare const codeServerDir: string;
export declare const codeServerEntry: string;
export declare const codeServerMarker: string;
export declare function codeServerInstalled(version?: string): boolean;
export declare function missingCodeServerMessage(version?: string): string;
export declare function freePort(preferred?: number, host?: string): Promise<number>;
export declare function installExtension(options: {
  vsix: string;
  extensionsDir: string;
  userDataDir: string;
  stateDir?: string;
}): Promise<string>;
/** User settings that keep a code-server quiet, offline and deterministic (the demo and the e2e suite). */
export declare const QUIET_USER_SETTINGS: Readonly<Record<string, unknown>>;
export declare function writeUserSettings(userDataDir: string, settings: Record<string, unknown>): void;
export interface RunningCodeServer {
  port: number;
  host: string;
  /** http://localhost:PORT (webviews need a secure context: localhost, not 127.0.0.1). */
  origin: string;
  process: ChildProcess;
  stop(): Promise<void>;
  output(): string;
}
export declare function startCodeServer(options: {
  port: number;
  host?: string;
  userDataDir: string;
  extensionsDir: string;
  stateDir?: string;
  trust?: boolean;
  folder?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  onOutput?: (text: string) => void;
  /** Requires this password (`--auth password`); without it, `--auth none`. */
  password?: string;
  /** Another install's out/node/entry.js (default: the cached code-server's). */
  entry?: string;
}): Promise<RunningCodeServer>;
export declare function codeServerArgs(options: {
  port: number;
  host?: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
  trust?: boolean;
  folder?: string;
  password?: string;
}): string[];
export declare function workbenchUrl(origin: string, folder: string, openFile?: string, extra?: Record<string, string>): string;
