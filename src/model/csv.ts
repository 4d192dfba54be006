/**
 * A small, fast CSV reader (RFC 4180): comma separated, a header row, fields optionally in double
 * quotes (`""` is a quote inside quotes; quoted fields may hold commas and line breaks), CRLF or LF
 * line ends, a leading byte-order mark, blank lines (e.g. a trailing one) ignored.
 *
 * Rows are numbered as an editor shows them: the 1-based line on which the record starts, so the
 * header is row 1 and, in a file without blank lines or multi-line fields, data record i is row i + 1.
 */

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
  if (records.length === 0) return { error: 'the file is empty (not even a header row)', row: 1 };
  return {
    table: {
      header: records[0]!.map((h) => h.trim()),
      rows: records.slice(1),
      rowNumbers: recordLines.slice(1),
      headerRow: recordLines[0]!,
    },
  };
}

function parseQuoted(text: string): CsvParseResult {
  const records: string[][] = [];
  const recordLines: number[] = [];
  const n = text.length;
  let i = 0;
  let line = 1;
  while (i < n) {
    // Start of a record.
    const startLine = line;
    const fields: string[] = [];
    let blank = true;
    for (;;) {
      // One field.
      if (i < n && text.charCodeAt(i) === 34 /* " */) {
        blank = false;
        const quoteLine = line;
        i++;
        let value = '';
        let chunk = i;
        for (;;) {
          if (i >= n) return { error: `a quoted field is never closed (its closing '"' is missing)`, row: quoteLine };
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
        // Anything between the closing quote and the next separator is kept, as spreadsheets do.
        const rest = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === 44 || c === 10 || c === 13) break;
          i++;
        }
        fields.push(value + text.slice(rest, i));
      } else {
        const start = i;
        while (i < n) {
          const c = text.charCodeAt(i);
          if (c === 44 || c === 10 || c === 13) break;
          i++;
        }
        const value = text.slice(start, i);
        if (value.trim() !== '') blank = false;
        fields.push(value);
      }
      if (i < n && text.charCodeAt(i) === 44) {
        blank = false;
        i++;
        continue;
      }
      break;
    }
    // End of record: a line break or the end of the text.
    if (i < n) {
      if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) i += 2;
      else i++;
      line++;
    }
    if (!blank) {
      records.push(fields);
      recordLines.push(startLine);
    }
  }
  return table(records, recordLines);
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
