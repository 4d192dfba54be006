/**
 * Reading what the command line names, within budgets: a model file is read only when it is a regular
 * file no larger than the size cap (FIFOs, devices, sockets and folders are refused by type, found with
 * `stat`, without opening them); `-` is standard input, read up to the same cap. Quoted globs are
 * expanded here when the shell did not (quoted, or on Windows).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export type ReadResult = { readonly text: string } | { readonly error: string };

/** What kind of thing a path is, in words, when it is not a regular file. */
function kindOf(stat: fs.Stats): string | undefined {
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a FIFO';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  if (stat.isSocket()) return 'a socket';
  return 'not a file';
}

function bytes(n: number): string {
  return n.toLocaleString('en-US');
}

function tooLarge(size: number, maxBytes: number): string {
  return `it has ${bytes(size)} bytes; at most ${bytes(maxBytes)} are read (--max-bytes)`;
}

function reason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'ELOOP') return 'too many symbolic links';
  if (code === 'EISDIR') return 'it is a folder';
  return code ? `(${code})` : String((error as Error).message ?? error);
}

/** Reads a model file (UTF-8), or says why not. `-` reads standard input. */
export function readModelFile(file: string, maxBytes: number): ReadResult {
  if (file === '-') return readStandardInput(maxBytes);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file); // follows symbolic links: a link to /dev/zero is judged as /dev/zero
  } catch (error) {
    return { error: reason(error) };
  }
  const kind = kindOf(stat);
  if (kind) return { error: kind === 'a folder' ? 'it is a folder' : `it is ${kind}, not a regular file` };
  if (stat.size > maxBytes) return { error: tooLarge(stat.size, maxBytes) };
  try {
    // O_NONBLOCK: should the file have been swapped for a FIFO since the stat, opening it cannot block.
    const fd = fs.openSync(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
    try {
      const again = fs.fstatSync(fd);
      const kindNow = kindOf(again);
      if (kindNow) return { error: `it is ${kindNow}, not a regular file` };
      return readCapped(fd, maxBytes);
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    return { error: reason(error) };
  }
}

/** Reads at most `maxBytes` (one more tells that there was more). */
function readCapped(fd: number, maxBytes: number): ReadResult {
  const chunks: Buffer[] = [];
  let total = 0;
  const chunk = Buffer.alloc(1 << 16);
  for (;;) {
    let n: number;
    try {
      n = fs.readSync(fd, chunk, 0, chunk.length, null);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EAGAIN') continue;
      if ((error as NodeJS.ErrnoException).code === 'EOF') break;
      throw error;
    }
    if (n === 0) break;
    total += n;
    if (total > maxBytes) return { error: `it has more than ${bytes(maxBytes)} bytes; at most ${bytes(maxBytes)} are read (--max-bytes)` };
    chunks.push(Buffer.from(chunk.subarray(0, n)));
  }
  const text = Buffer.concat(chunks).toString('utf8');
  // A UTF-8 byte order mark is not part of the text, as VS Code reads it: positions agree with the editor's.
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}

function readStandardInput(maxBytes: number): ReadResult {
  try {
    return readCapped(0, maxBytes);
  } catch (error) {
    return { error: `cannot read standard input: ${reason(error)}` };
  }
}

const GLOB_CHARS = /[*?[]/;

/** `*`, `?` and `[...]` of one path segment as a regular expression (a leading dot is matched only explicitly). */
function segmentPattern(segment: string): RegExp {
  let source = '';
  for (let i = 0; i < segment.length; i++) {
    const c = segment[i];
    if (c === '*') source += '[^/]*';
    else if (c === '?') source += '[^/]';
    else if (c === '[') {
      const close = segment.indexOf(']', i + 2);
      if (close < 0) source += '\\[';
      else {
        const body = segment.slice(i + 1, close).replace(/^!/, '^').replace(/\\/g, '\\\\');
        source += `[${body}]`;
        i = close;
      }
    } else source += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${segment.startsWith('.') ? '' : '(?!\\.)'}${source}$`);
}

/**
 * Expands one argument that the shell left as a glob (it names no existing file and contains `*`, `?`
 * or `[`): each segment matched against the folder's entries, sorted. An argument that matches nothing
 * is kept as it is (and reported as missing).
 */
export function expandGlob(arg: string): string[] {
  if (arg === '-' || !GLOB_CHARS.test(arg) || fs.existsSync(arg)) return [arg];
  const normalised = arg.replace(/\\/g, '/');
  const absolute = path.isAbsolute(normalised);
  const segments = normalised.split('/').filter((s, i) => s !== '' || i === 0);
  let bases = [absolute ? '/' : ''];
  for (const segment of segments) {
    if (segment === '') continue;
    if (!GLOB_CHARS.test(segment)) {
      bases = bases.map((b) => (b === '' ? segment : path.posix.join(b, segment)));
      continue;
    }
    const pattern = segmentPattern(segment);
    const next: string[] = [];
    for (const base of bases) {
      let entries: string[];
      try {
        entries = fs.readdirSync(base === '' ? '.' : base);
      } catch {
        continue;
      }
      for (const entry of entries.sort()) if (pattern.test(entry)) next.push(base === '' ? entry : path.posix.join(base, entry));
    }
    bases = next;
  }
  const found = bases.filter((b) => b !== '' && fs.existsSync(b));
  return found.length > 0 ? found : [arg];
}

/** Every argument, with the globs the shell left expanded. */
export function expandGlobs(args: readonly string[]): string[] {
  return args.flatMap(expandGlob);
}
