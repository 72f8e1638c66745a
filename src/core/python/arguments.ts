/** Where each argument of a call sits in the source, and whether its value is a literal safe to rewrite. */
import type { ArgumentSpan, CallArguments } from '../model/graph';
import { named, rangeOf, type SyntaxNode } from './parser';

const LITERAL_TYPES = new Set(['integer', 'float', 'string', 'true', 'false', 'none']);

function isLiteral(node: SyntaxNode, depth = 0): boolean {
  if (depth > 32) return false;
  if (LITERAL_TYPES.has(node.type)) return node.type !== 'string' || !named(node).some((c) => c.type === 'interpolation');
  if (node.type === 'unary_operator') return named(node).length === 1 && isLiteral(named(node)[0], depth + 1);
  if (node.type === 'tuple' || node.type === 'list' || node.type === 'parenthesized_expression') return named(node).every((c) => isLiteral(c, depth + 1));
  return false;
}

/** Where each argument of a call sits, for editing it in place. */
export function argumentSpans(call: SyntaxNode): CallArguments | undefined {
  const list = call.childForFieldName('arguments');
  if (!list || list.type !== 'argument_list') return undefined;
  const items: ArgumentSpan[] = [];
  let position = 0;
  for (const arg of named(list)) {
    if (arg.type === 'comment') continue;
    if (arg.type === 'keyword_argument') {
      const value = arg.childForFieldName('value');
      const keyword = arg.childForFieldName('name')?.text;
      if (!value || !keyword) continue;
      items.push({ keyword, position: -1, range: rangeOf(arg), valueRange: rangeOf(value), valueText: value.text, literal: isLiteral(value) });
    } else if (arg.type !== 'list_splat' && arg.type !== 'dictionary_splat') {
      items.push({ position: position++, range: rangeOf(arg), valueRange: rangeOf(arg), valueText: arg.text, literal: isLiteral(arg) });
    }
  }
  return { range: rangeOf(list), items };
}
