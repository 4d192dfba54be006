/**
 * One naming style for tests (issue 13), the style of test/teaching: `describe` names the subject,
 * and each `it` says in a sentence what holds of it. Titles that start with "should" or "test", and
 * `it` titles of one word ("works", "matmul", "%s"), are refused.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { projectRoot } from './importGraph';
import { testTitles, titleProblem, titlesOutOfStyle } from './testTitles';

/** Every test file under test/ (unit and end-to-end), fixtures aside. */
function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'fixtures' ? [] : testFiles(path);
    return /\.test\.[cm]?[jt]s$/.test(e.name) ? [path] : [];
  });
}

describe('a test title', () => {
  it('is found in describe, it, test and their .each and .skip forms, template literals included', () => {
    const text = [
      "describe('the reader', () => {",
      "  it('reads a file', () => {});",
      "  it.each([1, 2])('reads %i files', () => {});",
      '  test(`reads ${n} rows`, () => {});',
      "  describe.skip('CSV', () => {});",
      "  expect('not a title').toBe('not a title');",
      '});',
    ].join('\n');
    expect(testTitles('sample.test.ts', text).map((t) => [t.kind, t.title, t.where])).toEqual([
      ['describe', 'the reader', 'sample.test.ts:1'],
      ['it', 'reads a file', 'sample.test.ts:2'],
      ['it', 'reads %i files', 'sample.test.ts:3'],
      ['it', 'reads ${n} rows', 'sample.test.ts:4'],
      ['describe', 'CSV', 'sample.test.ts:5'],
    ]);
  });

  it('is refused when it starts with "should" or "test", or when an it title is one word (the check itself can fail)', () => {
    expect(titleProblem({ kind: 'it', title: 'should parse the file' })).toMatch(/should/);
    expect(titleProblem({ kind: 'describe', title: 'Should work' })).toMatch(/should/);
    expect(titleProblem({ kind: 'it', title: 'test 1' })).toMatch(/test/);
    expect(titleProblem({ kind: 'it', title: 'tests the reader' })).toMatch(/test/);
    expect(titleProblem({ kind: 'it', title: 'works' })).toMatch(/one word/);
    expect(titleProblem({ kind: 'it', title: 'parse_csv_file' })).toMatch(/one word/);
    expect(titleProblem({ kind: 'it', title: '%s' })).toMatch(/one word/);
  });

  it('is accepted as a sentence about what holds, and a describe may name its subject in one word', () => {
    expect(titleProblem({ kind: 'it', title: 'explains a sigmoid output at depth Derive with the real numbers' })).toBeUndefined();
    expect(titleProblem({ kind: 'it', title: 'matmul agrees' })).toBeUndefined();
    expect(titleProblem({ kind: 'describe', title: 'parseCsv' })).toBeUndefined();
    expect(titleProblem({ kind: 'it', title: 'the gradient check can fail' })).toBeUndefined();
  });

  it('of every test under test/ keeps that style', () => {
    const files = testFiles(join(projectRoot, 'test'));
    expect(files.length).toBeGreaterThan(100);
    expect(titlesOutOfStyle(files)).toEqual([]);
  });
});
