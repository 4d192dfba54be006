/**
 * No import cycles: every module of src/ and webview/ can be understood (and loaded) after the modules
 * it imports. Type-only imports count: a cycle through types still ties two layers together.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importCycles, importGraph, projectRoot, tsFiles } from './importGraph';

describe('the import graph', () => {
  it('finds a cycle when there is one (the check itself can fail)', () => {
    const graph = new Map([
      ['/a.ts', ['/b.ts']], ['/b.ts', ['/c.ts']], ['/c.ts', ['/a.ts']], ['/d.ts', ['/a.ts']],
    ]);
    expect(importCycles(graph)).toHaveLength(1);
    expect(importCycles(graph)[0]).toHaveLength(3);
  });

  it('of src/ has no cycle, type-only imports included', () => {
    expect(importCycles(importGraph(tsFiles(join(projectRoot, 'src'))))).toEqual([]);
  });

  it('of webview/ has no cycle, type-only imports included', () => {
    expect(importCycles(importGraph(tsFiles(join(projectRoot, 'webview'))))).toEqual([]);
  });
});
