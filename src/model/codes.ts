/**
 * The stable codes of model-file diagnostics (`ModelDiagnostic.code`). They are part of the public
 * contract (report-json-v1 repeats them in `warnings`): codes may be added, none may change meaning.
 *
 * Unless said otherwise a code is reported with severity `error`, which means the file gives no model.
 */

/** The text is not valid JSON-with-comments: a missing comma, an unclosed string, single quotes, ... */
export const SYNTAX_ERROR = 'syntax-error';

/** A comma before a closing `}` or `]`. Accepted (severity `warning`): plain JSON forbids it. */
export const TRAILING_COMMA = 'trailing-comma';

/** A key the format does not know, usually a typo; the message suggests the nearest key. Severity `warning`: the key is ignored. */
export const UNKNOWN_KEY = 'unknown-key';

/** The same key twice in one object. Severity `warning`: as in JSON, the last one is used. */
export const DUPLICATE_KEY = 'duplicate-key';

/** A value of the wrong JSON type, e.g. a string where a number belongs, or a row that is not an array. */
export const WRONG_TYPE = 'wrong-type';

/**
 * A required key is absent. The range is the key of the enclosing object when that object is a
 * property's value (e.g. `"data"`), otherwise the enclosing object's opening brace.
 */
export const MISSING_KEY = 'missing-key';

/** A value of the right type but out of range: `units` 0, `learningRate` -1, `split` 1.5, a fractional `epochs`, a duplicate layer name, ... */
export const INVALID_VALUE = 'invalid-value';

/** Two keys that cannot be used together, e.g. inline `inputs` next to `csv` in `data`. */
export const CONFLICTING_KEYS = 'conflicting-keys';

/**
 * Sizes that do not fit: weights rows against units or a row against the fan-in, bias length against
 * units, data rows against `inputs` or the output units, input against target row counts, CSV
 * classes against output units, `features` against `inputs`. The message says expected and actual numbers.
 */
export const SHAPE_MISMATCH = 'shape-mismatch';

/** No data rows: `"inputs": []`, or a CSV file with a header and nothing else. */
export const EMPTY_DATA = 'empty-data';

/** A number that is not finite: a literal such as `1e999` in weights, bias or data, or `NaN`/`inf`/`1e999` in a CSV cell. */
export const NON_FINITE = 'non-finite';

/** An activation name that does not exist; the message suggests the nearest. */
export const UNKNOWN_ACTIVATION = 'unknown-activation';

/** A loss name that does not exist; the message suggests the nearest. */
export const UNKNOWN_LOSS = 'unknown-loss';

/** An optimiser name that does not exist; the message suggests the nearest. */
export const UNKNOWN_OPTIMIZER = 'unknown-optimizer';

/** An initialiser that does not exist (string or object form); the message suggests the nearest. */
export const UNKNOWN_INIT = 'unknown-init';

/**
 * A problem with CSV data: the file is missing or unreadable, its path leaves the model file's
 * folder tree (symbolic links included), a column named in `features`/`target` does not exist or an
 * index is out of range, ragged rows, non-numeric feature cells, an unclosed quote, class values out
 * of range. For problems inside the CSV the range is the `csv` value and the message names the
 * CSV row (1-based, the header being row 1) and the column.
 */
export const CSV_ERROR = 'csv-error';

/**
 * A problem with the `weightsFile` (a safetensors file of the model's parameters): unreadable, outside
 * the model file's folder, not a safetensors file (truncated, a header length beyond the file), an
 * element type other than F32/F64, a tensor whose shape does not fit its layer, a tensor that fills no
 * parameter. The range is the `weightsFile` value; the message names the tensor and the layer.
 */
export const WEIGHTS_FILE_ERROR = 'weights-file-error';

/**
 * A custom activation's `f` or `df` that is not a valid expression. The range lies inside the string
 * literal, at the column of the problem.
 */
export const INVALID_EXPRESSION = 'invalid-expression';

/** A custom activation without `df` whose derivative cannot be found symbolically; reported on `f`. */
export const NO_DERIVATIVE = 'no-derivative';

/**
 * Advice, not an error (severity `warning` or `info`): softmax output with a squared loss, sigmoid or
 * linear outputs with cross-entropy, softmax with binary-cross-entropy, ReLU with Xavier
 * initialisation, targets that are not probabilities for the chosen loss, a batch larger than the
 * data, settings that the chosen optimiser ignores, ...
 */
export const ADVICE = 'advice';

/** Something went wrong inside the parser itself (a bug): reported instead of throwing. */
export const INTERNAL_ERROR = 'internal-error';

/** Every code above, for documentation and tests. */
export const ALL_CODES = [
  SYNTAX_ERROR, TRAILING_COMMA, UNKNOWN_KEY, DUPLICATE_KEY, WRONG_TYPE, MISSING_KEY, INVALID_VALUE,
  CONFLICTING_KEYS, SHAPE_MISMATCH, EMPTY_DATA, NON_FINITE, UNKNOWN_ACTIVATION, UNKNOWN_LOSS,
  UNKNOWN_OPTIMIZER, UNKNOWN_INIT, CSV_ERROR, WEIGHTS_FILE_ERROR, INVALID_EXPRESSION, NO_DERIVATIVE, ADVICE, INTERNAL_ERROR,
] as const;

export type ModelDiagnosticCode = (typeof ALL_CODES)[number];
