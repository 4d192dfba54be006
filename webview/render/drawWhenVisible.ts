/**
 * Pictures are drawn only where they can be seen: a chart or heat map far outside the panel's viewport
 * keeps its latest drawing job and runs it when it comes near the viewport (an IntersectionObserver with a
 * margin of about a screen), so an analysis costs the drawing of what is on screen, not of every card.
 * Only the pixels wait: callers update a picture's words (aria-label, caption, the table behind it) at once.
 *
 * An element whose visibility is not known yet (just created, or no IntersectionObserver) draws at once.
 */
export interface DrawGate {
  /** Runs `draw` now when `element` is on or near the screen, else when it next comes near (only the latest job). */
  draw(element: Element, draw: () => void): void;
  /** Drops the job waiting for `element`, if any (its picture is being made anew). */
  cancel(element: Element): void;
  /** How many elements have a drawing job waiting. */
  readonly waiting: number;
}

/** Margin around the viewport within which pictures are drawn at once (scrolling a screen shows no stale picture). */
const MARGIN = '100% 0px';

class IntersectionGate implements DrawGate {
  private readonly near = new Map<Element, boolean>();
  private readonly pending = new Map<Element, () => void>();
  private readonly observer: IntersectionObserver;

  constructor() {
    this.observer = new IntersectionObserver((entries) => {
      for (const e of entries) {
        this.near.set(e.target, e.isIntersecting);
        const job = e.isIntersecting && e.target.isConnected ? this.pending.get(e.target) : undefined;
        if (job) { this.pending.delete(e.target); job(); }
      }
    }, { rootMargin: MARGIN });
  }

  draw(element: Element, draw: () => void): void {
    for (const e of this.pending.keys()) if (!e.isConnected) { this.pending.delete(e); this.near.delete(e); this.observer.unobserve(e); }
    const near = this.near.get(element);
    if (near === undefined) { this.near.set(element, true); this.observer.observe(element); }
    if (near === false) { this.pending.set(element, draw); return; }
    this.pending.delete(element);
    draw();
  }

  cancel(element: Element): void { this.pending.delete(element); }

  get waiting(): number { return this.pending.size; }
}

const immediate: DrawGate = { draw: (_element, draw) => draw(), cancel: () => undefined, waiting: 0 };

/** The page's gate (one observer for every picture). */
export const drawGate: DrawGate = typeof IntersectionObserver === 'function' ? new IntersectionGate() : immediate;
