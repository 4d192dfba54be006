/**
 * The `data` section: inline rows (`inputs`, `targets` and an optional `test` pair) here, or a CSV file
 * read through a {@link DataFileReader} by the section readers of ./read/csv/ (keys, file and header,
 * columns, feature cells, targets, split, normalisation; each file states its rules).
 */
import * as l10n from '@vscode/l10n';
import type { Node } from 'jsonc-parser';
import type { DataSet, Matrix } from '../engine/spec';
import * as C from './codes';
import { readCsvData } from './read/csv/readCsvData';
import { MAX_ROW_PROBLEMS, type DataContext, type DataResult } from './read/dataResult';
import {
  count, describe, items, missingKeyAt, propertyRanges, readNumber, readObject, valueOf, type Prop, type Reporter,
} from './report';

export type { DataContext, DataResult } from './read/dataResult';
export { pathLeavesFolder } from './dataFilePath';
export { NORMALIZE_KINDS } from './read/csv/keys';

export const INLINE_DATA_KEYS = ['inputs', 'targets', 'test'] as const;
export const CSV_DATA_KEYS = ['csv', 'features', 'target', 'split', 'normalize'] as const;

export function matrix(rows: readonly (readonly number[])[], cols: number): Matrix {
  const data = new Float64Array(rows.length * cols);
  rows.forEach((row, r) => { for (let c = 0; c < cols; c++) data[r * cols + c] = row[c]!; });
  return { rows: rows.length, cols, data };
}

/** Reads the `data` object; undefined when it has errors (already reported). */
export function readData(r: Reporter, node: Node, ctx: DataContext): DataResult | undefined {
  if (node.type !== 'object') {
    r.error(node, C.WRONG_TYPE, l10n.t('data must be an object with "inputs" and "targets", or with "csv", not {0}', describe(node)));
    return undefined;
  }
  const hasCsv = (node.children ?? []).some((p) => p.children?.[0]?.value === 'csv');
  if (hasCsv) {
    const props = readObject(r, node, [...CSV_DATA_KEYS, ...INLINE_DATA_KEYS], 'data');
    for (const key of INLINE_DATA_KEYS) {
      const p = props.get(key);
      if (p) {
        r.error(p.keyNode, C.CONFLICTING_KEYS,
          l10n.t("'{0}' cannot be used together with 'csv': give the data either inline or as a CSV file", key));
      }
    }
    const result = readCsvData(r, node, props, ctx);
    return result && { ...result, properties: propertyRanges(r, props) };
  }
  const props = readObject(r, node, [...INLINE_DATA_KEYS, ...CSV_DATA_KEYS], 'data');
  for (const key of ['features', 'target', 'split', 'normalize'] as const) {
    const p = props.get(key);
    if (p) r.error(p.keyNode, C.CONFLICTING_KEYS, l10n.t('\'{0}\' only applies to CSV data: add {1} or remove it', key, '"csv": "file.csv"'));
  }
  const result = readInlineData(r, node, props, ctx);
  return result && { ...result, properties: propertyRanges(r, props) };
}

// ---------------------------------------------------------------------------------------------
// Inline data

/** `[[1, 2], [3, 4]]` from a flat list of numbers, when `cols` divides it (and the text is short). */
export function rowsHint(values: readonly number[], cols: number | undefined): string | undefined {
  if (cols === undefined || cols < 1 || values.length % cols !== 0 || values.length > 64) return undefined;
  const rows: string[] = [];
  for (let i = 0; i < values.length; i += cols) rows.push(`[${values.slice(i, i + cols).join(', ')}]`);
  return `[${rows.join(', ')}]`;
}

interface Rows {
  readonly rows: number[][];
  readonly nodes: Node[];
}

/**
 * An array of rows of numbers; each row must have `cols` numbers when `cols` is known
 * (`colsWhy` explains where that number comes from).
 */
