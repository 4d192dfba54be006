import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { EXAMPLES, expectationOf, FIXTURES, modelFiles, parseFile, show, where } from './helpers';

const valid = modelFiles(join(FIXTURES, 'valid'));
const examples = modelFiles(EXAMPLES);
const withWarnings = modelFiles(join(FIXTURES, 'valid/with-warnings'));

describe('valid model files', () => {
  test.each([...valid, ...examples].map((f) => [basename(f), f]))('%s gives a model and no diagnostic at all', (_name, file) => {
    const result = parseFile(file);
    expect(result.diagnostics.map(show)).toEqual([]);
    expect(result.model).toBeDefined();
  });
});

describe('valid model files that draw a warning or advice', () => {
  test('there are at least 15 of them', () => {
    expect(withWarnings.length).toBeGreaterThanOrEqual(15);
  });

  test.each(withWarnings.map((f) => [basename(f), f]))('%s still gives a model, with the expected diagnostic', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const expected = expectationOf(text);
    const severity = /expect: *\S+ +\S+ +(error|warning|info)/.exec(text)?.[1];
    const result = parseFile(file);
    expect(result.model, result.diagnostics.map(show).join('\n')).toBeDefined();
    expect(result.diagnostics.every((d) => d.severity !== 'error')).toBe(true);
    const found = result.diagnostics.find((d) => d.code === expected.code && where(d) === `${expected.line}:${expected.column}`);
    expect(found, `expected ${expected.code} at ${expected.line}:${expected.column}; got:\n${result.diagnostics.map(show).join('\n')}`)
      .toBeDefined();
    expect(found!.severity).toBe(severity);
  });
});
