import { describe, expect, it } from 'vitest';
import { INITIAL_VIEW_STATE, restoreViewState } from '../../webview/model/viewState';

describe('the view state restored from setState', () => {
  it('falls back to the defaults for anything missing or malformed', () => {
    expect(restoreViewState(undefined)).toEqual(INITIAL_VIEW_STATE);
    expect(restoreViewState('garbage')).toEqual(INITIAL_VIEW_STATE);
    expect(restoreViewState({ sample: -1, depthOverride: 9, edgeWidthBy: 'colour', logScale: 'yes', selection: { kind: 'weight', layer: 0 }, expanded: [1, 'a'], epochs: 1.5, learningRate: -2 }))
      .toEqual({ ...INITIAL_VIEW_STATE, expanded: ['a'] });
  });

  it('keeps what is valid', () => {
    const saved = { version: 1, sample: 3, depthOverride: 4, edgeWidthBy: 'weight', logScale: false, selection: { kind: 'bias', layer: 1, unit: 0 }, expanded: ['1:weights'], epochs: 20, learningRate: 0.05 };
    expect(restoreViewState(saved)).toEqual(saved);
  });

  it('keeps the decision boundary\'s plane and the sliced parameter when they are valid, and drops them when not', () => {
    const plane = { xFeature: 2, yFeature: 0, hold: { kind: 'sample', sample: 4 } };
    const sliceTarget = { layerIndex: 1, param: 'weights', index: [0, 0] };
    expect(restoreViewState({ ...INITIAL_VIEW_STATE, plane, sliceTarget })).toEqual({ ...INITIAL_VIEW_STATE, plane, sliceTarget });
    expect(restoreViewState({ ...INITIAL_VIEW_STATE, plane: { xFeature: 1, yFeature: 1, hold: { kind: 'mean' } }, sliceTarget: { layerIndex: 0, param: 'bias', index: [0, 1] } }))
      .toEqual(INITIAL_VIEW_STATE);
  });
});
