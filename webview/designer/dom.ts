/**
 * Building DOM without HTML strings: every piece of text (layer names, arguments, messages from the analysis)
 * goes in as a text node, so a layer named `<img src=x onerror=...>` shows as those characters and nothing
 * else. Attributes are set with setAttribute, never parsed.
 */

export type Child = Node | string | number | null | undefined | false;

export type Attrs = Record<string, string | number | boolean | null | undefined>;

export function h(tag: string, attrs: Attrs = {}, ...children: Child[]): HTMLElement {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, ...children);
  return el;
}

export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function on<K extends keyof HTMLElementEventMap>(el: HTMLElement, type: K, fn: (e: HTMLElementEventMap[K]) => void): HTMLElement;
export function on(el: HTMLElement, type: string, fn: (e: Event) => void): HTMLElement;
export function on(el: HTMLElement, type: string, fn: (e: Event) => void): HTMLElement {
  el.addEventListener(type, fn);
  return el;
}
