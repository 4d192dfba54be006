// The web run of the end-to-end suite (test/e2e/run.mjs) covers everything that makes sense in the
// browser: every end-to-end file is either in WEB_HOST_FILES or in NODE_HOST_ONLY_FILES with the reason
// it needs the Node extension host, never in neither (a new file would silently miss the web run).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { NODE_HOST_ONLY_FILES, WEB_HOST_FILES } from '../e2e/vitest.config.mjs';

const e2eDir = path.resolve(__dirname, '..', 'e2e');
const files = readdirSync(e2eDir).filter((name) => name.endsWith('.e2e.test.ts')).map((name) => name.replace(/\.e2e\.test\.ts$/, ''));

describe('the end-to-end runs', () => {
  it('put every end-to-end file in the web run or give the reason it needs the Node extension host', () => {
    const unplaced = files.filter((name) => !WEB_HOST_FILES.includes(name) && !(name in NODE_HOST_ONLY_FILES));
    expect(unplaced, 'add these to WEB_HOST_FILES (test/e2e/vitest.config.mts) or to NODE_HOST_ONLY_FILES with a reason').toEqual([]);
  });

  it('name only files that exist, each in one list', () => {
    for (const name of [...WEB_HOST_FILES, ...Object.keys(NODE_HOST_ONLY_FILES)]) expect(files).toContain(name);
    expect(WEB_HOST_FILES.filter((name) => name in NODE_HOST_ONLY_FILES)).toEqual([]);
  });

  it('give in test/e2e/README.md the same reason for each file left out of the web run', () => {
    const readme = readFileSync(path.join(e2eDir, 'README.md'), 'utf8');
    for (const name of Object.keys(NODE_HOST_ONLY_FILES)) expect(readme).toContain(`\`${name}\``);
  });
});
