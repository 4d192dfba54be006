/** The step-through bar's view-model and the reducer's step-through and loss-comparison state. */
import { describe, expect, it } from 'vitest';
import type { PhaseView, TrainingCurves } from '../../src/shared/protocol';
import { StepRecorder, phaseStops } from '../../src/worker/teaching/stepThrough';
import { stepThroughLoss } from '../../webview/model/chartData';
import { initialState, reduce, type PanelState } from '../../webview/model/state';
import { comparisonChartData, seekMessage, stepThroughBar, stepThroughMessage } from '../../webview/model/stepThroughModel';
import { exampleSession } from '../teaching/helpers';
import { MODEL_URI, snapshot, workedExample } from './fixture';
import { texted } from '../helpers/textedRecorder';
import { formatNumber } from '../../webview/model/format';
import { LayeredStepRecorder } from '../../src/worker/teaching/layeredStepThrough';
import { LayeredNetwork } from '../../src/engine';
import { phaseView } from '../../src/teaching/phaseText';

/** The worked example's real stops: forward hidden, forward output, loss, backward output, backward hidden, update; then step 2. */
function workedExampleViews(steps = 2): PhaseView[] {
  const s = exampleSession('worked-example.nn.json');
  const recorder = texted(new StepRecorder(s.currentNetwork, s.model.data.train, s.model.loss, s.model.train));
  const views: PhaseView[] = [];
  for (let i = 0; i < steps; i++) for (const _stop of phaseStops(2)) views.push(recorder.nextPhase()!);
  return views;
}

const views = workedExampleViews();

function loaded(): PanelState {
  return reduce(initialState(), { type: 'host', message: snapshot() });
}

