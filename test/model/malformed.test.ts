import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { ALL_CODES } from '../../src/model/codes';
import { expectationOf, FIXTURES, modelFiles, parseFile, show, where } from './helpers';

const files = modelFiles(join(FIXTURES, 'malformed'));

describe('the corpus of malformed model files', () => {
  test('holds at least 60 files', () => {
    expect(files.length).toBeGreaterThanOrEqual(60);
  });

  describe.each(files.map((f) => [basename(f), f]))('%s', (_name, file) => {
    const text = readFileSync(file, 'utf8');
    const expected = expectationOf(text);

    test(`is reported as ${expected.code} at ${expected.line}:${expected.column}, as an error, without throwing`, () => {
      const result = parseFile(file);
      const found = result.diagnostics.find((d) => d.code === expected.code && where(d) === `${expected.line}:${expected.column}`);
      expect(found, `expected ${expected.code} at ${expected.line}:${expected.column} (${expected.what}); got:\n${result.diagnostics.map(show).join('\n')}`)
        .toBeDefined();
      expect(found!.severity).toBe('error');
      expect(result.model).toBeUndefined();
    });

    test('has only diagnostics with known codes, messages and ranges inside the text', () => {
      const result = parseFile(file);
      for (const d of result.diagnostics) {
        expect(ALL_CODES as readonly string[]).toContain(d.code);
        expect(d.message.length).toBeGreaterThan(10);
        expect(d.range.startOffset).toBeGreaterThanOrEqual(0);
        expect(d.range.endOffset).toBeLessThanOrEqual(text.length);
        expect(d.range.startOffset).toBeLessThanOrEqual(d.range.endOffset);
      }
    });
  });
});
