/**
 * Fair scheduling in the worker: time-slicing, with one queue per lane.
 *
 * The worker is one thread and JavaScript runs one task at a time, so "fair" means: no lane waits
 * for another lane's whole request. Each lane (a document's session, or its teaching requests; see
 * `laneOf`) runs its requests one after the other, in the order they came; different lanes run side
 * by side. Long work (training, training curves) gives the thread back every few milliseconds
 * (`setImmediate`), and an analysis runs in one go. So while document A trains "forever", document
 * B's analysis starts at A's next yield and is delayed by at most one slice of A's work, never by A's
 * whole run; two analyses of different documents wait at most one analysis for each other.
 *
 * Chosen over a second worker for training: one worker keeps one session store (the trained
 * parameters an analysis describes live where the training ran), with no copying of sessions
 * between threads.
 */
export class FairLanes {
  private readonly tails = new Map<string, Promise<void>>();

  /** Runs `task` after the lane's earlier tasks. A task's failure never blocks its lane. */
  run(lane: string, task: () => Promise<void> | void): void {
    const tail = (this.tails.get(lane) ?? Promise.resolve()).then(task).catch(() => undefined);
    this.tails.set(lane, tail);
    void tail.then(() => {
      if (this.tails.get(lane) === tail) this.tails.delete(lane);
    });
  }

  /** Lanes with work queued or running. */
  get busy(): number {
    return this.tails.size;
  }
}
