/**
 * One panel page of a harness test: a new Chromium page in a theme, the real webview bundle loaded and
 * announced (`ready` posted), the host's first messages delivered and rendered. What every harness test
 * of a card needs before it looks at the card.
 */
import type { Page } from 'playwright-core';
import type { HostToPanelMessage, PanelToHostMessage } from '../../../src/shared/protocol';
import type { usePanelBrowser } from './panelBrowser';
import { vscodeInitScript } from './server';
import { deliver, settled } from './settle';
import type { HarnessTheme } from './themes';

export interface OpenPanel {
  readonly page: Page;
  /** What the page threw or logged as an error (a test ends by expecting none). */
  readonly errors: string[];
  /** Delivers host messages and waits until the panel has rendered them. */
  send(...messages: HostToPanelMessage[]): Promise<void>;
  /** Every message the panel posted to the host so far, in order. */
  posted(): Promise<PanelToHostMessage[]>;
}

export interface OpenPanelOptions {
  readonly theme: HarnessTheme;
  /** The page's height in CSS pixels (the width is 1100); 900 unless a card needs more on screen. */
  readonly height?: number;
}

/** Opens the panel in a new page of `panel`'s Chromium and sends it `messages` (a snapshot, usually). */
export async function openPanelWith(panel: ReturnType<typeof usePanelBrowser>, options: OpenPanelOptions, ...messages: HostToPanelMessage[]): Promise<OpenPanel> {
  const page = await panel.browser.newPage({ viewport: { width: 1100, height: options.height ?? 900 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(60_000); // a hang bound, not a timing
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
  await page.addInitScript({ content: vscodeInitScript(options.theme) });
  await page.goto(panel.harness.url);
  await page.waitForFunction('window.__posted.length > 0');
  const send = async (...more: HostToPanelMessage[]) => { await deliver(page, more); await settled(page); };
  await send(...messages);
  return { page, errors, send, posted: () => page.evaluate('window.__posted') as Promise<PanelToHostMessage[]> };
}
