/**
 * The texts of src/shared/ (the depth names) go through this relay: src/shared/ imports no package,
 * so it cannot call @vscode/l10n itself. Each runtime that loads a translation points the relay at
 * @vscode/l10n's `t` when it starts (the host in extension.ts, the panel in webview/main.ts); until
 * then, and in the command-line tool, `l10n.t` fills in `{0}`, `{1}`… of the English text, as
 * @vscode/l10n does without a bundle. `npm run l10n` collects these `l10n.t` calls like the others.
 */

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

/** Makes src/shared/'s texts answer through `t` (@vscode/l10n's, which knows the loaded bundle); undefined: English again. */
export function useTranslator(t: Translate | undefined): void {
  translate = t ?? english;
}
