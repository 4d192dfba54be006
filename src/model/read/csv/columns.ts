/**
 * Which columns of the CSV file are features and which is the target: references by header name (exact,
 * or after trimming spaces) or 0-based index, resolved against the header row. Without `features`,
 * every column except the target is a feature.
 */
import * as l10n from '@vscode/l10n';
import * as C from '../../codes';
import type { CsvTable } from '../../csv';
import { count, renameFix, type Reporter } from '../../report';
import { closest } from '../../suggest';
import { cut } from '../../../shared/escape';
import type { DataContext } from '../dataResult';
import type { ColumnRef, CsvKeys } from './keys';

/** The resolved columns: indices into the header. */
export interface CsvColumns {
  readonly featureCols: readonly number[];
  readonly targetCol: number;
}

/** Resolves `features` and `target`; undefined when a column is missing or the count is wrong (reported). */
export function resolveColumns(r: Reporter, keys: CsvKeys, table: CsvTable, ctx: DataContext): CsvColumns | undefined {
  const { file, featureRefs, targetRef } = keys;
  const targetCol = targetRef ? resolveColumn(r, targetRef, table, file) : undefined;
  let featureCols: number[] | undefined;
  if (featureRefs) {
    const cols = featureRefs.map((ref) => resolveColumn(r, ref, table, file));
    if (cols.every((c) => c !== undefined)) featureCols = cols as number[];
    if (featureCols && targetCol !== undefined && featureCols.includes(targetCol)) {
      r.warning(keys.featuresNode!, C.ADVICE, l10n.t("the target column '{0}' is also a feature: the network is given the answer", cut(table.header[targetCol] ?? '', 80)));
    }
  } else if (targetCol !== undefined) {
    featureCols = table.header.map((_, i) => i).filter((i) => i !== targetCol);
    if (ctx.inputs !== undefined && featureCols.length !== ctx.inputs) {
      r.error(keys.csvNode, C.SHAPE_MISMATCH,
        l10n.t('\'{0}\' has {1} besides the target but "inputs" is {2}: list the feature columns in "features"', file, count.column(featureCols.length), String(ctx.inputs)));
      return undefined;
    }
  }
  if (targetCol === undefined || featureCols === undefined) return undefined;
  return { featureCols, targetCol };
}

/** One reference to its column index, or a `csv-error` naming the header (and a did-you-mean, bounded in cost). */
function resolveColumn(r: Reporter, ref: ColumnRef, table: CsvTable, file: string): number | undefined {
  const header = table.header;
  if (typeof ref.ref === 'number') {
    if (ref.ref >= header.length) {
      r.error(ref.node, C.CSV_ERROR,
        l10n.t("column index {0} is out of range: '{1}' has {2} (indices 0 to {3})", ref.ref, file, count.column(header.length), header.length - 1));
      return undefined;
    }
    return ref.ref;
  }
  const name = ref.ref;
  let index = header.indexOf(name);
  if (index < 0) index = header.indexOf(name.trim());
  if (index >= 0) return index;
  const near = closest(name, header);
  const shown = header.length > 12 ? `${header.slice(0, 12).map((h) => cut(h, 40)).join(', ')}, ...` : header.map((h) => cut(h, 40)).join(', ');
  const separator = header.length === 1 ? [';', '\t', '|'].find((c) => header[0]!.includes(c)) : undefined;
  const missing = near === undefined
    ? l10n.t("'{0}' has no column '{1}'; its header row has: {2}", file, cut(name, 80), shown)
    : l10n.t("'{0}' has no column '{1}' (did you mean '{2}'?); its header row has: {3}", file, cut(name, 80), near, shown);
  r.error(ref.node, C.CSV_ERROR, separator === undefined ? missing
    : l10n.t('{0} (the file seems to separate columns with {1}; only commas are read)', missing, separator === '\t' ? l10n.t('tabs') : `'${separator}'`), renameFix(near));
  return undefined;
}

/** How a message names column `c`: its header name, quoted and cut, or its index when it has none. */
export function columnName(header: readonly string[], c: number): string {
  return header[c] !== undefined && header[c] !== '' ? `'${cut(header[c]!, 80)}'` : `${c}`;
}
