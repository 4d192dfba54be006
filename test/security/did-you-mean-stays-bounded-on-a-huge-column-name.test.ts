/**
 * Issue 19, item 1: "did you mean" had no size bound. A CSV whose header is `a,` followed by one
 * 3,000,000-character column name, and a model naming a 300-character `target` that does not exist,
 * made `gradlens report` build a 300 × 3,000,000 edit-distance matrix and die out of memory. Quoted
 * cell text in messages had no length cap either (the message repeated the whole header).
 */
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closest, editDistance } from '../../src/model/suggest';
import { MAX_SHOWN_TEXT } from '../../src/shared/escape';
import { runCliProcess, tempFolder } from './helpers';

describe('did you mean stays bounded', () => {
  it('gradlens report on a 3,000,000-character column name and a 300-character target exits 2 with a short message, within a 256 MB heap', async () => {
    const dir = tempFolder('huge-header');
    writeFileSync(path.join(dir, 'data.csv'), `a,${'b'.repeat(3_000_000)}\n1,2\n3,4\n`);
    writeFileSync(path.join(dir, 'm.nn.json'), JSON.stringify({
      name: 'm', inputs: 1, layers: [{ name: 'out', units: 1, activation: 'sigmoid' }], loss: 'mse',
      data: { csv: 'data.csv', features: ['a'], target: 'c'.repeat(300) },
    }));
    const run = await runCliProcess(['report', 'm.nn.json'], dir, 256);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/has no column 'c{10}/);
    // Every quoted name is cut: the message stays far below the 3 MB header it quotes.
    expect(run.stderr.length).toBeLessThan(4 * MAX_SHOWN_TEXT + 1_000);
  }, 120_000);

  it('the edit distance gives up early once it exceeds its bound, and long words get no suggestion', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('kitten', 'sitting', 2)).toBeGreaterThan(2);
    expect(editDistance('a'.repeat(5_000), 'b'.repeat(5_000), 3)).toBeGreaterThan(3);
    expect(closest('x'.repeat(300), ['y'.repeat(3_000_000), 'a'])).toBeUndefined();
    expect(closest('learning_rat', ['learningRate', 'momentum'])).toBe('learningRate');
    // Only the first candidates are compared: a header with a million columns does not cost a million distances.
    const many = Array.from({ length: 1_000_000 }, (_, i) => `column${i}`);
    expect(closest('colum5', many)).toBe('column5');
  });
});
