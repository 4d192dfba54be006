// Types for scripts/lib/zip.mjs.
export interface ZipEntry {
  name: string;
  size: number;
  compressedSize: number;
}
export declare function listZip(file: string): ZipEntry[];
