import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import { describe, expect, test } from 'vitest';
import { parseModelText, type DataFileReader, type ParseResult } from '../../src/model';
import { ALL_CODES, INTERNAL_ERROR } from '../../src/model/codes';
import { EXAMPLES, FIXTURES, modelFiles } from './helpers';

const sources = [...modelFiles(join(FIXTURES, 'valid')), ...modelFiles(EXAMPLES)].map((f) => readFileSync(f, 'utf8'));

/** Every CSV the sources name, in memory, so that mutated paths are read too (and mostly refused). */
const csvFiles: Record<string, string> = {
  'data/iris.csv': readFileSync(join(EXAMPLES, 'data/iris.csv'), 'utf8'),
  'data/digits.csv': readFileSync(join(EXAMPLES, 'data/digits.csv'), 'utf8').split('\n').slice(0, 40).join('\n'),
  'data/quoted.csv': readFileSync(join(FIXTURES, 'valid/data/quoted.csv'), 'utf8'),
  'data/classes.csv': readFileSync(join(FIXTURES, 'valid/data/classes.csv'), 'utf8'),
  'data/regression.csv': readFileSync(join(FIXTURES, 'valid/data/regression.csv'), 'utf8'),
};
const reader: DataFileReader = { readText: (p) => (p in csvFiles ? { text: csvFiles[p]! } : { error: 'no such file' }) };

/** Line/column of an offset, computed independently of the module (VS Code's line breaks). */
function position(text: string, offset: number): { line: number; character: number } {
  let line = 0;
  let start = 0;
  const re = /\r\n|\r|\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) && m.index < offset) {
    if (m.index + m[0].length > offset) break;
    line++;
    start = m.index + m[0].length;
  }
  return { line, character: offset - start };
}

/** What must hold for any text at all. */
function checkInvariants(text: string, result: ParseResult): void {
  const severities = ['error', 'warning', 'info'];
  for (const d of result.diagnostics) {
    expect(ALL_CODES as readonly string[]).toContain(d.code);
    // An internal error would mean the reader caught its own exception: a bug, even if nothing was thrown.
    expect(d.code, d.message).not.toBe(INTERNAL_ERROR);
    expect(severities).toContain(d.severity);
    expect(typeof d.message).toBe('string');
    expect(d.message.length).toBeGreaterThan(0);
    const { startOffset, endOffset } = d.range;
    expect(Number.isInteger(startOffset) && Number.isInteger(endOffset)).toBe(true);
    expect(0 <= startOffset && startOffset <= endOffset && endOffset <= text.length).toBe(true);
    expect(d.range.start).toEqual(position(text, startOffset));
    expect(d.range.end).toEqual(position(text, endOffset));
  }
  const hasError = result.diagnostics.some((d) => d.severity === 'error');
  expect(result.model === undefined).toBe(hasError);
  const m = result.model;
  if (!m) return;
  let fanIn = m.inputs;
  for (const layer of m.layers) {
    expect(layer.fanIn).toBe(fanIn);
    fanIn = layer.units;
    if (layer.weights) {
      expect(layer.weights.length).toBe(layer.units);
      layer.weights.forEach((row, u) => row.forEach((w, i) => {
        const r = layer.source.weightRanges![u]![i]!;
        expect(Number(text.slice(r.startOffset, r.endOffset))).toBe(w);
      }));
    }
  }
  for (const set of [m.data.train, m.data.test].filter((s) => s !== undefined)) {
    expect(set.inputs.cols).toBe(m.inputs);
    expect(set.targets.cols).toBe(fanIn);
    expect(set.inputs.rows).toBe(set.targets.rows);
    expect(set.inputs.data.every(Number.isFinite)).toBe(true);
  }
}

const TOKENS = [
  '{', '}', '[', ']', ',', ':', '"', "'", '\n', '\r\n', '//', '/*', '*/', '\\', '1e999', '-1e999', 'NaN', '-', '.', '0', '-1',
  '2.5', '1e-3', 'true', 'null', '"units"', '"weights"', '"softmax"', '"relu"', '"csv"', '"../x.csv"', '"data/iris.csv"',
  '"f"', '"x^"', '"max(0, x)"', '[[1, 2]]', '[]', '{}', '"inputs": 3,', '"loss": "mse",', '\u00a0', '😀', '\u0000',
];

const edit = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 24 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), what: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 6 })) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 8 }), what: fc.constantFrom(...TOKENS) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat(), len: fc.integer({ min: 1, max: 40 }) }),
);
type Edit = { kind: 'delete' | 'duplicate'; at: number; len: number } | { kind: 'insert'; at: number; what: string }
  | { kind: 'replace'; at: number; len: number; what: string };

function apply(text: string, e: Edit): string {
  const at = e.at % (text.length + 1);
  switch (e.kind) {
    case 'delete': return text.slice(0, at) + text.slice(at + e.len);
    case 'insert': return text.slice(0, at) + e.what + text.slice(at);
    case 'replace': return text.slice(0, at) + e.what + text.slice(at + e.len);
    case 'duplicate': return text.slice(0, at + e.len) + text.slice(at, at + e.len) + text.slice(at + e.len);
  }
}

/** Every value node of a tree (not property or key nodes). */
function valueNodes(node: Node | undefined, out: Node[] = []): Node[] {
  if (!node) return out;
  if (node.type !== 'property') out.push(node);
  for (const c of node.children ?? []) {
    if (node.type === 'property' && c === node.children![0]) continue;
    valueNodes(c, out);
  }
  return out;
}

const parse = (text: string) => parseModelText(text, { fileName: 'fuzz.nn.json', dataFiles: reader });

describe('random changes to valid files', () => {
  test('never make the reader throw, and every range lies inside the document', () => {
    fc.assert(fc.property(fc.nat(sources.length - 1), fc.array(edit, { minLength: 1, maxLength: 6 }), (i, edits) => {
      const text = (edits as Edit[]).reduce(apply, sources[i]!);
      checkInvariants(text, parse(text));
    }), { numRuns: 400 });
  });

  test('replacing any value by any JSON value is reported, never thrown', () => {
    fc.assert(fc.property(fc.nat(sources.length - 1), fc.nat(), fc.jsonValue({ maxDepth: 3 }), (i, pick, value) => {
      const source = sources[i]!;
      const nodes = valueNodes(parseTree(source));
      const node = nodes[pick % nodes.length]!;
      const text = source.slice(0, node.offset) + JSON.stringify(value) + source.slice(node.offset + node.length);
      checkInvariants(text, parse(text));
    }), { numRuns: 400 });
  });

  test('any string at all is handled', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 200 }), (text) => {
      checkInvariants(text, parse(text));
    }), { numRuns: 400 });
  });
});
