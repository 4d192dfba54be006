/**
 * Issue 9, limits (size): a model beyond the configurable size (`gradlens.limits.maxParameters`,
 * `maxSamples`, `maxLayers`) is refused with a clear diagnostic, where it is written, instead of being
 * analysed; so are sizes no setting may raise (`"units": 1e9`), and a CSV file of a million rows is
 * refused before it is read into memory. The watchdog and cancellation are in worker.test.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import * as vscode from 'vscode';
import { ModelSession } from '../../src/analysis/modelSession';
import { DEFAULT_ANALYSIS_SETTINGS, type AnalysisSettings } from '../../src/analysis/settings';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import type { ModelDiagnostic } from '../../src/model/types';
import { readSettings } from '../../src/settings';
import { setConfiguration } from '../fakes/vscode';
import { ROOT, rangeProblem } from './helpers';

const xor = readFileSync(path.join(ROOT, 'examples/xor.nn.json'), 'utf8'); // 2-3-1: 13 parameters, 4 samples, 2 layers
const vanishing = readFileSync(path.join(ROOT, 'examples/vanishing-gradients.nn.json'), 'utf8');

function open(text: string, settings: Partial<AnalysisSettings> = {}, file = path.join(ROOT, 'examples', 'model.nn.json')) {
  return ModelSession.open(text, file, { ...DEFAULT_ANALYSIS_SETTINGS, ...settings }, createNodeDataFileReader(file));
}

function only(diagnostics: readonly ModelDiagnostic[], code: string): ModelDiagnostic {
  const found = diagnostics.filter((d) => d.code === code);
  expect(found, diagnostics.map((d) => `${d.code}: ${d.message}`).join('\n')).toHaveLength(1);
  return found[0]!;
}

const written = (text: string, d: ModelDiagnostic) => text.slice(d.range.startOffset, d.range.endOffset);

describe('models beyond the configured size are refused with a diagnostic', () => {
  it('too many layers: on the layers array, naming gradlens.limits.maxLayers', () => {
    const { session, diagnostics } = open(xor, { maxLayers: 1 });
    expect(session).toBeUndefined();
    const d = only(diagnostics, 'model-too-large');
    expect(d.severity).toBe('error');
    expect(d.message).toBe('The model has 2 layers; GradLens analyses at most 1 (setting gradlens.limits.maxLayers).');
    expect(rangeProblem(xor, d.range)).toBeUndefined();
    expect(written(xor, d)).toMatch(/^\[\s*\{ "name": "hidden"/);
  });

  it('too many weights and biases: naming the count and gradlens.limits.maxParameters', () => {
    const { session, diagnostics } = open(xor, { maxParameters: 12 });
    expect(session).toBeUndefined();
    expect(only(diagnostics, 'model-too-large').message)
      .toBe('The model has 13 weights and biases; GradLens analyses at most 12 (setting gradlens.limits.maxParameters).');
    expect(open(xor, { maxParameters: 13 }).session).toBeDefined(); // the limit itself is allowed
  });

  it('too many samples: on the data, naming gradlens.limits.maxSamples', () => {
    const { session, diagnostics } = open(xor, { maxSamples: 3 });
    expect(session).toBeUndefined();
    const d = only(diagnostics, 'model-too-large');
    expect(d.message).toBe('The data has 4 samples; GradLens analyses at most 3 (setting gradlens.limits.maxSamples).');
    expect(written(xor, d)).toMatch(/^\{\s*"inputs":/);
    expect(open(xor, { maxSamples: 4 }).session).toBeDefined();
  });

  it('every limit at once is reported at once', () => {
    const { diagnostics } = open(vanishing, { maxLayers: 2, maxParameters: 10, maxSamples: 1 });
    expect(diagnostics.filter((d) => d.code === 'model-too-large').map((d) => /setting (\S+)\)/.exec(d.message)?.[1]))
      .toEqual(['gradlens.limits.maxLayers', 'gradlens.limits.maxParameters', 'gradlens.limits.maxSamples']);
  });

  it('the limits come from the gradlens.limits.* settings, and invalid values fall back to the defaults', () => {
    setConfiguration('gradlens.limits.maxParameters', 1234);
    setConfiguration('gradlens.limits.maxSamples', 56);
    setConfiguration('gradlens.limits.maxLayers', 7);
    expect(readSettings().analysis).toMatchObject({ maxParameters: 1234, maxSamples: 56, maxLayers: 7 });
    setConfiguration('gradlens.limits.maxParameters', -1);
    setConfiguration('gradlens.limits.maxSamples', 'lots');
    setConfiguration('gradlens.limits.maxLayers', Number.NaN);
    const d = DEFAULT_ANALYSIS_SETTINGS;
    expect(readSettings().analysis).toMatchObject({ maxParameters: d.maxParameters, maxSamples: d.maxSamples, maxLayers: d.maxLayers });
    // package.json's defaults are the same numbers.
    const properties = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).contributes.configuration.properties;
    expect(properties['gradlens.limits.maxParameters'].default).toBe(d.maxParameters);
    expect(properties['gradlens.limits.maxSamples'].default).toBe(d.maxSamples);
    expect(properties['gradlens.limits.maxLayers'].default).toBe(d.maxLayers);
  });
  afterEach(() => {
    for (const key of ['maxParameters', 'maxSamples', 'maxLayers']) setConfiguration(`gradlens.limits.${key}`, undefined);
    expect(vscode.workspace.isTrusted).toBe(true);
  });
});

describe('sizes no setting can raise', () => {
  it('"units": 1e9 is refused on its literal, and nothing is allocated', () => {
    const text = xor.replace('"units": 3', '"units": 1e9');
    const { session, diagnostics } = open(text, { maxParameters: Number.MAX_SAFE_INTEGER });
    expect(session).toBeUndefined();
    const d = only(diagnostics, 'invalid-value');
    expect(written(text, d)).toBe('1e9');
    expect(d.message).toContain('at most 10,000 are supported');
  });

  it('"inputs": 1e9 is refused on its literal too', () => {
    const text = xor.replace('"inputs": 2', '"inputs": 1e9');
    const d = only(open(text).diagnostics, 'invalid-value');
    expect(written(text, d)).toBe('1e9');
  });

  it('two layers of 10,000 units (100 million weights) are refused on the layers array', () => {
    const text = xor.replace('"inputs": 2', '"inputs": 10000').replace('"units": 3', '"units": 10000');
    const { session, diagnostics } = open(text, { maxParameters: Number.MAX_SAFE_INTEGER });
    expect(session).toBeUndefined();
    expect(only(diagnostics, 'invalid-value').message).toMatch(/^this network has 100,020,001 weights and biases; at most 5,000,000 are supported$/);
  });
});

describe('a CSV file of a million rows', () => {
  const folder = mkdtempSync(path.join(tmpdir(), 'gradlens-limits-'));
  mkdirSync(path.join(folder, 'data'));
  const rows = ['x1,x2,y'];
  for (let i = 0; i < 1_000_000; i++) rows.push(`${i % 7},${i % 3},${i % 2}`);
  // The last row is broken: a reader that parsed the whole file would report it instead of the size.
  rows.push('1,oops,0');
  writeFileSync(path.join(folder, 'data', 'big.csv'), rows.join('\n') + '\n');
  const file = path.join(folder, 'big.nn.json');
  const model = '{ "inputs": 2, "layers": [{ "units": 1, "activation": "sigmoid" }], "loss": "binary-cross-entropy",\n'
    + '  "data": { "csv": "data/big.csv", "target": "y" } }';

  it('is refused for its size, on the csv value, before it is parsed', () => {
    const { session, diagnostics } = open(model, {}, file);
    expect(session).toBeUndefined();
    const d = only(diagnostics, 'model-too-large');
    expect(diagnostics.filter((x) => x.severity === 'error')).toEqual([d]); // not the broken last row: it was never parsed
    expect(written(model, d)).toBe('"data/big.csv"');
    expect(d.message).toBe("cannot read 'data/big.csv': it has 1,000,001 data rows; GradLens analyses at most 200,000 samples (setting gradlens.limits.maxSamples)");
  });

  it('counts records as the CSV reader does: quoted line breaks and blank lines are not rows', () => {
    const csv = 'a,b,label\n"1\n2",3,x\n\n4,"5,\n6",y\r\n7,8,"z\r\n"\n\n';
    writeFileSync(path.join(folder, 'data', 'quoted.csv'), csv);
    const text = '{ "inputs": 2, "layers": [{ "units": 3, "activation": "softmax" }], "loss": "cross-entropy",\n'
      + '  "data": { "csv": "data/quoted.csv", "target": "label" } }';
    // Three records: with maxSamples 3 the file is read (and its non-numbers reported), with 2 it is refused.
    const three = open(text, { maxSamples: 3 }, file).diagnostics;
    expect(three.some((d) => d.code === 'model-too-large'), three.map((d) => d.message).join('\n')).toBe(false);
    expect(only(open(text, { maxSamples: 2 }, file).diagnostics, 'model-too-large').message).toContain('it has 3 data rows');
  });
});
