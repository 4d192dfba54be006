// Types for scripts/lib/marketplaceChecks.mjs.
export declare function pngSize(bytes: Uint8Array | undefined): { width: number; height: number } | undefined;
export declare function readmeImages(markdown: string): string[];
export declare function readmeRelativeLinks(markdown: string): string[];
export declare function marketplaceFindings(input: {
  manifest: Record<string, any>;
  readme: string;
  readFile(file: string): Uint8Array | undefined;
  inPackage(file: string): boolean;
  vsixBytes?: number;
}): string[];
