/**
 * The `data` section: inline rows (`inputs`, `targets` and an optional `test` pair) here, or a CSV file
 * read through a {@link DataFileReader} by the section readers of ./read/csv/ (keys, file and header,
 * columns, feature cells, targets, split, normalisation; each file states its rules).
 */
import type { Node } from 'jsonc-parser';
import type { DataSet, Matrix } from '../engine/spec';
import * as C from './codes';
import { readCsvData } from './read/csv/readCsvData';
import { MAX_ROW_PROBLEMS, type DataContext, type DataResult } from './read/dataResult';
import {
  describe, items, missingKeyAt, plural, propertyRanges, readNumber, readObject, valueOf, type Prop, type Reporter,
} from './report';

export type { DataContext, DataResult } from './read/dataResult';
export { pathLeavesFolder } from './read/csv/file';
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
    r.error(node, C.WRONG_TYPE, `data must be an object with "inputs" and "targets", or with "csv", not ${describe(node)}`);
    return undefined;
  }
  const hasCsv = (node.children ?? []).some((p) => p.children?.[0]?.value === 'csv');
  if (hasCsv) {
    const props = readObject(r, node, [...CSV_DATA_KEYS, ...INLINE_DATA_KEYS], 'data');
    for (const key of INLINE_DATA_KEYS) {
      const p = props.get(key);
      if (p) {
        r.error(p.keyNode, C.CONFLICTING_KEYS,
          `'${key}' cannot be used together with 'csv': give the data either inline or as a CSV file`);
      }
    }
    const result = readCsvData(r, node, props, ctx);
    return result && { ...result, properties: propertyRanges(r, props) };
  }
  const props = readObject(r, node, [...INLINE_DATA_KEYS, ...CSV_DATA_KEYS], 'data');
  for (const key of ['features', 'target', 'split', 'normalize'] as const) {
    const p = props.get(key);
    if (p) r.error(p.keyNode, C.CONFLICTING_KEYS, `'${key}' only applies to CSV data: add "csv": "file.csv" or remove it`);
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
    r.error(node, C.WRONG_TYPE, `${what} must be an array of rows, e.g. [[0.5, 1.0]], not ${describe(node)}`);
    return undefined;
  }
  const rowNodes = items(node);
  if (rowNodes.length === 0) {
    r.error(node, C.EMPTY_DATA, `${what} is empty: give at least one row`);
    return undefined;
  }
  if (rowNodes.every((n) => n.type === 'number')) {
    const values = rowNodes.map((n) => Number(n.value));
    const hint = rowsHint(values, cols);
    r.error(node, C.WRONG_TYPE, `${what} must be an array of rows, one per sample, not a flat list of numbers${hint ? `: write ${hint}` : ''}`,
      hint === undefined ? undefined : { text: hint, title: 'Write one row per sample' });
    return undefined;
  }
  let ok = true;
  let shapeProblems = 0;
  const rows: number[][] = [];
  rowNodes.forEach((rowNode, i) => {
    if (rowNode.type !== 'array') {
      const hint = rowNode.type === 'number' ? ` (each sample is a row of its own: write [[${String(rowNode.value)}], ...])` : '';
      r.error(rowNode, C.WRONG_TYPE, `row ${i + 1} of ${what} must be an array of numbers, not ${describe(rowNode)}${hint}`);
      ok = false;
      return;
    }
    const row: number[] = [];
    for (const cell of items(rowNode)) {
      const v = readNumber(r, cell, `a value in ${what}`);
      if (v === undefined) ok = false;
      else row.push(v);
    }
    const n = items(rowNode).length;
    if (cols !== undefined && n !== cols) {
      ok = false;
      shapeProblems++;
      if (shapeProblems <= MAX_ROW_PROBLEMS) {
        r.error(rowNode, C.SHAPE_MISMATCH, `row ${i + 1} of ${what} has ${plural(n, 'number')}, expected ${cols} (${colsWhy})`);
      }
    }
    rows.push(row);
  });
  if (shapeProblems > MAX_ROW_PROBLEMS) {
    r.error(node, C.SHAPE_MISMATCH,
      `${shapeProblems - MAX_ROW_PROBLEMS} more rows of ${what} have the wrong length (expected ${cols}, ${colsWhy})`);
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
        ? 'data needs "inputs" and "targets" (inline rows), or "csv" (a CSV file)'
        : `${label} needs "inputs" and "targets"`);
  } else if (!hasInputs || !hasTargets) {
    r.error(missingKeyAt(r, owner), C.MISSING_KEY,
      `${label} needs "${hasInputs ? 'targets' : 'inputs'}" too: one target row for every input row`);
  }
  const prefix = label === 'data' ? '' : 'test ';
  const inputs = inputsNode
    ? readRows(r, inputsNode, `${prefix}inputs`, ctx.inputs, `"inputs" is ${ctx.inputs}`)
    : undefined;
  const targets = targetsNode
    ? readRows(r, targetsNode, `${prefix}targets`, ctx.outputs, `the last layer has ${plural(ctx.outputs ?? 0, 'unit')}`)
    : undefined;
  if (inputsNode && targetsNode && inputsNode.type === 'array' && targetsNode.type === 'array') {
    const ni = items(inputsNode).length;
    const nt = items(targetsNode).length;
    if (ni !== nt && ni > 0 && nt > 0) {
      r.error(targetsNode, C.SHAPE_MISMATCH,
        `${prefix}targets has ${plural(nt, 'row')} but ${prefix}inputs has ${plural(ni, 'row')}: every input row needs one target row`);
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
      r.error(testNode, C.WRONG_TYPE, `test must be an object with "inputs" and "targets", not ${describe(testNode)}`);
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
