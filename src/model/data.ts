/**
 * The `data` section: inline rows, or a CSV file read through a {@link DataFileReader}.
 *
 * CSV rules (docs/spec/model-file-v1.md, section Data, and these details):
 * - The first non-blank row is the header. Columns are named by header name (exact, after trimming
 *   spaces) or by 0-based index. Without `features`, every column except the target is a feature.
 * - `target` is one column. If any of its cells is not a number the column holds text labels, one-hot
 *   encoded in order of first appearance in the file (`classLabels`). A numeric column with a single
 *   output unit gives the value itself. A numeric column with K > 1 output units holds integer class
 *   numbers 0..K-1, one-hot encoded by value (`classLabels` are "0".."K-1").
 * - `split` (default 1) is the fraction of rows used for training. With split < 1 the rows are
 *   permuted by Fisher–Yates driven by mulberry32(`seed`) (src/model/random.ts); the first
 *   round(split·N) rows of the permutation (at least 1) are the training rows, the rest the test rows,
 *   and each part is then put back in file order. split = 1: all rows train, in file order, no test.
 * - `normalize`: "none" (default); "zscore" subtracts the training mean and divides by the training
 *   standard deviation (population, 1/n; a constant column is only centred); "minmax" maps the
 *   training minimum to 0 and maximum to 1 (a constant column becomes 0). Fitted on the training rows
 *   only, applied to training and test rows alike: x' = (x − offset) / scale (computed without overflow, even for ±1e308).
 * - Rows are numbered as in an editor: the header is row 1.
 */
import type { Node } from 'jsonc-parser';
import type { DataSet, Matrix } from '../engine/spec';
import * as C from './codes';
import { cellNumber, parseCsv, type CsvTable } from './csv';
import { seededPermutation } from './random';
import {
  describe, items, missingKeyAt, plural, propertyRanges, readChoice, readNumber, readObject, readString, renameFix, valueOf,
  type Prop, type Reporter,
} from './report';
import { closest } from './suggest';
import { cut } from '../shared/escape';
import { pathLeavesFolder } from './dataFilePath';
import type { DataFileReader, ModelData, NormalizationSpec, PropertyRanges, SourceRange } from './types';

export const INLINE_DATA_KEYS = ['inputs', 'targets', 'test'] as const;
export const CSV_DATA_KEYS = ['csv', 'features', 'target', 'split', 'normalize'] as const;
export const NORMALIZE_KINDS = ['none', 'zscore', 'minmax'] as const;
const NORMALIZE_ALIASES: Readonly<Record<string, (typeof NORMALIZE_KINDS)[number]>> = {
  standard: 'zscore', standardize: 'zscore', standardise: 'zscore', standardscaler: 'zscore', normal: 'zscore',
  range: 'minmax', minmaxscaler: 'minmax', scale: 'minmax', off: 'none', false: 'none', no: 'none',
};

/** At most this many row-level problems are listed per array or CSV file; then one summary. */
const MAX_ROW_PROBLEMS = 20;
/** At most this many target numbers (rows × output units) are built from a CSV file. */
const MAX_TARGET_CELLS = 50_000_000;

export interface DataContext {
  /** `inputs` of the model, when valid. */
  readonly inputs?: number;
  /** Units of the last layer, when valid. */
  readonly outputs?: number;
  readonly seed: number;
  readonly dataFiles?: DataFileReader;
}

/** What the data section gave, plus what the advice step needs to point at targets. */
export interface DataResult {
  readonly data: ModelData;
  /** Where targets are written: the `targets` array, or the CSV `target` value. */
  readonly targetsAt: SourceRange;
  /** For inline targets: each row's node, for advice on particular rows. */
  readonly targetRowNodes?: readonly Node[];
  /** The keys written in `data`, with their values' ranges. */
  readonly properties?: PropertyRanges;
}

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

// ---------------------------------------------------------------------------------------------
// CSV data

export { pathLeavesFolder };

