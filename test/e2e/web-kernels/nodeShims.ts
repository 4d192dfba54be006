/**
 * The Node built-ins the engine's fidelity test files use, for their browser bundle (bundle.ts maps
 * `node:fs`, `node:path` and `node:url` here): a read-only file system of the files bundle.ts put in
 * (the PyTorch fixtures, the digits data) under the virtual root `/repo`, and the path helpers.
 */
import { VIRTUAL_FILES } from 'gradlens-virtual-files';

/** `a/b/../c` → `a/c` (POSIX, absolute paths only here). */
function normalize(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '' && part !== '.') parts.push(part);
  }
  return `/${parts.join('/')}`;
}

export function join(...parts: string[]): string {
  return normalize(parts.join('/'));
}

export function fileURLToPath(url: string | URL): string {
  return decodeURIComponent(new URL(String(url)).pathname);
}

export function readFileSync(path: string | URL): string {
  const text = VIRTUAL_FILES[normalize(typeof path === 'string' ? path : fileURLToPath(path))];
  if (text === undefined) throw new Error(`ENOENT: not among the bundled files: ${String(path)}`);
  return text;
}

export function readdirSync(dir: string): string[] {
  const prefix = `${normalize(dir)}/`;
  return Object.keys(VIRTUAL_FILES).filter((p) => p.startsWith(prefix) && !p.slice(prefix.length).includes('/')).map((p) => p.slice(prefix.length));
}

export default { join, fileURLToPath, readFileSync, readdirSync };
