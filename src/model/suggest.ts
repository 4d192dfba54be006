/** "Did you mean ...?" suggestions for misspelt keys and names. */

/** Levenshtein edit distance (insertions, deletions, substitutions; adjacent swaps count 1). */
export function editDistance(a: string, b: string): number {
  const m = a.length;
  const n = b.length;
  if (m === 0) return n;
  if (n === 0) return m;
  // Optimal string alignment distance: Levenshtein plus transpositions of neighbours.
  const d: number[][] = [];
  for (let i = 0; i <= m; i++) {
    const row = new Array<number>(n + 1).fill(0);
    row[0] = i;
    d.push(row);
  }
  for (let j = 0; j <= n; j++) d[0]![j] = j;
  for (let i = 1; i <= m; i++) {
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[m]![n]!;
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
  const w = squash(word);
  for (const c of candidates) if (squash(c) === w) return c;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const dist = editDistance(w, squash(c));
    if (dist < bestDistance) {
      bestDistance = dist;
      best = c;
    }
  }
  const allowed = Math.min(3, Math.max(1, Math.floor(Math.max(w.length, 1) / 3)));
  if (best !== undefined && bestDistance <= allowed) return best;
  // A prefix or a contained word: `sigm` → `sigmoid`, `crossentropy` → `cross-entropy`.
  if (w.length >= 3) {
    const hits = candidates.filter((c) => squash(c).startsWith(w) || (w.length >= 4 && squash(c).includes(w)));
    if (hits.length === 1) return hits[0];
  }
  return undefined;
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
