/**
 * Parses the `gradlens` command line with Node's `util.parseArgs`: `--flag value` and `--flag=value`,
 * `--` ends the options, `-` is a file (standard input). Errors are messages for people, never exceptions.
 */
import { parseArgs as parseNodeArgs } from 'node:util';
import { DEFAULT_ANALYSIS_SETTINGS } from '../analysis/settings';

/** The flags every file command shares: how strict, and the per-file budgets. */
export interface FileOptions {
  /** Warnings fail a file (exit 1), as a gradient check failure does. */
  readonly strict: boolean;
  /** Wall-clock budget of one file's analysis, in milliseconds. */
  readonly timeoutMs: number;
  /** Largest model file read, in bytes. */
  readonly maxBytes: number;
  /** Heap ceiling of the worker analysing one file, in megabytes. */
  readonly maxMemoryMb: number;
  /** Overrides the file's `seed`. */
  readonly seed?: number;
  /** Gradient check: central-difference step h, and the relative error above which an entry fails. */
  readonly epsilon: number;
  readonly failThreshold: number;
}

export type CliCommand =
  | ({ readonly kind: 'report'; readonly file: string; readonly json: boolean; readonly steps?: number } & FileOptions)
  | ({ readonly kind: 'train'; readonly file: string; readonly json: boolean; readonly epochs?: number } & FileOptions)
  | ({ readonly kind: 'check'; readonly files: readonly string[]; readonly json: boolean } & FileOptions)
  | ({ readonly kind: 'grade'; readonly rubric: string; readonly submissions: readonly string[]; readonly format: GradeFormat } & FileOptions)
  | { readonly kind: 'import'; readonly file: string; readonly data: string; readonly target?: string; readonly loss?: string; readonly output?: string; readonly maxBytes: number }
  | { readonly kind: 'export'; readonly file: string; readonly to: ExportFormat; readonly output?: string; readonly trained: boolean; readonly maxBytes: number }
  | { readonly kind: 'help'; readonly topic?: CommandName }
  | { readonly kind: 'version' };

export type CommandName = 'report' | 'train' | 'check' | 'grade' | 'import' | 'export';
export type ExportFormat = 'pytorch' | 'onnx';
export type GradeFormat = 'text' | 'json' | 'junit' | 'github';

/** The most epochs or steps one command runs (the `epochs` key of a model file is capped alike). */
export const MAX_STEPS = 10_000_000;
export const DEFAULT_TIMEOUT_SECONDS = 30;
export const DEFAULT_MAX_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_MEMORY_MB = 1024;
/** Largest ONNX file `import` reads (weights inline), in bytes. */
export const DEFAULT_MAX_ONNX_BYTES = 256 * 1024 * 1024;

export const EXIT_CODES = `Exit codes:
  0  ran; every file passed (warnings allowed unless --strict)
  1  a file failed: a gradient check, a rubric task, a warning under --strict, or training stopped on NaN/Infinity
  2  a file is invalid, unreadable or over a budget (size, time, memory), or the command line is wrong
  3  internal error (a bug in gradlens: please report it)
With several files the worst result decides: 2 over 1 over 0.`;

const FILE_FLAGS = `  --strict              warnings fail the file (exit 1)
  --timeout SECONDS     time budget of one file's analysis (default ${DEFAULT_TIMEOUT_SECONDS})
  --max-bytes N         largest model file read (default ${DEFAULT_MAX_BYTES})
  --max-memory MB       memory ceiling of one file's analysis (default ${DEFAULT_MAX_MEMORY_MB})
  --seed N              use this seed instead of the file's
  --epsilon H           gradient check step h (default ${DEFAULT_ANALYSIS_SETTINGS.gradCheckEpsilon}; setting gradlens.gradientCheck.epsilon)
  --fail-threshold R    relative error above which a check fails (default ${DEFAULT_ANALYSIS_SETTINGS.gradCheckFailThreshold}; setting gradlens.gradientCheck.failThreshold)`;

