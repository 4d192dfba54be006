/** Runs the CLI in-process and captures what it prints. */
import { runCli } from '../../src/cli/main';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function cli(...argv: string[]): Promise<CliRun> {
  let stdout = '', stderr = '';
  const code = await runCli(argv, { out: (t) => { stdout += t; }, err: (t) => { stderr += t; }, isTerminal: false });
  return { code, stdout, stderr };
}
