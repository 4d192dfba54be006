/** Every message from the panel is validated on the host; anything off-protocol is rejected. */
import { describe, expect, it } from 'vitest';
import { parsePanelMessage } from '../src/shared/protocol';

describe('parsePanelMessage', () => {
  it('accepts each message of the protocol', () => {
    expect(parsePanelMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parsePanelMessage({ type: 'command', command: 'train', epochs: 5, learningRate: 0.1 })).toEqual({ type: 'command', command: 'train', epochs: 5, learningRate: 0.1 });
    expect(parsePanelMessage({ type: 'reveal', selection: { layerIndex: 1, param: 'weights', index: [0, 1] } }))
      .toEqual({ type: 'reveal', selection: { layerIndex: 1, param: 'weights', index: [0, 1] } });
    expect(parsePanelMessage({ type: 'setDepth', depth: 4 })).toEqual({ type: 'setDepth', depth: 4 });
  });

  it('accepts the step-through buttons, the timeline scrubber and Compare losses', () => {
    for (const action of ['next', 'previous', 'stepBack', 'stepForward', 'stop'] as const) {
      expect(parsePanelMessage({ type: 'stepThrough', action, extra: 1 })).toEqual({ type: 'stepThrough', action });
    }
    expect(parsePanelMessage({ type: 'seekStep', step: 3 })).toEqual({ type: 'seekStep', step: 3 });
    expect(parsePanelMessage({ type: 'seekStep', step: 0, stop: 5, evil: '<x>' })).toEqual({ type: 'seekStep', step: 0, stop: 5 });
    expect(parsePanelMessage({ type: 'compareLosses', loss: 'rm' })).toEqual({ type: 'compareLosses' });
  });

  it('accepts Compare runs… and Save into the handout, carrying nothing the panel adds', () => {
    expect(parsePanelMessage({ type: 'compareRuns', variant: { kind: 'optimizer', optimizer: 'adam' } })).toEqual({ type: 'compareRuns' });
    expect(parsePanelMessage({ type: 'exportHandout', path: '/etc/passwd' })).toEqual({ type: 'exportHandout' });
  });

  it('accepts the decision boundary\'s plane and the loss slice\'s parameter, copying only their fields', () => {
    expect(parsePanelMessage({ type: 'boundary', options: { xFeature: 0, yFeature: 2, hold: { kind: 'mean', extra: 1 }, evil: 'x' } }))
      .toEqual({ type: 'boundary', options: { xFeature: 0, yFeature: 2, hold: { kind: 'mean' } } });
    expect(parsePanelMessage({ type: 'boundary', options: { xFeature: 3, yFeature: 1, hold: { kind: 'sample', sample: 7 } } }))
      .toEqual({ type: 'boundary', options: { xFeature: 3, yFeature: 1, hold: { kind: 'sample', sample: 7 } } });
    expect(parsePanelMessage({ type: 'lossSlice', target: { layerIndex: 1, param: 'weights', index: [0, 0], x: 1 } }))
      .toEqual({ type: 'lossSlice', target: { layerIndex: 1, param: 'weights', index: [0, 0] } });
    expect(parsePanelMessage({ type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] } }))
      .toEqual({ type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] } });
    // Layered models: a conv weight [filter, channel, row, column], batch norm's γ [channel].
    expect(parsePanelMessage({ type: 'lossSlice', target: { layerIndex: 0, param: 'weights', index: [2, 0, 1, 1] } }))
      .toEqual({ type: 'lossSlice', target: { layerIndex: 0, param: 'weights', index: [2, 0, 1, 1] } });
    expect(parsePanelMessage({ type: 'lossSlice', target: { layerIndex: 2, param: 'weights', index: [1] } }))
      .toEqual({ type: 'lossSlice', target: { layerIndex: 2, param: 'weights', index: [1] } });
    expect(parsePanelMessage({ type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] }, contour: { kind: 'directions', seed: 3, extra: 1 } }))
      .toEqual({ type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] }, contour: { kind: 'directions', seed: 3 } });
    expect(parsePanelMessage({ type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] }, contour: { kind: 'parameters', second: { layerIndex: 1, param: 'weights', index: [0, 1] } } }))
      .toEqual({ type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] }, contour: { kind: 'parameters', second: { layerIndex: 1, param: 'weights', index: [0, 1] } } });
  });

  it('accepts the conv step card\'s request for one layer\'s and one sample\'s gradients, copying only its fields', () => {
    expect(parsePanelMessage({ type: 'convGradients', layer: 3, sample: 31, extra: 1 })).toEqual({ type: 'convGradients', layer: 3, sample: 31 });
    expect(parsePanelMessage({ type: 'convGradients', layer: 0, sample: 0 })).toEqual({ type: 'convGradients', layer: 0, sample: 0 });
  });

  it('drops fields that are not part of the protocol', () => {
    const parsed = parsePanelMessage({ type: 'explain', selection: { layerIndex: 0, index: [1], evil: 'x', __proto__: { polluted: true } }, extra: 1 });
    expect(parsed).toEqual({ type: 'explain', selection: { layerIndex: 0, index: [1] } });
  });

  it.each([
    null, 42, 'ready', [], {}, { type: 'nope' },
    { type: 'command', command: 'rm -rf' },
    { type: 'command', command: 'train', epochs: -1 },
    { type: 'command', command: 'train', epochs: 2.5 },
    { type: 'command', command: 'train', learningRate: Number.NaN },
    { type: 'command', command: 'train', learningRate: '0.1' },
    { type: 'reveal', selection: { layerIndex: -1 } },
    { type: 'reveal', selection: { layerIndex: 0, param: 'gradients' } },
    { type: 'reveal', selection: { layerIndex: 0, index: [0, 1, 2] } },
    { type: 'reveal', selection: { layerIndex: 0, index: [0.5] } },
    { type: 'reveal' },
    { type: 'setDepth', depth: 5 },
    { type: 'setDepth', depth: '3' },
    { type: 'stepThrough' },
    { type: 'stepThrough', action: 'forward' },
    { type: 'stepThrough', action: 'constructor' },
    { type: 'stepThrough', action: ['next'] },
    { type: 'seekStep' },
    { type: 'seekStep', step: -1 },
    { type: 'seekStep', step: 1.5 },
    { type: 'seekStep', step: '2' },
    { type: 'seekStep', step: Number.POSITIVE_INFINITY },
    { type: 'seekStep', step: 2, stop: -1 },
    { type: 'seekStep', step: 2, stop: 0.5 },
    { type: 'seekStep', step: 2, stop: null },
    { type: 'boundary' },
    { type: 'boundary', options: { xFeature: 0, yFeature: 0, hold: { kind: 'mean' } } },
    { type: 'boundary', options: { xFeature: -1, yFeature: 1, hold: { kind: 'mean' } } },
    { type: 'boundary', options: { xFeature: 0.5, yFeature: 1, hold: { kind: 'mean' } } },
    { type: 'boundary', options: { xFeature: 0, yFeature: '1', hold: { kind: 'mean' } } },
    { type: 'boundary', options: { xFeature: 0, yFeature: 1 } },
    { type: 'boundary', options: { xFeature: 0, yFeature: 1, hold: { kind: 'median' } } },
    { type: 'boundary', options: { xFeature: 0, yFeature: 1, hold: { kind: 'sample', sample: -2 } } },
    { type: 'boundary', options: { xFeature: 0, yFeature: 1, hold: { kind: 'sample' } } },
    { type: 'lossSlice' },
    { type: 'lossSlice', target: { layerIndex: 0 } },
    { type: 'lossSlice', target: { layerIndex: 0, param: 'weights', index: [] } },
    { type: 'lossSlice', target: { layerIndex: 0, param: 'weights', index: [1, 0, 2] } },
    { type: 'lossSlice', target: { layerIndex: 0, param: 'weights', index: [1, 0, 2, 2, 0] } },
    { type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1, 0] } },
    { type: 'lossSlice', target: { layerIndex: 0, index: [1] } },
    { type: 'lossSlice', target: { layerIndex: 0, param: 'gradients', index: [1, 0] } },
    { type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] }, contour: { kind: 'directions', seed: -1 } },
    { type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] }, contour: { kind: 'parameters', second: { layerIndex: 0, param: 'bias' } } },
    { type: 'lossSlice', target: { layerIndex: 0, param: 'bias', index: [1] }, contour: { kind: 'pca' } },
    { type: 'lossSlice', target: { layerIndex: 0, param: 'weights', index: [1, -1] } },
    { type: 'convGradients' },
    { type: 'convGradients', layer: 0 },
    { type: 'convGradients', sample: 0 },
    { type: 'convGradients', layer: -1, sample: 0 },
    { type: 'convGradients', layer: 0.5, sample: 0 },
    { type: 'convGradients', layer: '0', sample: 0 },
    { type: 'convGradients', layer: 0, sample: 1024 },
    { type: 'convGradients', layer: 0, sample: Number.NaN },
  ])('rejects %j', (raw) => {
    expect(parsePanelMessage(raw)).toBeUndefined();
  });
});
