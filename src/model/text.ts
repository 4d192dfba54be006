/**
 * Offsets to VS Code positions. Lines end at `\n`, `\r\n` or a lone `\r` (as VS Code counts them);
 * columns are UTF-16 code units, which is what JavaScript string indices are.
 */
import type { SourcePosition, SourceRange } from './types';

export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 10) starts.push(i + 1);
      else if (c === 13) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  position(offset: number): SourcePosition {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: o - this.starts[lo]! };
  }

  /** The range `[offset, offset + length)`, clamped to the document. */
  range(offset: number, length: number): SourceRange {
    const start = Math.max(0, Math.min(offset, this.text.length));
    const end = Math.max(start, Math.min(offset + Math.max(0, length), this.text.length));
    return { start: this.position(start), end: this.position(end), startOffset: start, endOffset: end };
  }
}

/** The text a range covers. */
export function textAt(text: string, range: SourceRange): string {
  return text.slice(range.startOffset, range.endOffset);
}
