/**
 * The panel's HTML: its stylesheet and script, and KaTeX's (the derivation's formulas), from the extension's own folders, under a strict
 * Content Security Policy (nothing by default; scripts only with this page's nonce; styles, images
 * and fonts only from the webview's resource origin). No `vscode` import: the Chromium harness
 * serves exactly this page.
 */
import { randomBytesOf } from '../platform/random';

export interface PanelHtmlOptions {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  readonly nonce: string;
  /** `webview.asWebviewUri(dist/webview.js)` as a string. */
  readonly scriptUri: string;
  /** `webview.asWebviewUri(media/panel.css)` as a string. */
  readonly styleUri: string;
  /** KaTeX for the derivation's formulas: `asWebviewUri(dist/katex/katex.min.js)` and `…/katex.min.css` (fonts beside it). */
  readonly math?: { readonly scriptUri: string; readonly styleUri: string };
  readonly title?: string;
}

/** 128 random bits, base64: a fresh one for every page load. */
export function createNonce(): string {
  return btoa(String.fromCharCode(...randomBytesOf(16)));
}

/**
 * chart.js only sets styles through the CSSOM (`canvas.style.width = …`), which CSP does not
 * restrict, and the panel uses classes and SVG attributes; so no `'unsafe-inline'` is needed.
 */
export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    `default-src 'none'`,
    `img-src ${cspSource} data:`,
    `style-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `font-src ${cspSource}`,
  ].join('; ');
}

function escapeAttr(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function panelHtml(o: PanelHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=]{16,}$/.test(o.nonce)) throw new Error('a nonce must be at least 16 base64 characters');
  return `<!DOCTYPE html>
<html lang="en">
<head>
  <meta charset="UTF-8">
  <meta http-equiv="Content-Security-Policy" content="${escapeAttr(contentSecurityPolicy(o.cspSource, o.nonce))}">
  <meta name="viewport" content="width=device-width, initial-scale=1.0">
${o.math ? `  <link rel="stylesheet" href="${escapeAttr(o.math.styleUri)}">
` : ''}  <link rel="stylesheet" href="${escapeAttr(o.styleUri)}">
  <title>${escapeAttr(o.title ?? 'GradLens')}</title>
</head>
<body>
  <div id="app"></div>
${o.math ? `  <script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.math.scriptUri)}"></script>
` : ''}  <script nonce="${escapeAttr(o.nonce)}" src="${escapeAttr(o.scriptUri)}"></script>
</body>
</html>
`;
}
