/** The extension host this build runs in: the browser's web worker extension host (vscode.dev, github.dev). */
import type * as NodeSide from './hostKind';

export const HOST_KIND: 'node' | 'web' = 'web';

({ HOST_KIND }) satisfies typeof NodeSide;
