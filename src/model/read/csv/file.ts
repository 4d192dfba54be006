/**
 * The CSV file itself: a relative path that stays in the model file's folder, read through the
 * {@link DataFileReader}, parsed into a header row and data rows. Every refusal is a `csv-error` on the `csv` value.
 */
import type { Node } from 'jsonc-parser';
import * as C from '../../codes';
import { parseCsv, type CsvTable } from '../../csv';
import type { Reporter } from '../../report';
import type { DataContext } from '../dataResult';

/** Lexically, does a relative path stay inside its folder? (The reader also checks symbolic links.) */
export function pathLeavesFolder(path: string): string | undefined {
  if (/^[a-zA-Z][a-zA-Z0-9+.-]+:\/\//.test(path)) return 'only local files next to the model file can be read, not URLs';
  if (path.startsWith('/') || path.startsWith('\\') || /^[a-zA-Z]:/.test(path)) {
    return "absolute paths are refused: give a path relative to the model file's folder";
  }
  let depth = 0;
  for (const part of path.split(/[\\/]+/)) {
    if (part === '..') depth--;
    else if (part !== '.' && part !== '') depth++;
    if (depth < 0) return "the path leaves the model file's folder tree ('..' goes above it); refused";
  }
  return undefined;
}

/** Reads and parses `file`, named by the `csv` value `csvNode`; undefined when it cannot (reported). */
export function readCsvTable(r: Reporter, csvNode: Node, file: string, ctx: DataContext): CsvTable | undefined {
  const leaves = pathLeavesFolder(file);
  if (leaves) {
    r.error(csvNode, C.CSV_ERROR, `cannot read '${file}': ${leaves}`);
    return undefined;
  }
  if (!ctx.dataFiles) {
    r.error(csvNode, C.CSV_ERROR, `cannot read '${file}': no access to data files here`);
    return undefined;
  }
  let read: { text: string } | { error: string };
  try {
    read = ctx.dataFiles.readText(file);
  } catch (e) {
    read = { error: e instanceof Error ? e.message : String(e) };
  }
  if ('error' in read) {
    r.error(csvNode, C.CSV_ERROR, `cannot read '${file}': ${read.error}`);
    return undefined;
  }
  const parsed = parseCsv(read.text);
  if ('error' in parsed) {
    r.error(csvNode, C.CSV_ERROR, `${file} row ${parsed.row}: ${parsed.error}`);
    return undefined;
  }
  return parsed.table;
}
