/**
 * Structure edits on TF.js models, as text edits: where a `tf.sequential({layers: [...]})` model's layers sit
 * (its array and its `model.add(...)` statements; the list and add() edits of sequence.ts then apply as they
 * are), and on functional models a layer inserted on an edge (`const v = tf.layers.dropout({...}).apply(x)`)
 * or deleted with its input wired through. Like the Keras edits, only where the code says plainly which
 * variable carries each tensor; anything else is refused with why.
 */
import type { EdgeRef } from '../../../shared/designer-protocol';
import { named, type SyntaxNode } from '../../interp/syntax';
import type { SequentialModel } from '../../model/graph';
import type { LayerReport, ModelReport, Report } from '../../report/report';
import type { ArgSetting } from './designer-edits';
import { deletableCall, singleCall } from './functional';
import { listLayout, nodeAt, untrackedLayers, type EntryPlace, type SequenceLayout } from './sequence';
import { endsLine, lineEnd, lineIndent, lineStart, refuse, startsLine, type EditResult } from './text-edit';
import { tfjsPaletteCode } from './tfjs-args';
import { callArguments, freshJsName, inJsLoop, jsNamesInUse, jsQuote, jsStatementOf, layersNamespace, memberKey, members, tfNamespace, uncast } from './tfjs-syntax';

const span = (n: SyntaxNode) => ({ start: n.startIndex, end: n.endIndex });

/** `;` when the statement ends with one (the file writes semicolons), else nothing. */
function terminatorOf(statement: SyntaxNode): string {
  return statement.lastChild?.type === ';' ? ';' : '';
}

/** The array of `tf.sequential({layers: [...]})`. */
function layersArray(call: SyntaxNode): SyntaxNode | undefined {
  const [config] = callArguments(call);
  if (config?.type !== 'object') return undefined;
  const member = members(config).find((m) => memberKey(m) === 'layers');
  const value = member?.type === 'pair' ? member.childForFieldName('value') : undefined;
  return value?.type === 'array' ? value : undefined;
}

/** `model.add(<layer>)` as a call node: its receiver and its one argument. */
function addCallParts(call: SyntaxNode | undefined): { receiver: SyntaxNode; arg: SyntaxNode } | undefined {
  const fn = call?.childForFieldName('function');
  const receiver = fn?.type === 'member_expression' && fn.childForFieldName('property')?.text === 'add' ? fn.childForFieldName('object') : null;
  const [arg] = call ? callArguments(call) : [];
  return receiver && arg ? { receiver, arg } : undefined;
}

/** Where a TF.js Sequential model's layers are written, or why the designer cannot change their order or number. */
export function tfjsSequenceLayout(text: string, root: SyntaxNode, model: SequentialModel, variable: string | undefined): SequenceLayout | string {
  const untracked = untrackedLayers(model);
  if (untracked) return untracked;
  const call = nodeAt(root, { start: model.range.startIndex, end: model.range.endIndex }, ['call_expression']);
  if (!call) return 'The tf.sequential call was not found in the source.';
  const arrayNode = layersArray(call);
  const list = arrayNode ? listLayout(text, arrayNode) : undefined;
  const places: EntryPlace[] = [];
  let terminator = '';
  for (const e of model.layers) {
    if (e.via === 'list') {
      const item = list ? list.items.findIndex((i) => i.start === e.range.startIndex && i.end === e.range.endIndex) : -1;
      if (!list || item < 0) return `Layer "${e.layer.name}" is not written in the tf.sequential({layers: [...]}) array itself; change the layers in the code.`;
      places.push({ via: 'list', list, item, slot: list.items[item] });
      continue;
    }
    const addCall = nodeAt(root, { start: e.range.startIndex, end: e.range.endIndex }, ['call_expression']);
    const parts = addCallParts(addCall);
    const statement = addCall && jsStatementOf(addCall);
    if (!addCall || !parts || !statement || statement.type !== 'expression_statement' || statement.startIndex !== addCall.startIndex || inJsLoop(statement)) {
      return `Layer "${e.layer.name}" is added in a way the designer does not rewrite; change the layers in the code.`;
    }
    if (!startsLine(text, statement.startIndex) || !endsLine(text, statement.endIndex)) {
      return `The add() of layer "${e.layer.name}" shares its line with other code; change the layers in the code.`;
    }
    terminator = terminatorOf(statement);
    const siblings = named(statement.parent!).filter((c) => c.type !== 'comment');
    places.push({ via: 'add', statement: span(statement), receiver: parts.receiver.text, slot: span(parts.arg), alone: siblings.length === 1 });
  }
  let firstAdd: SequenceLayout['firstAdd'];
  if (model.layers.length === 0 && !list) {
    const statement = jsStatementOf(call);
    if (!variable || !statement) return 'The model has no layer and no array to put one in; add the first layer in the code.';
    terminator = terminatorOf(statement);
    firstAdd = { at: lineEnd(text, statement.endIndex), indent: lineIndent(text, statement.startIndex), receiver: variable };
  }
  return { places, list, firstAdd, terminator };
}