function readRows(r: Reporter, node: Node, what: string, cols: number | undefined, colsWhy: string): Rows | undefined {
  if (node.type !== 'array') {
    r.error(node, C.WRONG_TYPE, l10n.t('{0} must be an array of rows, e.g. {1}, not {2}', what, '[[0.5, 1.0]]', describe(node)));
    return undefined;
  }
  const rowNodes = items(node);
  if (rowNodes.length === 0) {
    r.error(node, C.EMPTY_DATA, l10n.t('{0} is empty: give at least one row', what));
    return undefined;
  }
  if (rowNodes.every((n) => n.type === 'number')) {
    const values = rowNodes.map((n) => Number(n.value));
    const hint = rowsHint(values, cols);
    r.error(node, C.WRONG_TYPE, hint
      ? l10n.t('{0} must be an array of rows, one per sample, not a flat list of numbers: write {1}', what, hint)
      : l10n.t('{0} must be an array of rows, one per sample, not a flat list of numbers', what),
    hint === undefined ? undefined : { text: hint, title: l10n.t('Write one row per sample') });
    return undefined;
  }
  let ok = true;
  let shapeProblems = 0;
  const rows: number[][] = [];
  const cellWhat = l10n.t('a value in {0}', what); // made once: a data set can have a million cells
  rowNodes.forEach((rowNode, i) => {
    if (rowNode.type !== 'array') {
      r.error(rowNode, C.WRONG_TYPE, rowNode.type === 'number'
        ? l10n.t('row {0} of {1} must be an array of numbers, not {2} (each sample is a row of its own: write {3})', i + 1, what, describe(rowNode), `[[${String(rowNode.value)}], ...]`)
        : l10n.t('row {0} of {1} must be an array of numbers, not {2}', i + 1, what, describe(rowNode)));
      ok = false;
      return;
    }
    const row: number[] = [];
    for (const cell of items(rowNode)) {
      const v = readNumber(r, cell, cellWhat);
      if (v === undefined) ok = false;
      else row.push(v);
    }
    const n = items(rowNode).length;
    if (cols !== undefined && n !== cols) {
      ok = false;
      shapeProblems++;
      if (shapeProblems <= MAX_ROW_PROBLEMS) {
        r.error(rowNode, C.SHAPE_MISMATCH, l10n.t('row {0} of {1} has {2}, expected {3} ({4})', i + 1, what, count.number(n), String(cols), colsWhy));
      }
    }
    rows.push(row);
  });
  if (shapeProblems > MAX_ROW_PROBLEMS) {
    r.error(node, C.SHAPE_MISMATCH,
      l10n.t('{0} more rows of {1} have the wrong length (expected {2}, {3})', shapeProblems - MAX_ROW_PROBLEMS, what, String(cols), colsWhy));
  }
  return ok ? { rows, nodes: rowNodes } : undefined;
}

function readInlinePair(
  r: Reporter, owner: Node, props: Map<string, Prop>, ctx: DataContext, label: string,
): { set: DataSet; targets: Rows; targetsNode: Node } | undefined {
  const inputsNode = valueOf(props, 'inputs');
  const targetsNode = valueOf(props, 'targets');
  const hasInputs = props.has('inputs');
  const hasTargets = props.has('targets');
  if (!hasInputs && !hasTargets) {
    r.error(missingKeyAt(r, owner), C.MISSING_KEY,
      label === 'data'
        ? l10n.t('data needs "inputs" and "targets" (inline rows), or "csv" (a CSV file)')
        : l10n.t('{0} needs "inputs" and "targets"', label));
  } else if (!hasInputs || !hasTargets) {
    r.error(missingKeyAt(r, owner), C.MISSING_KEY,
      l10n.t('{0} needs "{1}" too: one target row for every input row', label, hasInputs ? 'targets' : 'inputs'));
  }
  const prefix = label === 'data' ? '' : 'test ';
  const inputs = inputsNode
    ? readRows(r, inputsNode, `${prefix}inputs`, ctx.inputs, l10n.t('"inputs" is {0}', String(ctx.inputs)))
    : undefined;
  const targets = targetsNode
    ? readRows(r, targetsNode, `${prefix}targets`, ctx.outputs, l10n.t('the last layer has {0}', count.unit(ctx.outputs ?? 0)))
    : undefined;
  if (inputsNode && targetsNode && inputsNode.type === 'array' && targetsNode.type === 'array') {
    const ni = items(inputsNode).length;
    const nt = items(targetsNode).length;
    if (ni !== nt && ni > 0 && nt > 0) {
      r.error(targetsNode, C.SHAPE_MISMATCH,
        l10n.t('{0} has {1} but {2} has {3}: every input row needs one target row', `${prefix}targets`, count.row(nt), `${prefix}inputs`, count.row(ni)));
      return undefined;
    }
  }
  if (!inputs || !targets || !targetsNode || ctx.inputs === undefined || ctx.outputs === undefined) return undefined;
  return {
    set: { inputs: matrix(inputs.rows, ctx.inputs), targets: matrix(targets.rows, ctx.outputs) },
    targets,
    targetsNode,
  };
}

function readInlineData(r: Reporter, node: Node, props: Map<string, Prop>, ctx: DataContext): DataResult | undefined {
  const train = readInlinePair(r, node, props, ctx, 'data');
  let test: DataSet | undefined;
  let testOk = true;
  const testNode = valueOf(props, 'test');
  if (testNode) {
    if (testNode.type !== 'object') {
      r.error(testNode, C.WRONG_TYPE, l10n.t('test must be an object with "inputs" and "targets", not {0}', describe(testNode)));
      testOk = false;
    } else {
      const testProps = readObject(r, testNode, ['inputs', 'targets'], 'test');
      const pair = readInlinePair(r, testNode, testProps, ctx, 'test');
      if (pair) test = pair.set;
      else testOk = false;
    }
  }
  if (!train || !testOk) return undefined;
  return {
    data: test ? { train: train.set, test } : { train: train.set },
    targetsAt: r.range(train.targetsNode),
    targetRowNodes: train.targets.nodes,
  };
}
