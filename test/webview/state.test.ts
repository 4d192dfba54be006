import { describe, expect, it } from 'vitest';
import { commandMessage, convGradientsOnScreen, effectiveDepth, initialState, outgoing, pendingRequests, reduce, type PanelAction, type PanelState } from '../../webview/model/state';
import type { ConvSampleGradients } from '../../src/shared/layeredViews';
import { openLayered } from './layeredFixture';
import { visiblePoints } from '../../webview/model/lossSeries';
import { INITIAL_VIEW_STATE } from '../../webview/model/viewState';
import type { HostToPanelMessage } from '../../src/shared/protocol';
import { MODEL_URI, points, snapshot, workedExample } from './fixture';
import { smallLayeredAnalysis } from './sliceLayeredFixture';

const run = (state: PanelState, ...actions: PanelAction[]) => actions.reduce(reduce, state);
const host = (message: HostToPanelMessage): PanelAction => ({ type: 'host', message });

describe('the panel state', () => {
  it('starts empty and takes everything from the first snapshot', () => {
    const s = run(initialState(), host(snapshot()));
    expect(s.loaded).toBe(true);
    expect(s.documentUri).toBe(MODEL_URI);
    expect(s.analysis?.modelName).toBe('Worked example 2-2-2');
    expect(s.hostDepth).toBe(3);
    expect(visiblePoints(s.loss).map((p) => p.step)).toEqual([0]);
    expect(s.layerHistory.points).toHaveLength(1);
    expect(s.baseline?.step).toBe(0);
  });

  it('appends training progress of its own document only', () => {
    const s = run(initialState(), host(snapshot()),
      host({ type: 'trainingProgress', documentUri: MODEL_URI, points: points(1, 3), runState: 'training' }),
      host({ type: 'trainingProgress', documentUri: 'file:///other.nn.json', points: points(4, 9), runState: 'idle' }));
    expect(visiblePoints(s.loss).map((p) => p.step)).toEqual([0, 1, 2, 3]);
    expect(s.runState).toBe('training');
  });

  it('a later snapshot keeps progress that arrived after it was taken', () => {
    const later = { ...workedExample, step: 2, history: [...workedExample.history, ...points(1, 2)] };
    const s = run(initialState(), host(snapshot()),
      host({ type: 'trainingProgress', documentUri: MODEL_URI, points: points(1, 5), runState: 'training' }),
      host(snapshot(later, { runState: 'training' })));
    expect(visiblePoints(s.loss).map((p) => p.step)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.layerHistory.points.map((p) => p.step)).toEqual([0, 2]);
    expect(s.baseline?.step).toBe(0);
  });

  it('starts over when the run is reset or another model is shown', () => {
    const trained = { ...workedExample, step: 5, history: [...workedExample.history, ...points(1, 5)] };
    let s = run(initialState(), host(snapshot()), host(snapshot(trained)), { type: 'select', selection: { kind: 'unit', layer: 1, unit: 0 } });
    expect(s.layerHistory.points).toHaveLength(2);
    s = run(s, host(snapshot(workedExample)));
    expect(s.layerHistory.points).toHaveLength(1);
    expect(visiblePoints(s.loss)).toHaveLength(1);
    expect(s.view.selection).toEqual({ kind: 'unit', layer: 1, unit: 0 });
    s = run(s, host(snapshot(workedExample, { documentUri: 'file:///xor.nn.json' })));
    expect(s.view.selection).toBeUndefined();
  });

  it('keeps the last valid analysis, marked stale, while the file has errors', () => {
    const s = run(initialState(), host(snapshot()), host(snapshot(null, { errors: ['3: expected a comma'] })));
    expect(s.analysis).toBeDefined();
    expect(s.stale).toBe(true);
    expect(s.errors).toEqual(['3: expected a comma']);
    const other = run(initialState(), host(snapshot(null, { errors: ['1: nope'] })));
    expect(other.analysis).toBeUndefined();
    expect(other.stale).toBe(false);
  });

  it('uses the depth chosen in the panel until the host confirms or changes it', () => {
    let s = run(initialState(), host(snapshot(workedExample, { depth: 2 })), { type: 'chooseDepth', depth: 4 });
    expect(effectiveDepth(s)).toBe(4);
    s = run(s, host(snapshot(workedExample, { depth: 2 })));
    expect(effectiveDepth(s)).toBe(4);
    s = run(s, host({ type: 'depthChanged', depth: 1 }));
    expect(effectiveDepth(s)).toBe(1);
    expect(s.view.depthOverride).toBeUndefined();
  });

  it('focuses what the host points at', () => {
    const s = run(initialState(), host(snapshot()), host({ type: 'focus', selection: { layerIndex: 1, param: 'weights', index: [1, 0] } }));
    expect(s.view.selection).toEqual({ kind: 'weight', layer: 1, unit: 1, input: 0 });
    expect(s.focusRequest).toBe(1);
  });

  it('a conv weight the host points at (its inlay hint\'s "· slice", the explorer) becomes the slice\'s parameter, asked with its contour at Derive', () => {
    const layered = smallLayeredAnalysis();
    const conv = { layerIndex: 0, param: 'weights', index: [1, 1, 0, 1] } as const;
    const s = run(initialState(), host(snapshot(layered, { depth: 4 })), host({ type: 'focus', selection: conv }));
    expect(s.view.sliceTarget).toEqual(conv);
    expect(s.view.selection).toEqual({ kind: 'layer', layer: 0 });
    const ask = pendingRequests(s, 4).find((r) => r.view === 'slice');
    expect(ask?.message).toMatchObject({ type: 'lossSlice', target: conv, contour: { kind: 'parameters' } });
    // Batch norm's γ by the same route.
    const gamma = run(s, host({ type: 'focus', selection: { layerIndex: 2, param: 'weights', index: [1] } }));
    expect(gamma.view.sliceTarget).toEqual({ layerIndex: 2, param: 'weights', index: [1] });
  });

  it('clamps the sample to the samples the analysis has', () => {
    const s = run({ ...initialState(), view: { ...INITIAL_VIEW_STATE, sample: 7 } }, host(snapshot()));
    expect(s.view.sample).toBe(0);
    expect(run(s, { type: 'selectSample', sample: 3 }).view.sample).toBe(0);
  });

  it('toggles gradient-check rows', () => {
    const s = run(initialState(), { type: 'toggleRow', key: '1:weights' }, { type: 'toggleRow', key: '0:bias' }, { type: 'toggleRow', key: '1:weights' });
    expect(s.view.expanded).toEqual(['0:bias']);
  });

  it('sends reveal for a selection, setDepth for a depth, and nothing for view changes', () => {
    expect(outgoing({ type: 'select', selection: { kind: 'weight', layer: 1, unit: 0, input: 1 } }))
      .toEqual([{ type: 'reveal', selection: { layerIndex: 1, param: 'weights', index: [0, 1] } }]);
    expect(outgoing({ type: 'select', selection: { kind: 'unit', layer: 0, unit: 1 } }))
      .toEqual([{ type: 'reveal', selection: { layerIndex: 0, index: [1] } }]);
    expect(outgoing({ type: 'select', selection: { kind: 'input', unit: 0 } })).toEqual([]);
    expect(outgoing({ type: 'chooseDepth', depth: 3 })).toEqual([{ type: 'setDepth', depth: 3 }]);
    expect(outgoing({ type: 'setLogScale', on: false })).toEqual([]);
  });

  it('adds this run\'s epochs and learning rate to the commands that train', () => {
    const view = { ...INITIAL_VIEW_STATE, epochs: 50, learningRate: 0.1 };
    expect(commandMessage('train', view)).toEqual({ type: 'command', command: 'train', epochs: 50, learningRate: 0.1 });
    expect(commandMessage('step', view)).toEqual({ type: 'command', command: 'step', learningRate: 0.1 });
    expect(commandMessage('reset', view)).toEqual({ type: 'command', command: 'reset' });
    expect(commandMessage('train', INITIAL_VIEW_STATE)).toEqual({ type: 'command', command: 'train' });
  });
});

