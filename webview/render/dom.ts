/** Tiny DOM helpers: create elements with classes, attributes, text and children. No inline styles. */

type Child = Node | string | false | null | undefined;

export interface ElementProps {
  readonly class?: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, string | number | boolean | undefined>>;
}

function applyAttrs(el: Element, attrs: ElementProps['attrs']): void {
  if (!attrs) return;
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) el.removeAttribute(name);
    else el.setAttribute(name, value === true ? '' : String(value));
  }
}

function append(el: Element, children: readonly Child[]): void {
  for (const c of children) {
    if (c === false || c === null || c === undefined) continue;
    el.append(typeof c === 'string' ? document.createTextNode(c) : c);
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: ElementProps = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.class) el.className = props.class;
  if (props.text !== undefined) el.textContent = props.text;
  applyAttrs(el, props.attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

export function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: ElementProps['attrs'] = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(SVG_NS, tag);
  applyAttrs(el, attrs);
  append(el, children);
  return el;
}

export function setAttrs(el: Element, attrs: ElementProps['attrs']): void {
  applyAttrs(el, attrs);
}

export function replaceChildren(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, children);
}

/** A `<span class="icon icon-NAME">` drawn by the stylesheet from media/icons/NAME.svg (a CSS mask). */
export function icon(name: string): HTMLSpanElement {
  return h('span', { class: `icon icon-${name}`, attrs: { 'aria-hidden': 'true' } });
}

/** Show or hide an element (the `hidden` attribute, so hidden parts are out of the accessibility tree too). */
export function show(el: HTMLElement | SVGElement, visible: boolean): void {
  if (visible) el.removeAttribute('hidden'); else el.setAttribute('hidden', '');
}

let idCounter = 0;
export function uniqueId(prefix: string): string {
  return `${prefix}-${++idCounter}`;
}
