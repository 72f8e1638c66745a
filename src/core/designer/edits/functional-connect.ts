/**
 * Connecting edits on functional models, as text edits: a layer's output added to the model's outputs, and a
 * second tensor joined into an edge through a merge layer (`Add`, `Concatenate`, …). Like the edits of
 * functional.ts, only where the code says plainly which variable holds each tensor at the place the edit
 * writes (assigned once on its own line, outside loops, not reassigned before it is read); anything else is
 * refused with why, and the code is left alone.
 */
import { MERGE_LAYERS, type EdgeRef } from '../../../shared/designer-protocol';
import { snakeCase } from '../../model/naming';
import { formatShape, shapesEqual, type Shape } from '../../model/shape';
import type { SyntaxNode } from '../../python/parser';
import type { LayerReport, ModelReport, Report } from '../../report/report';
import { paletteLayerCode } from './designer-edits';
import { callNode, freshName, singleCall, statementOf, tensorArguments } from './functional';
import { nodeAt } from './sequence';
import { lineIndent, lineStart, refuse, type EditResult } from './text-edit';

/** The variable that holds layer `l`'s output from its statement on (`v = layers.Dense(8)(x)`), and that statement; else why not. */
function outputVariable(report: Report, l: LayerReport, root: SyntaxNode): { name: string; statement: SyntaxNode } | string {
  if (l.className === 'InputLayer') {
    // `image = keras.Input(...)`: the Input's own assignment.
    const node = nodeAt(root, { start: l.range.startIndex, end: l.range.endIndex }, ['call']);
    const statement = node && statementOf(node);
    if (!node || !statement || typeof statement === 'string') return `Model Lens could not find where ${l.name} is assigned.`;
    const target = assignedName(statement, node);
    return target ? { name: target, statement } : `${l.name} is not simply assigned to a variable.`;
  }
  const call = singleCall(report, l);
  if (typeof call === 'string') return call;
  if (call.outputShapes && call.outputShapes.length !== 1) return `${l.name} has ${call.outputShapes.length} outputs: pick one in the code.`;
  const node = callNode(root, call);
  if (!node) return `Model Lens could not find the call of ${l.name} in the code.`;
  const statement = statementOf(node);
  if (typeof statement === 'string') return `change the code by hand: ${statement}`;
  const target = assignedName(statement, node);
  return target ? { name: target, statement } : `${l.name}'s output is not simply assigned to a variable: give it a name first.`;
}

/** `v` of a statement `v = <node>`. */
function assignedName(statement: SyntaxNode, node: SyntaxNode): string | undefined {
  const assignment = statement.namedChildren[0];
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  const value = assignment?.childForFieldName('right');
  return target?.type === 'identifier' && value?.startIndex === node.startIndex && value.endIndex === node.endIndex ? target.text : undefined;
}

/** Whether `name` may hold another value by `to`: assigned (or a loop variable) again between `from` and `to`. */
function reassigned(text: string, name: string, from: number, to: number): boolean {
  const between = text.slice(from, to);
  return new RegExp(`(^|[^\\w.])${name}\\s*(?:[-+*/@%&|^]|//|\\*\\*|>>|<<)?=(?!=)|\\bfor\\s+[^:]*\\b${name}\\b[^:]*\\bin\\b|\\bas\\s+${name}\\b|\\b${name}\\s*:=`).test(between);
}

/** The tensor `name` holds, read by the statement `reader`: still that tensor there, else why not. */
function readableAt(text: string, held: { name: string; statement: SyntaxNode }, reader: SyntaxNode, what: string): string | undefined {
  if (held.statement.parent?.id !== reader.parent?.id) return `${what} is made in another block of code than the one that reads it: connect it by hand.`;
  if (held.statement.endIndex > reader.startIndex) return `${what} is made after the place that would read it: connect it by hand.`;
  if (reassigned(text, held.name, held.statement.endIndex, reader.startIndex)) return `\`${held.name}\` is assigned again before it would be read, so it no longer holds ${what}: connect it by hand.`;
  return undefined;
}

function modelCall(root: SyntaxNode, m: ModelReport): SyntaxNode | undefined {
  return nodeAt(root, { start: m.range.startIndex, end: m.range.endIndex }, ['call']);
}

function isOutput(m: ModelReport, l: LayerReport): boolean {
  return m.model.kind === 'functional' && m.model.outputs.some((t) => t?.producer.layer === l.layer);
}

