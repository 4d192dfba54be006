/**
 * Pictures are drawn only where they can be seen: a chart or heat map far outside the panel's viewport
 * keeps its latest drawing job and runs it when it comes near the viewport (an IntersectionObserver with a
 * margin of about a screen), so an analysis costs the drawing of what is on screen, not of every card.
 * Only the pixels wait: callers update a picture's words (aria-label, caption, the table behind it) at once.
 *
 * An element whose place is not known yet (just made, or no IntersectionObserver) draws at once.
 */
export interface DrawGate {
  /** Runs `draw` now when `element` is on or near the screen, else when it next comes near (only the latest job). */
  draw(element: Element, draw: () => void): void;
  /** Starts following where `element` is, so that its first job already knows (call it when the picture is made). */
  watch(element: Element): void;
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
        if (job) { this.pending.delete(e.target); run(e.target, job); }
      }
    }, { rootMargin: MARGIN });
  }

  watch(element: Element): void {
    if (this.near.has(element)) return;
    this.near.set(element, true);
    this.observer.observe(element);
  }

  draw(element: Element, draw: () => void): void {
    for (const e of this.pending.keys()) if (!e.isConnected) { this.pending.delete(e); this.near.delete(e); this.observer.unobserve(e); }
    this.watch(element);
    if (this.near.get(element) === false) { this.pending.set(element, draw); return; }
    this.pending.delete(element);
    run(element, draw);
  }

  cancel(element: Element): void { this.pending.delete(element); }

  get waiting(): number { return this.pending.size; }
}

/** Runs a drawing job and counts it on its element (`data-draws`, read by the tests). */
function run(element: Element, draw: () => void): void {
  draw();
  element.setAttribute('data-draws', String(Number(element.getAttribute('data-draws') ?? 0) + 1));
}

const immediate: DrawGate = { draw: run, watch: () => undefined, cancel: () => undefined, waiting: 0 };

/** The page's gate (one observer for every picture). */
export const drawGate: DrawGate = typeof IntersectionObserver === 'function' ? new IntersectionGate() : immediate;
