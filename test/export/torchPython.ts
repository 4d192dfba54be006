/**
 * The Python that runs exported models in the tests: the first of `python3` on the PATH and Debian's
 * `/usr/bin/python3` that imports torch. Without one, the tests fail with what to install (never pass
 * silently): Debian's `python3-torch` (`npm test` installs it through scripts/ensure-python-torch.sh).
 */
import { spawnSync } from 'node:child_process';

export const MISSING_TORCH = 'PyTorch for python3 is missing: the export tests run the exported models in PyTorch. '
  + 'Install it with `apt-get install -y python3-torch` (Debian), or run `npm test`, which installs it.';

let found: string | null | undefined;

/** The python3 that has torch, or null. */
export function pythonWithTorch(): string | null {
  if (found !== undefined) return found;
  found = null;
  for (const candidate of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(candidate, ['-c', 'import torch'], { encoding: 'utf8', timeout: 120_000 });
    if (r.status === 0) { found = candidate; break; }
  }
  return found;
}

/** The python3 with torch. @throws Error saying what to install when there is none. */
export function requireTorch(): string {
  const python = pythonWithTorch();
  if (!python) throw new Error(MISSING_TORCH);
  return python;
}
