// Types for scripts/cli-package.mjs, so TypeScript tests can import it.
export declare function packCli(options?: { outDir?: string; stageDir?: string; quiet?: boolean }): Promise<string>;
