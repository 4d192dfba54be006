/** The extension host this build runs in: `node` here, `web` in the browser build (hostKind.web.ts). */
export const HOST_KIND: 'node' | 'web' = 'node';
