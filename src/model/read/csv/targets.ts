/**
 * The target column, one row of K numbers per CSV row (K = the last layer's units), row-major:
 * - text labels (any cell not a number): one-hot in order of first appearance (`classLabels`), K classes;
 * - numbers with K = 1: the value itself;
 * - numbers with K > 1: class numbers 0..K−1, one-hot by value (`classLabels` "0".."K−1").
 */
import * as l10n from '@vscode/l10n';
import type { SourceRange } from '../../types';
import * as C from '../../codes';
import { cellNumber, type CsvTable } from '../../csv';
import { count, type Reporter } from '../../report';
import { cut } from '../../../shared/escape';

/** At most this many target numbers (rows × output units) are built from a CSV file. */
const MAX_TARGET_CELLS = 50_000_000;

export interface CsvTargets {
  /** rows × K, row-major. */
  readonly y: Float64Array;
  readonly classLabels?: string[];
}

/** Where target problems are reported: the file's `csv` value, and the `target` value (else the `csv` value). */
export interface TargetPlaces {
  readonly file: string;
  readonly csvAt: SourceRange;
  readonly targetAt: SourceRange;
  /** The target column, as messages name it. */
  readonly targetName: string;
}

/**
 * Encodes the target column `targetCol` for `outputs` (the last layer's units; undefined when the layers
 * have errors, and then only empty cells are reported). Undefined when a cell does not fit (reported).
 */
export function readTargets(
  r: Reporter, table: CsvTable, targetCol: number, outputs: number | undefined, at: TargetPlaces,
): CsvTargets | undefined {
  const { file, csvAt, targetName } = at;
  const nRows = table.rows.length;
  const cells = table.rows.map((row) => row[targetCol]!.trim());
  const emptyAt = cells.findIndex((c) => c === '');
  if (emptyAt >= 0) {
    r.error(csvAt, C.CSV_ERROR, l10n.t('{0} row {1}, column {2}: the target cell is empty', file, String(table.rowNumbers[emptyAt]), targetName));
    return undefined;
  }
  const numeric = cells.map(cellNumber);
  const isText = numeric.some((v) => v === 'text');
  if (outputs === undefined) return undefined;
  const K = outputs;
  if (nRows * K > MAX_TARGET_CELLS) {
    r.error(csvAt, C.CSV_ERROR, l10n.t("'{0}' is too large for {1}: {2} rows × {3} targets", file, count.output(K), nRows, K));
    return undefined;
  }
  if (isText) return textTargets(r, cells, K, at);
  const bad = numeric.findIndex((v) => v === 'non-finite');
  if (bad >= 0) {
    r.error(csvAt, C.NON_FINITE, l10n.t("{0} row {1}, column {2}: '{3}' is not a finite number", file, String(table.rowNumbers[bad]), targetName, cut(cells[bad] ?? '', 80)));
    return undefined;
  }
  return numericTargets(r, table, cells, numeric as number[], K, at);
}

/** Text labels, one-hot in order of first appearance; there must be exactly K of them. */
function textTargets(r: Reporter, cells: readonly string[], K: number, at: TargetPlaces): CsvTargets | undefined {
  const y = new Float64Array(cells.length * K);
  const classLabels: string[] = [];
  const index = new Map<string, number>();
  for (const c of cells) {
    if (!index.has(c)) {
      index.set(c, classLabels.length);
      classLabels.push(c);
    }
  }
  if (classLabels.length !== K) {
    const shown = classLabels.length > 10 ? `${classLabels.slice(0, 10).map((l) => cut(l, 40)).join(', ')}, ...` : classLabels.map((l) => cut(l, 40)).join(', ');
    r.error(at.targetAt, C.SHAPE_MISMATCH,
      l10n.t('the target column {0} has {1} ({2}) but the last layer has {3}: one unit per class', at.targetName, count.class(classLabels.length), shown, count.unit(K)));
    return undefined;
  }
  cells.forEach((c, i) => { y[i * K + index.get(c)!] = 1; });
  return { y, classLabels };
}

/** Finite numbers: the value itself for one output, else class numbers 0..K−1 one-hot by value. */
function numericTargets(
  r: Reporter, table: CsvTable, cells: readonly string[], values: readonly number[], K: number, at: TargetPlaces,
): CsvTargets | undefined {
  const y = new Float64Array(values.length * K);
  if (K === 1) {
    values.forEach((v, i) => { y[i] = v; });
    return { y };
  }
  const wrong = values.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= K);
  if (wrong >= 0) {
    r.error(at.csvAt, C.CSV_ERROR,
      l10n.t("{0} row {1}, column {2}: '{3}' is not a class number 0 to {4} (a numeric target with {5} output units holds class numbers, one-hot encoded)", at.file, String(table.rowNumbers[wrong]), at.targetName, cut(cells[wrong] ?? '', 80), K - 1, K));
    return undefined;
  }
  const classLabels = Array.from({ length: K }, (_, k) => String(k));
  values.forEach((v, i) => { y[i * K + v] = 1; });
  return { y, classLabels };
}
