/**
 * Waiting for the panel without a fixed wait, so a busy machine only makes the tests slower:
 * - `deliver` posts host messages to the page and resolves once the page has received them all (a marker
 *   message posted after them comes back to a listener of our own; messages from one source arrive in order);
 * - `settled` resolves once the panel has rendered everything asked of it (the webview marks a requested
 *   render with data-render-pending="true" until it runs).
 */
import type { Page } from 'playwright-core';

const SETTLED = `new Promise((ok) => {
  const app = document.querySelector('[data-renders]') || document.body;
  const wait = () => (app.getAttribute('data-render-pending') !== 'true' ? ok() : requestAnimationFrame(wait));
  wait();
})`;

export async function settled(page: Page): Promise<void> {
  await page.evaluate(SETTLED);
}

export async function deliver(page: Page, messages: readonly unknown[]): Promise<void> {
  const marker = { __delivered: Math.random() };
  await page.evaluate(`new Promise((ok) => {
    const marker = ${JSON.stringify(marker)};
    const on = (e) => { if (e.data && e.data.__delivered === marker.__delivered) { window.removeEventListener('message', on); ok(); } };
    window.addEventListener('message', on);
    for (const m of ${JSON.stringify(messages)}) window.postMessage(m, '*');
    window.postMessage(marker, '*');
  })`);
}
