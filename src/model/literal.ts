/**
 * Mapping positions inside a JSON string's value back to the source text, through escapes:
 * in `"a\"b"` the value `a"b` has 3 characters, the literal 6.
 */

/**
 * For a string literal as written (with its quotes), `map[k]` is the offset in `raw` of the value's
 * k-th UTF-16 unit, and `map[value.length]` the offset of the closing quote (or of the end of `raw`).
 */
export function literalOffsetMap(raw: string): number[] {
  const map: number[] = [];
  let i = raw.startsWith('"') ? 1 : 0;
  while (i < raw.length) {
    const c = raw[i];
    if (c === '"') break;
    map.push(i);
    if (c === '\\') i += raw[i + 1] === 'u' ? 6 : 2;
    else i++;
  }
  map.push(Math.min(i, raw.length));
  return map;
}

/**
 * The source span `[start, end)` (absolute offsets) of `length` value characters from `offset`,
 * for the literal written at `literalOffset`. An empty span becomes one character wide (the closing
 * quote when the problem is at the end of the text), so that it can be seen and stays inside the literal.
 */
export function literalSpan(raw: string, literalOffset: number, offset: number, length: number): { start: number; end: number } {
  const map = literalOffsetMap(raw);
  const last = map.length - 1;
  const k0 = Math.max(0, Math.min(Math.trunc(offset) || 0, last));
  const k1 = Math.max(k0, Math.min(k0 + Math.max(0, Math.trunc(length) || 0), last));
  let start = map[k0]!;
  let end = map[k1]!;
  if (end <= start) end = Math.min(start + 1, raw.length);
  if (end <= start) start = Math.max(0, end - 1);
  return { start: literalOffset + start, end: literalOffset + end };
}