describe('the loss contour in the panel state (depth Derive)', () => {
  const target = { layerIndex: 1, param: 'weights', index: [0, 0] } as const;
  const sliceAnswer = (slice: object): PanelAction => host({ type: 'lossSlice', documentUri: MODEL_URI, slice: slice as never });

  it('asks for the slice with the chosen plane only at depth Derive, and keeps the plane in the view state', () => {
    let s = run(initialState(), host(snapshot()));
    expect(pendingRequests(s, 3).find((r) => r.view === 'slice')!.message).toEqual({ type: 'lossSlice', target });
    expect(pendingRequests(s, 4).find((r) => r.view === 'slice')!.message).toEqual({ type: 'lossSlice', target, contour: { kind: 'parameters', second: { layerIndex: 1, param: 'weights', index: [0, 1] } } });
    s = run(s, { type: 'chooseContourAxes', axes: { kind: 'directions', seed: 1 } });
    expect(s.view.contourAxes).toEqual({ kind: 'directions', seed: 1 });
    expect(pendingRequests(s, 4).find((r) => r.view === 'slice')!.message).toEqual({ type: 'lossSlice', target, contour: { kind: 'directions', seed: 1 } });
  });

  it('a slice without its contour on screen at depth Derive (asked at depth Repair) is asked again, once; a contour problem is not', () => {
    let s = run(initialState(), host(snapshot()), { type: 'requested', view: 'slice' }, sliceAnswer({ target }));
    expect(pendingRequests(s, 3).filter((r) => r.view === 'slice')).toEqual([]);
    expect(pendingRequests(s, 4).filter((r) => r.view === 'slice')).toHaveLength(1);
    s = run(s, { type: 'requested', view: 'slice' });
    expect(pendingRequests(s, 4).filter((r) => r.view === 'slice')).toEqual([]);
    s = run(s, sliceAnswer({ target, contourProblem: 'cannot draw this contour' }));
    expect(pendingRequests(s, 4).filter((r) => r.view === 'slice')).toEqual([]);
  });
});

