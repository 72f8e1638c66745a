/**
 * Writing new code the way the file already writes it: how it names layer classes (`tf.keras.layers.Dense`,
 * `layers.Dense`, an imported `Dense`), which quotes it uses, and how it names activations.
 */
import type { LayerInstance } from '../../model/graph';
import { resolveKerasSymbol } from '../../python/keras-symbols';
import { named, type SyntaxNode } from '../../python/parser';
import type { LayerReport, Report } from '../../report/report';
import type { PythonStyle } from './python-text';
import type { TextEdit } from './text-edit';

/** The callee text of a layer's constructor call: `tf.keras.layers.Dense` of `tf.keras.layers.Dense(256)`. */
export function calleeText(text: string, layer: LayerInstance): string | undefined {
  if (!layer.args || !layer.spec) return undefined;
  const callee = text.slice(layer.range.startIndex, layer.args.range.startIndex).trim();
  return /^[A-Za-z_]\w*(\.[A-Za-z_]\w*)*$/.test(callee) ? callee : undefined;
}

/** Local names of Keras modules, from the file's imports. */
export function kerasModules(imports: ReadonlyMap<string, string>): { keras?: string; layers?: string; tensorflow?: string } {
  const out: { keras?: string; layers?: string; tensorflow?: string } = {};
  for (const [local, path] of imports) {
    if (!out.layers && /^(tensorflow\.)?keras\.layers$|^tf_keras\.layers$/.test(path)) out.layers = local;
    if (!out.keras && (path === 'keras' || path === 'tensorflow.keras' || path === 'tf_keras')) out.keras = local;
    if (!out.tensorflow && path === 'tensorflow') out.tensorflow = local;
  }
  return out;
}

/** How to name a layer class through a module the file imports, or undefined. */
export function qualifiedLayerName(imports: ReadonlyMap<string, string>, className: string): string | undefined {
  for (const [local, path] of imports) {
    const sym = resolveKerasSymbol(path);
    if (sym.kind === 'layer' && sym.className === className && path.split('.').pop() === className) return local;
  }
  const m = kerasModules(imports);
  if (m.layers) return `${m.layers}.${className}`;
  if (m.keras) return `${m.keras}.layers.${className}`;
  if (m.tensorflow) return `${m.tensorflow}.keras.layers.${className}`;
  return undefined;
}

/**
 * How to call `className` here: like the neighbouring layers (`tf.keras.layers.` + name), else through an
 * imported module, else by adding the name to the `from ... import` the neighbours came from.
 */
export function layerCallee(
  text: string,
  root: SyntaxNode,
  report: Report,
  neighbours: readonly LayerInstance[],
): (className: string) => { callee: string; edits: TextEdit[] } | string {
  return (className) => {
    let bare: string | undefined;
    for (const layer of neighbours) {
      const callee = calleeText(text, layer);
      if (!callee) continue;
      const dot = callee.lastIndexOf('.');
      if (dot >= 0) return { callee: `${callee.slice(0, dot + 1)}${className}`, edits: [] };
      bare ??= callee;
    }
    const qualified = qualifiedLayerName(report.imports, className);
    if (qualified) return { callee: qualified, edits: [] };
    if (bare) {
      const edit = extendFromImport(root, bare, className);
      if (edit) return { callee: className, edits: [edit] };
    }
    return `Model Lens could not tell how this file names Keras layers; import ${className} and add it in the code.`;
  };
}

/** `from keras.layers import Dense, Flatten` → `..., Flatten, Dropout`: adds `name` beside `sibling`. */
function extendFromImport(root: SyntaxNode, sibling: string, name: string): TextEdit | undefined {
  for (const statement of named(root)) {
    if (statement.type !== 'import_from_statement') continue;
    const names = statement.childrenForFieldName('name').filter((n): n is SyntaxNode => n !== null);
    const has = names.some((n) => (n.type === 'aliased_import' ? n.childForFieldName('alias')?.text : n.text) === sibling);
    if (!has) continue;
    const last = names[names.length - 1];
    return { start: last.endIndex, end: last.endIndex, text: `, ${name}` };
  }
  return undefined;
}

const STRING_START = /^[rRbBuU]?(['"])/;

/**
 * The quote the file's layer calls use for strings; else the first string in the file's code; else double
 * quotes (Black's choice).
 */
export function quoteStyle(layers: readonly LayerReport[], text = ''): '"' | "'" {
  for (const l of layers) {
    for (const a of l.layer.args?.items ?? []) {
      const m = STRING_START.exec(a.valueText);
      if (m && a.literal) return m[1] as '"' | "'";
    }
  }
  for (const line of text.split('\n')) {
    const code = line.trimStart();
    if (code.startsWith('#')) continue;
    const m = /['"]/.exec(code);
    if (m) return m[0] as '"' | "'";
  }
  return '"';
}

/** Activations `tf.nn` has (the rest are only in keras.activations). */
const TF_NN = new Set(['relu', 'relu6', 'sigmoid', 'softmax', 'tanh', 'elu', 'selu', 'softplus', 'softsign', 'swish', 'silu', 'gelu', 'leaky_relu', 'log_softmax']);

/** The prefix of an activation written as a reference (`tf.nn.` of `tf.nn.relu`), if `text` is one. */
export function activationPrefixOf(text: string): string | undefined {
  const m = /^([A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*\.)[A-Za-z_]\w*$/.exec(text);
  return m ? m[1] : undefined;
}

/** The first activation reference prefix used by these layers (`tf.nn.`), if any. */
export function fileActivationPrefix(layers: readonly LayerReport[]): string | undefined {
  for (const l of layers) {
    for (const a of l.layer.args?.items ?? []) {
      if (a.keyword !== 'activation' && a.keyword !== 'recurrent_activation') continue;
      const prefix = activationPrefixOf(a.valueText);
      if (prefix) return prefix;
    }
  }
  return undefined;
}

/** Style for writing `name` as an activation: a reference with `prefix` when that module has it, else a string. */
export function activationStyle(quote: '"' | "'", prefix: string | undefined, name: string): PythonStyle {
  if (prefix && /(^|\.)activations\.$/.test(prefix)) return { quote, activationPrefix: prefix };
  if (prefix && /(^|\.)nn\.$/.test(prefix) && TF_NN.has(name)) return { quote, activationPrefix: prefix };
  return { quote };
}
