export function woff2OnlyCss(css: string): string;
export function writeKatexAssets(root: string): string[];
