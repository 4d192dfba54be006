// Types for scripts/lib/katexAssets.mjs.
export const SHIPPED_FONTS: readonly string[];
export function woff2OnlyCss(css: string): string;
export function writeKatexAssets(root: string): string[];
