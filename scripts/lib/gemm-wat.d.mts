// Types for scripts/lib/gemm-wat.mjs, so TypeScript tests and the benchmark can import it.
export interface GemmTile { readonly mr: number; readonly nv: number; readonly kc: number; readonly mc: number }
export declare const GEMM_TILE: GemmTile;
export declare function gemmWat(tile?: GemmTile): string;
export declare function assembleGemm(tile?: GemmTile): Promise<Uint8Array>;
export declare function gemmModuleSource(bytes: Uint8Array, tile?: GemmTile): string;
export declare function writeGemmModule(root: string): Promise<boolean>;
