/**
 * Random bytes for the webview's Content Security Policy nonce, in the Node extension host (VS Code 1.75
 * runs extensions on Node 16.14, which has no global `crypto`). The browser build uses random.web.ts
 * instead (see src/platform/README.md).
 */
import { randomBytes } from 'node:crypto';

/** `count` cryptographically random bytes. */
export function randomBytesOf(count: number): Uint8Array {
  return new Uint8Array(randomBytes(count));
}
