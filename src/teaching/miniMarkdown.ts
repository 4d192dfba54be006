/**
 * The small Markdown subset the teaching pages are written in, to HTML: headings (# to ####),
 * paragraphs, `- ` lists, `> ` block quotes, pipe tables, fenced blocks (given to `fence`, else code), **bold**, *italic*, `code` and backslash
 * escapes. Everything else is text: every character that is not markup is HTML-escaped, so text that
 * came from a model file (escaped with `escapeMarkdown`) can never become a tag. Pure: no `vscode`.
 */
import { escapeHtml } from './text';

/** Inline markup of one line to HTML. */
export function inlineToHtml(text: string): string {
  let out = '';
  let i = 0;
  const open = { strong: false, em: false };
  while (i < text.length) {
    const c = text[i];
    if (c === '\\' && i + 1 < text.length) {
      out += escapeHtml(text[i + 1]);
      i += 2;
    } else if (c === '`') {
      const fence = text.startsWith('``', i) ? '``' : '`';
      const end = text.indexOf(fence, i + fence.length);
      if (end < 0) { out += escapeHtml(text.slice(i)); break; }
      out += `<code>${escapeHtml(text.slice(i + fence.length, end).trim())}</code>`;
      i = end + fence.length;
    } else if (text.startsWith('**', i)) {
      out += open.strong ? '</strong>' : '<strong>';
      open.strong = !open.strong;
      i += 2;
    } else if (c === '*') {
      out += open.em ? '</em>' : '<em>';
      open.em = !open.em;
      i += 1;
    } else {
      out += escapeHtml(c);
      i += 1;
    }
  }
  if (open.em) out += '</em>';
  if (open.strong) out += '</strong>';
  return out;
}

function splitRow(line: string): string[] {
  // Split on | that are not escaped.
  const cells: string[] = [];
  let cell = '';
  const body = line.trim().replace(/^\|/, '').replace(/\|$/, '');
  for (let i = 0; i < body.length; i++) {
    if (body[i] === '\\' && i + 1 < body.length) { cell += body[i] + body[i + 1]; i++; continue; }
    if (body[i] === '|') { cells.push(cell.trim()); cell = ''; continue; }
    cell += body[i];
  }
  cells.push(cell.trim());
  return cells;
}

export interface MiniMarkdownOptions {
  /** HTML for a fenced block (its info string and content), or undefined to show it as code. */
  readonly fence?: (info: string, content: string) => string | undefined;
}

/** A whole page of the subset to HTML (block level). */
export function markdownToHtml(markdown: string, options: MiniMarkdownOptions = {}): string {
  const lines = markdown.split(/\r?\n/);
  const out: string[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i];
    if (line.trim() === '') { i++; continue; }
    if (line.startsWith('```')) {
      const info = line.slice(3).trim();
      const body: string[] = [];
      i++;
      while (i < lines.length && !lines[i].startsWith('```')) body.push(lines[i++]);
      i++;
      const content = body.join('\n');
      out.push(options.fence?.(info, content) ?? `<pre><code>${escapeHtml(content)}</code></pre>`);
      continue;
    }
    const heading = /^(#{1,4}) (.*)$/.exec(line);
    if (heading) {
      const level = heading[1].length;
      out.push(`<h${level}>${inlineToHtml(heading[2])}</h${level}>`);
      i++;
      continue;
    }
    if (line.startsWith('|') && i + 1 < lines.length && /^\|(\s*-+\s*\|)+\s*$/.test(lines[i + 1])) {
      const header = splitRow(line);
      i += 2;
      const body: string[][] = [];
      while (i < lines.length && lines[i].startsWith('|')) body.push(splitRow(lines[i++]));
      out.push('<table>', `<thead><tr>${header.map((h) => `<th>${inlineToHtml(h)}</th>`).join('')}</tr></thead>`,
        `<tbody>${body.map((r) => `<tr>${r.map((c) => `<td>${inlineToHtml(c)}</td>`).join('')}</tr>`).join('')}</tbody>`, '</table>');
      continue;
    }
    if (line.startsWith('- ')) {
      const items: string[] = [];
      while (i < lines.length && lines[i].startsWith('- ')) items.push(lines[i++].slice(2));
      out.push(`<ul>${items.map((t) => `<li>${inlineToHtml(t)}</li>`).join('')}</ul>`);
      continue;
    }
    if (line.startsWith('>')) {
      const quoted: string[] = [];
      while (i < lines.length && lines[i].startsWith('>')) quoted.push(lines[i++].replace(/^> ?/, ''));
      out.push(`<blockquote>${markdownToHtml(quoted.join('\n'), options)}</blockquote>`);
      continue;
    }
    const para: string[] = [];
    while (i < lines.length && lines[i].trim() !== '' && !/^(#{1,4} |- |>|\||```)/.test(lines[i])) para.push(lines[i++]);
    if (para.length === 0) { out.push(`<p>${inlineToHtml(lines[i++])}</p>`); continue; }
    out.push(`<p>${para.map(inlineToHtml).join(' ')}</p>`);
  }
  return out.join('\n');
}
