/**
 * The CSV file itself: a relative path that stays in the model file's folder, read through the
 * {@link DataFileReader}, parsed into a header row and data rows. Every refusal is a `csv-error` on the `csv` value.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import * as C from '../../codes';
import { parseCsv, type CsvTable } from '../../csv';
import type { Reporter } from '../../report';
import type { DataContext } from '../dataResult';
import { pathLeavesFolder } from '../../dataFilePath';

/** Reads and parses `file`, named by the `csv` value `csvNode`; undefined when it cannot (reported). */
export function readCsvTable(r: Reporter, csvNode: Node, file: string, ctx: DataContext): CsvTable | undefined {
  const leaves = pathLeavesFolder(file);
  if (leaves) {
    r.error(csvNode, C.CSV_ERROR, l10n.t("cannot read '{0}': {1}", file, leaves));
    return undefined;
  }
  if (!ctx.dataFiles) {
    r.error(csvNode, C.CSV_ERROR, l10n.t("cannot read '{0}': no access to data files here", file));
    return undefined;
  }
  let read: { text: string } | { error: string };
  try {
    read = ctx.dataFiles.readText(file);
  } catch (e) {
    read = { error: e instanceof Error ? e.message : String(e) };
  }
  if ('error' in read) {
    r.error(csvNode, C.CSV_ERROR, l10n.t("cannot read '{0}': {1}", file, read.error));
    return undefined;
  }
  const parsed = parseCsv(read.text);
  if ('error' in parsed) {
    r.error(csvNode, C.CSV_ERROR, l10n.t('{0} row {1}: {2}', file, parsed.row, parsed.error));
    return undefined;
  }
  return parsed.table;
}
