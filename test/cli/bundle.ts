/**
 * The `gradlens` bundle as graders run it: built with the project's own esbuild options into a
 * temporary folder, run as a separate Node process. Used where the in-process runner cannot go: the
 * version injected at build time, standard input, and hostile files that would block or exhaust the
 * test process itself on a tool without budgets (a FIFO, /dev/zero).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';
import { nodeBuildOptions } from '../../scripts/lib/buildOptions.mjs';

let built: Promise<string> | undefined;

/** Builds dist/cli.js's twin once per test file; returns its path. */
export function cliBundle(): Promise<string> {
  built ??= (async () => {
    const outfile = path.join(mkdtempSync(path.join(tmpdir(), 'gradlens-cli-')), 'cli.js');
    await build({ ...nodeBuildOptions('src/cli/main.ts', outfile), logLevel: 'silent', sourcemap: false });
    return outfile;
  })();
  return built;
}

export interface ProcessRun {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs the bundle with `argv`. `killAfterMs` is a safety net only (a tool that blocks forever would
 * otherwise hang the suite); tests assert the result, never how long it took.
 */
export async function runBundle(argv: readonly string[], options: { input?: string | Buffer; cwd?: string; killAfterMs?: number } = {}): Promise<ProcessRun> {
  const bundle = await cliBundle();
  const result = spawnSync(process.execPath, [bundle, ...argv], {
    cwd: options.cwd, input: options.input ?? '', encoding: 'utf8', timeout: options.killAfterMs ?? 120_000, maxBuffer: 64 * 1024 * 1024,
  });
  return { code: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}
