/**
 * The webview's import rule (what an eslint `no-restricted-imports` would say): no `vscode`, no Node
 * built-ins, and from src/ only the protocol, plus `import type` of the analysis types.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = new URL('../../webview/', import.meta.url).pathname;

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

describe('webview imports', () => {
  it('never reach vscode, Node or the host', () => {
    const problems: string[] = [];
    for (const file of files(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)) {
        const [, , typeOnly, spec] = m;
        const where = `${relative(root, file)}: ${spec}`;
        if (spec === 'vscode' || spec.startsWith('node:') || ['fs', 'path', 'crypto'].includes(spec)) problems.push(where);
        if (spec.includes('/src/')) {
          const ok = /\/src\/protocol\//.test(spec) || (typeOnly && /\/src\/analysis\/types$/.test(spec));
          if (!ok) problems.push(where);
        }
      }
    }
    expect(problems).toEqual([]);
  });
});