describe('the step-through bar', () => {
  it('is plain data: a PhaseView survives structured cloning unchanged (what postMessage does)', () => {
    for (const view of views) expect(structuredClone(view)).toEqual(view);
    expect(JSON.parse(JSON.stringify(views[5]))).toEqual(views[5]);
  });

  it('names the phase, its layer and what changed, with the engine\'s numbers', () => {
    const forward = stepThroughBar(views[0], 2);
    expect(forward).toMatchObject({ phase: 'forward', phaseName: 'Forward', layerText: 'layer 1 of 2: "hidden"', position: 'stop 1 of 6', highlightLayers: [0] });
    expect(forward.changes[1]).toBe('out = [0.5933, 0.5969]');
    expect(forward.title).toBe(views[0].title);
    const loss = stepThroughBar(views[2], 2);
    expect(loss).toMatchObject({ phaseName: 'Loss', layerText: 'the output layer against the targets', highlightLayers: [1] });
    expect(loss.changes[0]).toMatch(/loss of the batch L = 0\.298371/);
    const backward = stepThroughBar(views[3], 2);
    expect(backward).toMatchObject({ phaseName: 'Backward', layerText: 'layer 2 of 2: "output"', highlightLayers: [1] });
    expect(backward.changes[0]).toMatch(/^sample 1: δ = \[0\.1385, /);
    const update = stepThroughBar(views[5], 2, 2);
    expect(update).toMatchObject({ phaseName: 'Update', layerText: 'every layer', highlightLayers: [0, 1] });
    expect(update.changes).toHaveLength(3); // the optimiser and one line per layer; depth 3 adds every weight's update
  });

  it('at depth 1 (Drive) names the backward pass and the update without a derivative', () => {
    for (const view of views) {
      const bar = stepThroughBar(view, 2, 1);
      expect([bar.detail, ...bar.changes].join(' ')).not.toMatch(/∂|δ|gradient/i);
    }
    expect(stepThroughBar(views[3], 2, 1)).toMatchObject({ changes: [], detail: 'The error of the outputs flows back through layer "output"; depth 2 (Service) shows its numbers.' });
    expect(stepThroughBar(views[3], 2, 2).detail).toBe(views[3].detail);
  });

  it('names a layered stop\'s type and shape, lists its gradient sizes from depth 2 and none at depth 1', () => {
    const s = exampleSession('conv-net.nn.json');
    const recorder = new LayeredStepRecorder(LayeredNetwork.fromSpec(s.model.layered!.spec), s.model.data.train, s.model.loss, s.model.train, { seed: s.model.seed });
    const stops = recorder.stops.map(() => phaseView(recorder.nextPhase()));
    const convBack = stops.find((v) => v.phase === 'backward' && v.layerName === 'conv1')!;
    const bar = stepThroughBar(convBack, 6, 2);
    expect(bar).toMatchObject({ phaseName: 'Backward', layerText: 'layer 1 of 6: "conv1" (conv2d, 8×8×8)', highlightLayers: [0] });
    const b = convBack.layered!.backward!;
    expect(bar.changes).toEqual([`‖∂L/∂out‖ = ${formatNumber(b.gradOutNorm, 4)}`, `‖∂L/∂W‖ = ${formatNumber(b.params[0].norm, 4)}`, `‖∂L/∂b‖ = ${formatNumber(b.params[1].norm, 4)}`]);
    const drive = stepThroughBar(convBack, 6, 1);
    expect(drive.changes).toEqual([]);
    expect(drive.detail).toBe('The error of the outputs flows back through layer "conv1" (convolution); depth 2 (Service) shows its numbers.');
    const poolForward = stepThroughBar(stops[2], 6, 1);
    expect(poolForward.layerText).toBe('layer 3 of 6: "pool1" (maxpool2d, 8×4×4)');
    expect(poolForward.changes[0]).toMatch(/^sample \d+: out 8×4×4 from /);
    expect(structuredClone(convBack)).toEqual(convBack);
  });

  it('enables only the buttons that can move, and puts the scrubber on the recorded step', () => {
    const first = stepThroughBar(views[0], 2);
    expect(first).toMatchObject({ canPrevious: false, canNext: true, canStepBack: false, canStepForward: false });
    expect(first.timeline).toMatchObject({ min: 1, max: 1, value: 1, disabled: true });
    const second = stepThroughBar(views[6], 2);
    expect(second).toMatchObject({ canPrevious: true, canStepBack: true, canStepForward: false });
    expect(second.timeline).toMatchObject({ min: 1, max: 2, value: 2, disabled: false, label: 'Step 2 of the recorded steps 1–2' });
  });

  it('sends the protocol\'s messages, clamping a scrub to the recorded steps', () => {
    expect(stepThroughMessage('stepBack')).toEqual({ type: 'stepThrough', action: 'stepBack' });
    expect(seekMessage(views[6], 1)).toEqual({ type: 'seekStep', step: 1, stop: 0 });
    expect(seekMessage(views[6], -40)).toEqual({ type: 'seekStep', step: 1, stop: 0 });
    expect(seekMessage(views[6], 2)).toBeUndefined(); // already there
    expect(seekMessage(views[6], Number.NaN)).toBeUndefined();
  });
});

describe('the reducer keeps the step-through of the followed document', () => {
  it('shows a stop, replaces it with the next, and clears it when the step-through ends', () => {
    let state = loaded();
    state = reduce(state, { type: 'host', message: { type: 'stepThrough', documentUri: MODEL_URI, view: views[0] } });
    expect(state.stepThrough).toBe(views[0]);
    state = reduce(state, { type: 'host', message: { type: 'stepThrough', documentUri: MODEL_URI, view: views[1] } });
    expect(state.stepThrough).toBe(views[1]);
    state = reduce(state, { type: 'host', message: { type: 'stepThrough', documentUri: MODEL_URI, view: undefined } });
    expect(state.stepThrough).toBeUndefined();
    expect('stepThrough' in state).toBe(false);
  });

  it('ignores another document\'s step-through and forgets its own when the panel follows another file', () => {
    let state = loaded();
    state = reduce(state, { type: 'host', message: { type: 'stepThrough', documentUri: 'file:///other.nn.json', view: views[0] } });
    expect(state.stepThrough).toBeUndefined();
    state = reduce(state, { type: 'host', message: { type: 'stepThrough', documentUri: MODEL_URI, view: views[0] } });
    state = reduce(state, { type: 'host', message: snapshot(workedExample, { documentUri: MODEL_URI }) });
    expect(state.stepThrough).toBe(views[0]); // a new analysis of the same file keeps it
    state = reduce(state, { type: 'host', message: snapshot(workedExample, { documentUri: 'file:///other.nn.json' }) });
    expect(state.stepThrough).toBeUndefined();
  });

  it('keeps the last loss comparison of the document', () => {
    const curves: TrainingCurves = {
      steps: 2, fileSteps: 2, classification: false, cancelled: false,
      squared: [{ step: 1, loss: 0.3, measures: { items: 1, meanCrossEntropy: 1, meanSquaredError: 0.6, correct: 1 } }, { step: 2, loss: 0.2, measures: { items: 1, meanCrossEntropy: 0.9, meanSquaredError: 0.4, correct: 1 } }],
      crossEntropy: [{ step: 1, loss: 1.4, measures: { items: 1, meanCrossEntropy: 1.4, meanSquaredError: 0.6, correct: 1 } }, { step: 2, loss: 0, measures: { items: 1, meanCrossEntropy: 0, meanSquaredError: 0, correct: 1 } }],
    };
    let state = reduce(loaded(), { type: 'host', message: { type: 'lossComparison', documentUri: MODEL_URI, curves } });
    expect(state.comparison).toBe(curves);
    expect(comparisonChartData(curves, false)).toEqual({ squared: [{ x: 1, y: 0.3 }, { x: 2, y: 0.2 }], crossEntropy: [{ x: 1, y: 1.4 }, { x: 2, y: 0 }], steps: 2, measure: 'ownLoss', logScale: false });
    expect(comparisonChartData(curves, true).crossEntropy).toEqual([{ x: 1, y: 1.4 }]); // a log scale cannot draw 0
    // One yardstick for both runs: the average Σ(t − o)², or the accuracy (always on a linear axis).
    expect(comparisonChartData(curves, false, 'squaredError')).toMatchObject({ squared: [{ x: 1, y: 0.6 }, { x: 2, y: 0.4 }], crossEntropy: [{ x: 1, y: 0.6 }, { x: 2, y: 0 }] });
    expect(comparisonChartData(curves, true, 'accuracy')).toMatchObject({ squared: [{ x: 1, y: 1 }, { x: 2, y: 1 }], logScale: false });
    expect(reduce(state, { type: 'host', message: { type: 'lossComparison', documentUri: MODEL_URI, curves: undefined } }).comparison).toBeUndefined(); // the file was edited
    state = reduce(state, { type: 'host', message: snapshot(workedExample, { documentUri: 'file:///other.nn.json' }) });
    expect(state.comparison).toBeUndefined();
  });
});

describe('the loss chart draws the step-through run and the step on screen', () => {
  it('draws the run\'s own losses from step 0, and the step as the segment from its loss before to its loss after', () => {
    const atLoss = views[8]; // step 2 · loss
    const drawn = stepThroughLoss(atLoss, false);
    expect(drawn.run).toEqual(atLoss.runLoss.map((p) => ({ x: p.step, y: p.loss })));
    expect(drawn.run.map((p) => p.x)).toEqual([0, 1, 2]);
    expect(drawn.run[0].y).toBeCloseTo(0.298371109, 9); // the worked example's published E_total before any step
    expect(drawn.segment).toEqual([{ x: 1, y: atLoss.trainLossBefore }, { x: 2, y: atLoss.trainLossAfter }]);
    expect(drawn.segment[0]).toEqual(drawn.run[1]); // the segment lies on the run's curve
    expect(drawn.segment[1]).toEqual(drawn.run[2]);
    expect(drawn.at).toBe(0); // before the update the network on screen is still the one of step 1
    expect(stepThroughLoss(views[11], false).at).toBe(1); // the update moves it to step 2
    expect(drawn).toMatchObject({ xMin: 0, xMax: 10 });
  });

  it('on a log scale leaves out losses it cannot draw', () => {
    const zero: PhaseView = { ...views[0], runLoss: [{ step: 0, loss: 0.5 }, { step: 1, loss: 0 }], trainLossBefore: 0.5, trainLossAfter: 0 };
    expect(stepThroughLoss(zero, true)).toMatchObject({ run: [{ x: 0, y: 0.5 }], segment: [{ x: 0, y: 0.5 }] });
    expect(stepThroughLoss(zero, false).run).toHaveLength(2);
  });
});
