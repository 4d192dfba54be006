/** Parses the `gradlens` command line. Errors are messages for people, never exceptions. */

export type CliCommand =
  | { readonly kind: 'report'; readonly file: string; readonly json: boolean; readonly steps?: number }
  | { readonly kind: 'train'; readonly file: string; readonly epochs?: number }
  | { readonly kind: 'check'; readonly files: readonly string[]; readonly json: boolean }
  | { readonly kind: 'help' }
  | { readonly kind: 'version' };

export const USAGE = `Usage:
  gradlens report FILE [--json] [--steps N]   loss, gradients, gradient check and warnings of a model file
  gradlens train FILE [--epochs N]            train as the file says; loss (and accuracy) per epoch
  gradlens check FILE...                      gradient-check model files (exit 1 when one fails)
  gradlens --help | --version                 the version also says which kernels the products run on

Exit codes: 0 ran (warnings allowed), 1 a gradient check failed, 2 a model file is invalid or the command line is wrong.`;

function wholeNumber(flag: string, value: string | undefined, min: number): number | string {
  if (value === undefined) return `${flag} needs a number`;
  if (!/^\d+$/.test(value)) return `${flag} takes a whole number, not '${value}'`;
  const n = Number(value);
  if (n < min || n > 10_000_000) return `${flag} must be between ${min} and 10000000`;
  return n;
}

/** The command, or an error message to print with the usage. */
export function parseArgs(argv: readonly string[]): CliCommand | { readonly error: string } {
  const [command, ...rest] = argv;
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') return { kind: 'help' };
  if (command === '--version' || command === '-v') return { kind: 'version' };
  const files: string[] = [];
  let json = false;
  let steps: number | undefined;
  let epochs: number | undefined;
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    if (arg === '--json') json = true;
    else if (arg === '--steps' || arg === '--epochs') {
      const n = wholeNumber(arg, rest[++i], arg === '--steps' ? 0 : 1);
      if (typeof n === 'string') return { error: n };
      if (arg === '--steps') steps = n; else epochs = n;
    } else if (arg.startsWith('--')) return { error: `unknown option ${arg}` };
    else files.push(arg);
  }
  switch (command) {
    case 'report':
      if (files.length !== 1) return { error: 'report takes one model file' };
      if (epochs !== undefined) return { error: '--epochs goes with train' };
      return { kind: 'report', file: files[0], json, steps };
    case 'train':
      if (files.length !== 1) return { error: 'train takes one model file' };
      if (steps !== undefined || json) return { error: 'train takes only --epochs N' };
      return { kind: 'train', file: files[0], epochs };
    case 'check':
      if (files.length === 0) return { error: 'check takes one or more model files' };
      if (steps !== undefined || epochs !== undefined) return { error: 'check takes no --steps or --epochs' };
      return { kind: 'check', files, json };
    default:
      return { error: `unknown command '${command}'` };
  }
}
