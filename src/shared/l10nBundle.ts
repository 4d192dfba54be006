/**
 * The translations the host sends to the analysis worker and to the panel in their init messages:
 * VS Code's loaded bundle for the display language (`vscode.l10n.bundle`, the contents of
 * l10n/bundle.l10n.LANG.json), `{ "English text": "translated text" }`. Neither runtime may import
 * `vscode`, so each loads it into `@vscode/l10n` (`l10n.config({ contents })`) and its `l10n.t` calls
 * then answer in that language; without one they answer in English.
 */
import { isPlainObject } from './wireChecks';

export type L10nBundle = Readonly<Record<string, string>>;

/** More texts than GradLens has, with room to grow; a bigger "bundle" is not one. */
const MAX_ENTRIES = 20_000;
/** Longer than any GradLens text, translated. */
const MAX_TEXT_LENGTH = 4_000;

/**
 * A validated copy of a bundle, or undefined when `value` is not exactly one: a plain object whose
 * every own key and value is a string of bounded length (no prototype tricks, nothing else).
 */
export function parseL10nBundle(value: unknown): L10nBundle | undefined {
  if (!isPlainObject(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length > MAX_ENTRIES) return undefined;
  const copy: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [key, text] of entries) {
    if (typeof text !== 'string' || key.length > MAX_TEXT_LENGTH || text.length > MAX_TEXT_LENGTH) return undefined;
    copy[key] = text;
  }
  return copy;
}
