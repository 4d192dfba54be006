/**
 * Shared pieces of the security regression tests (issue 19): the `gradlens` command-line tool bundled
 * as scripts/build.mjs bundles it, run in a child process with a bounded heap (so a defect that eats
 * memory fails the test instead of killing the test runner), and temporary folders holding hostile
 * repository layouts (CSV files, symlinks).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { build } from 'esbuild';

export const ROOT = path.resolve(__dirname, '..', '..');

let bundled: Promise<string> | undefined;

/** `src/cli/main.ts` bundled into a temporary folder, with an entry that runs it on `process.argv`. */
export function cliScript(): Promise<string> {
  bundled ??= (async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gradlens-security-cli-'));
    const entry = path.join(dir, 'entry.ts');
    writeFileSync(entry, `import { runCli } from ${JSON.stringify(path.join(ROOT, 'src/cli/main.ts'))};
runCli(process.argv.slice(2), { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), isTerminal: false })
  .then((code) => { process.exitCode = code; });\n`);
    const outfile = path.join(dir, 'cli.js');
    await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', outfile, mainFields: ['module', 'main'], logLevel: 'silent' });
    return outfile;
  })();
  return bundled;
}

export interface ProcessRun {
  /** The exit code, or the signal's name when the process was killed. */
  readonly code: number | string;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `gradlens ...args` in `cwd` in a child process whose heap is capped at `heapMb` megabytes. */
export async function runCliProcess(args: readonly string[], cwd: string, heapMb = 512): Promise<ProcessRun> {
  const script = await cliScript();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [`--max-old-space-size=${heapMb}`, script, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '', stderr = '';
    child.stdout.on('data', (c) => { stdout += c; });
    child.stderr.on('data', (c) => { stderr += c; });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? signal ?? 'unknown', stdout, stderr }));
  });
}

/** A new empty folder under the system's temporary folder. */
export function tempFolder(name: string): string {
  return mkdtempSync(path.join(tmpdir(), `gradlens-security-${name}-`));
}
