// Types for scripts/l10n-bundle.mjs, so TypeScript tests can import it.
export declare const BUNDLE_FILE: string;
export declare function collectMessages(dirs?: string | readonly string[]): { messages: { text: string; where: string }[]; problems: string[] };
export declare function bundleText(messages: readonly { text: string }[]): string;