describe('the teaching views in the panel state', () => {
  const grid = { step: 0 } as never;
  const boundaryAnswer = (documentUri = MODEL_URI): PanelAction => host({ type: 'boundary', documentUri, grid });

  it('asks for the boundary once there is a model, and for the slice only from depth Repair', () => {
    expect(pendingRequests(initialState(), 3)).toEqual([]);
    const s = run(initialState(), host(snapshot()));
    expect(pendingRequests(s, 2).map((r) => r.message)).toEqual([{ type: 'boundary', options: { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } } }]);
    expect(pendingRequests(s, 3).map((r) => r.message)).toEqual([
      { type: 'boundary', options: { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } } },
      { type: 'lossSlice', target: { layerIndex: 1, param: 'weights', index: [0, 0] } },
    ]);
  });

  it('asks one at a time: training progress while a boundary is on its way asks again only after the answer', () => {
    let s = run(initialState(), host(snapshot()), { type: 'requested', view: 'boundary' });
    expect(pendingRequests(s, 2)).toEqual([]);
    s = run(s, host({ type: 'trainingProgress', documentUri: MODEL_URI, points: points(1, 3), runState: 'training' }));
    expect(pendingRequests(s, 2)).toEqual([]);
    s = run(s, boundaryAnswer());
    expect(s.teach.boundary).toBe(grid);
    expect(pendingRequests(s, 2).map((r) => r.view)).toEqual(['boundary']);
    s = run(s, { type: 'requested', view: 'boundary' }, boundaryAnswer());
    expect(pendingRequests(s, 2)).toEqual([]);
  });

  it('a step-through stop asks for the boundary again; another document\'s answer is ignored', () => {
    let s = run(initialState(), host(snapshot()), { type: 'requested', view: 'boundary' }, boundaryAnswer());
    expect(run(s, boundaryAnswer('file:///other.nn.json')).teach).toBe(s.teach);
    s = run(s, host({ type: 'stepThrough', documentUri: MODEL_URI, view: undefined }));
    expect(pendingRequests(s, 2).map((r) => r.view)).toEqual(['boundary']);
  });

  it('choosing a plane or a parameter asks with the choice, and keeps it in the view state', () => {
    const s = run(initialState(), host(snapshot()), { type: 'requested', view: 'boundary' }, boundaryAnswer(),
      { type: 'choosePlane', plane: { xFeature: 1, yFeature: 0, hold: { kind: 'sample', sample: 0 } } },
      { type: 'chooseSliceTarget', target: { layerIndex: 0, param: 'bias', index: [1] } });
    expect(s.view.plane).toEqual({ xFeature: 1, yFeature: 0, hold: { kind: 'sample', sample: 0 } });
    expect(pendingRequests(s, 4).map((r) => r.message)).toEqual([
      { type: 'boundary', options: { xFeature: 1, yFeature: 0, hold: { kind: 'sample', sample: 0 } } },
      // Depth Derive: with the contour's plane, the parameter against its neighbour in the list.
      { type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] }, contour: { kind: 'parameters', second: { layerIndex: 1, param: 'weights', index: [0, 0] } } },
    ]);
  });

  it('a problem replaces the picture, and a new document starts afresh', () => {
    let s = run(initialState(), host(snapshot()), { type: 'requested', view: 'slice' },
      host({ type: 'lossSlice', documentUri: MODEL_URI, problem: 'cannot slice this parameter' }));
    expect(s.teach.sliceProblem).toBe('cannot slice this parameter');
    expect(s.teach.slice).toBeUndefined();
    s = run(s, host(snapshot(workedExample, { documentUri: 'file:///other.nn.json' })));
    expect(s.teach.sliceProblem).toBeUndefined();
    expect(s.teach.sliceAsk).toEqual({ inFlight: false, dirty: true });
  });

  it('a weight or bias the host points at (explorer, lens, a command\'s argument) becomes the sliced parameter', () => {
    let s = run(initialState(), host(snapshot()), { type: 'requested', view: 'slice' },
      host({ type: 'lossSlice', documentUri: MODEL_URI, problem: 'x' }));
    expect(pendingRequests(s, 3).filter((r) => r.view === 'slice')).toEqual([]);
    s = run(s, host({ type: 'focus', selection: { layerIndex: 0, param: 'bias', index: [1] } }));
    expect(s.view.sliceTarget).toEqual({ layerIndex: 0, param: 'bias', index: [1] });
    expect(pendingRequests(s, 3).filter((r) => r.view === 'slice').map((r) => r.message)).toEqual([{ type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] } }]);
    // A layer or a unit is not a parameter: the slice stays.
    expect(run(s, host({ type: 'focus', selection: { layerIndex: 1 } })).view.sliceTarget).toEqual({ layerIndex: 0, param: 'bias', index: [1] });
  });
});

