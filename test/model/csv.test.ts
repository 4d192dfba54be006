import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import type { Matrix } from '../../src/engine/spec';
import { parseModelText, type DataFileReader, type ModelFile } from '../../src/model';
import * as C from '../../src/model/codes';
import { cellNumber, parseCsv } from '../../src/model/csv';
import { mulberry32, seededPermutation } from '../../src/model/random';
import { EXAMPLES, FIXTURES, parseFile, show, textOf } from './helpers';

const IRIS_CSV = readFileSync(join(EXAMPLES, 'data/iris.csv'), 'utf8');
const DIGITS_CSV = readFileSync(join(EXAMPLES, 'data/digits.csv'), 'utf8');

/** A reader over in-memory files, as the extension may supply. */
function memoryReader(files: Record<string, string>): DataFileReader {
  return { readText: (p) => (p in files ? { text: files[p]! } : { error: 'no such file' }) };
}

function irisModel(data: string, seed = 1, files: Record<string, string> = { 'iris.csv': IRIS_CSV }): ModelFile {
  const text = `{ "seed": ${seed}, "inputs": 4,
    "layers": [{ "units": 7, "activation": "tanh" }, { "units": 3, "activation": "softmax" }],
    "loss": "cross-entropy", "data": ${data} }`;
  const r = parseModelText(text, { fileName: 'iris.nn.json', dataFiles: memoryReader(files) });
  expect(r.diagnostics.map(show)).toEqual([]);
  return r.model!;
}

const IRIS_DATA = `{ "csv": "iris.csv", "features": ["sepal_length", "sepal_width", "petal_length", "petal_width"],
  "target": "species", "split": 0.8, "normalize": "zscore" }`;

function row(m: Matrix, r: number): number[] {
  return Array.from(m.data.subarray(r * m.cols, (r + 1) * m.cols));
}

function columnStats(m: Matrix, c: number): { mean: number; sd: number; min: number; max: number } {
  let sum = 0;
  let min = Infinity;
  let max = -Infinity;
  for (let r = 0; r < m.rows; r++) {
    const v = m.data[r * m.cols + c]!;
    sum += v;
    min = Math.min(min, v);
    max = Math.max(max, v);
  }
  const mean = sum / m.rows;
  let ss = 0;
  for (let r = 0; r < m.rows; r++) ss += (m.data[r * m.cols + c]! - mean) ** 2;
  return { mean, sd: Math.sqrt(ss / m.rows), min, max };
}

describe('the CSV reader', () => {
  test('reads a header and rows, numbering rows as an editor does (header = row 1)', () => {
    const r = parseCsv('a,b\n1,2\n\n3,4\n');
    if ('error' in r) throw new Error(r.error);
    expect(r.table.header).toEqual(['a', 'b']);
    expect(r.table.rows).toEqual([['1', '2'], ['3', '4']]);
    expect(r.table.rowNumbers).toEqual([2, 4]);
  });

  test('handles a byte-order mark, CRLF, quoted fields with commas, quotes and line breaks', () => {
    const r = parseCsv('\uFEFF"x, y",b\r\n"say ""hi""","two\r\nlines"\r\n5,6\r\n\r\n');
    if ('error' in r) throw new Error(r.error);
    expect(r.table.header).toEqual(['x, y', 'b']);
    expect(r.table.rows).toEqual([['say "hi"', 'two\r\nlines'], ['5', '6']]);
    expect(r.table.rowNumbers).toEqual([2, 4]);
  });

  test('reports an unclosed quote with the row where it starts', () => {
    expect(parseCsv('a,b\n1,2\n3,"4\n5,6\n')).toEqual({ error: expect.stringContaining('never closed'), row: 3 });
  });

  test('reports an empty file', () => {
    expect(parseCsv('\n\n')).toMatchObject({ row: 1 });
  });

  test('reads numbers strictly: decimal only, spaces allowed, non-finite and text told apart', () => {
    expect(['1', ' -2.5 ', '.5', '5.', '1e3', '+7', '-0'].map(cellNumber)).toEqual([1, -2.5, 0.5, 5, 1000, 7, -0]);
    expect(['', '  '].map(cellNumber)).toEqual(['empty', 'empty']);
    expect(['inf', '-Infinity', 'NaN', '1e999'].map(cellNumber)).toEqual(['non-finite', 'non-finite', 'non-finite', 'non-finite']);
    expect(['0x10', '1_000', 'abc', '1e', '--1', '1.2.3', 'e5'].map(cellNumber)).toEqual(Array(7).fill('text'));
  });
});

