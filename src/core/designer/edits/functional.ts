/**
 * Structure edits on functional models, as text edits: a layer inserted on an edge of the graph, a layer deleted
 * with its input wired to what read its output. Both only where the code says plainly which variable carries
 * the tensor (`x = layers.Dense(8)(x)`), once, outside loops and helpers; anything else is refused with why, and
 * the code is left alone.
 */
import type { EdgeRef } from '../../../shared/designer-protocol';
import type { LayerCall } from '../../model/graph';
import { snakeCase } from '../../model/naming';
import { formatShape, shapesEqual } from '../../model/shape';
import type { SyntaxNode } from '../../python/parser';
import type { LayerReport, ModelReport, Report } from '../../report/report';
import { paletteLayerCode, type ArgSetting } from './designer-edits';
import { nodeAt } from './sequence';
import { endsLine, lineEnd, lineIndent, lineStart, refuse, startsLine, type EditResult } from './text-edit';


/** The one call of a layer made and called once, on the top level of the code; else why not. */
export function singleCall(report: Report, l: LayerReport): LayerCall | string {
  const layer = l.layer;
  if (layer.calls.length !== 1) return `${l.name} is called ${layer.calls.length} times (a shared layer): change its uses in the code.`;
  const twins = report.layers.filter((o) => o.range.startIndex === l.range.startIndex && o.range.endIndex === l.range.endIndex).length;
  if (twins > 1) return `${l.name} is made by a line that runs ${twins} times (a loop or a helper function): change that code by hand.`;
  return layer.calls[0];
}

/** The statement holding `node`, if it is a plain statement of the file or a function body, not in a loop. */
export function statementOf(node: SyntaxNode): SyntaxNode | string {
  let n: SyntaxNode | null = node;
  while (n && n.type !== 'expression_statement') n = n.parent;
  if (!n) return 'the call is not a statement of its own';
  for (let p = n.parent; p; p = p.parent) {
    if (p.type === 'for_statement' || p.type === 'while_statement' || p.type === 'list_comprehension') return 'the call is inside a loop';
  }
  return n;
}

/** The tensor arguments of a layer call, one per input: `(x)`, `([x, m])`, `(x, m)`. */
export function tensorArguments(call: SyntaxNode): SyntaxNode[] {
  const named = (n: SyntaxNode | null | undefined) => (n?.namedChildren ?? []).filter((a): a is SyntaxNode => a !== null && a.type !== 'comment');
  const positional = named(call.childForFieldName('arguments')).filter((a) => a.type !== 'keyword_argument');
  if (positional.length === 1 && (positional[0].type === 'list' || positional[0].type === 'tuple')) return named(positional[0]);
  return positional;
}

export function callNode(root: SyntaxNode, call: LayerCall): SyntaxNode | undefined {
  return nodeAt(root, { start: call.range.startIndex, end: call.range.endIndex }, ['call']);
}

/** A name for the new tensor that the file does not use yet: `m_dropout`, `m_dropout_2`, … */
export function freshName(text: string, base: string): string {
  const used = (name: string) => new RegExp(`\\b${name}\\b`).test(text);
  if (!used(base)) return base;
  for (let i = 2; ; i++) if (!used(`${base}_${i}`)) return `${base}_${i}`;
}

