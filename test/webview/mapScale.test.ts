import { describe, expect, it } from 'vitest';
import { initialState, reduce } from '../../webview/model/state';
import { restoreViewState } from '../../webview/model/viewState';

describe('the heat maps\' colour scale', () => {
  it('is shared until the person switches it, and is remembered across reloads', () => {
    const state = initialState();
    expect(state.view.mapScale ?? 'shared').toBe('shared');
    const perMap = reduce(state, { type: 'setMapScale', scale: 'per-map' });
    expect(perMap.view.mapScale).toBe('per-map');
    expect(restoreViewState(JSON.parse(JSON.stringify(perMap.view))).mapScale).toBe('per-map');
    expect(restoreViewState({ mapScale: 'rainbow' }).mapScale).toBeUndefined();
  });
});
