/** The dedicated Web Worker's globals the page's workers use (the root tsconfig has no DOM library). */
export interface WorkerScope {
  readonly crossOriginIsolated?: boolean;
  postMessage(message: unknown): void;
  onmessage: ((event: { data: unknown }) => void) | null;
}

export const scope = globalThis as unknown as WorkerScope;

/** Resolves when `ready()` holds or `gaveUp()` does; the driving test's timeout is the only bound. */
export async function until(ready: () => boolean, gaveUp: () => boolean = () => false): Promise<boolean> {
  for (;;) {
    if (ready()) return true;
    if (gaveUp()) return false;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
