/**
 * The designer's edits on TensorFlow.js sources, the same requests as on Keras code answered in TF.js syntax:
 * config keys set and reset, layers added, deleted and moved in `tf.sequential` models, and on functional
 * models a layer inserted on an edge or deleted with its input wired through. Pure like designer-edits.ts:
 * source text, its report and a request in, text edits or a refusal with the reason out.
 */
import type { FieldView } from '../../../shared/designer-protocol';
import type { SyntaxNode } from '../../interp/syntax';
import type { LayerInstance } from '../../model/graph';
import type { Report } from '../../report/report';
import { parseJs, type JsDialect } from '../../tfjs/parser';
import { addLayer, changeStructure, CHANGED, findTarget, type DesignerEdit, type StructureSyntax } from './designer-edits';
import { refuse, type EditResult } from './text-edit';
import { hasDefault, resetTfjsArgument, setTfjsArgument, tfjsArgStates, tfjsLayerReadOnlyReason, tfjsPaletteCode } from './tfjs-args';
import { deleteTfjsFunctionalLayer, insertOnTfjsEdge, namespaceFor, tfjsSequenceLayout } from './tfjs-structure';
import { jsQuote } from './tfjs-syntax';

export function withJsTree<T>(text: string, dialect: JsDialect, fn: (root: SyntaxNode) => T): T {
  const tree = parseJs(text, dialect);
  try {
    return fn(tree.rootNode);
  } finally {
    tree.delete();
  }
}

function tfjsSyntax(text: string, root: SyntaxNode, report: Report): StructureSyntax {
  return {
    layout: (m) => (m.model.kind === 'sequential' ? tfjsSequenceLayout(text, root, m.model, m.variable) : 'Adding, deleting and moving layers by position works on tf.sequential models; insert a layer on an edge of the graph instead.'),
    layerCode(m, neighbours, className, args) {
      const namespace = namespaceFor(root, m, neighbours);
      if (!namespace) return 'Model Lens could not tell how this file names tf.layers; add the layer in the code.';
      const made = tfjsPaletteCode(className, args, namespace, jsQuote(root));
      return typeof made === 'string' ? made : { code: made.code, shown: made.code.slice(namespace.length + 1), edits: [] };
    },
    insertOnEdge: (m, edge, className, args) => insertOnTfjsEdge(text, root, report, m, edge, className, args),
    deleteFunctional: (m, l) => deleteTfjsFunctionalLayer(text, root, report, m, l),
  };
}

const KERAS_ONLY = 'The graph connects tensors and starts models in Keras code for now; in TensorFlow.js code, write it by hand.';

export function computeTfjsDesignerEdit(text: string, dialect: JsDialect, report: Report, edit: DesignerEdit): EditResult {
  return withJsTree(text, dialect, (root) => {
    switch (edit.kind) {
      case 'setArgument':
      case 'resetArgument': {
        const found = findTarget(report, edit.target);
        if (typeof found === 'string') return refuse(found);
        const layer = found.layer.layer;
        return edit.kind === 'setArgument' ? setTfjsArgument(text, root, layer, edit.argument, edit.value, jsQuote(root)) : resetTfjsArgument(text, root, layer, edit.argument);
      }
      case 'addLayer':
        return addLayer(text, report, edit, tfjsSyntax(text, root, report));
      case 'deleteLayer':
      case 'moveLayer':
        return changeStructure(text, report, edit, tfjsSyntax(text, root, report));
      case 'newModel':
      case 'addOutput':
      case 'mergeInto':
        return refuse(KERAS_ONLY);
    }
  });
}

/** Whether the layers of TF.js model `index` can be added, deleted and moved by position. */
export function tfjsStructureCheck(root: SyntaxNode, text: string, report: Report, index: number): { editable: true } | { editable: false; reason: string } {
  const m = report.models[index];
  if (!m) return { editable: false, reason: CHANGED };
  const layout = m.model.kind === 'sequential' ? tfjsSequenceLayout(text, root, m.model, m.variable) : 'Moving layers works on tf.sequential models.';
  return typeof layout === 'string' ? { editable: false, reason: layout } : { editable: true };
}

/** A TF.js layer's form: its fields in TF.js's names, or why it is read-only. */
export function tfjsLayerForm(root: SyntaxNode, layer: LayerInstance, text: string): { readOnly?: string; fields: FieldView[] } {
  const readOnly = tfjsLayerReadOnlyReason(root, layer, text);
  if (readOnly) return { readOnly, fields: [] };
  const fields = tfjsArgStates(root, layer).map(
    (s): FieldView => ({ rule: s.rule, given: s.given, text: s.text, value: s.value, editable: s.editable, reason: s.reason, resettable: s.given && s.editable && hasDefault(layer, s.rule.name) }),
  );
  return { fields };
}