/** The `tf.layers` namespace to call a new layer through: the neighbours', else `layers` beside the model's own `tf`. */
export function namespaceFor(root: SyntaxNode, m: ModelReport, neighbours: readonly LayerReport[]): string | undefined {
  const fromNeighbours = layersNamespace(root, neighbours.map((l) => l.layer));
  if (fromNeighbours) return fromNeighbours;
  const tf = tfNamespace(nodeAt(root, { start: m.range.startIndex, end: m.range.endIndex }, ['call_expression']));
  return tf && `${tf}.layers`;
}

/** `v` of a statement `const v = <call>` / `v = <call>` (casts around the call allowed), with the whole value. */
function assignmentOf(statement: SyntaxNode, call: SyntaxNode): { target: SyntaxNode; value: SyntaxNode; declared: boolean } | undefined {
  let target: SyntaxNode | null = null;
  let value: SyntaxNode | null = null;
  const declared = statement.type === 'lexical_declaration' || statement.type === 'variable_declaration';
  if (declared) {
    const declarators = named(statement).filter((c) => c.type === 'variable_declarator');
    if (declarators.length !== 1) return undefined;
    target = declarators[0].childForFieldName('name');
    value = declarators[0].childForFieldName('value');
  } else if (statement.type === 'expression_statement') {
    const assignment = named(statement)[0];
    if (assignment?.type !== 'assignment_expression') return undefined;
    target = assignment.childForFieldName('left');
    value = assignment.childForFieldName('right');
  }
  if (target?.type !== 'identifier' || !value) return undefined;
  const inner = uncast(value);
  return inner.startIndex === call.startIndex && inner.endIndex === call.endIndex ? { target, value, declared } : undefined;
}

/** The `.apply(...)` call of a layer call, and the tensors it reads: `.apply(x)`, `.apply([x, m])`. */
function applyCall(root: SyntaxNode, range: { startIndex: number; endIndex: number }): { node: SyntaxNode; tensors: SyntaxNode[] } | undefined {
  const node = nodeAt(root, { start: range.startIndex, end: range.endIndex }, ['call_expression']);
  const fn = node?.childForFieldName('function');
  if (!node || fn?.type !== 'member_expression' || fn.childForFieldName('property')?.text !== 'apply') return undefined;
  const [arg] = callArguments(node);
  if (!arg) return undefined;
  return { node, tensors: arg.type === 'array' ? members(arg) : [arg] };
}

/** The statement holding a layer's `.apply(...)`, when it is one of its own outside loops; else why not. */
function ownStatement(text: string, node: SyntaxNode): SyntaxNode | string {
  const statement = jsStatementOf(node);
  if (!statement) return 'the call is not a statement of its own';
  if (inJsLoop(statement)) return 'the call is inside a loop';
  if (!startsLine(text, statement.startIndex) || !endsLine(text, statement.endIndex)) return 'the statement shares its line with other code';
  return statement;
}

