import { describe, expect, it } from 'vitest';
import { coalesceHostMessages, MAX_QUEUED_POINTS, ReadyQueue } from '../../src/panel/readyQueue';
import type { HostToPanelMessage, SnapshotMessage } from '../../src/shared/protocol';

const snapshot = (uri: string, depth: 1 | 2 | 3 | 4 = 2): SnapshotMessage => ({ type: 'snapshot', documentUri: uri, analysis: undefined, errors: [], runState: 'idle', depth });
const progress = (uri: string, ...steps: number[]): HostToPanelMessage => ({ type: 'trainingProgress', documentUri: uri, points: steps.map((step) => ({ step, epoch: step, loss: 1 / step })), runState: 'training' });

function queueOf(...messages: HostToPanelMessage[]): HostToPanelMessage[] {
  return messages.reduce<HostToPanelMessage[]>((q, m) => coalesceHostMessages(q, m), []);
}

describe('the ready queue', () => {
  it('sends nothing before ready, everything in order at ready, and directly after', () => {
    const sent: number[] = [];
    const q = new ReadyQueue<number>((m) => sent.push(m));
    q.post(1); q.post(2);
    expect(sent).toEqual([]);
    q.markReady();
    q.post(3);
    expect(sent).toEqual([1, 2, 3]);
    q.markNotReady();
    q.post(4);
    expect(sent).toEqual([1, 2, 3]);
    expect(q.pending).toEqual([4]);
  });

  it('keeps one snapshot: a newer one replaces older snapshots, progress and depth changes', () => {
    expect(queueOf(snapshot('a'), progress('a', 1, 2), { type: 'depthChanged', depth: 3 }, snapshot('a', 3))).toEqual([snapshot('a', 3)]);
  });

  it('hands a waiting focus to the next snapshot', () => {
    const q = queueOf({ type: 'focus', selection: { layerIndex: 1 } }, snapshot('a'));
    expect(q).toEqual([{ ...snapshot('a'), focus: { layerIndex: 1 } }]);
  });

  it('merges progress of one document, bounded', () => {
    const q = queueOf(snapshot('a'), progress('a', 1), progress('a', 2, 3));
    expect(q).toEqual([snapshot('a'), progress('a', 1, 2, 3)]);
    const many = Array.from({ length: MAX_QUEUED_POINTS + 5 }, (_, i) => i + 1);
    const big = queueOf(progress('a', ...many.slice(0, 10)), progress('a', ...many.slice(10)));
    expect(big).toHaveLength(1);
    const points = (big[0] as Extract<HostToPanelMessage, { type: 'trainingProgress' }>).points;
    expect(points).toHaveLength(MAX_QUEUED_POINTS);
    expect(points[points.length - 1].step).toBe(MAX_QUEUED_POINTS + 5);
  });

  it('keeps only the newest depth change and the newest focus', () => {
    expect(queueOf({ type: 'depthChanged', depth: 1 }, { type: 'focus', selection: { layerIndex: 0 } }, { type: 'depthChanged', depth: 4 }, { type: 'focus', selection: { layerIndex: 1 } }))
      .toEqual([{ type: 'depthChanged', depth: 4 }, { type: 'focus', selection: { layerIndex: 1 } }]);
  });
});
