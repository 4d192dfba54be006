// Types for scripts/lib/gemm-wat.mjs, so TypeScript tests and the benchmark can import it.
export interface GemmTile { readonly mr: number; readonly nv: number; readonly kc: number; readonly mc: number }
export interface GemmOptions { readonly shared?: boolean }
export declare const GEMM_TILE: GemmTile;
export declare const SHARED_MAX_PAGES: number;
export declare function gemmWat(tile?: GemmTile, options?: GemmOptions): string;
export declare function assembleGemm(tile?: GemmTile, options?: GemmOptions): Promise<Uint8Array>;
export declare function gemmModuleSource(bytes: Uint8Array, sharedBytes: Uint8Array, tile?: GemmTile): string;
export declare function writeGemmModule(root: string): Promise<boolean>;
