/**
 * The cursor of a step-through over a bounded timeline of recorded steps: which record and which
 * stop of it is on screen, one stop forward (taking a new step past the newest), one back, the same
 * stop of the previous or next record, and a seek. The recorder supplies the records, the stops of
 * one step, a way to take a step, and the view of a stop. Pure: no `vscode`.
 */
import type { PhaseStop, TimelineState } from '../../shared/stepThroughView';

/** What the cursor needs of a recorded step. */
export interface RecordedStep {
  /** The step number this record took (1 for the first). */
  readonly step: number;
}

export abstract class RecordCursor<R extends RecordedStep, V> {
  protected readonly timeline: R[] = [];
  protected droppedCount = 0;
  /** Index into `timeline` and into `stops`; undefined before the first step. */
  protected cursor: { record: number; stop: number } | undefined;

  protected constructor(readonly stops: readonly PhaseStop[]) {}

  /** Most records kept at once. */
  abstract readonly capacity: number;
  /** Takes one step and returns its record (not yet kept: `keep` keeps it). */
  protected abstract record(): R;
  /** The view of one stop of one kept record. */
  protected abstract viewAt(recordIndex: number, stopIndex: number): V;

  /** The records kept, oldest first. */
  get records(): readonly R[] {
    return this.timeline;
  }

  /** Takes one training step and records it (the cursor does not move). */
  takeStep(): R {
    const record = this.record();
    this.timeline.push(record);
    if (this.timeline.length > this.capacity) {
      this.timeline.shift();
      this.droppedCount++;
      if (this.cursor) this.cursor = this.cursor.record > 0 ? { record: this.cursor.record - 1, stop: this.cursor.stop } : { record: 0, stop: 0 };
    }
    return record;
  }

  /** The stop the cursor is on, or undefined before the first step. */
  view(): V | undefined {
    return this.cursor ? this.viewAt(this.cursor.record, this.cursor.stop) : undefined;
  }

  /** The stop the cursor is on (undefined before the first step). */
  get position(): { readonly record: R; readonly stop: PhaseStop } | undefined {
    return this.cursor ? { record: this.timeline[this.cursor.record], stop: this.stops[this.cursor.stop] } : undefined;
  }

  /** One stop forward; past the end of the newest record it takes a new step. */
  nextPhase(): V {
    if (!this.cursor) {
      this.takeStep();
      this.cursor = { record: this.timeline.length - 1, stop: 0 };
    } else if (this.cursor.stop + 1 < this.stops.length) {
      this.cursor = { record: this.cursor.record, stop: this.cursor.stop + 1 };
    } else {
      if (this.cursor.record + 1 >= this.timeline.length) this.takeStep();
      this.cursor = { record: Math.min(this.cursor.record + 1, this.timeline.length - 1), stop: 0 };
    }
    return this.view()!;
  }

  /** One stop back; undefined at the first stop of the oldest record kept. */
  previousPhase(): V | undefined {
    const c = this.cursor;
    if (!c) return undefined;
    if (c.stop > 0) this.cursor = { record: c.record, stop: c.stop - 1 };
    else if (c.record > 0) this.cursor = { record: c.record - 1, stop: this.stops.length - 1 };
    else return undefined;
    return this.view();
  }

  /** The same stop of the previous recorded step; undefined at the oldest. */
  stepBack(): V | undefined {
    const c = this.cursor;
    if (!c || c.record === 0) return undefined;
    this.cursor = { record: c.record - 1, stop: c.stop };
    return this.view();
  }

  /** The same stop of the next recorded step (never takes a new one); undefined at the newest. */
  stepForward(): V | undefined {
    const c = this.cursor;
    if (!c || c.record + 1 >= this.timeline.length) return undefined;
    this.cursor = { record: c.record + 1, stop: c.stop };
    return this.view();
  }

  /** Moves the cursor to a recorded step (by step number) and stop; undefined when not kept. */
  seek(step: number, stop = 0): V | undefined {
    const record = this.timeline.findIndex((r) => r.step === step);
    if (record < 0 || stop < 0 || stop >= this.stops.length) return undefined;
    this.cursor = { record, stop };
    return this.view();
  }

  timelineState(): TimelineState {
    const first = this.timeline[0], last = this.timeline[this.timeline.length - 1];
    return {
      oldestStep: first?.step ?? 0,
      newestStep: last?.step ?? 0,
      currentStep: this.cursor ? this.timeline[this.cursor.record].step : 0,
      records: this.timeline.length,
      capacity: this.capacity,
      dropped: this.droppedCount,
    };
  }
}
