/**
 * A combobox that works from the keyboard as people expect (the ARIA 1.2 combobox pattern): typing filters the
 * list and highlights the best match (the exact name first, then names that start with the text, then names
 * that contain it), ArrowUp/ArrowDown move the highlight, Enter picks the highlighted item, Escape puts the
 * text back. Leaving the field keeps a typed exact name and otherwise puts the text back.
 *
 * The element returned is the wrapper: it has `value` (the chosen option's value) and sends `change` when a
 * different option is picked, like a select.
 */
import { h } from './dom';

export interface ComboOption {
  readonly value: string;
  readonly label: string;
  readonly description?: string;
}

export type ComboElement = HTMLElement & { value: string };

/** Options matching `text`, best first; all of them for no text. */
export function rankOptions(options: readonly ComboOption[], text: string): ComboOption[] {
  const t = text.trim().toLowerCase();
  if (!t) return [...options];
  const rank = (o: ComboOption) => {
    const l = o.label.toLowerCase();
    return l === t ? 0 : l.startsWith(t) ? 1 : l.includes(t) ? 2 : (o.description ?? '').toLowerCase().includes(t) ? 3 : -1;
  };
  return options
    .map((o, i) => ({ o, i, r: rank(o) }))
    .filter((x) => x.r >= 0)
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.o);
}

let nextId = 1;

export function combobox(id: string, options: readonly ComboOption[], value: string, label: string): ComboElement {
  const listId = `${id}-list-${nextId++}`;
  let chosen = value;
  let shown: ComboOption[] = [];
  let active = -1;
  const labelOf = (v: string) => options.find((o) => o.value === v)?.label ?? v;
  const input = h('input', {
    id,
    'data-key': id,
    class: 'combo-input',
    type: 'text',
    role: 'combobox',
    'aria-label': label,
    'aria-autocomplete': 'list',
    'aria-expanded': 'false',
    'aria-controls': listId,
    autocomplete: 'off',
    spellcheck: 'false',
  }) as HTMLInputElement;
  input.value = labelOf(chosen);
  const list = h('ul', { id: listId, class: 'combo-list', role: 'listbox', 'aria-label': label, hidden: true });
  const wrapper = h('div', { class: 'combo' }, input, list) as ComboElement;
  Object.defineProperty(wrapper, 'value', {
    get: () => chosen,
    set: (v: string) => {
      chosen = v;
      input.value = labelOf(v);
    },
  });
  wrapper.focus = () => input.focus();

  const draw = () => {
    list.replaceChildren(
      ...shown.map((o, i) => {
        const item = h('li', { id: `${listId}-${i}`, role: 'option', class: i === active ? 'active' : '', 'aria-selected': String(i === active) }, o.label, o.description ? h('span', { class: 'muted' }, ` ${o.description}`) : null);
        // mousedown, not click: the input keeps the focus.
        item.addEventListener('mousedown', (e) => {
          e.preventDefault();
          pick(o);
        });
        return item;
      }),
    );
    if (active >= 0) input.setAttribute('aria-activedescendant', `${listId}-${active}`);
    else input.removeAttribute('aria-activedescendant');
    (list.children[active] as HTMLElement | undefined)?.scrollIntoView?.({ block: 'nearest' });
  };
  const open = (text: string) => {
    shown = rankOptions(options, text);
    active = text.trim() ? (shown.length ? 0 : -1) : shown.findIndex((o) => o.value === chosen);
    list.hidden = false;
    input.setAttribute('aria-expanded', 'true');
    draw();
  };
  const close = () => {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
  };
  const pick = (o: ComboOption) => {
    close();
    input.value = o.label;
    if (o.value === chosen) return;
    chosen = o.value;
    wrapper.dispatchEvent(new Event('change'));
  };
  const isOpen = () => !list.hidden;

  input.addEventListener('input', () => open(input.value));
  input.addEventListener('click', () => (isOpen() ? close() : open('')));
  // The text field's own change event is not the combobox's.
  input.addEventListener('change', (e) => e.stopPropagation());
  input.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (!isOpen()) return open('');
      if (shown.length === 0) return;
      active = e.key === 'ArrowDown' ? Math.min(active + 1, shown.length - 1) : Math.max(active - 1, 0);
      draw();
    } else if (e.key === 'Enter') {
      e.preventDefault();
      e.stopPropagation();
      if (isOpen() && active >= 0 && shown[active]) pick(shown[active]);
      else if (isOpen()) close();
      else open('');
    } else if (e.key === 'Escape' && isOpen()) {
      e.preventDefault();
      e.stopPropagation();
      close();
      input.value = labelOf(chosen);
    }
  });
  input.addEventListener('blur', () => {
    const exact = options.find((o) => o.label.toLowerCase() === input.value.trim().toLowerCase());
    if (exact) pick(exact);
    else {
      close();
      input.value = labelOf(chosen);
    }
  });
  return wrapper;
}
