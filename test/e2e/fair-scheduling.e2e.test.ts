// Fair scheduling in a real VS Code: while one model file trains "forever" (digits for 10,000,000 epochs,
// the most a model file may ask: 450 million steps, hours on any machine, ended only by Pause), a second
// model file opened meanwhile gets its lenses; the training is still running when they appear, and Pause
// ends it.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWorkbench } from './harness/workbench';

const digits = readFileSync(path.resolve(__dirname, '..', '..', 'examples', 'digits.nn.json'), 'utf8');
const forever = digits.replace('"epochs": 10 }', '"epochs": 10000000 }').replace('"Digits 64-32-10"', '"Digits forever"');
/** The progress notification of a run of at least ten million steps. */
const TRAINING_FOREVER = /step \d+ of \d{8,}/;

const lossLens = (texts: string[]) => texts.find((t) => /^loss \d/.test(t));

describe('two model files, one training forever', () => {
  const vs = useWorkbench({ open: 'forever.nn.json', files: { 'forever.nn.json': forever } });

  it('lenses of the second file appear while the first trains', async () => {
    expect(forever).toContain('"epochs": 10000000 }');
    await expect.poll(async () => lossLens(await vs.codeLensTexts()), { timeout: 60_000 }).toMatch(/^loss \d/);
    await vs.runCommand('GradLens: Train');
    await expect.poll(async () => (await vs.notifications()).join(' '), { timeout: 60_000 }).toMatch(TRAINING_FOREVER);

    await vs.openFile('worked-example.nn.json');
    await expect.poll(async () => lossLens(await vs.codeLensTexts()), { timeout: 60_000 }).toBe('loss 0.2984');
    // The first file is still training: its progress notification is still there.
    expect((await vs.notifications()).join(' ')).toMatch(TRAINING_FOREVER);
    await vs.screenshot('second-file-lenses-while-the-first-trains');

    await vs.openFile('forever.nn.json');
    await vs.runCommand('GradLens: Pause');
    await expect.poll(async () => lossLens(await vs.codeLensTexts()), { timeout: 60_000 }).toMatch(/after \d+ steps?$/);
    await expect.poll(async () => (await vs.notifications()).join(' '), { timeout: 30_000 }).not.toMatch(TRAINING_FOREVER);
  });
});