export function insertOnTfjsEdge(text: string, root: SyntaxNode, report: Report, m: ModelReport, edge: EdgeRef, className: string, args: readonly ArgSetting[]): EditResult {
  if (m.kind !== 'functional') return refuse('Layers are inserted on edges of functional models; change this model in the code.');
  const consumer = m.layers[edge.layer];
  if (!consumer) return refuse('The model changed since the panel showed it; the panel now shows it as it is. Try again.');
  const call = singleCall(report, consumer);
  if (typeof call === 'string') return refuse(call);
  const applied = applyCall(root, call.range);
  if (!applied) return refuse(`Model Lens could not find ${consumer.name}'s .apply(...) in the code.`);
  const arg = applied.tensors[edge.input];
  if (applied.tensors.length !== call.inputs.length || !arg) return refuse(`Model Lens cannot tell which tensor of ${consumer.name}'s apply() is that input; change the code by hand.`);
  if (arg.type !== 'identifier') return refuse(`${consumer.name} reads \`${arg.text}\`, an expression rather than a variable: give it a name first.`);
  const statement = ownStatement(text, applied.node);
  if (typeof statement === 'string') return refuse(`Insert it by hand: ${statement}.`);
  const producer = call.inputs[edge.input].producer.layer;
  const producerReport = m.layers.find((l) => l.layer === producer);
  const namespace = namespaceFor(root, m, [consumer, ...(producerReport ? [producerReport] : [])]);
  if (!namespace) return refuse('Model Lens could not tell how this file names tf.layers; add the layer in the code.');
  const made = tfjsPaletteCode(className, args, namespace, jsQuote(root));
  if (typeof made === 'string') return refuse(made);
  const name = freshJsName(jsNamesInUse(root), `${arg.text}${className}`);
  // The new tensor is cast as the consumer's is (`as tf.SymbolicTensor` in TypeScript).
  const assigned = assignmentOf(statement, applied.node);
  const value = assigned?.value ?? applied.node;
  const cast = value.type === 'as_expression' ? ` as ${value.lastNamedChild?.text ?? ''}` : '';
  const line = `${lineIndent(text, statement.startIndex)}const ${name} = ${made.code}.apply(${arg.text})${cast}${terminatorOf(statement)}\n`;
  const at = lineStart(text, statement.startIndex);
  return {
    ok: true,
    edits: [{ start: at, end: at, text: line }, { start: arg.startIndex, end: arg.endIndex, text: name }],
    description: `Inserted ${made.code.slice(namespace.length + 1)} between ${producer.name} and ${consumer.name}.`,
  };
}

export function deleteTfjsFunctionalLayer(text: string, root: SyntaxNode, report: Report, m: ModelReport, l: LayerReport): EditResult {
  const call = deletableCall(report, m, l);
  if (typeof call === 'string') return refuse(call);
  const applied = applyCall(root, call.range);
  if (!applied) return refuse(`Model Lens could not find ${l.name}'s .apply(...) in the code.`);
  if (l.range.startIndex < applied.node.startIndex || l.range.endIndex > applied.node.endIndex) return refuse(`${l.name} is made in another statement than it is applied in: delete both in the code.`);
  const [arg] = applied.tensors;
  if (applied.tensors.length !== 1 || arg.type !== 'identifier') return refuse(`${l.name} reads an expression rather than a variable: delete it in the code.`);
  const statement = ownStatement(text, applied.node);
  if (typeof statement === 'string') return refuse(`Delete it by hand: ${statement}.`);
  const assigned = assignmentOf(statement, applied.node);
  if (!assigned) return refuse(`${l.name}'s output is not simply assigned to a variable: delete it in the code.`);
  const description = `Deleted ${l.name}; what read its output now reads ${arg.text}.`;
  if (!assigned.declared && assigned.target.text === arg.text) {
    // `x = tf.layers.dropout({rate: 0.2}).apply(x)`: without it, x already holds the input.
    return { ok: true, edits: [{ start: lineStart(text, statement.startIndex), end: Math.min(text.length, lineEnd(text, statement.endIndex) + 1), text: '' }], description };
  }
  // `const y = tf.layers.dropout(...).apply(x) as T` becomes `const y = x as T`: every later use of y gets the input.
  return { ok: true, edits: [{ start: applied.node.startIndex, end: applied.node.endIndex, text: arg.text }], description };
}