describe('the conv step card\'s per-sample gradients in the panel state', () => {
  // [1, 4, 4] images → conv (layer 0) → … (test/webview/layeredFixture.ts); a conv layer at 0 only.
  const conv = (() => {
    const session = openLayered();
    return session.analyse().analysis!;
  })();
  const answer = (extra: Partial<ConvSampleGradients> = {}): PanelAction =>
    host({ type: 'convGradients', documentUri: MODEL_URI, gradients: { layer: 0, sample: 0, step: conv.step, weights: [1], input: [2], ...extra } });
  const convAsks = (s: PanelState, depth: 1 | 2 | 3 | 4) => pendingRequests(s, depth).filter((r) => r.view === 'conv').map((r) => r.message);

  it('are asked for nothing while the card is closed: no conv layer, or depth Drive, where it shows no δ', () => {
    expect(convAsks(run(initialState(), host(snapshot())), 4)).toEqual([]);
    expect(convAsks(run(initialState(), host(snapshot(conv))), 1)).toEqual([]);
  });

  it('are asked for while the card shows δ, for its layer and the selected sample, once per analysis', () => {
    let s = run(initialState(), host(snapshot(conv)));
    expect(convAsks(s, 2)).toEqual([{ type: 'convGradients', layer: 0, sample: 0 }]);
    s = run(s, { type: 'requested', view: 'conv' });
    expect(convAsks(s, 2)).toEqual([]);
    s = run(s, answer());
    expect(convGradientsOnScreen(s)?.weights).toEqual([1]);
    expect(convAsks(s, 3)).toEqual([]);
    s = run(s, { type: 'selectSample', sample: 2 });
    expect(convGradientsOnScreen(s)).toBeUndefined(); // sample 0's are not the selected sample's
    expect(convAsks(s, 3)).toEqual([{ type: 'convGradients', layer: 0, sample: 2 }]);
    s = run(s, { type: 'requested', view: 'conv' }, answer({ sample: 2 }), host(snapshot(conv)));
    expect(convGradientsOnScreen(s)).toBeUndefined(); // a new analysis: asked for again
    expect(convAsks(s, 3)).toEqual([{ type: 'convGradients', layer: 0, sample: 2 }]);
  });

  it('show only an answer for the analysis on screen (its step), the card\'s layer and sample', () => {
    const s = run(initialState(), host(snapshot(conv)), { type: 'requested', view: 'conv' });
    expect(convGradientsOnScreen(run(s, answer({ step: conv.step + 1 })))).toBeUndefined();
    expect(convGradientsOnScreen(run(s, answer({ layer: 3 })))).toBeUndefined();
    expect(convGradientsOnScreen(run(s, answer({ sample: 1 })))).toBeUndefined();
    const problem = run(s, host({ type: 'convGradients', documentUri: MODEL_URI, problem: 'no' }));
    expect(convGradientsOnScreen(problem)).toBeUndefined();
    expect(convAsks(problem, 3)).toEqual([]); // asked once per analysis, answered or not
  });

  it('drop an answer asked for the analysis before a same-step one (an edit at step 0, Reset), and show the re-ask\'s', () => {
    let s = run(initialState(), host(snapshot(conv)), { type: 'requested', view: 'conv' });
    s = run(s, host(snapshot(conv))); // same step, new numbers, while the first ask is in flight
    s = run(s, answer({ weights: [7] })); // the old analysis's answer
    expect(convGradientsOnScreen(s)).toBeUndefined();
    expect(convAsks(s, 3)).toEqual([{ type: 'convGradients', layer: 0, sample: 0 }]);
    s = run(s, { type: 'requested', view: 'conv' }, answer({ weights: [9] }));
    expect(convGradientsOnScreen(s)?.weights).toEqual([9]);
  });
});
