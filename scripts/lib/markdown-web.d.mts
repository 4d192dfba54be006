/** The npm package whose `resources/` hold VS Code's Markdown extension's browser build. */
export declare const MARKDOWN_WEB_PACKAGE: string;
/** The built-in Markdown extension's id, for `remote.extensionKind`. */
export declare const MARKDOWN_EXTENSION_ID: string;
/** The entry.js of a copy of the cached code-server whose built-in Markdown extension has its browser build. */
export declare function markdownWebCodeServerEntry(): string;
/** The registry's sha512 integrity of the package's tarball. */
export declare const MARKDOWN_WEB_INTEGRITY: string;
/** Throws one sentence unless the file's sha512 (base64) is `expected` (default MARKDOWN_WEB_INTEGRITY). */
export declare function checkTarballIntegrity(tarball: string, expected?: string): void;
