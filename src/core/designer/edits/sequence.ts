/**
 * Where a Sequential model's layers sit in the source, for adding, deleting and moving them: the items of its
 * `Sequential([...])` list and its `model.add(...)` statements. Edits keep the list's layout (one line or one
 * item per line, hanging or block indentation, trailing comma or not) and never touch comments.
 */
import type { SequentialModel, SourceRange } from '../../model/graph';
import { named, type SyntaxNode } from '../../python/parser';
import { alignTo, endsLine, lineEnd, lineIndent, lineStart, outsideText, reindent, startsLine, type TextEdit } from './text-edit';

interface Span {
  readonly start: number;
  readonly end: number;
}

/** A `[...]` or `(...)` of layers as written. */
export interface ListLayout {
  /** Just after the opening bracket. */
  readonly open: number;
  /** The closing bracket. */
  readonly close: number;
  /** Every element (an `Input` too), without comments. */
  readonly items: readonly Span[];
  readonly comments: readonly Span[];
  readonly trailingComma: boolean;
  /** Items on separate lines (as opposed to all on one). */
  readonly multiline: boolean;
}

export type EntryPlace =
  | { readonly via: 'list'; readonly list: ListLayout; readonly item: number; readonly slot: Span }
  | {
      readonly via: 'add';
      /** The whole `model.add(...)` statement. */
      readonly statement: Span;
      /** `model` of `model.add(...)`. */
      readonly receiver: string;
      /** The layer expression passed to add. */
      readonly slot: Span;
      /** The statement is alone in its block (deleting it would leave the block empty). */
      readonly alone: boolean;
    };

export interface SequenceLayout {
  /** One place per entry of the model, in order. */
  readonly places: readonly EntryPlace[];
  /** The list given to `Sequential(...)`, even when it holds no layer yet. */
  readonly list?: ListLayout;
  /** For a model with no layer yet and no list: where a first `model.add(...)` goes. */
  readonly firstAdd?: { readonly at: number; readonly indent: string; readonly receiver: string };
  /** What ends a new `model.add(...)` statement: `;` in JavaScript written with semicolons. */
  readonly terminator?: string;
}

/** The node that spans exactly `range`, of one of `types`. */
export function nodeAt(root: SyntaxNode, range: Span, types: readonly string[]): SyntaxNode | undefined {
  let node: SyntaxNode | null = root.descendantForIndex(range.start, range.end);
  while (node && node.startIndex >= range.start && node.endIndex <= range.end) {
    if (node.startIndex === range.start && node.endIndex === range.end && types.includes(node.type)) return node;
    node = node.parent;
  }
  return undefined;
}

const span = (n: SyntaxNode): Span => ({ start: n.startIndex, end: n.endIndex });
const fromRange = (r: SourceRange): Span => ({ start: r.startIndex, end: r.endIndex });

/** The offset of the comma right after `offset` (spaces and newlines allowed before it), or -1. */
export function commaAfter(text: string, offset: number, limit: number): number {
  const m = /^\s*,/.exec(text.slice(offset, limit));
  return m ? offset + m[0].length - 1 : -1;
}

export function listLayout(text: string, node: SyntaxNode): ListLayout {
  const children = named(node);
  const items = children.filter((c) => c.type !== 'comment').map(span);
  const comments = children.filter((c) => c.type === 'comment').map(span);
  const open = node.startIndex + 1;
  const close = node.endIndex - 1;
  const last = items[items.length - 1];
  const trailingComma = last !== undefined && commaAfter(text, last.end, close) >= 0;
  const lineOf = (offset: number) => text.slice(0, offset).split('\n').length;
  let multiline = false;
  if (items.length >= 2) {
    for (let i = 1; i < items.length; i++) if (lineOf(items[i].start) !== lineOf(items[i - 1].end)) multiline = true;
  } else if (last) {
    multiline = lineOf(last.start) !== lineOf(open) || lineOf(close) !== lineOf(last.end);
  }
  return { open, close, items, comments, trailingComma, multiline };
}

/** The statement node (a child of a block or the module) that contains `node`. */
function statementOf(node: SyntaxNode): SyntaxNode | undefined {
  let n: SyntaxNode | null = node;
  while (n && n.parent && n.parent.type !== 'block' && n.parent.type !== 'module') n = n.parent;
  return n?.parent ? n : undefined;
}

/** The list passed to `Sequential(...)` (positionally or as `layers=`). */
function sequentialList(call: SyntaxNode): SyntaxNode | undefined {
  const args = call.childForFieldName('arguments');
  if (!args) return undefined;
  for (const a of named(args)) {
    if (a.type === 'comment') continue;
    const value = a.type === 'keyword_argument' ? (a.childForFieldName('name')?.text === 'layers' ? a.childForFieldName('value') : null) : a;
    if (value && (value.type === 'list' || value.type === 'tuple')) return value;
    if (a.type !== 'keyword_argument') return undefined;
  }
  return undefined;
}

