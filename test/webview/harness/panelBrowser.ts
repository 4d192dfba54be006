/**
 * The harness server and a headless Chromium (Debian's) for a test file or a describe block: started
 * in its beforeAll, closed in its afterAll. Read `harness` and `browser` inside tests only (they are
 * set once beforeAll has run).
 */
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { startHarness, type Harness } from './server';

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export function usePanelBrowser(): { readonly harness: Harness; readonly browser: Browser } {
  let harness: Harness | undefined;
  let browser: Browser | undefined;
  beforeAll(async () => {
    harness = await startHarness();
    browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await harness?.close();
  });
  return {
    get harness() { if (!harness) throw new Error('the harness starts in beforeAll'); return harness; },
    get browser() { if (!browser) throw new Error('Chromium starts in beforeAll'); return browser; },
  };
}
