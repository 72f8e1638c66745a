/**
 * `argparse` as a run with no command-line arguments sees it: `parser.add_argument("--blocks", type=int,
 * default=3)` then `args = parser.parse_args()` gives `args.blocks == 3`. Scripts size their models from such
 * options; the real-Keras oracle runs files without arguments too, so these are the numbers Keras prints for the
 * file as written. A required option or a positional argument has no such value: it stays unknown, with why.
 */
import type { ClassValue, ObjectValue, PyValue } from '../model/values';
import { unknown } from '../model/values';
import type { SourceRange } from '../model/graph';

const NOWHERE: SourceRange = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };
const plainClass = (name: string): ClassValue => ({ name, base: 'plain', methods: new Map(), attrs: new Map(), range: NOWHERE });

const PARSER_CLASS = plainClass('ArgumentParser');
const NAMESPACE_CLASS = plainClass('Namespace');

/** Each parser's options, in the order they were added: destination and value with no arguments given. */
const options = new WeakMap<ObjectValue, Map<string, PyValue>>();

export function newArgumentParser(): PyValue {
  const obj: ObjectValue = { cls: PARSER_CLASS, attrs: new Map() };
  options.set(obj, new Map());
  return { kind: 'object', obj };
}

export function isArgumentParser(v: PyValue): v is { kind: 'object'; obj: ObjectValue } {
  return v.kind === 'object' && options.has(v.obj);
}

/** What a parser's method gives; `parsed` is set when a namespace was made (the caller says so on the line). */
export function argumentParserMethod(parser: ObjectValue, name: string, positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>): { value: PyValue; parsed?: ReadonlyMap<string, PyValue> } {
  const known = options.get(parser)!;
  switch (name) {
    case 'add_argument': {
      const added = addArgument(positional, keywords);
      if (added) known.set(added.dest, added.value);
      return { value: { kind: 'none' } };
    }
    case 'set_defaults':
      for (const [dest, value] of keywords) known.set(dest, value);
      return { value: { kind: 'none' } };
    // Groups add their options to the same parser.
    case 'add_argument_group':
    case 'add_mutually_exclusive_group':
      return { value: { kind: 'object', obj: parser } };
    case 'parse_args':
    case 'parse_known_args': {
      if (positional.length > 0 || keywords.has('args')) return { value: unknown('parse_args() of an argument list Model Lens does not read') };
      const namespace: PyValue = { kind: 'object', obj: { cls: NAMESPACE_CLASS, attrs: new Map(known) } };
      return { value: name === 'parse_args' ? namespace : { kind: 'tuple', items: [namespace, { kind: 'list', items: [] }] }, parsed: known };
    }
    default:
      return { value: unknown(`ArgumentParser.${name}() is not followed`) };
  }
}

function addArgument(positional: readonly PyValue[], keywords: ReadonlyMap<string, PyValue>): { dest: string; value: PyValue } | undefined {
  const flags = positional.filter((v): v is { kind: 'str'; value: string } => v.kind === 'str').map((v) => v.value);
  if (flags.length === 0) return undefined;
  const optional = flags.every((f) => f.startsWith('-'));
  const long = flags.find((f) => f.startsWith('--')) ?? flags[0];
  const explicitDest = keywords.get('dest');
  const dest = explicitDest?.kind === 'str' ? explicitDest.value : long.replace(/^-+/, '').replace(/-/g, '_');
  if (!optional) return { dest, value: unknown(`${dest} is a positional command-line argument, given only when the script runs`) };
  const required = keywords.get('required');
  if (required?.kind === 'bool' && required.value) return { dest, value: unknown(`--${dest} is a required command-line option`) };
  if (required && required.kind !== 'bool') return { dest, value: unknown(`whether --${dest} is required is not known`) };
  const action = keywords.get('action');
  const given = keywords.get('default');
  if (!given) {
    if (action?.kind === 'str' && action.value === 'store_true') return { dest, value: { kind: 'bool', value: false } };
    if (action?.kind === 'str' && action.value === 'store_false') return { dest, value: { kind: 'bool', value: true } };
    return { dest, value: { kind: 'none' } };
  }
  // argparse applies `type` to a default given as a string (default="16", type=int gives 16).
  const type = keywords.get('type');
  if (given.kind === 'str' && type?.kind === 'ref') {
    if (type.path === 'builtins.int') return { dest, value: /^[+-]?\d+$/.test(given.value.trim()) ? { kind: 'int', value: Number(given.value) } : unknown(`int(${given.value}) fails`) };
    if (type.path === 'builtins.float') return { dest, value: Number.isNaN(Number(given.value)) ? unknown(`float(${given.value}) fails`) : { kind: 'float', value: Number(given.value) } };
  }
  if (given.kind === 'str' && type && type.kind !== 'ref') return { dest, value: unknown(`--${dest}'s type is not known`) };
  return { dest, value: given };
}