interface ColumnRef {
  readonly node: Node;
  readonly ref: string | number;
}

/** A `features` entry or the `target`: a header name or a 0-based index. */
function readColumnRef(r: Reporter, node: Node, what: string): ColumnRef | undefined {
  if (node.type === 'string') return { node, ref: String(node.value) };
  if (node.type === 'number') {
    const v = node.value as number;
    if (!Number.isSafeInteger(v) || v < 0) {
      r.error(node, C.INVALID_VALUE, `${what} must be a column name or a 0-based column index (a whole number ≥ 0), not ${String(v)}`);
      return undefined;
    }
    return { node, ref: v };
  }
  r.error(node, C.WRONG_TYPE, `${what} must be a column name (a string) or a 0-based column index, not ${describe(node)}`);
  return undefined;
}

function resolveColumn(r: Reporter, ref: ColumnRef, table: CsvTable, file: string): number | undefined {
  const header = table.header;
  if (typeof ref.ref === 'number') {
    if (ref.ref >= header.length) {
      r.error(ref.node, C.CSV_ERROR,
        `column index ${ref.ref} is out of range: '${file}' has ${plural(header.length, 'column')} (indices 0 to ${header.length - 1})`);
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
  const hint = separator === undefined ? ''
    : ` (the file seems to separate columns with ${separator === '\t' ? 'tabs' : `'${separator}'`}; only commas are read)`;
  r.error(ref.node, C.CSV_ERROR,
    `'${file}' has no column '${cut(name, 80)}'${near === undefined ? '' : ` (did you mean '${near}'?)`}; its header row has: ${shown}${hint}`, renameFix(near));
  return undefined;
}

function readCsvData(r: Reporter, node: Node, props: Map<string, Prop>, ctx: DataContext): DataResult | undefined {
  let ok = true;
  const csvNode = valueOf(props, 'csv');
  const file = csvNode ? readString(r, csvNode, 'csv') : undefined;
  if (csvNode && file === undefined) ok = false;
  if (file !== undefined && file.trim() === '') {
    r.error(csvNode!, C.INVALID_VALUE, 'csv must name a CSV file, relative to the model file');
    ok = false;
  }

  // features
  let featureRefs: ColumnRef[] | undefined;
  const featuresNode = valueOf(props, 'features');
  if (featuresNode) {
    if (featuresNode.type !== 'array') {
      r.error(featuresNode, C.WRONG_TYPE, `features must be an array of column names or indices, not ${describe(featuresNode)}`);
      ok = false;
    } else if (items(featuresNode).length === 0) {
      r.error(featuresNode, C.INVALID_VALUE, 'features is empty: list at least one column');
      ok = false;
    } else {
      const refs = items(featuresNode).map((n, i) => readColumnRef(r, n, `features[${i}]`));
      if (refs.every((x) => x !== undefined)) featureRefs = refs as ColumnRef[];
      else ok = false;
      if (ctx.inputs !== undefined && items(featuresNode).length !== ctx.inputs) {
        r.error(featuresNode, C.SHAPE_MISMATCH,
          `features lists ${plural(items(featuresNode).length, 'column')} but "inputs" is ${ctx.inputs}`);
        ok = false;
      }
    }
  }

  // target
  let targetRef: ColumnRef | undefined;
  const targetNode = valueOf(props, 'target');
  if (targetNode) {
    targetRef = readColumnRef(r, targetNode, 'target');
    if (!targetRef) ok = false;
  } else if (!props.has('target')) {
    r.error(missingKeyAt(r, node), C.MISSING_KEY, 'CSV data needs "target": the column holding the targets (name or 0-based index)');
    ok = false;
  }

  // split
  let split = 1;
  const splitNode = valueOf(props, 'split');
  if (splitNode) {
    const v = readNumber(r, splitNode, 'split');
    if (v === undefined) ok = false;
    else if (!(v > 0 && v <= 1)) {
      r.error(splitNode, C.INVALID_VALUE, `split is the fraction of rows used for training: a number in (0, 1], not ${v}`);
      ok = false;
    } else split = v;
  }

  // normalize
  let normalize: (typeof NORMALIZE_KINDS)[number] = 'none';
  const normNode = valueOf(props, 'normalize');
  if (normNode) {
    const v = readChoice(r, normNode, 'normalisation', NORMALIZE_KINDS, C.INVALID_VALUE, NORMALIZE_ALIASES);
    if (v === undefined) ok = false;
    else normalize = v;
  }

  if (!csvNode || file === undefined || !ok) return undefined;
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
  const table = parsed.table;
  const csvAt = r.range(csvNode);

  const targetCol = targetRef ? resolveColumn(r, targetRef, table, file) : undefined;
  let featureCols: number[] | undefined;
  if (featureRefs) {
    const cols = featureRefs.map((ref) => resolveColumn(r, ref, table, file));
    if (cols.every((c) => c !== undefined)) featureCols = cols as number[];
    if (featureCols && targetCol !== undefined && featureCols.includes(targetCol)) {
      r.warning(featuresNode!, C.ADVICE, `the target column '${cut(table.header[targetCol] ?? '', 80)}' is also a feature: the network is given the answer`);
    }
  } else if (targetCol !== undefined) {
    featureCols = table.header.map((_, i) => i).filter((i) => i !== targetCol);
    if (ctx.inputs !== undefined && featureCols.length !== ctx.inputs) {
      r.error(csvNode, C.SHAPE_MISMATCH,
        `'${file}' has ${plural(featureCols.length, 'column')} besides the target but "inputs" is ${ctx.inputs}: list the feature columns in "features"`);
      return undefined;
    }
  }
  if (targetCol === undefined || featureCols === undefined) return undefined;
  if (table.rows.length === 0) {
    r.error(csvNode, C.EMPTY_DATA, `'${file}' has a header row but no data rows`);
    return undefined;
  }

  // Cells.
  const header = table.header;
  const nFeatures = featureCols.length;
  const nRows = table.rows.length;
  const x = new Float64Array(nRows * nFeatures);
  let problems = 0;
  const problem = (code: string, message: string): void => {
    problems++;
    if (problems <= MAX_ROW_PROBLEMS) r.error(csvAt, code, message);
  };
  const colName = (c: number): string => (header[c] !== undefined && header[c] !== '' ? `'${cut(header[c]!, 80)}'` : `${c}`);
  for (let i = 0; i < nRows; i++) {
    const row = table.rows[i]!;
    const rowNo = table.rowNumbers[i]!;
    if (row.length !== header.length) {
      problem(C.CSV_ERROR, `${file} row ${rowNo} has ${plural(row.length, 'field')} but the header has ${plural(header.length, 'column')}`);
      continue;
    }
    for (let j = 0; j < nFeatures; j++) {
      const c = featureCols[j]!;
      const v = cellNumber(row[c]!);
      if (typeof v === 'number') x[i * nFeatures + j] = v;
      else if (v === 'non-finite') problem(C.NON_FINITE, `${file} row ${rowNo}, column ${colName(c)}: '${cut(row[c]!.trim(), 80)}' is not a finite number`);
      else if (v === 'empty') problem(C.CSV_ERROR, `${file} row ${rowNo}, column ${colName(c)}: the cell is empty`);
      else problem(C.CSV_ERROR, `${file} row ${rowNo}, column ${colName(c)}: '${cut(row[c]!.trim(), 80)}' is not a number`);
    }
  }
  if (problems > 0) {
    if (problems > MAX_ROW_PROBLEMS) r.error(csvAt, C.CSV_ERROR, `${file}: ${problems - MAX_ROW_PROBLEMS} more problems like these`);
    return undefined;
  }

  // Targets.
  const targetName = colName(targetCol);
  const cells = table.rows.map((row) => row[targetCol]!.trim());
  const emptyAt = cells.findIndex((c) => c === '');
  if (emptyAt >= 0) {
    r.error(csvAt, C.CSV_ERROR, `${file} row ${table.rowNumbers[emptyAt]}, column ${targetName}: the target cell is empty`);
    return undefined;
  }
  const numeric = cells.map(cellNumber);
  const isText = numeric.some((v) => v === 'text');
  const outputs = ctx.outputs;
  if (outputs === undefined) return undefined;
  let classLabels: string[] | undefined;
  const targetAt = targetNode ? r.range(targetNode) : csvAt;
  const K = outputs;
  if (nRows * K > MAX_TARGET_CELLS) {
    r.error(csvAt, C.CSV_ERROR, `'${file}' is too large for ${plural(K, 'output')}: ${nRows} rows × ${K} targets`);
    return undefined;
  }
  // One target row of K numbers per CSV row, row-major.
  const y = new Float64Array(nRows * K);
  if (isText) {
    classLabels = [];
    const index = new Map<string, number>();
    for (const c of cells) {
      if (!index.has(c)) {
        index.set(c, classLabels.length);
        classLabels.push(c);
      }
    }
    if (classLabels.length !== K) {
      const shown = classLabels.length > 10 ? `${classLabels.slice(0, 10).map((l) => cut(l, 40)).join(', ')}, ...` : classLabels.map((l) => cut(l, 40)).join(', ');
      r.error(targetAt, C.SHAPE_MISMATCH,
        `the target column ${targetName} has ${plural(classLabels.length, 'class', 'classes')} (${shown}) but the last layer has ${plural(K, 'unit')}: one unit per class`);
      return undefined;
    }
    cells.forEach((c, i) => { y[i * K + index.get(c)!] = 1; });
  } else {
    const bad = numeric.findIndex((v) => v === 'non-finite');
    if (bad >= 0) {
      r.error(csvAt, C.NON_FINITE, `${file} row ${table.rowNumbers[bad]}, column ${targetName}: '${cut(cells[bad] ?? '', 80)}' is not a finite number`);
      return undefined;
    }
    const values = numeric as number[];
    if (K === 1) {
      values.forEach((v, i) => { y[i] = v; });
    } else {
      const wrong = values.findIndex((v) => !Number.isInteger(v) || v < 0 || v >= K);
      if (wrong >= 0) {
        r.error(csvAt, C.CSV_ERROR,
          `${file} row ${table.rowNumbers[wrong]}, column ${targetName}: '${cut(cells[wrong] ?? '', 80)}' is not a class number 0 to ${K - 1} (a numeric target with ${K} output units holds class numbers, one-hot encoded)`);
        return undefined;
      }
      classLabels = Array.from({ length: K }, (_, k) => String(k));
      values.forEach((v, i) => { y[i * K + v] = 1; });
    }
  }

  // Split.
  let trainIdx: number[];
  let testIdx: number[] = [];
  if (split >= 1) {
    trainIdx = Array.from({ length: nRows }, (_, i) => i);
  } else {
    const perm = seededPermutation(nRows, ctx.seed);
    const nTrain = Math.max(1, Math.min(nRows, Math.round(split * nRows)));
    trainIdx = perm.slice(0, nTrain).sort((a, b) => a - b);
    testIdx = perm.slice(nTrain).sort((a, b) => a - b);
    if (testIdx.length === 0) {
      r.info(splitNode!, C.ADVICE, `split ${split} of ${plural(nRows, 'row')} leaves no test rows`);
    }
  }

  // Normalisation, fitted on the training rows.
  const fitted = fitNormalization(normalize, x, nFeatures, trainIdx);
  const normalization = fitted?.spec;
  const pre = fitted ? fitted.prescale : new Float64Array(nFeatures).fill(1);
  const off = fitted ? fitted.offset : new Float64Array(nFeatures);
  const sc = fitted ? fitted.scale : new Float64Array(nFeatures).fill(1);
  const pick = (idx: number[]): DataSet => {
    const inputs = new Float64Array(idx.length * nFeatures);
    const targets = new Float64Array(idx.length * K);
    for (let i = 0; i < idx.length; i++) {
      const src = idx[i]!;
      for (let j = 0; j < nFeatures; j++) inputs[i * nFeatures + j] = (x[src * nFeatures + j]! / pre[j]! - off[j]!) / sc[j]!;
      for (let k = 0; k < K; k++) targets[i * K + k] = y[src * K + k]!;
    }
    return { inputs: { rows: idx.length, cols: nFeatures, data: inputs }, targets: { rows: idx.length, cols: K, data: targets } };
  };
  const data: ModelData = {
    train: pick(trainIdx),
    ...(testIdx.length > 0 ? { test: pick(testIdx) } : {}),
    ...(classLabels ? { classLabels } : {}),
    featureNames: featureCols.map((c) => header[c] ?? String(c)),
    ...(normalization ? { normalization } : {}),
    csv: { file, rows: nRows, targetName: header[targetCol] ?? String(targetCol) },
  };
  return { data, targetsAt: targetAt };
}

/**
 * Offsets and scales of a normalisation, fitted on the training rows, in units of each column's
 * `prescale`: a normalised value is (x / prescale − offset) / scale. The prescale is 1 (so the numbers are
 * exactly those of the plain formulas) unless a column holds values beyond 2^500, whose sums, squares or
 * differences could overflow (±1e308 would give an infinite mean or range, zeroing the column or making
 * it NaN): such a column is first divided by the power of two at or below its largest magnitude (its
 * values then lie within ±2); dividing by a power of two is exact, so nothing changes but the overflow.
 */
function fitNormalization(
  kind: (typeof NORMALIZE_KINDS)[number], x: Float64Array, nFeatures: number, trainIdx: readonly number[],
): { spec: NormalizationSpec; prescale: Float64Array; offset: Float64Array; scale: Float64Array } | undefined {
  if (kind === 'none') return undefined;
  const n = trainIdx.length;
  const offset = new Float64Array(nFeatures);
  const scale = new Float64Array(nFeatures);
  const prescale = new Float64Array(nFeatures).fill(1);
  for (let t = 0; t < n; t++) {
    const base = trainIdx[t]! * nFeatures;
    for (let j = 0; j < nFeatures; j++) prescale[j] = Math.max(prescale[j]!, Math.abs(x[base + j]!));
  }
  for (let j = 0; j < nFeatures; j++) prescale[j] = prescale[j]! > 2 ** 500 ? 2 ** Math.floor(Math.log2(prescale[j]!)) : 1;
  const at = (t: number, j: number): number => x[trainIdx[t]! * nFeatures + j]! / prescale[j]!;
  if (kind === 'zscore') {
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < nFeatures; j++) offset[j] += at(t, j);
    }
    for (let j = 0; j < nFeatures; j++) offset[j] /= n;
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < nFeatures; j++) {
        const d = at(t, j) - offset[j]!;
        scale[j] += d * d;
      }
    }
    for (let j = 0; j < nFeatures; j++) {
      const sd = Math.sqrt(scale[j]! / n);
      scale[j] = sd > 0 ? sd : 1;
    }
  } else {
    const hi = new Float64Array(nFeatures).fill(-Infinity);
    offset.fill(Infinity);
    for (let t = 0; t < n; t++) {
      for (let j = 0; j < nFeatures; j++) {
        const v = at(t, j);
        if (v < offset[j]!) offset[j] = v;
        if (v > hi[j]!) hi[j] = v;
      }
    }
    for (let j = 0; j < nFeatures; j++) scale[j] = hi[j]! > offset[j]! ? hi[j]! - offset[j]! : 1;
  }
  const spec = { kind, offset: Array.from(offset, (o, j) => o * prescale[j]!), scale: Array.from(scale, (s, j) => s * prescale[j]!) };
  return { spec, prescale, offset, scale };
}