/** Layer `l`'s output added to the outputs of `keras.Model(inputs, outputs)`. */
export function addOutput(text: string, root: SyntaxNode, report: Report, m: ModelReport, l: LayerReport): EditResult {
  if (m.kind !== 'functional') return refuse('Outputs are added to functional models; change this model in the code.');
  if (isOutput(m, l)) return refuse(`${l.name} is an output of the model already.`);
  if (l.className === 'InputLayer') return refuse(`${l.name} is an input of the model: make it an output in the code if you mean to.`);
  const held = outputVariable(report, l, root);
  if (typeof held === 'string') return refuse(held.endsWith('.') ? held : `Add it by hand: ${held}.`);
  const call = modelCall(root, m);
  const statement = call && statementOf(call);
  if (!call || !statement || typeof statement === 'string') return refuse('Model Lens could not find the model\'s call in the code, or it is inside a loop.');
  const blocked = readableAt(text, held, statement, `${l.name}'s output`);
  if (blocked) return refuse(blocked);
  const args = (call.childForFieldName('arguments')?.namedChildren ?? []).filter((a): a is SyntaxNode => a !== null && a.type !== 'comment');
  const keyword = args.find((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'outputs');
  const positional = args.filter((a) => a.type !== 'keyword_argument');
  const outputs = keyword ? keyword.childForFieldName('value') : positional[1];
  if (!outputs) return refuse('The model\'s outputs are not written in its call: add the output in the code.');
  const description = `Added ${l.name}'s output (${held.name}) to the model's outputs.`;
  if (outputs.type === 'list' || outputs.type === 'tuple') {
    // `[a, b]` → `[a, b, v]`; a trailing comma stays where it was.
    const items = outputs.namedChildren.filter((c): c is SyntaxNode => c !== null && c.type !== 'comment');
    const last = items[items.length - 1];
    const at = last ? last.endIndex : outputs.endIndex - 1;
    return { ok: true, edits: [{ start: at, end: at, text: last ? `, ${held.name}` : held.name }], description };
  }
  if (outputs.type === 'dictionary') return refuse('The model\'s outputs are a dict: add the output with its key in the code.');
  return { ok: true, edits: [{ start: outputs.startIndex, end: outputs.endIndex, text: `[${outputs.text}, ${held.name}]` }], description };
}

/** Why `className` cannot join tensors of these shapes (Keras's merge rules, checked strictly), or undefined. */
function mergeProblem(className: string, a: Shape, b: Shape): string | undefined {
  if (className === 'Concatenate') {
    const fits = a.length === b.length && a.slice(0, -1).every((d, i) => d === b[i]);
    return fits ? undefined : `Concatenate joins tensors that match except in the last axis; these are ${formatShape(a)} and ${formatShape(b)}.`;
  }
  return shapesEqual(a, b) ? undefined : `${className} joins tensors of the same shape; these are ${formatShape(a)} and ${formatShape(b)} (Concatenate joins tensors that differ in the last axis).`;
}

/**
 * The edge into input `edge.input` of layer `edge.layer` gets a merge: `merged = layers.Add()([a, b])` on a new
 * line before the layer, which then reads `merged`. `a` is the edge's tensor, `b` layer `other`'s output.
 */
export function mergeIntoEdge(text: string, root: SyntaxNode, report: Report, m: ModelReport, edge: EdgeRef, other: LayerReport, className: string): EditResult {
  if (m.kind !== 'functional') return refuse('Merges are added to functional models; change this model in the code.');
  if (!(MERGE_LAYERS as readonly string[]).includes(className)) return refuse(`${className} is not a merge layer the graph adds.`);
  const consumer = m.layers[edge.layer];
  if (!consumer) return refuse('The model changed since the panel showed it; the panel now shows it as it is. Try again.');
  const call = singleCall(report, consumer);
  if (typeof call === 'string') return refuse(call);
  const input = call.inputs[edge.input];
  if (!input) return refuse(`${consumer.name} has no input ${edge.input}.`);
  if (input.producer.layer === other.layer) return refuse(`${other.name}'s output is already the tensor on that edge.`);
  const node = callNode(root, call);
  if (!node) return refuse(`Model Lens could not find the call of ${consumer.name} in the code.`);
  const tensors = tensorArguments(node);
  const arg = tensors[edge.input];
  if (tensors.length !== call.inputs.length || !arg) return refuse(`Model Lens cannot tell which argument of ${consumer.name} is that input; change the code by hand.`);
  if (arg.type !== 'identifier') return refuse(`${consumer.name} reads \`${arg.text}\`, an expression rather than a variable: give it a name first.`);
  const statement = statementOf(node);
  if (typeof statement === 'string') return refuse(`Merge by hand: ${statement}.`);
  const held = outputVariable(report, other, root);
  if (typeof held === 'string') return refuse(held.endsWith('.') ? held : `Merge by hand: ${held}.`);
  const blocked = readableAt(text, held, statement, `${other.name}'s output`);
  if (blocked) return refuse(blocked);
  const shapeA = input.shape;
  const shapeB = other.outputShapes?.length === 1 ? other.outputShapes[0] : null;
  if (!shapeA || !shapeB) return refuse(`The shapes of the two tensors are not known, so Model Lens cannot tell that ${className} can join them: merge them in the code.`);
  const problem = mergeProblem(className, shapeA, shapeB);
  if (problem) return refuse(problem);
  const made = paletteLayerCode(text, root, report, m, [consumer.layer, other.layer], className, [], true);
  if (typeof made === 'string') return refuse(made);
  const name = freshName(text, `${arg.text}_${snakeCase(className)}`);
  const at = lineStart(text, statement.startIndex);
  return {
    ok: true,
    edits: [...made.edits, { start: at, end: at, text: `${lineIndent(text, statement.startIndex)}${name} = ${made.code}([${arg.text}, ${held.name}])\n` }, { start: arg.startIndex, end: arg.endIndex, text: name }],
    description: `Joined ${other.name}'s output into ${consumer.name}'s input with ${className}.`,
  };
}
