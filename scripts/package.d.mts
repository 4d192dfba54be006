// Types for scripts/package.mjs, so TypeScript tests can import it.
export declare const repoRoot: string;
export declare function manifest(): Record<string, unknown> & { name: string; version: string };
export declare function defaultVsixPath(): string;
export declare function readmeLinkArgs(repository?: unknown): string[];
export declare function checkPackage(vsix: string): string[];
export declare function packageExtension(options?: { outFile?: string; build?: boolean; quiet?: boolean; onVsceOutput?: (output: string) => void }): string;
