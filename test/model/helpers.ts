/** Shared helpers of the model-file tests. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseModelText, type ModelDiagnostic, type ParseResult, type SourceRange } from '../../src/model';
import { createNodeDataFileReader } from '../../src/model/nodeDataFiles';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const FIXTURES = join(ROOT, 'test/fixtures');
export const EXAMPLES = join(ROOT, 'examples');

/** Parses a model file on disk, reading its CSV files relative to it. */
export function parseFile(path: string): ParseResult {
  return parseModelText(readFileSync(path, 'utf8'), { fileName: path, dataFiles: createNodeDataFileReader(path) });
}

/** Parses model text that is not on disk. */
export function parseText(text: string, fileName = 'test.nn.json'): ParseResult {
  return parseModelText(text, { fileName });
}

/** `*.nn.json` files directly in a folder, as absolute paths. */
export function modelFiles(folder: string): string[] {
  return readdirSync(folder).filter((f) => f.endsWith('.nn.json')).sort().map((f) => join(folder, f));
}

/** 1-based `LINE:COL` of where a diagnostic starts. */
export function where(d: ModelDiagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1}`;
}

/** A diagnostic as one readable line, for failure messages. */
export function show(d: ModelDiagnostic): string {
  return `${where(d)} ${d.severity} ${d.code}: ${d.message}`;
}

export interface Expectation {
  readonly what: string;
  readonly line: number;
  readonly column: number;
  readonly code: string;
  readonly schemaRejects: boolean;
}

/** The header of a fixture: `// what is wrong`, `// expect: LINE:COL code`, optionally `// schema: rejects`. */
export function expectationOf(text: string): Expectation {
  const what = /^\/\/ *(.*)$/m.exec(text)?.[1] ?? '';
  const m = /\/\/ *expect: *(\d+):(\d+) +([a-z-]+)(?: +(error|warning|info))?/.exec(text);
  if (!m) throw new Error('fixture without an "// expect: LINE:COL code" line');
  return { what, line: Number(m[1]), column: Number(m[2]), code: m[3]!, schemaRejects: /\/\/ *schema: *rejects/.test(text) };
}

/** The text a range (or a diagnostic's range) covers. */
export function textOf(text: string, x: SourceRange | { readonly range: SourceRange }): string {
  const r = 'range' in x ? x.range : x;
  return text.slice(r.startOffset, r.endOffset);
}
