/**
 * The lecture file (src/teaching/lectureTimeline.ts): a recording written and read back is the same
 * timeline; a bad file gives one clear error with its line, column and JSON path, never a throw;
 * keystrokes become one edit step per pause; Previous Lecture Step knows which state to rebuild.
 */
import { describe, expect, it } from 'vitest';
import {
  LectureRecording, LECTURE_FORMAT_VERSION, describeLectureError, lectureFileName, readLectureTimeline, restorePlan, textHash, writeLectureTimeline,
  type LectureTimeline,
} from '../../src/teaching/lectureTimeline';
import { exampleText } from './helpers';

const XOR = exampleText('xor.nn.json');
const FASTER = XOR.replace('"learningRate": 0.05', '"learningRate": 0.1');

function recordedLecture(): LectureTimeline {
  const r = new LectureRecording('xor.nn.json', XOR);
  r.edited(FASTER, 0);
  r.annotate('A larger learning rate');
  r.add({ kind: 'train', steps: 200, seed: 3, loss: 0.0123456789012345, step: 200 });
  r.add({ kind: 'stepThrough', move: 'next', stop: { step: 201, stopIndex: 0, title: 'Step 201 · forward · layer "hidden"' } });
  r.add({ kind: 'step', loss: 0.012, step: 202 });
  r.add({ kind: 'depth', depth: 3 });
  r.add({ kind: 'explain', layerIndex: 1, param: 'weights', index: [0, 2] });
  r.add({ kind: 'openPanel' });
  r.add({ kind: 'reset' });
  r.annotate('Back to the start');
  return r.finish();
}

describe('a recorded lecture written to its file and read back', () => {
  it('is the same timeline, every number to the last digit', () => {
    const timeline = recordedLecture();
    const read = readLectureTimeline(writeLectureTimeline(timeline));
    expect(read.error).toBeUndefined();
    expect(read.timeline).toEqual(timeline);
    expect(read.timeline!.steps.map((s) => s.kind)).toEqual(['edit', 'train', 'stepThrough', 'step', 'depth', 'explain', 'openPanel', 'reset']);
    expect((read.timeline!.steps[1] as { loss: number }).loss).toBe(0.0123456789012345);
  });

  it('keeps the starting text, its hash, the model file name and the notes', () => {
    const t = readLectureTimeline(writeLectureTimeline(recordedLecture())).timeline!;
    expect(t.version).toBe(LECTURE_FORMAT_VERSION);
    expect(t.model).toBe('xor.nn.json');
    expect(t.startText).toBe(XOR);
    expect(t.startHash).toBe(textHash(XOR));
    expect(t.steps[0]).toEqual({ kind: 'edit', text: FASTER, note: 'A larger learning rate' });
    expect(t.steps.at(-1)).toEqual({ kind: 'reset', note: 'Back to the start' });
  });

  it('lives beside the model as <model>.lecture.json', () => {
    expect(lectureFileName('xor.nn.json')).toBe('xor.lecture.json');
    expect(lectureFileName('Worked Example.NN.JSON')).toBe('Worked Example.lecture.json');
  });
});

