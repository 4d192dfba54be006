/** Plain-text tables and number formats for the benchmark's console output and the README. */

/** A duration in milliseconds, with units chosen so that 3 significant digits show: µs, ms or s. */
export function formatMs(ms: number): string {
  if (!Number.isFinite(ms)) return ms !== ms ? 'n/a' : String(ms);
  const abs = Math.abs(ms);
  if (abs < 1) return `${sig(ms * 1000)} µs`;
  if (abs < 1000) return `${sig(ms)} ms`;
  return `${sig(ms / 1000)} s`;
}

/** A ratio such as 412× or 2.31×. */
export function formatRatio(r: number): string {
  if (!Number.isFinite(r)) return 'n/a';
  return `${r >= 100 ? Math.round(r).toLocaleString('en') : sig(r)}×`;
}

/** Bytes as KB (1 KB = 1024 bytes) with one decimal. */
export function formatKB(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

/** Three significant digits, no exponent for the ranges used here. */
function sig(x: number): string {
  const abs = Math.abs(x);
  if (abs >= 100) return x.toFixed(0);
  if (abs >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

export type Align = 'left' | 'right';

/**
 * A table with a header row, a separator and aligned columns. `markdown` gives a GitHub table
 * (pipes, `---:` for right-aligned columns); otherwise two spaces between columns.
 * Column alignment defaults to left for the first column and right for the others.
 */
export function formatTable(
  header: readonly string[], rows: readonly (readonly string[])[],
  options: { markdown?: boolean; align?: readonly Align[] } = {},
): string {
  const cols = header.length;
  for (const [i, row] of rows.entries()) {
    if (row.length !== cols) throw new Error(`formatTable: row ${i} has ${row.length} cells, the header has ${cols}`);
  }
  const align = header.map((_, c) => options.align?.[c] ?? (c === 0 ? 'left' : 'right'));
  const width = header.map((h, c) => Math.max(len(h), ...rows.map((r) => len(r[c]))));
  const pad = (s: string, c: number) => {
    const fill = ' '.repeat(width[c] - len(s));
    return align[c] === 'left' ? s + fill : fill + s;
  };
  if (options.markdown) {
    const line = (cells: readonly string[]) => `| ${cells.map((s, c) => pad(s, c)).join(' | ')} |`;
    const sep = `|${width.map((w, c) => (align[c] === 'right' ? `${'-'.repeat(w + 1)}:` : `:${'-'.repeat(w + 1)}`)).join('|')}|`;
    return [line(header), sep, ...rows.map(line)].join('\n');
  }
  const line = (cells: readonly string[]) => cells.map((s, c) => pad(s, c)).join('  ').trimEnd();
  return [line(header), width.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** Display length: code points, so µ and × count as one column. */
function len(s: string): number {
  return [...s].length;
}
