/** The module bundle.ts generates: repository files by virtual path (`/repo/…`) for nodeShims.ts. */
declare module 'gradlens-virtual-files' {
  export const VIRTUAL_FILES: Readonly<Record<string, string>>;
}