export function insertOnEdge(text: string, root: SyntaxNode, report: Report, m: ModelReport, edge: EdgeRef, className: string, args: readonly ArgSetting[]): EditResult {
  if (m.kind !== 'functional') return refuse('Layers are inserted on edges of functional models; change this model in the code.');
  const consumer = m.layers[edge.layer];
  if (!consumer) return refuse('The model changed since the panel showed it; the panel now shows it as it is. Try again.');
  const call = singleCall(report, consumer);
  if (typeof call === 'string') return refuse(call);
  const node = callNode(root, call);
  if (!node) return refuse(`Model Lens could not find the call of ${consumer.name} in the code.`);
  const tensors = tensorArguments(node);
  if (tensors.length !== call.inputs.length || !tensors[edge.input]) return refuse(`Model Lens cannot tell which argument of ${consumer.name} is that input; change the code by hand.`);
  const arg = tensors[edge.input];
  if (arg.type !== 'identifier') return refuse(`${consumer.name} reads \`${arg.text}\`, an expression rather than a variable: give it a name first.`);
  const statement = statementOf(node);
  if (typeof statement === 'string') return refuse(`Insert it by hand: ${statement}.`);
  const producer = call.inputs[edge.input].producer.layer.name;
  const made = paletteLayerCode(text, root, report, m, [consumer.layer, call.inputs[edge.input].producer.layer], className, args);
  if (typeof made === 'string') return refuse(made);
  const name = freshName(text, `${arg.text}_${snakeCase(className)}`);
  // The new line goes right before the statement that reads the tensor: there the variable still holds it.
  const at = lineStart(text, statement.startIndex);
  return {
    ok: true,
    edits: [...made.edits, { start: at, end: at, text: `${lineIndent(text, statement.startIndex)}${name} = ${made.code}(${arg.text})\n` }, { start: arg.startIndex, end: arg.endIndex, text: name }],
    description: `Inserted ${made.spec.className}${made.code.slice(made.callee.length)} between ${producer} and ${consumer.name}.`,
  };
}

/**
 * The one call of a functional model's layer that can be deleted with its input wired through: one input, the
 * same shape out as in (so its consumers still fit); else why not. The same in any language.
 */
export function deletableCall(report: Report, m: ModelReport, l: LayerReport): LayerCall | string {
  if (m.kind !== 'functional') return 'Deleting layers works on Sequential and functional models; change this model in the code.';
  if (l.className === 'InputLayer') return `${l.name} is an input of the model: change the model's inputs in the code.`;
  if (l.layer.model) return `${l.name} is a model used as a layer: remove it in the code.`;
  const call = singleCall(report, l);
  if (typeof call === 'string') return call;
  if (call.inputs.length !== 1) return `${l.name} takes ${call.inputs.length} inputs: deleting it leaves nothing to wire its consumers to. Remove it in the code.`;
  const input = call.inputs[0].shape;
  const output = call.outputShapes?.length === 1 ? call.outputShapes[0] : null;
  if (!input || !output) return `The shapes around ${l.name} are not known, so Model Lens cannot tell that its consumers would still fit: delete it in the code.`;
  if (!shapesEqual(input, output)) {
    return `Deleting ${l.name} would hand its consumers ${formatShape(input)} instead of ${formatShape(output)}: its shape changes the tensor, so they would no longer fit.`;
  }
  return call;
}

export function deleteFunctionalLayer(text: string, root: SyntaxNode, report: Report, m: ModelReport, l: LayerReport): EditResult {
  const call = deletableCall(report, m, l);
  if (typeof call === 'string') return refuse(call);
  const node = callNode(root, call);
  if (!node) return refuse(`Model Lens could not find the call of ${l.name} in the code.`);
  if (l.range.startIndex < node.startIndex || l.range.endIndex > node.endIndex) return refuse(`${l.name} is made on another line than it is called: delete both in the code.`);
  const tensors = tensorArguments(node);
  const arg = tensors[0];
  if (tensors.length !== 1 || arg.type !== 'identifier') return refuse(`${l.name} reads an expression rather than a variable: delete it in the code.`);
  const statement = statementOf(node);
  if (typeof statement === 'string') return refuse(`Delete it by hand: ${statement}.`);
  const assignment = statement.namedChildren[0];
  const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : null;
  const value = assignment?.childForFieldName('right');
  if (!target || target.type !== 'identifier' || !value || value.startIndex !== node.startIndex || value.endIndex !== node.endIndex) {
    return refuse(`${l.name}'s output is not simply assigned to a variable: delete it in the code.`);
  }
  const description = `Deleted ${l.name}; what read its output now reads ${arg.text}.`;
  if (target.text === arg.text && startsLine(text, statement.startIndex) && endsLine(text, statement.endIndex)) {
    // `x = layers.Dropout(0.2)(x)`: without it, x already holds the input.
    return { ok: true, edits: [{ start: lineStart(text, statement.startIndex), end: Math.min(text.length, lineEnd(text, statement.endIndex) + 1), text: '' }], description };
  }
  // `y = layers.Dropout(0.2)(x)` becomes `y = x`: every later use of y gets the input.
  return { ok: true, edits: [{ start: node.startIndex, end: node.endIndex, text: arg.text }], description };
}
