/**
 * The panel's Content Security Policy nonce: 128 random bits, from `node:crypto` in the Node extension
 * host and from `crypto.getRandomValues` in the browser's (src/platform/random.ts / random.web.ts).
 */
import { describe, expect, it } from 'vitest';
import { createNonce } from '../../src/panel/panelHtml';
import { randomBytesOf as nodeRandom } from '../../src/platform/random';
import { randomBytesOf as webRandom } from '../../src/platform/random.web';

describe('the nonce', () => {
  it('is 16 random bytes in base64, a new one each time', () => {
    const nonces = new Set(Array.from({ length: 50 }, () => createNonce()));
    expect(nonces.size).toBe(50);
    for (const nonce of nonces) expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it.each([['Node', nodeRandom], ['browser', webRandom]] as const)('takes its bytes from a cryptographic source in the %s host', (_host, random) => {
    const a = random(16), b = random(16);
    expect(a).toBeInstanceOf(Uint8Array);
    expect(a).toHaveLength(16);
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(false);
  });
});
