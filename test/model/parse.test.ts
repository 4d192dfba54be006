import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import {
  DEFAULT_TRAIN, parseModelText, toNetworkSpec, type ModelDiagnostic, type ModelFile, type SourceRange,
} from '../../src/model';
import * as C from '../../src/model/codes';
import { FIXTURES, parseText, show, textOf, where } from './helpers';

const WORKED = readFileSync(join(FIXTURES, 'valid/worked-example.nn.json'), 'utf8');

function model(text: string, fileName = 'test.nn.json'): ModelFile {
  const result = parseModelText(text, { fileName });
  expect(result.diagnostics.filter((d) => d.severity === 'error').map(show)).toEqual([]);
  expect(result.model).toBeDefined();
  return result.model!;
}

function errors(text: string): ModelDiagnostic[] {
  return parseText(text).diagnostics.filter((d) => d.severity === 'error');
}

/** `where code text-at-range` of every diagnostic, to compare whole lists at once. */
function summary(text: string, ds: readonly ModelDiagnostic[]): string[] {
  return ds.map((d) => `${where(d)} ${d.code} ${textOf(text, d)}`);
}

/** The 1-based line:col of the first occurrence of `needle` (after `after`, when given). */
function locate(text: string, needle: string, after = ''): string {
  const from = after ? text.indexOf(after) : 0;
  const i = text.indexOf(needle, from);
  if (i < 0) throw new Error(`'${needle}' not in text`);
  const before = text.slice(0, i);
  return `${before.split('\n').length}:${i - before.lastIndexOf('\n')}`;
}

const XOR = (layers: string, extra = ''): string => `{
  "inputs": 2,
  "layers": [${layers}],
  "loss": "binary-cross-entropy",
  "data": { "inputs": [[0, 0], [0, 1], [1, 0], [1, 1]], "targets": [[0], [1], [1], [0]] }${extra}
}`;

