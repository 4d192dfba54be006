/**
 * Escaping for every sink that model-derived text reaches: Markdown (hovers, explanations, the report),
 * HTML (the handout, the panel's page) and the terminal (the command-line tool). A name, a column header
 * or a message quoting the model file is never written to one of these without passing through here.
 *
 * This module is a leaf: it imports nothing, so the host, the CLI and the webview can all use it.
 */

/** The longest piece of model text any sink shows; longer text is cut, with its length given. */
export const MAX_SHOWN_TEXT = 200;

/**
 * Cuts text longer than `max` characters: the first `max` characters, then `… (N characters)`.
 * Never splits a surrogate pair.
 */
export function cut(text: string, max = MAX_SHOWN_TEXT): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end--;
  return `${text.slice(0, end)}… (${text.length.toLocaleString('en-US')} characters)`;
}

/**
 * Escapes text for Markdown (inline, including table cells): every character Markdown or its embedded
 * HTML gives a meaning is backslash-escaped, and line breaks become spaces. So a name from a model file
 * cannot open a tag (`<script>`, `<img src=…>`), an image or a link (`![…](…)`, `[…](command:…)`), an
 * autolink (`https:` — the colon is escaped), an entity (`&lt;`), math (`$`), a heading, a list or a new
 * table row. Each escape is a CommonMark backslash escape of ASCII punctuation: it renders as the
 * character itself.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+!|<>~&:$]/g, '\\$&').replace(/\r\n|\r|\n|\u2028|\u2029/g, ' ');
}

/** Model text for a Markdown sink: cut to {@link MAX_SHOWN_TEXT} characters, then escaped. */
export function markdownText(text: string, max = MAX_SHOWN_TEXT): string {
  return escapeMarkdown(cut(text, max));
}

/** Escapes text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', '\'': '&#39;' }[c] as string));
}

/**
 * Makes text safe to print to a terminal: every control character (C0, DEL, C1, and the Unicode line and
 * paragraph separators and bidirectional controls) is written visibly as `\uXXXX`, so escape sequences,
 * carriage returns and backspaces cannot move the cursor, erase a line or hide what follows. A backslash
 * is doubled, so `\u001b` typed in a name cannot be mistaken for an escaped control character.
 */
export function escapeTerminal(text: string): string {
  return text.replace(/[\\\u0000-\u001f\u007f-\u009f\u2028\u2029\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) =>
    c === '\\' ? '\\\\' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