export const HELP: Record<CommandName | 'main', string> = {
  main: `Usage:
  gradlens report FILE [--json] [--steps N]     loss, gradients, gradient check and diagnostics of a model file
  gradlens train FILE [--epochs N] [--json]     train as the file says; loss (and accuracy) per epoch
  gradlens check FILE...                        gradient-check model files (exit 1 when one fails)
  gradlens grade RUBRIC.json SUBMISSION...      grade submissions against an instructor's rubric
  gradlens import MODEL.onnx --data DATA.csv     a model file from an ONNX network (PyTorch, Keras) and its data
  gradlens export --to pytorch|onnx FILE         the model as a PyTorch script or an ONNX file
  gradlens COMMAND --help | --help | --version   (the version also says which kernels the products run on)

FILE may be - (standard input). Quoted globs (students/*.nn.json) are expanded by gradlens.

${EXIT_CODES}`,
  report: `Usage: gradlens report FILE [options]

Loss, gradient norms per layer, gradient check and every diagnostic of one model file.
  --json                the report JSON of docs/spec/report-json-v1.md
  --steps N             also take exactly N optimiser steps: the loss after each and the final weights
${FILE_FLAGS}

${EXIT_CODES}`,
  train: `Usage: gradlens train FILE [options]

Trains as the file's "train" says; prints the loss (and accuracy) after each epoch and warns when the
loss diverges.
  --epochs N            epochs to run instead of the file's (at most ${MAX_STEPS.toLocaleString('en-US')})
  --json                one JSON object per line: each epoch, then a summary
${FILE_FLAGS}

${EXIT_CODES}`,
  check: `Usage: gradlens check FILE... [options]

Gradient-checks model files and lists their diagnostics (FILE:LINE:COL: severity: message [code]).
  --json                one JSON object: every file's status and diagnostics
${FILE_FLAGS}

${EXIT_CODES}`,
  grade: `Usage: gradlens grade RUBRIC.json SUBMISSION... [options]

Grades each submission (a folder, or a model file) against a rubric (docs/spec/rubric-v1.md).
  --format F            text (default), json, junit (JUnit XML) or github (workflow annotations)
${FILE_FLAGS}

${EXIT_CODES}`,
  import: `Usage: gradlens import MODEL.onnx --data DATA.csv [--target COLUMN] [--loss KIND] [-o OUT.nn.json]

Writes a model file (plain JSON) with the ONNX network's layers and weights, the data and the loss.
Imports the chains torch.onnx.export writes for nn.Sequential: Gemm, MatMul+Add, Conv, MaxPool, AveragePool,
Flatten/Reshape, Relu, LeakyRelu, Sigmoid, Tanh, Softmax, LogSoftmax, BatchNormalization, Dropout, Identity
(float32 or float64 weights, inline or as external data beside the ONNX file). Anything else is an error
naming the node, and nothing is written.
  --data DATA.csv       the data: one column per input feature and the target column; it must be in the
                        output file's folder or below it (model files read CSV files only there)
  --target COLUMN       the target column's header name (default: the last column)
  --loss KIND           squared, mse, cross-entropy or binary-cross-entropy (default: cross-entropy when
                        the graph ends in Softmax/LogSoftmax or the target holds class labels, else mse)
  -o, --output FILE     the model file to write (default: MODEL.nn.json beside the ONNX file, never
                        over an existing file; with -o an existing file is replaced)
  --max-bytes N         largest ONNX file read (default ${DEFAULT_MAX_ONNX_BYTES})

A model file is written only on exit 0; 2 means the ONNX or data file is invalid or unsupported.
${EXIT_CODES}`,
  export: `Usage: gradlens export --to pytorch|onnx MODEL.nn.json [-o OUT] [--trained]

Writes the model for other tools, with its current parameters (the file's, or GradLens's seeded
initialisation where the file gives none):
  --to pytorch          a readable Python file: build_model() (a float64 nn.Sequential, parameters
                        loaded, training mode), load_data() (the training inputs and targets as GradLens
                        reads them), loss_fn(output, target) (the model's loss, GradLens's definition and
                        scale) and make_optimizer(model); \`python OUT.py\` trains for the model's epochs
                        and prints the loss after each
  --to onnx             an ONNX file (opset 13, float64 weights) that gradlens import reads back
  --trained             export the parameters after training for the model's epochs, as gradlens train does
  -o, --output FILE     the file to write (default: beside the model file, MODEL.py or MODEL.onnx, never
                        over an existing file; with -o an existing file is replaced)
  --max-bytes N         largest model file read (default ${DEFAULT_MAX_BYTES})

A file is written only on exit 0; 2 means the model file is invalid or cannot be exported.
${EXIT_CODES}`,
};