describe('the 2-2-2 worked example of the spec', () => {
  const m = model(WORKED, 'test/fixtures/valid/worked-example.nn.json');

  test('reads every value as written', () => {
    expect(m.name).toBe('Worked example 2-2-2');
    expect(m.inputs).toBe(2);
    expect(m.loss).toBe('squared');
    expect(m.layers.map((l) => [l.index, l.name, l.units, l.fanIn, l.activation])).toEqual([
      [0, 'hidden', 2, 2, 'sigmoid'], [1, 'output', 2, 2, 'sigmoid'],
    ]);
    expect(m.layers[0]!.weights).toEqual([[0.15, 0.2], [0.25, 0.3]]);
    expect(m.layers[0]!.bias).toBe(0.35);
    expect(m.layers[1]!.weights).toEqual([[0.4, 0.45], [0.5, 0.55]]);
    expect(m.layers[1]!.bias).toBe(0.6);
    expect(m.train).toEqual({ optimizer: 'sgd', learningRate: 0.5, momentum: 0.9, weightDecay: 0, batchSize: 1, epochs: 1, shuffle: false });
    expect(m.data.train.inputs).toEqual({ rows: 1, cols: 2, data: new Float64Array([0.05, 0.1]) });
    expect(m.data.train.targets).toEqual({ rows: 1, cols: 2, data: new Float64Array([0.01, 0.99]) });
    expect(m.data.test).toBeUndefined();
  });

  test('points each weight at the exact number literal in the text', () => {
    const literals = [[['0.15', '0.20'], ['0.25', '0.30']], [['0.40', '0.45'], ['0.50', '0.55']]];
    m.layers.forEach((layer, li) => {
      const ranges = layer.source.weightRanges!;
      expect(ranges.length).toBe(2);
      ranges.forEach((row, unit) => row.forEach((range, input) => {
        expect(textOf(WORKED, range)).toBe(literals[li]![unit]![input]);
        expect(Number(textOf(WORKED, range))).toBe(layer.weights![unit]![input]);
      }));
    });
  });

  test('gives line and column of each weight as VS Code counts them (0-based)', () => {
    const r = m.layers[0]!.source.weightRanges![1]![0]!;
    const [line, col] = locate(WORKED, '0.25').split(':').map(Number);
    expect(r.start).toEqual({ line: line! - 1, character: col! - 1 });
    expect(r.end).toEqual({ line: line! - 1, character: col! - 1 + 4 });
  });

  test('keeps the ranges of the layer objects, names, activations, bias and top-level parts', () => {
    const hidden = m.layers[0]!.source;
    expect(textOf(WORKED, hidden.range)).toMatch(/^\{ "name": "hidden".*"bias": 0\.35 \}$/s);
    expect(textOf(WORKED, hidden.nameRange!)).toBe('"hidden"');
    expect(textOf(WORKED, hidden.activationRange!)).toBe('"sigmoid"');
    expect(textOf(WORKED, hidden.biasRange!)).toBe('0.35');
    expect(textOf(WORKED, hidden.weightsRange!)).toBe('[[0.15, 0.20], [0.25, 0.30]]');
    expect(textOf(WORKED, hidden.unitsRange!)).toBe('2');
    expect(hidden.range.start.line + 1).toBe(Number(locate(WORKED, '{ "name": "hidden"').split(':')[0]));
    expect(textOf(WORKED, m.source.loss!)).toBe('"squared"');
    expect(textOf(WORKED, m.source.data!)).toBe('{ "inputs": [[0.05, 0.10]], "targets": [[0.01, 0.99]] }');
    expect(textOf(WORKED, m.source.train!)).toMatch(/^\{ "optimizer": "sgd".*\}$/);
    expect(textOf(WORKED, m.source.layers!)).toMatch(/^\[\s+\{ "name": "hidden".*\]$/s);
    expect(m.source.root.startOffset).toBe(WORKED.indexOf('{'));
    expect(m.source.root.endOffset).toBe(WORKED.lastIndexOf('}') + 1);
  });

  test('keeps the range of every key and its value, in layers, at the top level, in data and in train', () => {
    const hidden = m.layers[0]!.source.properties!;
    expect(Object.keys(hidden)).toEqual(['name', 'units', 'activation', 'weights', 'bias']);
    expect(textOf(WORKED, hidden.units!.key)).toBe('"units"');
    expect(textOf(WORKED, hidden.units!.value!)).toBe('2');
    expect(Object.keys(m.source.properties!)).toEqual(['name', 'inputs', 'layers', 'loss', 'data', 'train']);
    expect(textOf(WORKED, m.source.properties!.loss!.key)).toBe('"loss"');
    expect(textOf(WORKED, m.source.trainProperties!.learningRate!.value!)).toBe('0.5');
    expect(textOf(WORKED, m.source.dataProperties!.targets!.value!)).toBe('[[0.01, 0.99]]');
  });

  test('converts to the engine network spec', () => {
    expect(toNetworkSpec(m)).toEqual({
      inputs: 2, seed: 1,
      layers: [
        { name: 'hidden', units: 2, activation: 'sigmoid', weights: [[0.15, 0.2], [0.25, 0.3]], bias: 0.35, init: 'xavier' },
        { name: 'output', units: 2, activation: 'sigmoid', weights: [[0.4, 0.45], [0.5, 0.55]], bias: 0.6, init: 'xavier' },
      ],
    });
  });

  test('gives each bias number of an array its own range', () => {
    const text = XOR('{ "units": 2, "bias": [0.5, -1.25] }, { "units": 1, "activation": "sigmoid" }');
    const l = model(text).layers[0]!;
    expect(l.bias).toEqual([0.5, -1.25]);
    expect(l.source.biasRanges!.map((r) => textOf(text, r))).toEqual(['0.5', '-1.25']);
  });
});

describe('defaults', () => {
  const m = model(readFileSync(join(FIXTURES, 'valid/minimal.nn.json'), 'utf8'), 'some/folder/minimal.nn.json');

  test('are those of the spec', () => {
    expect(m.name).toBe('minimal');
    expect(m.seed).toBe(1);
    expect(m.layers[0]).toMatchObject({ name: 'layer1', activation: 'linear', init: 'xavier', bias: 0, fanIn: 1 });
    expect(m.layers[0]!.weights).toBeUndefined();
    expect(m.train).toEqual({ optimizer: 'sgd', learningRate: 0.01, momentum: 0.9, weightDecay: 0, epochs: 1, shuffle: true });
    expect(m.train.batchSize).toBeUndefined();
    expect(DEFAULT_TRAIN).toEqual(m.train);
  });

  test('name layers layer1, layer2, ... by position, also around named ones', () => {
    const mm = model(XOR('{ "units": 3 }, { "name": "middle", "units": 2 }, { "units": 1, "activation": "sigmoid" }'));
    expect(mm.layers.map((l) => l.name)).toEqual(['layer1', 'middle', 'layer3']);
  });

  test('take the model name from the file name without .nn.json, on any platform', () => {
    const t = XOR('{ "units": 1, "activation": "sigmoid" }');
    expect(model(t, 'examples/iris.nn.json').name).toBe('iris');
    expect(model(t, 'C:\\Users\\me\\xor.nn.json').name).toBe('xor');
    expect(model(t, 'plain.json').name).toBe('plain');
    expect(model(t, 'examples/iris.nn.json').fileName).toBe('examples/iris.nn.json');
  });

  test('let a layer override the top-level init', () => {
    const mm = model(XOR('{ "units": 2, "init": "he", "activation": "relu" }, { "units": 1, "activation": "sigmoid" }', ',\n  "init": { "normal": [0, 0.5] }'));
    expect(mm.layers.map((l) => l.init)).toEqual(['he', { normal: [0, 0.5] }]);
  });
});

describe('problems are reported all at once, each at its exact place', () => {
  const text = `{
  "inputs": 2,
  "layers": [
    { "units": "3", "activation": "sigmod" },
    { "units": 1, "activation": "sigmoid", "weights": [[1, 2, 3, 4]], "bias": [1, 2] }
  ],
  "loss": "cross-entropie",
  "data": { "inputs": [[0, 0], [1]], "targets": [[0], [1], [1]] },
  "train": { "learningrate": 0.1, "optimizer": "sgdm", "epochs": 1.5 }
}`;
  const result = parseText(text);

  test('every problem, in text order, with its code and the text it covers', () => {
    expect(summary(text, result.diagnostics)).toEqual([
      `${locate(text, '"3"')} wrong-type "3"`,
      `${locate(text, '"sigmod"')} unknown-activation "sigmod"`,
      `${locate(text, '[1, 2]')} shape-mismatch [1, 2]`,
      `${locate(text, '"cross-entropie"')} unknown-loss "cross-entropie"`,
      `${locate(text, '[1]]')} shape-mismatch [1]`,
      `${locate(text, '[[0], [1], [1]]')} shape-mismatch [[0], [1], [1]]`,
      `${locate(text, '"learningrate"')} unknown-key "learningrate"`,
      `${locate(text, '"sgdm"')} unknown-optimizer "sgdm"`,
      `${locate(text, '1.5')} invalid-value 1.5`,
    ]);
    expect(result.model).toBeUndefined();
  });

  test('with suggestions where a name is misspelt', () => {
    const byCode = (code: string) => result.diagnostics.find((d) => d.code === code)!;
    expect(byCode(C.UNKNOWN_ACTIVATION).message).toContain("did you mean 'sigmoid'?");
    expect(byCode(C.UNKNOWN_LOSS).message).toContain("did you mean 'cross-entropy'?");
    expect(byCode(C.UNKNOWN_KEY).message).toContain("did you mean 'learningRate'?");
    expect(byCode(C.UNKNOWN_KEY).data).toEqual({ suggestion: '"learningRate"', fixTitle: "Change to 'learningRate'" });
    expect(byCode(C.UNKNOWN_KEY).severity).toBe('warning');
  });

  test('shape messages say the expected and the actual numbers', () => {
    const bias = result.diagnostics.find((d) => textOf(text, d) === '[1, 2]')!;
    expect(bias.message).toMatch(/2 numbers.*1 unit/);
    const rows = result.diagnostics.find((d) => textOf(text, d) === '[[0], [1], [1]]')!;
    expect(rows.message).toMatch(/3 rows.*2 rows/);
  });

  test('a weight row that does not match the fan-in is reported once the fan-in is known', () => {
    const t = XOR('{ "units": 3 }, { "units": 1, "activation": "sigmoid", "weights": [[1, 2]] }');
    const d = errors(t);
    expect(summary(t, d)).toEqual([`${locate(t, '[1, 2]')} shape-mismatch [1, 2]`]);
    expect(d[0]!.message).toMatch(/2 numbers, expected 3.*previous layer 'layer1' has 3 units/);
  });

  test('every target row against the last layer and every input row against inputs', () => {
    const t = `{ "inputs": 2, "layers": [{ "units": 2, "activation": "softmax" }], "loss": "cross-entropy",
      "data": { "inputs": [[1, 2], [3], [4, 5, 6]], "targets": [[1, 0], [0, 1, 0], [1]] } }`;
    expect(summary(t, errors(t))).toEqual([
      `${locate(t, '[3]')} shape-mismatch [3]`,
      `${locate(t, '[4, 5, 6]')} shape-mismatch [4, 5, 6]`,
      `${locate(t, '[0, 1, 0]')} shape-mismatch [0, 1, 0]`,
      `${locate(t, '[1]]')} shape-mismatch [1]`,
    ]);
  });

  test('a missing key is reported on the key of the object that lacks it, or on its opening brace', () => {
    const t = `{ "inputs": 2, "layers": [{ "activation": "relu" }], "loss": "mse", "data": { "inputs": [[1, 2]] } }`;
    expect(summary(t, errors(t))).toEqual([
      `${locate(t, '{ "activation"')} missing-key {`,
      `${locate(t, '"data"')} missing-key "data"`,
    ]);
  });

  test('non-finite literals are reported on the literal', () => {
    const t = XOR('{ "units": 1, "activation": "sigmoid", "weights": [[1e999, -1e400]], "bias": 1e500 }');
    expect(summary(t, errors(t))).toEqual([
      `${locate(t, '1e999')} non-finite 1e999`,
      `${locate(t, '-1e400')} non-finite -1e400`,
      `${locate(t, '1e500')} non-finite 1e500`,
    ]);
  });

  test('two layers with the same name are an error on the second name', () => {
    const t = XOR('{ "name": "a", "units": 2 }, { "name": "a", "units": 1, "activation": "sigmoid" }');
    const d = errors(t);
    expect(d.map((x) => [x.code, x.range.startOffset])).toEqual([[C.INVALID_VALUE, t.lastIndexOf('"a"')]]);
  });

  test('inline data and CSV keys cannot be mixed', () => {
    const t = `{ "inputs": 1, "layers": [{ "units": 1 }], "loss": "mse",
      "data": { "inputs": [[1]], "targets": [[1]], "split": 0.5 } }`;
    expect(summary(t, errors(t))).toEqual([`${locate(t, '"split"')} conflicting-keys "split"`]);
  });
});

describe('syntax errors', () => {
  test('are described in words at the parser offsets', () => {
    const t = '{\n  "inputs": 2\n  "loss": "mse"\n}';
    const d = parseText(t).diagnostics;
    expect(d[0]).toMatchObject({ code: C.SYNTAX_ERROR, severity: 'error', message: 'expected a comma or closing brace' });
    expect(where(d[0]!)).toBe('3:3');
    expect(textOf(t, d[0]!)).toBe('"loss"');
  });

  test('say "bracket" inside an array', () => {
    const d = parseText('{ "layers": [{ "units": 1 } { "units": 2 }] }').diagnostics;
    expect(d[0]!.message).toBe('expected a comma or closing bracket');
  });

  test('do not drown the first error in follow-on errors', () => {
    const d = parseText('{ "inputs": NaN, "loss": \'mse\' }').diagnostics.filter((x) => x.code === C.SYNTAX_ERROR);
    expect(d.map((x) => x.message)).toEqual([
      'NaN is not a JSON value: write a finite number',
      'single quotes are not JSON: write strings and property names in double quotes',
    ]);
  });

  test('leave the rest of a sound file checked', () => {
    const t = XOR('{ "units": 1, "activation": "sigmod" }', ',\n  "train": { "epochs": 1 "shuffle": true }');
    expect(summary(t, parseText(t).diagnostics)).toEqual([
      `${locate(t, '"sigmod"')} unknown-activation "sigmod"`,
      `${locate(t, '"shuffle"')} syntax-error "shuffle"`,
    ]);
  });

  test('comments are allowed anywhere', () => {
    const t = `// a model
{ /* block */ "inputs": 1, // the count
  "layers": [{ "units": 1 /* one */ }], "loss": "mse",
  "data": { "inputs": [[1]], "targets": [[2]] } } // the end`;
    expect(parseText(t).diagnostics).toEqual([]);
  });

  test('a trailing comma is accepted, with a warning on the comma', () => {
    const t = '{ "inputs": 1, "layers": [{ "units": 1 },], "loss": "mse", "data": { "inputs": [[1]], "targets": [[2]], }, }';
    const r = parseText(t);
    expect(r.model).toBeDefined();
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.range.startOffset])).toEqual([
      [C.TRAILING_COMMA, 'warning', t.indexOf('},]') + 1],
      [C.TRAILING_COMMA, 'warning', t.indexOf('],') + 1 + t.slice(t.indexOf('],') + 1).indexOf(', }')],
      [C.TRAILING_COMMA, 'warning', t.lastIndexOf(',')],
    ]);
  });

  test('an empty file is one error at its start', () => {
    expect(parseText('').diagnostics.map((d) => [d.code, where(d)])).toEqual([[C.SYNTAX_ERROR, '1:1']]);
    expect(parseText('  // nothing\n').diagnostics.map((d) => [d.code, where(d)])).toEqual([[C.SYNTAX_ERROR, '1:1']]);
  });
});

