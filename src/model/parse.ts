/**
 * Reading a model file (`*.nn.json`, docs/spec/model-file-v1.md): parse with comments, validate,
 * report every problem at once with its exact range, and build a {@link ModelFile} when there are no
 * errors. Never throws: an internal surprise becomes an `internal-error` diagnostic.
 */
import * as l10n from '@vscode/l10n';
import * as C from './codes';
import { readModel, type ReadModelOptions } from './read/model';
import { Reporter } from './report';
import type { ModelDiagnostic, ParseResult } from './types';

export {
  TOP_LEVEL_KEYS, LAYER_KEYS, TRAIN_KEYS, LOSSES, OPTIMIZERS, INIT_NAMES, INIT_KINDS, LAYER_TYPES,
  LOSS_ALIASES, ACTIVATION_ALIASES, OPTIMIZER_ALIASES, DEFAULT_TRAIN, DEFAULT_SEED, MAX_UNITS, MAX_PARAMETERS,
  MAX_EPOCHS, DEFAULT_INIT, defaultModelName,
} from './read/vocabulary';

export type ParseModelOptions = ReadModelOptions;

/** Codes that a syntax error easily causes further on (a truncated array, a lost key): dropped when the text has syntax errors. */
const CASCADE_CODES = new Set<string>([C.MISSING_KEY, C.SHAPE_MISMATCH, C.EMPTY_DATA]);

/** Parses and validates a model file's text: the model when nothing is an error, and every diagnostic sorted by position. */
export function parseModelText(text: string, options: ParseModelOptions): ParseResult {
  let r: Reporter;
  try {
    const source = typeof text === 'string' ? text : String(text);
    // A UTF-8 byte order mark is accepted: read as a space, so every offset still indexes the text given.
    // (VS Code drops it from the document, and so does the CLI, so their positions agree.)
    r = new Reporter(source.charCodeAt(0) === 0xfeff ? ` ${source.slice(1)}` : source);
  } catch {
    r = new Reporter('');
  }
  try {
    const { model, damagedFrom } = readModel(r, options);
    const diagnostics = sortDiagnostics(r.diagnostics, damagedFrom);
    const hasErrors = diagnostics.some((d) => d.severity === 'error');
    return hasErrors || !model ? { diagnostics } : { model, diagnostics };
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    r.error(r.lines.range(0, 0), C.INTERNAL_ERROR, l10n.t('internal error while reading the model file (please report it): {0}', detail));
    return { diagnostics: sortDiagnostics(r.diagnostics, Infinity) };
  }
}

/**
 * Sorted by position. When the text has syntax errors, drops what they easily cause: the
 * {@link CASCADE_CODES}, and any other finding after the point where the structure is damaged.
 */
function sortDiagnostics(ds: readonly ModelDiagnostic[], damagedFrom: number): ModelDiagnostic[] {
  const hasSyntax = ds.some((d) => d.code === C.SYNTAX_ERROR);
  const kept = hasSyntax
    ? ds.filter((d) => d.code === C.SYNTAX_ERROR || d.code === C.TRAILING_COMMA
      || (!CASCADE_CODES.has(d.code) && d.range.startOffset < damagedFrom))
    : [...ds];
  return kept
    .map((d, i) => ({ d, i }))
    .sort((a, b) => a.d.range.startOffset - b.d.range.startOffset || a.i - b.i)
    .map((x) => x.d);
}
