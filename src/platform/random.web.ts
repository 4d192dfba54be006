/** Random bytes in the web worker extension host: `crypto.getRandomValues` (src/platform/random.ts in Node). */
import type * as NodeSide from './random';

/** `count` cryptographically random bytes. */
export function randomBytesOf(count: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(count));
}

({ randomBytesOf }) satisfies typeof NodeSide;