describe('the seeded split', () => {
  test('mulberry32 repeats its sequence for a seed and differs between seeds', () => {
    const a = mulberry32(7);
    const b = mulberry32(7);
    const c = mulberry32(8);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(c()).not.toBe(xs[0]);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  test('permutes every index exactly once', () => {
    const p = seededPermutation(150, 1);
    expect([...p].sort((x, y) => x - y)).toEqual(Array.from({ length: 150 }, (_, i) => i));
    expect(p).not.toEqual(Array.from({ length: 150 }, (_, i) => i));
  });
});

describe('Iris from CSV with split 0.8 and zscore', () => {
  const m = irisModel(IRIS_DATA);

  test('gives 120 training and 30 test rows of 4 features and 3 one-hot targets', () => {
    expect([m.data.train.inputs.rows, m.data.train.inputs.cols, m.data.train.targets.cols]).toEqual([120, 4, 3]);
    expect([m.data.test!.inputs.rows, m.data.test!.targets.rows]).toEqual([30, 30]);
    expect(m.data.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
  });

  test('encodes the species one-hot in order of first appearance', () => {
    expect(m.data.classLabels).toEqual(['setosa', 'versicolor', 'virginica']);
    for (const set of [m.data.train, m.data.test!]) {
      for (let r = 0; r < set.targets.rows; r++) {
        const t = row(set.targets, r);
        expect([...t].sort()).toEqual([0, 0, 1]);
      }
    }
    // The first row of the file is a setosa and is in file order among the training rows.
    const counts = [0, 1, 2].map((k) => {
      let n = 0;
      for (const set of [m.data.train, m.data.test!]) for (let r = 0; r < set.targets.rows; r++) n += set.targets.data[r * 3 + k]!;
      return n;
    });
    expect(counts).toEqual([50, 50, 50]);
  });

  test('fits zscore on the training rows only: training columns have mean 0 and sd 1, test columns do not exactly', () => {
    for (let c = 0; c < 4; c++) {
      const train = columnStats(m.data.train.inputs, c);
      expect(Math.abs(train.mean)).toBeLessThan(1e-12);
      expect(train.sd).toBeCloseTo(1, 12);
      expect(Math.abs(columnStats(m.data.test!.inputs, c).mean)).toBeGreaterThan(1e-9);
    }
    expect(m.data.normalization!.kind).toBe('zscore');
  });

  test('keeps every flower exactly once across training and test rows', () => {
    const norm = m.data.normalization!;
    const key = (v: number[]) => v.map((x, j) => (x * norm.scale[j]! + norm.offset[j]!).toFixed(6)).join(',');
    const seen: string[] = [];
    for (const set of [m.data.train, m.data.test!]) for (let r = 0; r < set.inputs.rows; r++) seen.push(key(row(set.inputs, r)));
    const fromFile = IRIS_CSV.trim().split('\n').slice(1).map((l) => l.split(',').slice(0, 4).map(Number).map((x) => x.toFixed(6)).join(','));
    expect(seen.sort()).toEqual(fromFile.sort());
  });

  test('is the same for the same seed and different for another seed', () => {
    const again = irisModel(IRIS_DATA);
    expect(again.data.train.inputs.data).toEqual(m.data.train.inputs.data);
    expect(again.data.test!.targets.data).toEqual(m.data.test!.targets.data);
    const other = irisModel(IRIS_DATA, 2);
    expect(other.data.train.inputs.data).not.toEqual(m.data.train.inputs.data);
  });

  test('with split 1 (the default) every row trains, in file order, and there is no test set', () => {
    const all = irisModel('{ "csv": "iris.csv", "target": 4 }');
    expect(all.data.train.inputs.rows).toBe(150);
    expect(all.data.test).toBeUndefined();
    expect(row(all.data.train.inputs, 0)).toEqual([5.1, 3.5, 1.4, 0.2]);
    expect(all.data.featureNames).toEqual(['sepal_length', 'sepal_width', 'petal_length', 'petal_width']);
    expect(all.data.normalization).toBeUndefined();
  });

  test('minmax maps the training minimum to 0 and maximum to 1', () => {
    const mm = irisModel('{ "csv": "iris.csv", "features": [0, 1, 2, 3], "target": "species", "split": 0.5, "normalize": "minmax" }');
    for (let c = 0; c < 4; c++) {
      const s = columnStats(mm.data.train.inputs, c);
      expect([s.min, s.max]).toEqual([0, 1]);
    }
  });

  test('the examples/iris.nn.json file reads the same way from disk', () => {
    const r = parseFile(join(EXAMPLES, 'iris.nn.json'));
    expect(r.diagnostics).toEqual([]);
    expect([r.model!.data.train.inputs.rows, r.model!.data.test!.inputs.rows]).toEqual([120, 30]);
  });
});

describe('digits from CSV', () => {
  test('reads 1,797 images of 64 pixels with 10 one-hot classes by value', () => {
    const r = parseFile(join(EXAMPLES, 'digits.nn.json'));
    expect(r.diagnostics.map(show)).toEqual([]);
    const d = r.model!.data;
    expect(d.train.inputs.rows + d.test!.inputs.rows).toBe(1797);
    expect([d.train.inputs.cols, d.train.targets.cols]).toEqual([64, 10]);
    expect(d.classLabels).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
    const firstDigit = Number(DIGITS_CSV.split('\n')[1]!.split(',')[64]);
    const all = parseModelText(readFileSync(join(EXAMPLES, 'digits.nn.json'), 'utf8').replace('"split": 0.8', '"split": 1'),
      { fileName: 'digits.nn.json', dataFiles: memoryReader({ 'data/digits.csv': DIGITS_CSV }) });
    expect(row(all.model!.data.train.targets, 0).indexOf(1)).toBe(firstDigit);
  });

});

describe('CSV targets and problems', () => {
  const model = (data: string, units: number, files: Record<string, string>, inputs = 2) => parseModelText(
    `{ "inputs": ${inputs}, "layers": [{ "units": ${units}, "activation": "${units > 1 ? 'softmax' : 'linear'}" }],
       "loss": "${units > 1 ? 'cross-entropy' : 'mse'}", "data": ${data} }`,
    { fileName: 'm.nn.json', dataFiles: memoryReader(files) });

  test('a numeric target with one output unit is the value itself', () => {
    const r = model('{ "csv": "r.csv", "target": "y" }', 1, { 'r.csv': 'a,b,y\n1,2,0.5\n3,4,-7\n' });
    expect(Array.from(r.model!.data.train.targets.data)).toEqual([0.5, -7]);
    expect(r.model!.data.classLabels).toBeUndefined();
  });

  test('numeric class numbers with K output units are one-hot by value', () => {
    const r = model('{ "csv": "r.csv", "target": "y" }', 3, { 'r.csv': 'a,b,y\n1,2,2\n3,4,0\n' });
    expect(Array.from(r.model!.data.train.targets.data)).toEqual([0, 0, 1, 1, 0, 0]);
    expect(r.model!.data.classLabels).toEqual(['0', '1', '2']);
  });

  test('a ragged row, a text cell and an empty cell are each reported with CSV row and column, on the csv value', () => {
    const text = `{ "inputs": 2, "layers": [{ "units": 1 }], "loss": "mse",
      "data": { "csv": "bad.csv", "target": "y" } }`;
    const r = parseModelText(text, { fileName: 'm.nn.json', dataFiles: memoryReader({ 'bad.csv': 'a,b,y\n1,2,3\n4,5\n6,seven,8\n9,,1\n' }) });
    expect(r.diagnostics.map((d) => [d.code, textOf(text, d)])).toEqual(Array(3).fill([C.CSV_ERROR, '"bad.csv"']));
    expect(r.diagnostics.map((d) => d.message)).toEqual([
      'bad.csv row 3 has 2 fields but the header has 3 columns',
      "bad.csv row 4, column 'b': 'seven' is not a number",
      "bad.csv row 5, column 'b': the cell is empty",
    ]);
  });

  test('a missing column is reported on the name in the model, with a suggestion', () => {
    const text = `{ "inputs": 2, "layers": [{ "units": 1 }], "loss": "mse",
      "data": { "csv": "d.csv", "features": ["a", "B"], "target": "y" } }`;
    const r = parseModelText(text, { fileName: 'm.nn.json', dataFiles: memoryReader({ 'd.csv': 'a,b,y\n1,2,3\n' }) });
    expect(r.diagnostics.map((d) => [d.code, textOf(text, d)])).toEqual([[C.CSV_ERROR, '"B"']]);
    expect(r.diagnostics[0]!.message).toContain("did you mean 'b'?");
  });

  test('the target among the features is advice, not an error', () => {
    const r = model('{ "csv": "d.csv", "features": ["a", "y"], "target": "y" }', 1, { 'd.csv': 'a,y\n1,2\n3,4\n' });
    expect(r.model).toBeDefined();
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([[C.ADVICE, 'warning']]);
  });

  test("the reader's refusal is reported on the csv value with its reason", () => {
    const reader: DataFileReader = { readText: () => ({ error: "outside the model's folder" }) };
    const text = '{ "inputs": 1, "layers": [{ "units": 1 }], "loss": "mse", "data": { "csv": "x.csv", "target": 0 } }';
    const r = parseModelText(text, { fileName: 'm.nn.json', dataFiles: reader });
    expect(r.diagnostics.map((d) => [d.code, textOf(text, d), d.message])).toEqual([
      [C.CSV_ERROR, '"x.csv"', "cannot read 'x.csv': outside the model's folder"],
    ]);
  });

  test('paths that leave the folder are refused before any reader is asked', () => {
    let asked = false;
    const reader: DataFileReader = { readText: () => { asked = true; return { text: 'a\n1\n' }; } };
    for (const p of ['../x.csv', 'a/../../x.csv', '/etc/passwd', 'C:\\\\data.csv', 'https://example.com/x.csv']) {
      const text = `{ "inputs": 1, "layers": [{ "units": 1 }], "loss": "mse", "data": { "csv": "${p}", "target": 0 } }`;
      const r = parseModelText(text, { fileName: 'm.nn.json', dataFiles: reader });
      expect(r.diagnostics.map((d) => d.code)).toEqual([C.CSV_ERROR]);
    }
    expect(asked).toBe(false);
  });

  test('a CSV fixture with BOM, CRLF and quoted fields reads as written', () => {
    const r = parseFile(join(FIXTURES, 'valid/csv-quoted.nn.json'));
    expect(r.diagnostics).toEqual([]);
    const d = r.model!.data;
    expect(d.featureNames).toEqual(['Sepal length', 'Sepal width']);
    expect(d.classLabels).toEqual(['setosa', 'versicolor', 'virginica']);
    expect(d.train.inputs.rows + d.test!.inputs.rows).toBe(6);
    expect(d.train.inputs.rows).toBe(3);
  });
});