describe('a bad lecture file gives one clear error with its location, never a throw', () => {
  const good = writeLectureTimeline(recordedLecture());

  it('malformed JSON names the line and column of the first problem', () => {
    const broken = good.replace('"kind": "train",', '"kind": "train"');
    const { error } = readLectureTimeline(broken);
    const line = broken.split('\n').findIndex((l) => l.includes('"kind": "train"')) + 2;
    expect(error?.message).toMatch(/not valid JSON: CommaExpected/);
    expect(error?.line).toBe(line);
    expect(describeLectureError(error!)).toMatch(new RegExp(`\\(line ${line}, column \\d+\\)$`));
  });

  it('an unknown step kind names the step and points at its kind', () => {
    const bad = good.replace('"kind": "openPanel"', '"kind": "dance"');
    const { error } = readLectureTimeline(bad);
    expect(error?.message).toBe('unknown step kind "dance": expected one of edit, train, step, reset, stepThrough, depth, explain, openPanel');
    expect(error?.path).toBe('steps[6].kind');
    const lines = bad.split('\n');
    const line = lines.findIndex((l) => l.includes('"dance"'));
    expect(error?.line).toBe(line + 1);
    expect(error?.column).toBe(lines[line]!.indexOf('"dance"') + 1);
  });

  it('a wrong version says which version this GradLens reads', () => {
    const { error } = readLectureTimeline(good.replace('"version": 1', '"version": 2'));
    expect(error?.message).toBe('unsupported lecture file version 2: this GradLens reads version 1');
    expect(error).toMatchObject({ path: 'version', line: 2, column: 14 });
  });

  it.each([
    ['a loss that is not a number', (t: string) => t.replace('"loss": 0.0123456789012345', '"loss": "low"'), 'steps[1].loss', '"loss" must be a number'],
    ['negative steps', (t: string) => t.replace('"steps": 200', '"steps": -1'), 'steps[1].steps', '"steps" must be a whole number, 0 or more'],
    ['a depth of 7', (t: string) => t.replace('"depth": 3', '"depth": 7'), 'steps[4].depth', '"depth" must be 1, 2, 3 or 4'],
    ['an unknown move', (t: string) => t.replace('"move": "next"', '"move": "jump"'), 'steps[2].move', '"move" must be one of next, previous, stepBack, stepForward, seek, end'],
    ['a model path outside the folder', (t: string) => t.replace('"model": "xor.nn.json"', '"model": "../xor.nn.json"'), 'model', '"model" must be a file name in the lecture file\'s folder'],
    ['a starting text changed by hand', (t: string) => t.replace('XOR 2-3-1', 'XOR 2-4-1'), 'startHash', '"startHash" does not match "startText": the file was changed by hand'],
  ])('%s is named at its place', (_, change, path, message) => {
    const { error } = readLectureTimeline(change(good));
    expect(error?.message).toBe(message);
    expect(error?.path).toBe(path);
    expect(error?.line).toBeGreaterThan(1);
  });

  it.each(['', '[]', 'null', '{"version":1}', '{"version":1,"model":"x.nn.json","startText":"","startHash":"fnv1a32:811c9dc5","steps":[3]}', '\u0000'])('%j gives an error, not a throw', (text) => {
    const read = readLectureTimeline(text);
    expect(read.timeline).toBeUndefined();
    expect(read.error?.message.length).toBeGreaterThan(5);
    expect(read.error?.line).toBeGreaterThanOrEqual(1);
  });
});

describe('keystrokes are coalesced into one edit step per pause', () => {
  it('forty keystrokes a few hundred milliseconds apart are one edit with the last text', () => {
    const r = new LectureRecording('xor.nn.json', XOR, 2000);
    let text = XOR;
    for (let i = 0; i < 40; i++) {
      text = `${text} `;
      r.edited(text, i * 300);
    }
    expect(r.count).toBe(1);
    const t = r.finish();
    expect(t.steps).toEqual([{ kind: 'edit', text }]);
  });

  it('a pause longer than the limit, a save or a command closes the edit', () => {
    const r = new LectureRecording('xor.nn.json', XOR, 2000);
    r.edited(`${XOR}a`, 0);
    r.edited(`${XOR}ab`, 5000);
    r.saved();
    r.edited(`${XOR}abc`, 5100);
    r.add({ kind: 'reset' });
    r.edited(`${XOR}abcd`, 5200);
    expect(r.finish().steps).toEqual([
      { kind: 'edit', text: `${XOR}a` }, { kind: 'edit', text: `${XOR}ab` }, { kind: 'edit', text: `${XOR}abc` }, { kind: 'reset' }, { kind: 'edit', text: `${XOR}abcd` },
    ]);
  });

  it('typing and undoing back to the same text records nothing', () => {
    const r = new LectureRecording('xor.nn.json', XOR, 2000);
    r.edited(`${XOR}x`, 0);
    r.edited(XOR, 100);
    expect(r.count).toBe(0);
    expect(r.finish().steps).toEqual([]);
  });

  it('a note before any step is refused', () => {
    expect(new LectureRecording('xor.nn.json', XOR).annotate('hello')).toBe(false);
  });
});

describe('Previous Lecture Step rebuilds the state before a step from the recorded steps', () => {
  const t = recordedLecture();

  it('before any step: the starting text, no training', () => {
    expect(restorePlan(t, 0)).toEqual({ text: XOR, training: [], stepThrough: [] });
  });

  it('after the step: the edit\'s text, the run and the single step replayed, the step-through move again, the depth', () => {
    const plan = restorePlan(t, 7);
    expect(plan.text).toBe(FASTER);
    expect(plan.training.map((s) => s.kind)).toEqual(['train', 'step']);
    expect(plan.stepThrough.map((s) => s.move)).toEqual(['next']);
    expect(plan.depth).toBe(3);
  });

  it('a reset forgets the training before it; an edit forgets the step-through', () => {
    expect(restorePlan(t, 8).training).toEqual([]);
    const edited: LectureTimeline = { ...t, steps: [...t.steps, { kind: 'edit', text: XOR }] };
    expect(restorePlan(edited, 9)).toEqual({ text: XOR, training: [], stepThrough: [], depth: 3 });
  });
});
