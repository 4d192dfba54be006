// The lecture timeline in a real VS Code, on a copy of examples/xor.nn.json: Record Lecture, an edit of
// the learning rate typed in the editor, a training run, a step-through stop with a note; Stop Recording
// writes lecture-xor.lecture.json beside the model with those steps. Play Lecture… then asks before it
// puts the recorded starting text back, and Next Lecture Step performs each step: the training gives
// exactly the recorded loss (no warning), and the step-through stop's note is shown.
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatValue } from '../../src/shared/format';
import { exampleText } from '../teaching/helpers';
import { useWorkbench } from './harness/workbench';

// The learning rate on a line of its own, last in its object: End, "05" selected and "1" typed over it
// make it 0.1 in one change (so the one edit step never depends on how fast keys arrive).
const MODEL = exampleText('xor.nn.json').replace(
  '"train": { "optimizer": "adam", "learningRate": 0.05, "epochs": 500 }',
  '"train": {\n    "optimizer": "adam",\n    "epochs": 150,\n    "learningRate": 0.05\n  }',
);
const RATE_LINE = MODEL.split('\n').findIndex((line) => line.includes('"learningRate": 0.05')) + 1;

interface Lecture {
  readonly model: string;
  readonly startText: string;
  readonly steps: { kind: string; text?: string; steps?: number; loss?: number; step?: number; note?: string; stop?: { step: number; stopIndex: number } }[];
}

describe('a lecture recorded at home replays identically at the projector', () => {
  const vs = useWorkbench({ open: 'lecture-xor.nn.json', files: { 'lecture-xor.nn.json': MODEL } });
  const statusText = async () => Object.values(await vs.statusBar()).join(' | ');
  let recorded: Lecture;

  it('Record Lecture hears the edit, the training run and the step-through stop, and Stop writes the file beside the model', async () => {
    expect(MODEL).not.toBe(exampleText('xor.nn.json'));
    await vs.openFile('lecture-xor.nn.json');
    await expect.poll(() => vs.codeLensTexts(), { timeout: 90_000 }).toContainEqual(expect.stringMatching(/^loss \d/));
    await vs.runCommand('GradLens: Record Lecture');
    await expect.poll(statusText, { timeout: 30_000 }).toContain('● Recording lecture (1 step)');

    // The learning rate 0.05 → 0.1, typed in the editor.
    await vs.goToLine(RATE_LINE);
    await vs.page.keyboard.press('End');
    await vs.page.keyboard.press('Shift+ArrowLeft');
    await vs.page.keyboard.press('Shift+ArrowLeft');
    await vs.page.keyboard.type('1');
    await expect.poll(statusText, { timeout: 30_000 }).toContain('● Recording lecture (2 steps)');

    await vs.runCommand('GradLens: Train');
    await expect.poll(statusText, { timeout: 120_000 }).toContain('● Recording lecture (3 steps)');
    await vs.runCommand('GradLens: Step Through Training');
    await expect.poll(statusText, { timeout: 60_000 }).toContain('● Recording lecture (4 steps)');
    await vs.runCommand('GradLens: Add Note to Lecture Step', async () => {
      const box = vs.page.locator('.quick-input-widget .quick-input-box input');
      await expect.poll(() => vs.page.locator('.quick-input-widget .quick-input-title').innerText().catch(() => ''), { timeout: 20_000 }).toMatch(/a note for the latest lecture step/);
      await vs.setQuickInputValue(box, 'The first stop: the hidden layer\'s forward pass');
      await box.press('Enter');
    });
    await vs.screenshot('lecture-recording');

    expect(existsSync(vs.path('lecture-xor.lecture.json'))).toBe(false); // nothing is written before Stop
    await vs.runCommand('GradLens: Stop Recording Lecture');
    await expect.poll(() => existsSync(vs.path('lecture-xor.lecture.json')), { timeout: 30_000 }).toBe(true);
    await expect.poll(statusText, { timeout: 30_000 }).not.toContain('Recording lecture');
    recorded = JSON.parse(vs.readFile('lecture-xor.lecture.json')) as Lecture;
    expect(recorded.model).toBe('lecture-xor.nn.json');
    expect(recorded.startText).toBe(MODEL);
    expect(recorded.steps.map((s) => s.kind)).toEqual(['depth', 'edit', 'train', 'stepThrough']);
    expect(recorded.steps[1]!.text).toBe(MODEL.replace('"learningRate": 0.05', '"learningRate": 0.1'));
    expect(recorded.steps[2]).toMatchObject({ kind: 'train', steps: 150, step: 150 });
    expect(recorded.steps[2]!.loss).toBeGreaterThan(0);
    expect(recorded.steps[3]).toMatchObject({ stop: { step: 1, stopIndex: 0 }, note: 'The first stop: the hidden layer\'s forward pass' });
  }, 400_000);

  it('Play Lecture… restores the recorded text when asked, and Next Lecture Step gives the recorded loss to the last digit', async () => {
    await vs.focusFirstEditorGroup();
    await vs.runCommand('GradLens: Play Lecture…', () => vs.pickQuickItem('lecture-xor.lecture.json'));
    // The file holds the edited learning rate, not the recorded starting text: GradLens asks first.
    const restore = vs.page.locator('.monaco-dialog-box').getByRole('button', { name: 'Restore the Recorded Text', exact: true });
    await restore.waitFor({ state: 'visible', timeout: 60_000 });
    await vs.screenshot('lecture-restore-question');
    await restore.click();
    await expect.poll(statusText, { timeout: 60_000 }).toContain('Lecture 0/4: ready');

    for (const expected of ['Lecture 1/4: teaching depth', 'Lecture 2/4: edit of the model file']) {
      await vs.runCommand('GradLens: Next Lecture Step');
      await expect.poll(statusText, { timeout: 60_000 }).toContain(expected);
    }
    await vs.runCommand('GradLens: Next Lecture Step');
    const loss = formatValue(recorded.steps[2]!.loss!, 4);
    await expect.poll(statusText, { timeout: 120_000 }).toContain(`Lecture 3/4: train 150 steps → loss ${loss}`);
    // The session's own status item shows the same loss after the same 150 steps.
    await expect.poll(statusText, { timeout: 60_000 }).toMatch(new RegExp(`loss ${loss.replace('.', '\\.')} · step 150`));
    await vs.runCommand('GradLens: Next Lecture Step');
    await expect.poll(statusText, { timeout: 60_000 }).toMatch(/Lecture 4\/4: step-through: Step 1 · forward/);
    await expect.poll(() => vs.notifications(), { timeout: 30_000 }).toContainEqual(expect.stringMatching(/^Lecture step 4: The first stop: the hidden layer's forward pass/));
    expect((await vs.notifications()).filter((n) => /other numbers than when it was recorded/.test(n))).toEqual([]);
    await vs.screenshot('lecture-replay');

    await vs.runCommand('GradLens: Previous Lecture Step');
    await expect.poll(statusText, { timeout: 120_000 }).toContain(`Lecture 3/4: train 150 steps → loss ${loss}`);
    await vs.runCommand('GradLens: Stop Playing Lecture');
    await expect.poll(statusText, { timeout: 30_000 }).not.toContain('Lecture 3/4');
  }, 400_000);
});
