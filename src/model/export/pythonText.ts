/**
 * Python source fragments: numbers that read back as the same float64, string literals, and
 * tensors of numbers wrapped to a readable width. Every model-derived text reaches the Python file
 * through {@link pythonString} or {@link pythonComment}, so a name cannot end a string or a comment.
 */

/**
 * A float literal Python reads as exactly `v`: JavaScript's shortest round-trip form, with `.0` added
 * to integers (so -0 stays -0.0) and `math.inf`/`math.nan` for the values that have no literal.
 */
export function pythonFloat(v: number): string {
  if (Number.isNaN(v)) return 'math.nan';
  if (v === Infinity) return 'math.inf';
  if (v === -Infinity) return '-math.inf';
  const s = Object.is(v, -0) ? '-0' : String(v);
  return /^-?\d+$/.test(s) ? `${s}.0` : s;
}

/** A Python string literal of any text (JSON's escapes are Python's). */
export function pythonString(text: string): string {
  return JSON.stringify(text).replace(/[\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
}

/** Text safe inside a `#` comment: one line, no control characters. */
export function pythonComment(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}

/** Numbers as a Python list, wrapped after about `width` characters, continuation lines indented. */
export function pythonList(values: ArrayLike<number>, indent: string, width = 100): string {
  const lines: string[] = [];
  let line = '';
  for (let i = 0; i < values.length; i++) {
    const item = pythonFloat(values[i]!) + (i + 1 < values.length ? ',' : '');
    if (line.length > 0 && line.length + item.length + 1 > width) {
      lines.push(line);
      line = item;
    } else {
      line = line.length > 0 ? `${line} ${item}` : item;
    }
  }
  if (lines.length === 0) return `[${line}]`;
  lines.push(line);
  return `[\n${lines.map((l) => `${indent}    ${l}`).join('\n')}\n${indent}]`;
}

/** A float64 tensor of these values in this shape: `_tensor([...], (2, 3))`. */
export function pythonTensor(values: ArrayLike<number>, shape: readonly number[], indent = ''): string {
  return `_tensor(${pythonList(values, indent)}, (${shape.join(', ')}${shape.length === 1 ? ',' : ''}))`;
}
