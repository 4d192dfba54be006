/**
 * The feature cells: every data row must have as many fields as the header, and every feature cell must
 * be a finite number. At most {@link MAX_ROW_PROBLEMS} problems are listed, then one summary.
 */
import * as l10n from '@vscode/l10n';
import type { SourceRange } from '../../types';
import * as C from '../../codes';
import { cellNumber, type CsvTable } from '../../csv';
import { count, type Reporter } from '../../report';
import { cut } from '../../../shared/escape';
import { MAX_ROW_PROBLEMS } from '../dataResult';
import { columnName } from './columns';

/**
 * The features of every row, row-major (rows × features); undefined when a cell is wrong (reported at
 * `csvAt`, the `csv` value, naming file, row and column).
 */
export function readFeatureCells(
  r: Reporter, table: CsvTable, featureCols: readonly number[], file: string, csvAt: SourceRange,
): Float64Array | undefined {
  const header = table.header;
  const nFeatures = featureCols.length;
  const nRows = table.rows.length;
  const x = new Float64Array(nRows * nFeatures);
  let problems = 0;
  const problem = (code: string, message: string): void => {
    problems++;
    if (problems <= MAX_ROW_PROBLEMS) r.error(csvAt, code, message);
  };
  const colName = (c: number): string => columnName(header, c);
  for (let i = 0; i < nRows; i++) {
    const row = table.rows[i]!;
    const rowNo = table.rowNumbers[i]!;
    if (row.length !== header.length) {
      problem(C.CSV_ERROR, l10n.t('{0} row {1} has {2} but the header has {3}', file, rowNo, count.field(row.length), count.column(header.length)));
      continue;
    }
    for (let j = 0; j < nFeatures; j++) {
      const c = featureCols[j]!;
      const v = cellNumber(row[c]!);
      if (typeof v === 'number') x[i * nFeatures + j] = v;
      else if (v === 'non-finite') problem(C.NON_FINITE, l10n.t("{0} row {1}, column {2}: '{3}' is not a finite number", file, rowNo, colName(c), cut(row[c]!.trim(), 80)));
      else if (v === 'empty') problem(C.CSV_ERROR, l10n.t('{0} row {1}, column {2}: the cell is empty', file, rowNo, colName(c)));
      else problem(C.CSV_ERROR, l10n.t("{0} row {1}, column {2}: '{3}' is not a number", file, rowNo, colName(c), cut(row[c]!.trim(), 80)));
    }
  }
  if (problems > 0) {
    if (problems > MAX_ROW_PROBLEMS) r.error(csvAt, C.CSV_ERROR, l10n.t('{0}: {1} more problems like these', file, problems - MAX_ROW_PROBLEMS));
    return undefined;
  }
  return x;
}
