import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { parseModelText } from '../../src/model';
import * as C from '../../src/model/codes';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import { textOf } from './helpers';

/*
 * A temporary tree:
 *   outside/secret.csv
 *   project/model.nn.json
 *   project/data/ok.csv
 *   project/data/inner-link.csv -> project/data/ok.csv        (inside: allowed)
 *   project/escape.csv          -> outside/secret.csv          (a file link leaving the tree)
 *   project/linked-dir          -> outside                     (a folder link leaving the tree)
 *   via-link                    -> project                     (the model reached through a link)
 */
let root: string;
let project: string;
const CSV = 'a,y\n1,2\n3,4\n';

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'gradlens-datafiles-'));
  project = join(root, 'project');
  mkdirSync(join(root, 'outside'));
  mkdirSync(join(project, 'data'), { recursive: true });
  writeFileSync(join(root, 'outside/secret.csv'), CSV);
  writeFileSync(join(project, 'data/ok.csv'), CSV);
  writeFileSync(join(project, 'model.nn.json'), '{}');
  symlinkSync(join(project, 'data/ok.csv'), join(project, 'data/inner-link.csv'));
  symlinkSync(join(root, 'outside/secret.csv'), join(project, 'escape.csv'));
  symlinkSync(join(root, 'outside'), join(project, 'linked-dir'), 'dir');
  symlinkSync(project, join(root, 'via-link'), 'dir');
});

afterAll(() => {
  rmSync(root, { recursive: true, force: true });
});

describe('the Node data-file reader', () => {
  test('reads files in the model folder and its sub-folders', () => {
    const reader = createNodeDataFileReader(join(project, 'model.nn.json'));
    expect(reader.readText('data/ok.csv')).toEqual({ text: CSV });
    expect(reader.readText('./data/../data/ok.csv')).toEqual({ text: CSV });
  });

  test('follows symbolic links that stay inside the folder tree', () => {
    const reader = createNodeDataFileReader(join(project, 'model.nn.json'));
    expect(reader.readText('data/inner-link.csv')).toEqual({ text: CSV });
  });

  test('refuses a path that climbs out with ..', () => {
    const r = createNodeDataFileReader(join(project, 'model.nn.json')).readText('../outside/secret.csv');
    expect(r).toEqual({ error: expect.stringMatching(/leaves the model file's folder.*refused/) });
  });

  test('refuses absolute paths, even to a file inside the folder', () => {
    const r = createNodeDataFileReader(join(project, 'model.nn.json')).readText(join(project, 'data/ok.csv'));
    expect(r).toEqual({ error: expect.stringMatching(/absolute paths are refused/) });
  });

  test('refuses a symbolic link to a file outside the folder tree', () => {
    const r = createNodeDataFileReader(join(project, 'model.nn.json')).readText('escape.csv');
    expect(r).toEqual({ error: expect.stringMatching(/symbolic link.*outside the model file's folder.*refused/) });
  });

  test('refuses a path through a symbolic link to a folder outside the tree', () => {
    const r = createNodeDataFileReader(join(project, 'model.nn.json')).readText('linked-dir/secret.csv');
    expect(r).toEqual({ error: expect.stringMatching(/symbolic link.*refused/) });
  });

  test('judges a model reached through a linked folder by its real folder', () => {
    const reader = createNodeDataFileReader(join(root, 'via-link/model.nn.json'));
    expect(reader.readText('data/ok.csv')).toEqual({ text: CSV });
    expect(reader.readText('escape.csv')).toEqual({ error: expect.stringMatching(/refused/) });
  });

  test('says when a file does not exist, or is a folder', () => {
    const reader = createNodeDataFileReader(join(project, 'model.nn.json'));
    expect(reader.readText('data/none.csv')).toEqual({ error: expect.stringMatching(/^no such file/) });
    expect(reader.readText('data')).toEqual({ error: 'it is a folder, not a file' });
  });

  test('a model whose CSV escapes through a link gets a csv-error on the csv value, naming the reason', () => {
    const file = join(project, 'model.nn.json');
    const text = '{ "inputs": 1, "layers": [{ "units": 1 }], "loss": "mse", "data": { "csv": "escape.csv", "target": "y" } }';
    const r = parseModelText(text, { fileName: file, dataFiles: createNodeDataFileReader(file) });
    expect(r.model).toBeUndefined();
    expect(r.diagnostics.map((d) => [d.code, textOf(text, d)])).toEqual([[C.CSV_ERROR, '"escape.csv"']]);
    expect(r.diagnostics[0]!.message).toMatch(/cannot read 'escape.csv': .*symbolic link/);
  });

  test('the same model with a CSV inside the folder gives a model', () => {
    const file = join(project, 'model.nn.json');
    const text = '{ "inputs": 1, "layers": [{ "units": 1 }], "loss": "mse", "data": { "csv": "data/inner-link.csv", "target": "y" } }';
    const r = parseModelText(text, { fileName: file, dataFiles: createNodeDataFileReader(file) });
    expect(r.diagnostics).toEqual([]);
    expect(Array.from(r.model!.data.train.targets.data)).toEqual([2, 4]);
  });
});
