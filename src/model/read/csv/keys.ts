/**
 * The keys of CSV data: `csv` (the file), `features` and `target` (columns by header name or 0-based
 * index), `split` and `normalize` (the scalars by the table {@link CSV_SCALARS}). Read before the file is
 * opened: nothing is read when one is wrong.
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import * as C from '../../codes';
import { count, describe, items, missingKeyAt, valueOf, type Prop, type Reporter } from '../../report';
import { aChoice, aNumber, aString, nonEmpty, readScalars, type ScalarTable } from '../scalars';
import type { DataContext } from '../dataResult';

export const NORMALIZE_KINDS = ['none', 'zscore', 'minmax'] as const;
export type NormalizeKind = (typeof NORMALIZE_KINDS)[number];
const NORMALIZE_ALIASES: Readonly<Record<string, NormalizeKind>> = {
  standard: 'zscore', standardize: 'zscore', standardise: 'zscore', standardscaler: 'zscore', normal: 'zscore',
  range: 'minmax', minmaxscaler: 'minmax', scale: 'minmax', off: 'none', false: 'none', no: 'none',
};

/** A `features` entry or the `target`, as written: a header name or a 0-based index. */
export interface ColumnRef {
  readonly node: Node;
  readonly ref: string | number;
}

/** The CSV keys, all valid. */
export interface CsvKeys {
  readonly csvNode: Node;
  readonly file: string;
  readonly featuresNode?: Node;
  readonly featureRefs?: readonly ColumnRef[];
  readonly targetNode?: Node;
  readonly targetRef?: ColumnRef;
  readonly splitNode?: Node;
  readonly split: number;
  readonly normalize: NormalizeKind;
}

type CsvScalars = { csv: string; split: number; normalize: NormalizeKind };

/** Each scalar key of CSV data: its kind, the range it must lie in, and its default. */
const CSV_SCALARS: ScalarTable<CsvScalars> = {
  csv: { kind: aString, valid: nonEmpty, message: () => l10n.t('csv must name a CSV file, relative to the model file') },
  split: {
    kind: aNumber, valid: (v) => v > 0 && v <= 1, default: 1,
    message: (v) => l10n.t('split is the fraction of rows used for training: a number in (0, 1], not {0}', v),
  },
  normalize: { kind: aChoice(NORMALIZE_KINDS, C.INVALID_VALUE, NORMALIZE_ALIASES), what: 'normalisation', default: 'none' },
};

/** Reads every CSV key, reporting each problem; undefined when one of them has errors. */
export function readCsvKeys(r: Reporter, node: Node, props: Map<string, Prop>, ctx: DataContext): CsvKeys | undefined {
  const scalars = readScalars(r, props, CSV_SCALARS);
  let ok = scalars.ok;
  const featuresNode = valueOf(props, 'features');
  const featureRefs = featuresNode ? readFeatureRefs(r, featuresNode, ctx) : undefined;
  if (featuresNode && !featureRefs?.ok) ok = false;
  let targetRef: ColumnRef | undefined;
  const targetNode = valueOf(props, 'target');
  if (targetNode) {
    targetRef = readColumnRef(r, targetNode, 'target');
    if (!targetRef) ok = false;
  } else if (!props.has('target')) {
    r.error(missingKeyAt(r, node), C.MISSING_KEY, l10n.t('CSV data needs "target": the column holding the targets (name or 0-based index)'));
    ok = false;
  }
  const csvNode = valueOf(props, 'csv');
  const file = scalars.values.csv;
  if (!csvNode || file === undefined || !ok) return undefined;
  const splitNode = valueOf(props, 'split');
  return {
    csvNode, file, split: scalars.values.split!, normalize: scalars.values.normalize!,
    ...(featuresNode ? { featuresNode } : {}),
    ...(featureRefs?.refs ? { featureRefs: featureRefs.refs } : {}),
    ...(targetNode ? { targetNode } : {}),
    ...(targetRef ? { targetRef } : {}),
    ...(splitNode ? { splitNode } : {}),
  };
}

/** `features`: a non-empty array of column references, as many as the model's `inputs`. */
function readFeatureRefs(r: Reporter, featuresNode: Node, ctx: DataContext): { refs?: ColumnRef[]; ok: boolean } {
  if (featuresNode.type !== 'array') {
    r.error(featuresNode, C.WRONG_TYPE, l10n.t('features must be an array of column names or indices, not {0}', describe(featuresNode)));
    return { ok: false };
  }
  if (items(featuresNode).length === 0) {
    r.error(featuresNode, C.INVALID_VALUE, l10n.t('features is empty: list at least one column'));
    return { ok: false };
  }
  let ok = true;
  let featureRefs: ColumnRef[] | undefined;
  const refs = items(featuresNode).map((n, i) => readColumnRef(r, n, `features[${i}]`));
  if (refs.every((x) => x !== undefined)) featureRefs = refs as ColumnRef[];
  else ok = false;
  if (ctx.inputs !== undefined && items(featuresNode).length !== ctx.inputs) {
    r.error(featuresNode, C.SHAPE_MISMATCH,
      l10n.t('features lists {0} but "inputs" is {1}', count.column(items(featuresNode).length), String(ctx.inputs)));
    ok = false;
  }
  return { ...(featureRefs ? { refs: featureRefs } : {}), ok };
}

/** A `features` entry or the `target`: a header name or a 0-based index. */
function readColumnRef(r: Reporter, node: Node, what: string): ColumnRef | undefined {
  if (node.type === 'string') return { node, ref: String(node.value) };
  if (node.type === 'number') {
    const v = node.value as number;
    if (!Number.isSafeInteger(v) || v < 0) {
      r.error(node, C.INVALID_VALUE, l10n.t('{0} must be a column name or a 0-based column index (a whole number ≥ 0), not {1}', what, String(v)));
      return undefined;
    }
    return { node, ref: v };
  }
  r.error(node, C.WRONG_TYPE, l10n.t('{0} must be a column name (a string) or a 0-based column index, not {1}', what, describe(node)));
  return undefined;
}