describe('line and column counting', () => {
  test('counts CRLF and CR line ends as one line break, as VS Code does', () => {
    const lf = '{\n"inputs": 2,\n"layers": [{ "units": "x" }]\n}';
    for (const eol of ['\r\n', '\r']) {
      const d = parseText(lf.replace(/\n/g, eol)).diagnostics.find((x) => x.code === C.WRONG_TYPE)!;
      expect(where(d)).toBe(locate(lf, '"x"'));
    }
  });

  test('counts columns in UTF-16 code units', () => {
    const t = '{ "name": "😀 ünïcode", "inputs": "x" }';
    const d = parseText(t).diagnostics.find((x) => x.code === C.WRONG_TYPE)!;
    expect(d.range.start.character).toBe(t.indexOf('"x"'));
    expect(textOf(t, d)).toBe('"x"');
  });
});

describe('custom activations', () => {
  const text = XOR(`{ "units": 2, "activation": { "name": "softsign", "f": "x / (1 + abs(x))", "df": "1 / (1 + abs(x))^2" } },
    { "units": 1, "activation": { "f": "x^3 + x" } }`);

  test('compile f and df, and keep their string literal ranges', () => {
    const m = model(text);
    const a = m.layers[0]!.activation;
    if (typeof a === 'string') throw new Error('expected a custom activation');
    expect(a).toMatchObject({ kind: 'custom', name: 'softsign', fText: 'x / (1 + abs(x))', dfText: '1 / (1 + abs(x))^2' });
    expect(a.f(1)).toBeCloseTo(0.5, 12);
    expect(a.df(1)).toBeCloseTo(0.25, 12);
    expect(textOf(text, m.layers[0]!.source.fRange!)).toBe('"x / (1 + abs(x))"');
    expect(textOf(text, m.layers[0]!.source.dfRange!)).toBe('"1 / (1 + abs(x))^2"');
    expect(m.layers[0]!.source.dfDerived).toBe(false);
  });

  test('without df, take the symbolic derivative', () => {
    const m = model(text);
    const a = m.layers[1]!.activation;
    if (typeof a === 'string') throw new Error('expected a custom activation');
    expect(a.name).toBe('custom');
    expect(a.df(2)).toBeCloseTo(13, 12);
    expect(a.dfText.length).toBeGreaterThan(0);
    expect(m.layers[1]!.source.dfDerived).toBe(true);
    expect(m.layers[1]!.source.dfRange).toBeUndefined();
  });

  test('a wrong df is not a validation error (the gradient check reports it)', () => {
    const t = XOR('{ "units": 1, "activation": { "f": "x^2", "df": "x" } }');
    expect(parseText(t).diagnostics).toEqual([]);
  });

  test('an invalid expression is reported inside the string literal, at the problem', () => {
    const t = XOR('{ "units": 1, "activation": { "f": "2 * tanhh(x)", "df": "1" } }');
    const d = errors(t);
    expect(d.map((x) => x.code)).toEqual([C.INVALID_EXPRESSION]);
    expect(d[0]!.range.startOffset).toBe(t.indexOf('tanhh'));
    expect(textOf(t, d[0]!)).toBe('tanhh');
    expect(d[0]!.message).toContain("did you mean 'tanh'?");
  });

  test('the position inside the literal accounts for escapes before the problem', () => {
    const t = XOR('{ "units": 1, "activation": { "f": "\\u0078 \\t+ foo", "df": "1" } }');
    const d = errors(t);
    expect(d.length).toBe(1);
    expect(textOf(t, d[0]!)).toBe('foo');
  });

  test('a derivative that cannot be found symbolically asks for df, on the part of f that lacks one', () => {
    const t = XOR('{ "units": 1, "activation": { "f": "max(0, x) + x" } }');
    const d = errors(t);
    expect(d.map((x) => x.code)).toEqual([C.NO_DERIVATIVE]);
    expect(textOf(t, d[0]!)).toBe('max(0, x)');
    expect(d[0]!.message).toContain('"df"');
  });
});

