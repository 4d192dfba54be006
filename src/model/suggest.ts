/**
 * "Did you mean ...?" suggestions for misspelt keys and names.
 *
 * Bounded by construction, whatever the file holds: words longer than {@link MAX_SUGGEST_LENGTH} get no
 * suggestion and such candidates are skipped, only the first {@link MAX_CANDIDATES} candidates are
 * compared, and the edit distance stops as soon as it exceeds the distance that could still be
 * suggested. A 300-character name against a 3,000,000-character column header costs nothing.
 */

/** Longer words are not misspellings of anything in the format: no suggestion is looked for. */
export const MAX_SUGGEST_LENGTH = 64;
/** At most this many candidates are compared (a CSV header can have a million columns). */
export const MAX_CANDIDATES = 1_000;

/**
 * Optimal string alignment distance (Levenshtein plus adjacent swaps, each counting 1), computed row
 * by row in O(min) memory. With `max`, gives up as soon as the distance must exceed it and returns
 * `max + 1`: the cost is then O(max · length) for strings of different lengths and stops early otherwise.
 */
export function editDistance(a: string, b: string, max = Infinity): number {
  const m = a.length;
  const n = b.length;
  if (Math.abs(m - n) > max) return max + 1;
  if (m === 0) return n;
  if (n === 0) return m;
  let before = new Array<number>(n + 1).fill(0); // row i − 2
  let previous = Array.from({ length: n + 1 }, (_, j) => j); // row i − 1
  let current = new Array<number>(n + 1).fill(0);
  let previousMin = 0;
  for (let i = 1; i <= m; i++) {
    current[0] = i;
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, before[j - 2]! + 1);
      current[j] = v;
      if (v < rowMin) rowMin = v;
    }
    // A row's minimum never falls below the smaller of the two rows before it (a swap reaches back two
    // rows): once two rows in a row exceed the bound, the distance does too.
    if (rowMin > max && previousMin > max) return max + 1;
    previousMin = rowMin;
    [before, previous, current] = [previous, current, before];
  }
  return previous[n]!;
}

/** Lower case without `-`, `_`, spaces and dots: `Binary_CrossEntropy` ~ `binary-cross-entropy`. */
function squash(s: string): string {
  return s.toLowerCase().replace(/[-_\s.]/g, '');
}

/**
 * The candidate the user most probably meant, or undefined when nothing is close.
 * Case and separators are ignored first (`learning_rate` → `learningRate`, `ReLU` → `relu`), then
 * the edit distance must be at most a third of the word's length (at least 1, at most 3).
 */
export function closest(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > MAX_SUGGEST_LENGTH) return undefined;
  const pool = candidates.slice(0, MAX_CANDIDATES).filter((c) => c.length <= MAX_SUGGEST_LENGTH);
  const w = squash(word);
  for (const c of pool) if (squash(c) === w) return c;
  const allowed = Math.min(3, Math.max(1, Math.floor(Math.max(w.length, 1) / 3)));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const c of pool) {
    const dist = editDistance(w, squash(c), bestDistance - 1);
    if (dist < bestDistance) {
      bestDistance = dist;
      best = c;
    }
  }
  if (best !== undefined) return best;
  // A prefix or a contained word: `sigm` → `sigmoid`, `crossentropy` → `cross-entropy`.
  if (w.length >= 3) {
    const hits = pool.filter((c) => squash(c).startsWith(w) || (w.length >= 4 && squash(c).includes(w)));
    if (hits.length === 1) return hits[0];
  }
  return undefined;
}

/** `table[key]` when `key` is the table's own property (never `constructor` or `__proto__` from its prototype). */
export function ownEntry<T>(table: Readonly<Record<string, T>>, key: string): T | undefined {
  return Object.prototype.hasOwnProperty.call(table, key) ? table[key] : undefined;
}

/** ` (did you mean 'x'?)`, or an empty string. */
export function didYouMean(word: string, candidates: readonly string[]): string {
  const c = closest(word, candidates);
  return c === undefined ? '' : ` (did you mean '${c}'?)`;
}

/** `'a', 'b' or 'c'` */
export function listWords(words: readonly string[], conjunction = 'or'): string {
  const q = words.map((w) => `'${w}'`);
  if (q.length <= 1) return q.join('');
  return `${q.slice(0, -1).join(', ')} ${conjunction} ${q[q.length - 1]}`;
}
