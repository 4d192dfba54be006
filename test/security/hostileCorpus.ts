/**
 * The hostile corpus of issue 19: names that would do something if a Markdown or HTML sink rendered
 * them, and the patterns that find such a name rendered live. The security tests run these through the
 * CLI and the extension's own modules; the fuzz suite (test/robustness/fuzz.test.ts) mutates model
 * files built from them.
 */

/** Markdown that would do something if rendered: raw HTML, images, links, command links, headings. */
export const ACTIVE_MARKDOWN: readonly RegExp[] = [
  /(^|[^\\])<(script|img|iframe|a |svg|style)/i,
  /(^|[^\\])!\[/,
  /(^|[^\\])\]\(/,
  /\]\(command:/,
  /^\s{0,3}#+ (injected|echo)/m,
  /^echo PWNED/m,
];

/** Names a hostile model file gives its model, layers, activations and columns. */
export const HOSTILE_NAMES: readonly string[] = [
  '<script>alert(1)</script>',
  '<img src="https://evil.example/track.png">',
  '![pixel](https://evil.example/p.png)',
  '[Open a terminal](command:workbench.action.terminal.new)',
  'demo\n# injected heading\necho PWNED',
  '`code` | table | break',
  '\u001b[2J\u001b[1;1Hcleared',
  'constructor',
  '__proto__',
  '\u202eevil\u202c',
];
