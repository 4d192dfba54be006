/**
 * A small, fast CSV reader (RFC 4180): comma separated, a header row, fields optionally in double
 * quotes (`""` is a quote inside quotes; quoted fields may hold commas and line breaks), CRLF or LF
 * line ends, a leading byte-order mark, blank lines (e.g. a trailing one) ignored.
 *
 * Rows are numbered as an editor shows them: the 1-based line on which the record starts, so the
 * header is row 1 and, in a file without blank lines or multi-line fields, data record i is row i + 1.
 */
import * as l10n from '@vscode/l10n';

export interface CsvTable {
  readonly header: readonly string[];
  /** The data records (header excluded), fields as written (unquoted, not trimmed). */
  readonly rows: readonly (readonly string[])[];
  /** `rowNumbers[i]` is the 1-based line on which `rows[i]` starts. */
  readonly rowNumbers: readonly number[];
  /** The 1-based line of the header. */
  readonly headerRow: number;
}

export type CsvParseResult = { readonly table: CsvTable } | { readonly error: string; readonly row: number };

export function parseCsv(input: string): CsvParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input;
  return text.includes('"') ? parseQuoted(text) : parseUnquoted(text);
}

/** The common case, fast: no quotes, so every line is one record and `split` does the work. */
function parseUnquoted(text: string): CsvParseResult {
  const lines = text.split(/\r\n|\n|\r/);
  const records: string[][] = [];
  const recordLines: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.length === 0 || (line.trim() === '' && !line.includes(','))) continue;
    records.push(line.split(','));
    recordLines.push(i + 1);
  }
  return table(records, recordLines);
}

function table(records: string[][], recordLines: number[]): CsvParseResult {
  if (records.length === 0) return { error: l10n.t('the file is empty (not even a header row)'), row: 1 };
  return {
    table: {
      header: records[0]!.map((h) => h.trim()),
      rows: records.slice(1),
      rowNumbers: recordLines.slice(1),
      headerRow: recordLines[0]!,
    },
  };
}

/** Where a quoted-CSV scan is: the offset in `text` and the 1-based line of that offset. */
interface Scan {
  readonly text: string;
  readonly n: number;
  i: number;
  line: number;
}

type RecordOrError = { readonly fields: string[]; readonly blank: boolean } | { readonly error: string; readonly row: number };

/** The general case: quoted fields may hold commas, quotes (`""`) and line breaks. */
function parseQuoted(text: string): CsvParseResult {
  const records: string[][] = [];
  const recordLines: number[] = [];
  const scan: Scan = { text, n: text.length, i: 0, line: 1 };
  while (scan.i < scan.n) {
    const startLine = scan.line;
    const record = readRecord(scan);
    if ('error' in record) return record;
    // End of record: a line break or the end of the text.
    if (scan.i < scan.n) {
      if (text.charCodeAt(scan.i) === 13 && text.charCodeAt(scan.i + 1) === 10) scan.i += 2;
      else scan.i++;
      scan.line++;
    }
    if (!record.blank) {
      records.push(record.fields);
      recordLines.push(startLine);
    }
  }
  return table(records, recordLines);
}

/** One record's fields, up to (not including) its line break; `blank` when it holds nothing but spaces. */
function readRecord(scan: Scan): RecordOrError {
  const { text, n } = scan;
  const fields: string[] = [];
  let blank = true;
  for (;;) {
    if (scan.i < n && text.charCodeAt(scan.i) === 34 /* " */) {
      blank = false;
      const value = readQuotedField(scan);
      if (typeof value !== 'string') return value;
      fields.push(value);
    } else {
      const start = scan.i;
      skipToSeparator(scan);
      const value = text.slice(start, scan.i);
      if (value.trim() !== '') blank = false;
      fields.push(value);
    }
    if (scan.i < n && text.charCodeAt(scan.i) === 44) {
      blank = false;
      scan.i++;
      continue;
    }
    return { fields, blank };
  }
}

/** A field starting with a quote; anything between the closing quote and the next separator is kept, as spreadsheets do. */
function readQuotedField(scan: Scan): string | { error: string; row: number } {
  const { text, n } = scan;
  const quoteLine = scan.line;
  let i = scan.i + 1;
  let line = scan.line;
  let value = '';
  let chunk = i;
  for (;;) {
    if (i >= n) return { error: l10n.t('a quoted field is never closed (its closing \'"\' is missing)'), row: quoteLine };
    const c = text.charCodeAt(i);
    if (c === 34) {
      if (text.charCodeAt(i + 1) === 34) {
        value += text.slice(chunk, i + 1);
        i += 2;
        chunk = i;
        continue;
      }
      value += text.slice(chunk, i);
      i++;
      break;
    }
    if (c === 10) line++;
    else if (c === 13) {
      if (text.charCodeAt(i + 1) !== 10) line++;
    }
    i++;
  }
  scan.i = i;
  scan.line = line;
  skipToSeparator(scan);
  return value + text.slice(i, scan.i);
}

/** Moves to the next comma or line break (or the end of the text). */
function skipToSeparator(scan: Scan): void {
  const { text, n } = scan;
  let i = scan.i;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === 44 || c === 10 || c === 13) break;
    i++;
  }
  scan.i = i;
}

const NON_FINITE_WORD = /^[+-]?(?:nan|inf|infinity)$/i;

function isSpace(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10 || c === 0xa0 || c === 0xfeff;
}

/** A plain decimal number: optional sign, digits with an optional point, optional exponent. */
function isDecimal(s: string): boolean {
  const n = s.length;
  let i = 0;
  let c = s.charCodeAt(0);
  if (c === 43 || c === 45) i++;
  let digits = 0;
  while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) { i++; digits++; }
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) { i++; digits++; }
  }
  if (digits === 0) return false;
  if (i < n && (s.charCodeAt(i) | 32) === 101) {
    i++;
    if (i < n && (s.charCodeAt(i) === 43 || s.charCodeAt(i) === 45)) i++;
    let exponentDigits = 0;
    while (i < n && (c = s.charCodeAt(i)) >= 48 && c <= 57) { i++; exponentDigits++; }
    if (exponentDigits === 0) return false;
  }
  return i === n;
}

/**
 * A CSV cell as a number: a plain decimal number (surrounding spaces allowed; no hex, no `_`).
 * Returns `'empty'`, `'non-finite'` (NaN, inf, Infinity, or a literal like 1e999 that overflows)
 * or `'text'` otherwise.
 */
export function cellNumber(cell: string): number | 'empty' | 'non-finite' | 'text' {
  const n = cell.length;
  const s = n > 0 && (isSpace(cell.charCodeAt(0)) || isSpace(cell.charCodeAt(n - 1))) ? cell.trim() : cell;
  if (s.length === 0) return 'empty';
  if (isDecimal(s)) {
    const v = Number(s);
    return Number.isFinite(v) ? v : 'non-finite';
  }
  if (NON_FINITE_WORD.test(s)) return 'non-finite';
  return 'text';
}
