// Types for scripts/lib/buildOptions.mjs, so TypeScript tests can import it.
import type { BuildOptions } from 'esbuild';
export declare const repoRoot: string;
export declare function packageVersion(): string;
export declare function commonBuildOptions(options?: { production?: boolean }): BuildOptions;
export declare function nodeBuildOptions(entry: string, outfile: string, options?: { production?: boolean }): BuildOptions;
