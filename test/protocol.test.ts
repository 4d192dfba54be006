/** Every message from the panel is validated on the host; anything off-protocol is rejected. */
import { describe, expect, it } from 'vitest';
import { parsePanelMessage } from '../src/protocol/panelMessages';

describe('parsePanelMessage', () => {
  it('accepts each message of the protocol', () => {
    expect(parsePanelMessage({ type: 'ready' })).toEqual({ type: 'ready' });
    expect(parsePanelMessage({ type: 'command', command: 'train', epochs: 5, learningRate: 0.1 })).toEqual({ type: 'command', command: 'train', epochs: 5, learningRate: 0.1 });
    expect(parsePanelMessage({ type: 'reveal', selection: { layerIndex: 1, param: 'weights', index: [0, 1] } }))
      .toEqual({ type: 'reveal', selection: { layerIndex: 1, param: 'weights', index: [0, 1] } });
    expect(parsePanelMessage({ type: 'setDepth', depth: 4 })).toEqual({ type: 'setDepth', depth: 4 });
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
  ])('rejects %j', (raw) => {
    expect(parsePanelMessage(raw)).toBeUndefined();
  });
});
