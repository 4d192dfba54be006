/**
 * Holds host → panel messages until the panel says `ready` (a webview loses whatever is posted
 * before its script listens). While waiting, newer messages supersede older ones, so the queue stays
 * a handful of messages long however long the panel takes to load.
 */
import type { HostToPanelMessage } from '../shared/protocol';

export class ReadyQueue<T> {
  private queue: T[] = [];
  private ready = false;

  constructor(
    private readonly send: (message: T) => void,
    private readonly coalesce: (queued: readonly T[], next: T) => T[] = (queued, next) => [...queued, next],
  ) {}

  get isReady(): boolean { return this.ready; }
  get pending(): readonly T[] { return this.queue; }

  post(message: T): void {
    if (this.ready) this.send(message);
    else this.queue = this.coalesce(this.queue, message);
  }

  /** The panel is listening: deliver what waited, in order. */
  markReady(): void {
    this.ready = true;
    const waiting = this.queue;
    this.queue = [];
    for (const m of waiting) this.send(m);
  }

  /** The panel went away (hidden without retained context, or reloading): hold messages again. */
  markNotReady(): void {
    this.ready = false;
  }

  clear(): void {
    this.queue = [];
  }
}

/** Longest list of training points kept in one queued progress message. */
export const MAX_QUEUED_POINTS = 10_000;

/**
 * A snapshot is the whole picture: it replaces queued snapshots, progress and depth changes, and takes
 * over a queued focus. Progress for the same document merges; depth and focus keep only the newest.
 */
export function coalesceHostMessages(queued: readonly HostToPanelMessage[], next: HostToPanelMessage): HostToPanelMessage[] {
  switch (next.type) {
    case 'snapshot': {
      const focus = [...queued].reverse().find((m): m is Extract<HostToPanelMessage, { type: 'focus' }> => m.type === 'focus');
      const snapshot = next.focus === undefined && focus ? { ...next, focus: focus.selection } : next;
      return [...queued.filter((m) => m.type !== 'snapshot' && m.type !== 'trainingProgress' && m.type !== 'depthChanged' && m.type !== 'focus'), snapshot];
    }
    case 'trainingProgress': {
      const last = queued[queued.length - 1];
      if (last?.type === 'trainingProgress' && last.documentUri === next.documentUri) {
        const points = [...last.points, ...next.points].slice(-MAX_QUEUED_POINTS);
        return [...queued.slice(0, -1), { ...next, points }];
      }
      return [...queued, next];
    }
    case 'depthChanged':
    case 'focus':
    case 'stepThrough':
    case 'lossComparison':
    case 'runComparison':
    case 'boundary':
    case 'lossSlice':
    case 'convGradients':
      return [...queued.filter((m) => m.type !== next.type), next];
  }
}