/** Where the model's layers are written, or why the designer cannot change their order or number. */
/** Why a Sequential model's layers cannot be rewritten whatever the language (lost track of, made in a loop), or undefined. */
export function untrackedLayers(model: SequentialModel): string | undefined {
  if (model.incomplete) return `Model Lens lost track of this model's layers (${model.incomplete}), so it does not change them; edit the code.`;
  const seen = new Set<number>();
  for (const e of model.layers) {
    if (seen.has(e.range.startIndex)) return 'Some layers are made in a loop or a helper function; add, delete and move them in the code.';
    seen.add(e.range.startIndex);
  }
  return undefined;
}

export function sequenceLayout(text: string, root: SyntaxNode, model: SequentialModel, variable: string | undefined): SequenceLayout | string {
  const untracked = untrackedLayers(model);
  if (untracked) return untracked;
  // In a notebook, a model made in another cell may get its layers here (`model.add(...)`, each checked below).
  const madeElsewhere = outsideText(text, model.range);
  const call = madeElsewhere ? undefined : nodeAt(root, fromRange(model.range), ['call']);
  if (!call && !madeElsewhere) return 'The Sequential call was not found in the source.';
  const listNode = call && sequentialList(call);
  const list = listNode ? listLayout(text, listNode) : undefined;
  const places: EntryPlace[] = [];
  for (const e of model.layers) {
    // In a notebook, `model.add(...)` in a later cell.
    if (outsideText(text, e.range)) return `Layer "${e.layer.name}" is added in another cell; add, delete and move layers in the code.`;
    if (e.via === 'list') {
      const item = list ? list.items.findIndex((i) => i.start === e.range.startIndex && i.end === e.range.endIndex) : -1;
      if (!list || item < 0) return `Layer "${e.layer.name}" is not written in the Sequential([...]) list itself; change the layers in the code.`;
      places.push({ via: 'list', list, item, slot: list.items[item] });
      continue;
    }
    const addCall = nodeAt(root, fromRange(e.range), ['call']);
    const fn = addCall?.childForFieldName('function');
    const receiver = fn?.type === 'attribute' ? fn.childForFieldName('object') : null;
    const argNodes = addCall?.childForFieldName('arguments');
    const arg = argNodes ? named(argNodes).find((a) => a.type !== 'comment') : undefined;
    const value = arg?.type === 'keyword_argument' ? arg.childForFieldName('value') : arg;
    const statement = addCall && statementOf(addCall);
    if (!addCall || !receiver || !value || !statement || statement.type !== 'expression_statement' || statement.startIndex !== addCall.startIndex) {
      return `Layer "${e.layer.name}" is added in a way the designer does not rewrite; change the layers in the code.`;
    }
    if (!startsLine(text, statement.startIndex) || !endsLine(text, statement.endIndex)) {
      return `The add() of layer "${e.layer.name}" shares its line with other code; change the layers in the code.`;
    }
    const siblings = named(statement.parent!).filter((c) => c.type !== 'comment');
    places.push({ via: 'add', statement: span(statement), receiver: receiver.text, slot: span(value), alone: siblings.length === 1 });
  }
  let firstAdd: SequenceLayout['firstAdd'];
  if (model.layers.length === 0 && !list) {
    const statement = call && statementOf(call);
    if (!variable || !statement) return 'The model has no layer and no list to put one in; add the first layer in the code.';
    // After the constructor, or after the `model.add(...)` calls (an Input, say) that follow it.
    let after = statement;
    for (let s = statement.nextNamedSibling; s; s = s.nextNamedSibling) {
      if (s.type === 'comment') continue;
      if (s.type === 'expression_statement' && s.text.startsWith(`${variable}.add(`)) after = s;
      else break;
    }
    firstAdd = { at: lineEnd(text, after.endIndex), indent: lineIndent(text, statement.startIndex), receiver: variable };
  }
  return { places, list, firstAdd };
}

// ------------------------------------------------------------------ lists

/** Puts `code` before item `p` of a list. */
function listInsertBefore(text: string, list: ListLayout, p: number, code: string): TextEdit[] {
  const target = list.items[p];
  if (!list.multiline) return [{ start: target.start, end: target.start, text: `${code}, ` }];
  // Comments on their own lines right above an item belong to it: the new layer goes above them.
  const previousEnd = p > 0 ? list.items[p - 1].end : list.open;
  let anchor = target.start;
  for (const c of list.comments) {
    if (c.start > previousEnd && c.start < anchor && startsLine(text, c.start)) anchor = c.start;
  }
  return [{ start: anchor, end: anchor, text: `${code},\n${alignTo(text, anchor)}` }];
}

