/**
 * A lecture recorded through the session layer and the real worker (in process), written to its file,
 * read back and replayed on a fresh worker gives the identical losses at every training step: the
 * engine is deterministic, so the projector shows exactly what was prepared at home. A doctored
 * recording is caught, and Previous Lecture Step rebuilds the same numbers by replaying.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { DocumentAnalyses, type DocumentState } from '../../src/session/documentAnalyses';
import { AnalysisWorkerClient } from '../../src/session/workerClient';
import { WorkerTeaching } from '../../src/session/workerTeaching';
import {
  LecturePlayback, LectureRecording, readLectureTimeline, writeLectureTimeline,
  type LectureActions, type LectureTimeline, type TrainingResult,
} from '../../src/teaching/lectureTimeline';
import { isProblem } from '../../src/worker/workerProtocol';
import { InProcessWorker } from '../helpers/inProcessWorker';
import { exampleFile, exampleText } from './helpers';

const quiet = { info() {}, warn() {}, error() {} };
const XOR = exampleText('xor.nn.json');
const FASTER = XOR.replace('"learningRate": 0.05', '"learningRate": 0.2');
const clients: AnalysisWorkerClient[] = [];
afterEach(() => { clients.splice(0).forEach((c) => c.dispose()); });

/** The lecture's actions on one document through the session layer and a fresh in-process worker. */
function sessionActions(startText: string): LectureActions & { text(): string } {
  const client = new AnalysisWorkerClient(() => new InProcessWorker(), quiet);
  clients.push(client);
  const analyses = new DocumentAnalyses(client, () => DEFAULT_ANALYSIS_SETTINGS, quiet, 0);
  const teacher = new WorkerTeaching(client, () => DEFAULT_ANALYSIS_SETTINGS);
  let text = startText;
  let version = 1;
  const snapshot = () => ({ uri: 'file:///lecture/xor.nn.json', version, fileName: exampleFile('xor.nn.json'), getText: () => text });
  const result = (state: DocumentState | undefined): TrainingResult | undefined => {
    const a = state?.outcome?.analysis;
    return a ? { loss: a.loss, step: a.step } : undefined;
  };
  return {
    text: () => text,
    setText: async (t) => { if (t !== text) { text = t; version++; } },
    train: async (steps, learningRate) => result(await analyses.train(snapshot(), { steps, ...(learningRate === undefined ? {} : { learningRate }) })),
    step: async () => result(await analyses.train(snapshot(), { steps: 1 })),
    reset: async () => { await analyses.reset(snapshot()); },
    stepThrough: async (move, stop) => {
      const answer = await teacher.stepThrough(snapshot(), move === 'seek' ? { kind: 'seek', step: stop!.step, stop: stop!.stopIndex } : { kind: move });
      if (isProblem(answer) || !answer.view) return undefined;
      return { step: answer.view.step, stopIndex: answer.view.stopIndex };
    },
    setDepth: async () => undefined,
    explain: async () => undefined,
    openPanel: async () => undefined,
  };
}

/** Records a lecture the way the commands report to the recorder: each action, then its result. */
async function recordLecture(): Promise<LectureTimeline> {
  const actions = sessionActions(XOR);
  const r = new LectureRecording('xor.nn.json', XOR);
  await actions.reset();
  r.add({ kind: 'reset' });
  const first = (await actions.train(100))!;
  r.add({ kind: 'train', steps: 100, seed: 3, loss: first.loss, step: first.step });
  await actions.setText(FASTER);
  r.edited(FASTER, 0);
  r.annotate('Four times the learning rate');
  const faster = (await actions.train(150))!;
  r.add({ kind: 'train', steps: 150, seed: 3, loss: faster.loss, step: faster.step });
  const one = (await actions.step())!;
  r.add({ kind: 'step', loss: one.loss, step: one.step });
  for (let i = 0; i < 3; i++) {
    const stop = (await actions.stepThrough('next'))!;
    r.add({ kind: 'stepThrough', move: 'next', stop });
  }
  const back = (await actions.stepThrough('previous'))!;
  r.add({ kind: 'stepThrough', move: 'previous', stop: back });
  const more = (await actions.train(40, 0.01))!;
  r.add({ kind: 'train', steps: 40, learningRate: 0.01, seed: 3, loss: more.loss, step: more.step });
  return r.finish();
}

describe('a recorded lecture replayed on a fresh worker', () => {
  it('gives the identical loss at every training step, and every step-through stop', async () => {
    const recorded = await recordLecture();
    const timeline = readLectureTimeline(writeLectureTimeline(recorded)).timeline!;
    const replay = sessionActions(timeline.startText);
    const playback = new LecturePlayback(timeline, replay);
    await playback.restore(0);
    const played = [];
    for (let p = await playback.next(); p; p = await playback.next()) played.push(p);
    expect(played.map((p) => p.step.kind)).toEqual(['reset', 'train', 'edit', 'train', 'step', 'stepThrough', 'stepThrough', 'stepThrough', 'stepThrough', 'train']);
    expect(played.filter((p) => p.mismatch)).toEqual([]);
    expect(replay.text()).toBe(FASTER);
    // Not trivially equal: the edit changed the numbers (a faster run from the initial parameters).
    const losses = timeline.steps.flatMap((s) => (s.kind === 'train' || s.kind === 'step' ? [s.loss] : []));
    expect(new Set(losses).size).toBe(4);
    expect(timeline.steps[3]).toMatchObject({ kind: 'train', step: 150 });
  });

  it('says how a doctored loss differs, to the last digit', async () => {
    const recorded = await recordLecture();
    const steps = recorded.steps.map((s, i) => (i === 1 && s.kind === 'train' ? { ...s, loss: s.loss + 1e-15 } : s));
    const playback = new LecturePlayback({ ...recorded, steps }, sessionActions(XOR));
    await playback.next();
    const train = await playback.next();
    expect(train?.mismatch).toMatch(/^recorded loss [\d.e-]+ at step 100, now loss [\d.e-]+ at step 100$/);
  });

  it('Previous Lecture Step rebuilds the state by replaying, and Next gives the same loss again', async () => {
    const timeline = await recordLecture();
    const playback = new LecturePlayback(timeline, sessionActions(XOR));
    for (let i = 0; i < 5; i++) await playback.next();
    expect(playback.position).toBe(5);
    await playback.previous();
    await playback.previous();
    expect(playback.position).toBe(3);
    const again = await playback.next();
    expect(again?.step.kind).toBe('train');
    expect(again?.mismatch).toBeUndefined();
  });
});