describe('robustness', () => {
  test('never throws, whatever it is given', () => {
    for (const input of [undefined, null, 42, {}, '\u0000', '{'.repeat(10000), '['.repeat(10000) + ']'.repeat(10000)]) {
      const r = parseModelText(input as unknown as string, { fileName: 'x.nn.json' });
      expect(r.model).toBeUndefined();
      expect(r.diagnostics.length).toBeGreaterThan(0);
    }
  });

  test('reports a data reader that throws as a CSV problem', () => {
    const t = '{ "inputs": 1, "layers": [{ "units": 1 }], "loss": "mse", "data": { "csv": "a.csv", "target": 0 } }';
    const r = parseModelText(t, { fileName: 'x.nn.json', dataFiles: { readText: () => { throw new Error('disk on fire'); } } });
    expect(r.diagnostics.map((d) => [d.code, textOf(t, d)])).toEqual([[C.CSV_ERROR, '"a.csv"']]);
    expect(r.diagnostics[0]!.message).toContain('disk on fire');
  });

  test('without a data reader, CSV data is an error on the csv value, not a crash', () => {
    const t = '{ "inputs": 1, "layers": [{ "units": 1 }], "loss": "mse", "data": { "csv": "a.csv", "target": 0 } }';
    expect(summary(t, parseText(t).diagnostics)).toEqual([`${locate(t, '"a.csv"')} csv-error "a.csv"`]);
  });

  test('ranges have consistent offsets and positions', () => {
    const t = '{\r\n "inputs": 0,\n\r "layers": {},\r "loss": 1, "data": [] }';
    const lines = t.split(/\r\n|\r|\n/);
    const offsetOf = (p: SourceRange['start']) => {
      let o = 0;
      let i = 0;
      for (let line = 0; line < p.line; line++) {
        o += lines[line]!.length;
        const m = /^(\r\n|\r|\n)/.exec(t.slice(o));
        o += m ? m[1]!.length : 0;
        i++;
      }
      return o + p.character;
    };
    for (const d of parseText(t).diagnostics) {
      expect(offsetOf(d.range.start)).toBe(d.range.startOffset);
      expect(offsetOf(d.range.end)).toBe(d.range.endOffset);
    }
  });
});

describe('keys in the wrong place', () => {
  test('are told where they belong', () => {
    const t = XOR('{ "units": 1, "activation": "sigmoid", "epochs": 3 }', ',\n  "learningrate": 0.1, "x": 1');
    const d = parseText(t).diagnostics.filter((x) => x.code === C.UNKNOWN_KEY);
    expect(d.map((x) => x.message)).toEqual([
      `'epochs' does not belong in layer 1: it belongs inside "train"; here it is ignored`,
      `unknown key 'learningrate' in the model; did you mean 'learningRate', which belongs inside "train"? Here it is ignored`,
      "unknown key 'x' in the model; it is ignored",
    ]);
  });
});
