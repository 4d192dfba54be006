import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { parseModelText, type ModelDiagnostic } from '../../src/model';
import * as C from '../../src/model/codes';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';
import { FIXTURES, modelFiles, show } from './helpers';

/** The text after applying a diagnostic's quick fix. */
function applyFix(text: string, d: ModelDiagnostic): string {
  const r = d.data?.fixRange ?? d.range;
  return text.slice(0, r.startOffset) + d.data!.suggestion! + text.slice(r.endOffset);
}

const files = [
  ...modelFiles(join(FIXTURES, 'malformed')),
  ...modelFiles(join(FIXTURES, 'valid/with-warnings')),
];

describe('quick fixes (data.suggestion, JSON text for data.fixRange or the range)', () => {
  const cases: [string, string, ModelDiagnostic][] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    const result = parseModelText(text, { fileName: file, dataFiles: createNodeDataFileReader(file) });
    for (const d of result.diagnostics) if (d.data?.suggestion !== undefined) cases.push([`${basename(file)} ${d.code}`, file, d]);
  }

  test('are offered for at least 15 problems of the fixtures', () => {
    expect(cases.length).toBeGreaterThanOrEqual(15);
  });

  test.each(cases)('%s: applying the fix removes the problem and breaks nothing', (_name, file, d) => {
    const text = readFileSync(file, 'utf8');
    const before = parseModelText(text, { fileName: file, dataFiles: createNodeDataFileReader(file) }).diagnostics;
    const fixed = applyFix(text, d);
    const after = parseModelText(fixed, { fileName: file, dataFiles: createNodeDataFileReader(file) }).diagnostics;
    expect(after.filter((x) => x.code === C.SYNTAX_ERROR).map(show)).toEqual([]);
    expect(after.filter((x) => x.code === d.code).length, after.map(show).join('\n')).toBeLessThan(before.filter((x) => x.code === d.code).length);
    expect(d.data!.fixTitle ?? '').not.toBe('');
  });
});
