/** A one-line progress bar for terminals (redrawn in place with a carriage return). */
export class ProgressLine {
  private shown = false;
  constructor(private readonly write: (text: string) => void, private readonly width = 30) {}

  show(fraction: number, label: string): void {
    const f = Math.max(0, Math.min(1, fraction));
    const filled = Math.round(f * this.width);
    this.write(`\r[${'#'.repeat(filled)}${'-'.repeat(this.width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${label}\x1b[K`);
    this.shown = true;
  }

  clear(): void {
    if (this.shown) this.write('\r\x1b[K');
    this.shown = false;
  }
}
