/**
 * package.json as VS Code shows it in English: every "%key%" string replaced by its text in
 * package.nls.json, as VS Code does when it loads the extension. A key the file lacks throws, naming it.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..');

/** package.json as written (with its "%key%" placeholders). */
export function rawManifest(): Record<string, any> {
  return JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
}

/** package.nls.json (or package.nls.LANG.json): key → text. */
export function nlsBundle(language?: string): Record<string, string> {
  return JSON.parse(readFileSync(path.join(ROOT, language ? `package.nls.${language}.json` : 'package.nls.json'), 'utf8'));
}

/** A whole placeholder, as VS Code replaces it: the string is exactly "%key%". */
export const PLACEHOLDER = /^%([^%\s]+)%$/;

/** Replaces every placeholder string in value (deeply) with its text in nls. */
export function localize<T>(value: T, nls: Record<string, string> = nlsBundle()): T {
  if (typeof value === 'string') {
    const match = PLACEHOLDER.exec(value);
    if (!match) return value;
    if (!(match[1] in nls)) throw new Error(`package.json uses "%${match[1]}%", which package.nls.json lacks`);
    return nls[match[1]] as T;
  }
  if (Array.isArray(value)) return value.map((item) => localize(item, nls)) as T;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, localize(v, nls)])) as T;
  return value;
}

/** package.json with package.nls.json's English texts in place of its placeholders. */
export function localizedManifest(): Record<string, any> {
  return localize(rawManifest());
}