/** Puts `code` after the last item of a list. */
function listAppend(text: string, list: ListLayout, code: string): TextEdit[] {
  const n = list.items.length;
  if (n === 0) return [{ start: list.open, end: list.open, text: code }];
  const last = list.items[n - 1];
  const comma = commaAfter(text, last.end, list.close);
  if (!list.multiline) {
    return comma >= 0 ? [{ start: comma + 1, end: comma + 1, text: ` ${code},` }] : [{ start: last.end, end: last.end, text: `, ${code}` }];
  }
  const indent = alignTo(text, last.start);
  if (comma >= 0) {
    const eol = lineEnd(text, comma + 1);
    const at = list.close < eol ? comma + 1 : eol;
    return [{ start: at, end: at, text: `\n${indent}${code},` }];
  }
  const eol = lineEnd(text, last.end);
  if (list.close <= eol) return [{ start: last.end, end: last.end, text: `,\n${indent}${code}` }];
  // The bracket is on a later line and a comment may follow the item: comma after the item, new line after the comment.
  return [
    { start: last.end, end: last.end, text: ',' },
    { start: eol, end: eol, text: `\n${indent}${code}` },
  ];
}

function listDelete(text: string, list: ListLayout, p: number): TextEdit[] {
  const { items } = list;
  const item = items[p];
  const comma = commaAfter(text, item.end, list.close);
  const itemEnd = comma >= 0 ? comma + 1 : item.end;
  if (list.multiline && startsLine(text, item.start) && endsLine(text, itemEnd)) {
    // The item has its lines to itself: remove them whole, with a comment at the end of its last line.
    const edits: TextEdit[] = [{ start: lineStart(text, item.start), end: Math.min(text.length, lineEnd(text, itemEnd) + 1), text: '' }];
    if (p === items.length - 1 && p > 0 && comma < 0) {
      // The list had no trailing comma; the new last item should not get one either.
      const previousComma = commaAfter(text, items[p - 1].end, item.start);
      if (previousComma >= 0) edits.push({ start: previousComma, end: previousComma + 1, text: '' });
    }
    return edits;
  }
  if (p < items.length - 1) {
    const next = itemEnd + /^\s*/.exec(text.slice(itemEnd))![0].length;
    return [{ start: item.start, end: next, text: '' }];
  }
  if (p > 0) {
    const previousComma = commaAfter(text, items[p - 1].end, item.start);
    if (comma >= 0 && previousComma >= 0) return [{ start: previousComma + 1, end: itemEnd, text: '' }];
    return [{ start: items[p - 1].end, end: item.end, text: '' }];
  }
  return [{ start: item.start, end: itemEnd, text: '' }];
}

// ------------------------------------------------------------------ the model

/** Inserts `code` (a layer expression) so that it becomes layer `index` of the model. */
export function insertLayer(text: string, layout: SequenceLayout, index: number, code: string): TextEdit[] {
  const { places } = layout;
  if (places.length === 0) {
    if (layout.list) return listAppend(text, layout.list, code);
    const first = layout.firstAdd!;
    return [{ start: first.at, end: first.at, text: `\n${first.indent}${first.receiver}.add(${code})${layout.terminator ?? ''}` }];
  }
  // After the layer it follows, in that layer's style; at the top, before the first layer.
  const after = index > 0;
  const place = places[after ? index - 1 : 0];
  if (place.via === 'list') {
    const { list } = place;
    if (!after) return listInsertBefore(text, list, place.item, code);
    return place.item + 1 < list.items.length ? listInsertBefore(text, list, place.item + 1, code) : listAppend(text, list, code);
  }
  const indent = lineIndent(text, place.statement.start);
  const statement = `${place.receiver}.add(${code})${layout.terminator ?? ''}`;
  if (!after) {
    const at = lineStart(text, place.statement.start);
    return [{ start: at, end: at, text: `${indent}${statement}\n` }];
  }
  const at = lineEnd(text, place.statement.end);
  return [{ start: at, end: at, text: `\n${indent}${statement}` }];
}

export function deleteLayer(text: string, layout: SequenceLayout, index: number): TextEdit[] | string {
  const place = layout.places[index];
  if (place.via === 'list') return listDelete(text, place.list, place.item);
  if (place.alone) return 'This add() is the only statement in its block; deleting it would leave the block empty. Change it in the code.';
  const start = lineStart(text, place.statement.start);
  return [{ start, end: Math.min(text.length, lineEnd(text, place.statement.end) + 1), text: '' }];
}

/**
 * Moves layer `from` to position `to`. The layers' texts trade places; everything around them (commas,
 * comments, `model.add(` ... `)`) stays where it is, so the layout cannot break.
 */
export function moveLayer(text: string, layout: SequenceLayout, from: number, to: number): TextEdit[] {
  const slots = layout.places.map((p) => p.slot);
  const order = slots.map((_, i) => i);
  const [moved] = order.splice(from, 1);
  order.splice(to, 0, moved);
  const column = (offset: number) => offset - lineStart(text, offset);
  const edits: TextEdit[] = [];
  order.forEach((source, slot) => {
    if (source === slot) return;
    const s = slots[source];
    const d = slots[slot];
    edits.push({ start: d.start, end: d.end, text: reindent(text.slice(s.start, s.end), column(s.start), column(d.start)) });
  });
  return edits;
}
