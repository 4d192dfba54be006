/**
 * What every `gradlens` command shares: the terminal it writes to, the exit codes, the analysis
 * settings its flags give, and reading plus analysing one named file under the per-file budgets.
 */
import * as path from 'node:path';
import { parseTree } from 'jsonc-parser';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from '../analysis/settings';
import type { PlainDiagnostic } from '../analysis/diagnosticList';
import type { FileOptions } from './args';
import { fileProblem } from './diagnosticOutput';
import { readModelFile } from './input';
import { runBudgeted } from './isolation';
import type { FileJob, FileJobResult } from './fileJob';

export interface CliIo {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly isTerminal: boolean;
  /** The script that analyses one file in a worker thread (the CLI bundle); without it, in-process and unbudgeted. */
  readonly workerScript?: string;
}

export const EXIT_OK = 0, EXIT_FAILED = 1, EXIT_INVALID = 2, EXIT_INTERNAL = 3;

/** The worst of several files' exit codes: internal error over invalid over failed over passed. */
export function worst(codes: readonly number[]): number {
  return codes.reduce((a, b) => Math.max(a, b), EXIT_OK);
}

export function analysisSettings(options: FileOptions): AnalysisSettings {
  return {
    ...DEFAULT_ANALYSIS_SETTINGS,
    gradCheckEpsilon: options.epsilon,
    gradCheckFailThreshold: options.failThreshold,
    gradCheckWarnThreshold: Math.min(DEFAULT_ANALYSIS_SETTINGS.gradCheckWarnThreshold, options.failThreshold),
  };
}

/** The exit code of one invalid file: 3 when our own code failed on it, else 2. */
export function invalidCode(diagnostics: readonly PlainDiagnostic[]): number {
  return diagnostics.some((d) => d.code === 'internal-error') ? EXIT_INTERNAL : EXIT_INVALID;
}

/** Reads one named file within the size cap and analyses it within the time and memory budgets. */
export async function analyseFile(file: string, options: FileOptions, io: CliIo, extra: Pick<FileJob, 'steps' | 'grade'> = {}): Promise<FileJobResult> {
  const read = readModelFile(file, options.maxBytes);
  if ('error' in read) return { kind: 'invalid', diagnostics: [fileProblem('unreadable', `cannot read the model file: ${read.error}`)] };
  const job: FileJob = {
    file, text: withSeed(read.text, options.seed), folder: file === '-' ? process.cwd() : path.dirname(path.resolve(file)),
    settings: analysisSettings(options), maxMemoryMb: options.maxMemoryMb, ...extra,
  };
  return runBudgeted(job, { timeoutMs: options.timeoutMs, maxMemoryMb: options.maxMemoryMb }, io.workerScript);
}

/**
 * `--seed N`: the file's seed replaced (or set) without moving any line, so diagnostics keep their places.
 * Applied to the text because the seed drives the initialisation, shuffling and the check's sampling alike.
 */
export function withSeed(text: string, seed: number | undefined): string {
  if (seed === undefined) return text;
  const root = parseTree(text);
  if (!root || root.type !== 'object') return text;
  const property = root.children?.find((p) => p.children?.[0]?.value === 'seed');
  const value = property?.children?.[1];
  if (value) return text.slice(0, value.offset) + String(seed) + text.slice(value.offset + value.length);
  return `${text.slice(0, root.offset + 1)}"seed": ${seed}, ${text.slice(root.offset + 1)}`;
}

