/**
 * A strict little XML reader for tests: elements, attributes, text, the five predefined entities and
 * numeric character references, an optional declaration. Throws on anything not well-formed
 * (mismatched or unclosed tags, a bare `&` or `<`, duplicate attributes, characters XML 1.0 forbids).
 */
export interface XmlElement {
  readonly name: string;
  readonly attributes: Readonly<Record<string, string>>;
  readonly children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  if (/[<]/.test(raw)) throw new Error(`'<' in text or attribute: ${raw.slice(0, 40)}`);
  return raw.replace(/&(#x[0-9a-fA-F]+|#\d+|\w+);|&/g, (whole, ref: string | undefined) => {
    if (!ref) throw new Error('a bare & is not well-formed XML');
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(Number(ref.slice(1)));
    if (!(ref in ENTITIES)) throw new Error(`unknown entity ${whole}`);
    return ENTITIES[ref];
  });
}

export function parseXml(text: string): XmlElement {
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(text)) throw new Error('XML 1.0 forbids control characters');
  const body = text.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  const tag = /<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*\s*=\s*"[^"]*")*)\s*(\/?)>|([^<]+)/gy;
  let m: RegExpExecArray | null;
  let at = 0;
  while (at < body.length && (m = tag.exec(body))) {
    at = tag.lastIndex;
    const [, closing, name, attrs, selfClosing, textPart] = m;
    if (textPart !== undefined) {
      if (stack.length === 0) { if (textPart.trim()) throw new Error('text outside the root element'); continue; }
      stack[stack.length - 1].text += decode(textPart);
      continue;
    }
    if (closing) {
      const open = stack.pop();
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name ?? 'nothing'}>`);
      continue;
    }
    const attributes: Record<string, string> = {};
    for (const a of attrs.matchAll(/([A-Za-z_][\w.-]*)\s*=\s*"([^"]*)"/g)) {
      if (a[1] in attributes) throw new Error(`duplicate attribute ${a[1]}`);
      attributes[a[1]] = decode(a[2]);
    }
    const element: XmlElement = { name, attributes, children: [], text: '' };
    if (stack.length > 0) stack[stack.length - 1].children.push(element);
    else if (root) throw new Error('two root elements');
    else root = element;
    if (!selfClosing) stack.push(element);
  }
  if (at < body.length) throw new Error(`not well-formed at: ${body.slice(at, at + 40)}`);
  if (stack.length > 0) throw new Error(`<${stack[stack.length - 1].name}> is never closed`);
  if (!root) throw new Error('no root element');
  return root;
}
