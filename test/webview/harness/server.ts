/**
 * The harness: the real webview bundle built by esbuild, served with the host's own page (the same
 * CSP, with the server as `cspSource`) from a tiny HTTP server on 127.0.0.1, and an init script that
 * plays VS Code: a fake `acquireVsCodeApi` that records posted messages and state, and the theme's
 * variables and body class, set the way VS Code sets them (through the CSSOM, before the app runs).
 */
import * as esbuild from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join, normalize, resolve } from 'node:path';
import { panelHtml } from '../../../src/panel/panelHtml';
import type { HarnessTheme } from './themes';
import { woff2OnlyCss } from '../../../scripts/lib/katexAssets.mjs';

/** The repository root, found from this file (callers bundled elsewhere, like the bench, pass it). */
function defaultRepo(): string {
  return resolve(new URL('../../../', import.meta.url).pathname);
}

export interface Harness {
  readonly url: string;
  readonly bundleBytes: number;
  close(): Promise<void>;
}

export async function startHarness(repo: string = defaultRepo()): Promise<Harness> {
  const out = mkdtempSync(join(tmpdir(), 'gradlens-harness-'));
  const bundle = join(out, 'webview.js');
  await esbuild.build({
    entryPoints: [join(repo, 'webview/main.ts')], outfile: bundle, bundle: true, minify: true,
    platform: 'browser', target: 'es2022', format: 'iife', legalComments: 'none', logLevel: 'silent',
  });
  const script = readFileSync(bundle);
  const mediaRoot = join(repo, 'media');
  // dist/katex/ as scripts/lib/katexAssets.mjs writes it, served from the installed package.
  const katexRoot = join(repo, 'node_modules', 'katex', 'dist');
  const katexCss = woff2OnlyCss(readFileSync(join(katexRoot, 'katex.min.css'), 'utf8'));
  let origin = '';

  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent((req.url ?? '/').split('?')[0]);
    const send = (status: number, type: string, body: string | Buffer) => { res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store' }); res.end(body); };
    if (path === '/') {
      return send(200, 'text/html; charset=utf-8', panelHtml({ cspSource: origin, nonce: 'aGFybmVzc05vbmNlMTIzNA==', scriptUri: `${origin}/dist/webview.js`, styleUri: `${origin}/media/panel.css`, math: { scriptUri: `${origin}/dist/katex/katex.min.js`, styleUri: `${origin}/dist/katex/katex.min.css` } }));
    }
    if (path === '/favicon.ico') return send(204, 'image/x-icon', ''); // Chromium asks; VS Code has none
    if (path === '/dist/webview.js') return send(200, 'text/javascript', script);
    if (path === '/dist/katex/katex.min.js') return send(200, 'text/javascript', readFileSync(join(katexRoot, 'katex.min.js')));
    if (path === '/dist/katex/katex.min.css') return send(200, 'text/css', katexCss);
    if (/^\/dist\/katex\/fonts\/KaTeX_[A-Za-z0-9_-]+\.woff2$/.test(path)) {
      try { return send(200, 'font/woff2', readFileSync(join(katexRoot, 'fonts', path.slice('/dist/katex/fonts/'.length)))); } catch { return send(404, 'text/plain', 'not found'); }
    }
    if (path.startsWith('/media/')) {
      const file = normalize(join(mediaRoot, path.slice('/media/'.length)));
      if (!file.startsWith(mediaRoot + '/')) return send(403, 'text/plain', 'outside media/');
      try {
        const type = file.endsWith('.css') ? 'text/css' : file.endsWith('.svg') ? 'image/svg+xml' : 'application/octet-stream';
        return send(200, type, readFileSync(file));
      } catch { return send(404, 'text/plain', 'not found'); }
    }
    return send(404, 'text/plain', 'not found');
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('no address');
  origin = `http://127.0.0.1:${address.port}`;
  return {
    url: `${origin}/`,
    bundleBytes: script.length,
    close: () => new Promise<void>((ok) => server.close(() => { rmSync(out, { recursive: true, force: true }); ok(); })),
  };
}

/** The script run before the page's own: VS Code's side of the webview. */
export function vscodeInitScript(theme: HarnessTheme, savedState?: unknown): string {
  return `(() => {
  const theme = ${JSON.stringify(theme)};
  window.__posted = [];
  window.__state = ${JSON.stringify(savedState ?? null)};
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(e.violatedDirective + ' ' + e.blockedURI));
  let acquired = false;
  window.acquireVsCodeApi = () => {
    if (acquired) throw new Error('acquireVsCodeApi called twice');
    acquired = true;
    return Object.freeze({
      postMessage: (m) => { window.__posted.push(JSON.parse(JSON.stringify(m))); },
      getState: () => window.__state,
      setState: (s) => { window.__state = JSON.parse(JSON.stringify(s)); return s; },
    });
  };
  window.__applyTheme = (t) => {
    for (const [name, value] of Object.entries(t.vars)) document.documentElement.style.setProperty(name, value);
    document.body.className = t.bodyClass;
    document.body.setAttribute('data-vscode-theme-kind', t.kind);
  };
  const apply = () => { if (!document.body) return false; window.__applyTheme(theme); return true; };
  if (!apply()) new MutationObserver((_, o) => { if (apply()) o.disconnect(); }).observe(document, { childList: true, subtree: true });
})();`;
}