/** Kept for callers of the old module: the main usage text. */
export const USAGE = HELP.main;

type Parsed = ReturnType<typeof parseNodeArgs<{ options: typeof OPTIONS; allowPositionals: true; strict: true }>>;

const OPTIONS = {
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
  json: { type: 'boolean' },
  strict: { type: 'boolean' },
  steps: { type: 'string' },
  epochs: { type: 'string' },
  timeout: { type: 'string' },
  'max-bytes': { type: 'string' },
  'max-memory': { type: 'string' },
  seed: { type: 'string' },
  epsilon: { type: 'string' },
  'fail-threshold': { type: 'string' },
  format: { type: 'string' },
  data: { type: 'string' },
  target: { type: 'string' },
  loss: { type: 'string' },
  output: { type: 'string', short: 'o' },
  to: { type: 'string' },
  trained: { type: 'boolean' },
} as const;

/** Which options each command takes (besides --help). */
const ALLOWED: Record<CommandName, readonly string[]> = {
  report: ['json', 'steps'],
  train: ['json', 'epochs'],
  check: ['json'],
  grade: ['format'],
  import: ['data', 'target', 'loss', 'output', 'max-bytes'],
  export: ['to', 'output', 'trained', 'max-bytes'],
};
const FILE_OPTION_NAMES = ['strict', 'timeout', 'max-bytes', 'max-memory', 'seed', 'epsilon', 'fail-threshold'];

function wholeNumber(flag: string, value: string | undefined, min: number, max: number): number | string | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value)) return `--${flag} takes a whole number, not '${value}'`;
  const n = Number(value);
  if (n < min || n > max) return `--${flag} must be between ${min} and ${max}`;
  return n;
}

function positiveNumber(flag: string, value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n <= 0) return `--${flag} takes a positive number, not '${value}'`;
  return n;
}

