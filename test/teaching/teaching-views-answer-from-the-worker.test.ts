import { describe, expect, it } from 'vitest';
import { DEFAULT_ANALYSIS_SETTINGS } from '../../src/analysis/settings';
import { openSession } from '../../src/worker/openSession';
import { SessionStore } from '../../src/worker/sessionStore';
import { TeachingRequests } from '../../src/worker/teachingRequests';
import { isProblem, type WorkerDocument } from '../../src/worker/workerProtocol';
import type { BoundaryGrid, BoundaryOptions, LossSlice } from '../../src/shared/teachingViews';
import { exampleFile, exampleText } from './helpers';

function document(name: string): WorkerDocument {
  return { uri: `file://${exampleFile(name)}`, version: 1, text: exampleText(name), fileName: exampleFile(name), settings: DEFAULT_ANALYSIS_SETTINGS };
}

const PLANE: BoundaryOptions = { xFeature: 0, yFeature: 1, hold: { kind: 'mean' } };

describe('the teaching views are answered by the worker\'s sessions', () => {
  it('the boundary moves with training: the session\'s parameters after 200 steps draw another picture', async () => {
    const store = new SessionStore(openSession);
    const teaching = new TeachingRequests(store);
    const xor = document('xor.nn.json');
    const before = teaching.boundary(xor, PLANE) as BoundaryGrid;
    expect(isProblem(before)).toBe(false);
    expect(before.step).toBe(0);
    await store.get(xor).session!.train({ steps: 200 });
    const after = teaching.boundary(xor, PLANE) as BoundaryGrid;
    expect(after.step).toBe(200);
    expect(after.source).toBe('session');
    expect(after.values).not.toEqual(before.values);
  });

  it('during a step-through it draws the stop\'s parameters: before the update, then after it', () => {
    const store = new SessionStore(openSession);
    const teaching = new TeachingRequests(store);
    const worked = document('worked-example.nn.json');
    const initial = teaching.boundary(worked, PLANE) as BoundaryGrid;
    teaching.stepThrough(worked, { kind: 'next' });
    const atFirstStop = teaching.boundary(worked, PLANE) as BoundaryGrid;
    expect(atFirstStop.source).toBe('stepThrough');
    expect(atFirstStop.step).toBe(0);
    expect(atFirstStop.values).toEqual(initial.values);
    // 2 forward, loss, 2 backward: the sixth stop is the update.
    for (let i = 0; i < 5; i++) teaching.stepThrough(worked, { kind: 'next' });
    const updated = teaching.boundary(worked, PLANE) as BoundaryGrid;
    expect(updated.step).toBe(1);
    expect(updated.values).not.toEqual(initial.values);
    // The session itself did not train.
    expect((teaching.boundary({ ...worked }, PLANE) as BoundaryGrid).source).toBe('stepThrough');
    teaching.stepThrough(worked, { kind: 'end' });
    expect((teaching.boundary(worked, PLANE) as BoundaryGrid).values).toEqual(initial.values);
  });

  it('the loss slice of the worked example\'s output.weights[1, 1] has the engine\'s slope 0.0822; a missing parameter is a problem for people', () => {
    const teaching = new TeachingRequests(new SessionStore(openSession));
    const worked = document('worked-example.nn.json');
    const slice = teaching.lossSlice(worked, { layerIndex: 1, param: 'weights', index: [0, 0] }) as LossSlice;
    expect(slice.gradient.toPrecision(3)).toBe('0.0822');
    expect(slice.epsilon).toBe(DEFAULT_ANALYSIS_SETTINGS.gradCheckEpsilon);
    const missing = teaching.lossSlice(worked, { layerIndex: 1, param: 'weights', index: [4, 0] });
    expect(isProblem(missing) && missing.problem).toMatch(/no unit 5/);
  });

  it('asked with a plane, the slice carries the contour over it; a contour that cannot be made is a problem beside a good slice', () => {
    const teaching = new TeachingRequests(new SessionStore(openSession));
    const worked = document('worked-example.nn.json');
    const target = { layerIndex: 1, param: 'weights', index: [0, 0] } as const;
    expect((teaching.lossSlice(worked, target) as LossSlice).contour).toBeUndefined();
    const withPlane = teaching.lossSlice(worked, target, { kind: 'parameters', second: { layerIndex: 1, param: 'weights', index: [0, 1] } }) as LossSlice;
    expect(withPlane.contour?.xLabel).toBe('output.weights[1, 1]');
    expect(withPlane.contour?.yLabel).toBe('output.weights[1, 2]');
    expect(withPlane.contour?.arrow[0]).toBe(withPlane.gradient);
    const same = teaching.lossSlice(worked, target, { kind: 'parameters', second: target }) as LossSlice;
    expect(same.gradient).toBe(withPlane.gradient);
    expect(same.contourProblem).toMatch(/same one/);
  });
});
