/**
 * The model-file reader stays readable in small pieces (issue 13, "Smaller readers"): every function in
 * src/model/ (section readers, the CSV reader, the scalar table) has a body of at most 60 lines, and so
 * does every function of the ONNX importer in src/model/onnx/ (one mapper per op, issue 16).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { functionLengths, functionsLongerThan } from './functionLengths';
import { projectRoot, tsFiles } from './importGraph';

const MAX_LINES = 60;

describe('the functions of src/model/', () => {
  it('are measured by their bodies, so a long function is found (the measure itself can fail)', () => {
    const body = Array.from({ length: 70 }, (_, i) => `  const v${i} = ${i};`).join('\n');
    const text = `export function long(): void {\n${body}\n}\nconst short = (x: number): number => x + 1;\nclass A { method(): void {\n  return;\n} }\n`;
    const lengths = functionLengths('sample.ts', text);
    expect(lengths.map((f) => [f.where, f.lines])).toEqual([
      ['sample.ts:1 long', 72], ['sample.ts:73 short', 1], ['sample.ts:74 method', 3],
    ]);
  });

  it(`each have a body of at most ${MAX_LINES} lines`, () => {
    expect(functionsLongerThan(tsFiles(join(projectRoot, 'src/model')), MAX_LINES)).toEqual([]);
  });
});