function fileOptions(values: Parsed['values']): FileOptions | string {
  const timeout = positiveNumber('timeout', values.timeout);
  const maxBytes = wholeNumber('max-bytes', values['max-bytes'], 1, 1024 * 1024 * 1024);
  const maxMemory = wholeNumber('max-memory', values['max-memory'], 64, 16 * 1024);
  const seed = wholeNumber('seed', values.seed, 0, 2 ** 32 - 1);
  const epsilon = positiveNumber('epsilon', values.epsilon);
  const failThreshold = positiveNumber('fail-threshold', values['fail-threshold']);
  for (const v of [timeout, maxBytes, maxMemory, seed, epsilon, failThreshold]) if (typeof v === 'string') return v;
  return {
    strict: values.strict === true,
    timeoutMs: ((timeout as number | undefined) ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    maxBytes: (maxBytes as number | undefined) ?? DEFAULT_MAX_BYTES,
    maxMemoryMb: (maxMemory as number | undefined) ?? DEFAULT_MAX_MEMORY_MB,
    ...(seed !== undefined ? { seed: seed as number } : {}),
    epsilon: (epsilon as number | undefined) ?? DEFAULT_ANALYSIS_SETTINGS.gradCheckEpsilon,
    failThreshold: (failThreshold as number | undefined) ?? DEFAULT_ANALYSIS_SETTINGS.gradCheckFailThreshold,
  };
}

function exportCommand(values: Parsed['values'], positionals: readonly string[]): CliCommand | { readonly error: string; readonly topic?: CommandName } {
  const topic = 'export' as const;
  if (values.to === undefined) return { error: 'export needs --to pytorch or --to onnx', topic };
  if (values.to !== 'pytorch' && values.to !== 'onnx') return { error: `--to is pytorch or onnx, not '${values.to}'`, topic };
  if (positionals.length !== 1) return { error: 'export takes one model file', topic };
  if (positionals[0] === '-') return { error: 'export reads a model file by its name (its CSV data is found beside it), not standard input', topic };
  const maxBytes = wholeNumber('max-bytes', values['max-bytes'], 1, 1024 * 1024 * 1024);
  if (typeof maxBytes === 'string') return { error: maxBytes, topic };
  return {
    kind: 'export', file: positionals[0], to: values.to, trained: values.trained === true, maxBytes: maxBytes ?? DEFAULT_MAX_BYTES,
    ...(values.output !== undefined ? { output: values.output } : {}),
  };
}

/** The command, or an error message to print with the command's usage. */
export function parseArgs(argv: readonly string[]): CliCommand | { readonly error: string; readonly topic?: CommandName } {
  const [first, ...rest] = argv;
  if (first === undefined || first === 'help') return { kind: 'help' };
  if (first === '--help' || first === '-h') return { kind: 'help' };
  if (first === '--version' || first === '-V' || first === '-v') return { kind: 'version' };
  if (!(first in ALLOWED)) return { error: first.startsWith('-') ? `unknown option ${first}` : `unknown command '${first}'` };
  const command = first as CommandName;
  let parsed: Parsed;
  try {
    parsed = parseNodeArgs({ args: [...rest], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages name the option ("Unknown option '--x'", "Option '--steps <value>' argument missing").
    return { error: String((error as Error).message).replace(/\. To specify a positional argument.*$/s, ''), topic: command };
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help', topic: command };
  const given = Object.keys(values).filter((k) => k !== 'help');
  const misplaced = given.find((k) => !ALLOWED[command].includes(k) && (command === 'import' || command === 'export' || !FILE_OPTION_NAMES.includes(k)));
  if (misplaced) return { error: `${command} takes no --${misplaced}`, topic: command };
  if (command === 'import') {
    if (positionals.length !== 1) return { error: 'import takes one ONNX file', topic: command };
    if (values.data === undefined) return { error: 'import needs --data DATA.csv: the training data the model file names', topic: command };
    const maxBytes = wholeNumber('max-bytes', values['max-bytes'], 1, 2 ** 31 - 1);
    if (typeof maxBytes === 'string') return { error: maxBytes, topic: command };
    return {
      kind: 'import', file: positionals[0], data: values.data, maxBytes: maxBytes ?? DEFAULT_MAX_ONNX_BYTES,
      ...(values.target !== undefined ? { target: values.target } : {}), ...(values.loss !== undefined ? { loss: values.loss } : {}),
      ...(values.output !== undefined ? { output: values.output } : {}),
    };
  }
  if (command === 'export') return exportCommand(values, positionals);
  const options = fileOptions(values);
  if (typeof options === 'string') return { error: options, topic: command };
  const json = values.json === true;
  switch (command) {
    case 'report': {
      if (positionals.length !== 1) return { error: 'report takes one model file', topic: command };
      const steps = wholeNumber('steps', values.steps, 0, MAX_STEPS);
      if (typeof steps === 'string') return { error: steps, topic: command };
      return { kind: 'report', file: positionals[0], json, ...(steps !== undefined ? { steps } : {}), ...options };
    }
    case 'train': {
      if (positionals.length !== 1) return { error: 'train takes one model file', topic: command };
      const epochs = wholeNumber('epochs', values.epochs, 1, MAX_STEPS);
      if (typeof epochs === 'string') return { error: epochs, topic: command };
      return { kind: 'train', file: positionals[0], json, ...(epochs !== undefined ? { epochs } : {}), ...options };
    }
    case 'check':
      if (positionals.length === 0) return { error: 'check takes one or more model files', topic: command };
      return { kind: 'check', files: positionals, json, ...options };
    case 'grade': {
      if (positionals.length < 2) return { error: 'grade takes a rubric and one or more submissions', topic: command };
      const format = values.format ?? 'text';
      if (!['text', 'json', 'junit', 'github'].includes(format)) return { error: `--format is text, json, junit or github, not '${format}'`, topic: command };
      return { kind: 'grade', rubric: positionals[0], submissions: positionals.slice(1), format: format as GradeFormat, ...options };
    }
  }
}
