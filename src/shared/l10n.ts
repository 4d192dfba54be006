/**
 * The texts of src/shared/ (the depth names) and of the panel go through this `l10n.t`: src/shared/
 * imports no package, so it cannot call @vscode/l10n itself, and the panel must not bundle it (its
 * browser build can `fetch` a bundle from a URL; test/robustness/webview.test.ts keeps every network
 * call out of the panel's script). The host and the worker point it at @vscode/l10n's `t`
 * (`useTranslator`); the panel gives it the bundle of its init message (`useBundle`). Until then, and
 * in the command-line tool, `l10n.t` fills in `{0}`, `{1}`… of the English text, exactly as @vscode/l10n
 * does without a bundle. `npm run l10n` collects these `l10n.t` calls like the others.
 */
import type { L10nBundle } from './l10nBundle';

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

function english(message: string, ...args: Array<string | number | boolean>): string {
  if (args.length === 0) return message;
  return message.replace(/\{(\d+)\}/g, (whole, n: string) => (args[Number(n)] === undefined ? whole : String(args[Number(n)])));
}

let translate: Translate = english;

export const l10n = {
  t(message: string, ...args: Array<string | number | boolean>): string {
    return translate(message, ...args);
  },
};

/** Answers from `bundle` (a validated init message's), as @vscode/l10n's `t` does; undefined: English again. */
export function useBundle(bundle: L10nBundle | undefined): void {
  translate = bundle ? (message, ...args) => english(bundle[message] || message, ...args) : english;
}

/** Makes src/shared/'s texts answer through `t` (@vscode/l10n's, which knows the loaded bundle); undefined: English again. */
export function useTranslator(t: Translate | undefined): void {
  translate = t ?? english;
}
