/**
 * The designer's form for a TF.js layer and its argument edits, in TF.js's terms: the config keys of
 * `tf.layers.dense({units: 64, activation: 'relu'})` (camelCase, TF.js's activation and enum spellings), read
 * from and written into the config object literal. A key written as a variable or an expression is shown,
 * read-only, with why. The layer code the palette inserts is written here too.
 */
import { checkArgValue, type ArgRule, type ArgValue } from '../../../shared/arg-values';
import type { FieldView, PaletteEntry } from '../../../shared/designer-protocol';
import type { SyntaxNode } from '../../interp/syntax';
import { findLayerSpec } from '../../layers/catalogue';
import type { LayerSpec } from '../../layers/spec';
import { snakeKey } from '../../layers/tfjs-keys';
import type { LayerInstance } from '../../model/graph';
import type { PyValue } from '../../model/values';
import { camelKey } from '../../tfjs/layers';
import type { ArgState } from './arg-fields';
import { argRule, COMMON_RULES, layerReadOnlyReason } from './arg-fields';
import { appendArgument, paletteLayer, removeItem, type ArgSetting } from './designer-edits';
import { refuse, type EditResult } from './text-edit';
import { callArguments, factoryCall, jsText, literalValue, memberKey, members } from './tfjs-syntax';

/** TF.js's activation identifiers (tfjs-layers 4.22, activations.ts), most used first. */
export const TFJS_ACTIVATIONS: readonly string[] = [
  'relu', 'sigmoid', 'softmax', 'tanh', 'linear', 'elu', 'selu', 'swish', 'gelu', 'gelu_new', 'mish', 'relu6',
  'softplus', 'softsign', 'hardSigmoid', 'logSoftmax',
];

/** A Keras activation name in TF.js's spelling, when TF.js has that activation. */
export function tfjsActivation(kerasName: string): string | undefined {
  const name = kerasName === 'silu' ? 'swish' : camelKey(kerasName);
  return TFJS_ACTIVATIONS.includes(name) ? name : undefined;
}

/** The TF.js config key that sets Keras argument `arg` of this spec (`kernel_size` → `kernelSize`), if TF.js reads one. */
export function tfjsKeyFor(spec: LayerSpec, arg: string): string | undefined {
  for (const [key, map] of Object.entries(spec.tfjs?.keys ?? {})) {
    if (typeof map === 'string' ? map === arg : snakeKey(key) === arg) return key;
  }
  return undefined;
}

/** A Keras argument's rule in TF.js's terms: named by config key `key`, offering TF.js's activations and enum spellings. */
function tfjsRule(keras: ArgRule, key: string): ArgRule {
  if (keras.kind === 'activation') return { ...keras, name: key, options: TFJS_ACTIVATIONS };
  if (keras.kind === 'choice') return { ...keras, name: key, options: keras.options?.map((o) => (o === 'None' ? o : camelKey(o))) };
  return { ...keras, name: key };
}

/** A Keras value in TF.js's spelling: activations and enum strings (`channels_last` → `channelsLast`). */
function tfjsValue(rule: ArgRule, value: ArgValue): ArgValue | string {
  if (value.kind === 'activation') {
    const name = tfjsActivation(value.name) ?? (TFJS_ACTIVATIONS.includes(value.name) ? value.name : undefined);
    return name ? { kind: 'activation', name } : `TF.js has no activation ${value.name}.`;
  }
  if (rule.kind === 'choice' && value.kind === 'str') return { kind: 'str', value: camelKey(value.value) };
  return value;
}

/** The value a field starts from, from a source literal or the layer's config (both as analyzed values). */
function fieldValue(rule: ArgRule, v: PyValue | undefined): ArgValue | undefined {
  if (!v) return undefined;
  const ints = (x: PyValue): number[] | undefined =>
    (x.kind === 'list' || x.kind === 'tuple') && x.items.every((i) => i.kind === 'int') ? x.items.map((i) => (i as { value: number }).value) : undefined;
  switch (rule.kind) {
    case 'activation':
      if (v.kind === 'none') return { kind: 'activation', name: 'linear' };
      return v.kind === 'str' ? { kind: 'activation', name: tfjsActivation(v.value) ?? v.value } : undefined;
    case 'choice':
      return v.kind === 'str' ? { kind: 'str', value: camelKey(v.value) } : undefined;
    case 'int':
      return v.kind === 'int' ? v : v.kind === 'none' ? { kind: 'none' } : undefined;
    case 'float':
      return v.kind === 'int' || v.kind === 'float' ? { kind: 'float', value: v.value } : v.kind === 'none' ? { kind: 'none' } : undefined;
    case 'bool':
      return v.kind === 'bool' ? v : undefined;
    case 'str':
      return v.kind === 'str' ? v : v.kind === 'none' ? { kind: 'none' } : undefined;
    case 'ints': {
      if (v.kind === 'int') return rule.tupleOnly ? { kind: 'tuple', items: [v.value] } : v;
      const items = ints(v);
      return items ? { kind: 'tuple', items } : v.kind === 'none' ? { kind: 'none' } : undefined;
    }
  }
}

/** One field of a TF.js layer's form; `rule.name` is the config key. */
export interface TfjsArgState extends ArgState {
  /** The member of the config object that sets it, when written. */
  readonly member?: SyntaxNode;
}

/** The config object literal of a factory call, `undefined` when the call has none (`tf.layers.flatten()`), or why it cannot be edited. */
function configObject(call: SyntaxNode): SyntaxNode | undefined | string {
  const [config] = callArguments(call);
  if (!config) return undefined;
  return config.type === 'object' ? config : `its config is \`${config.text.length > 40 ? `${config.text.slice(0, 39)}…` : config.text}\`, not an object written in the call; change it in the code`;
}

/** Why a TF.js layer's config cannot be edited at all, or undefined. */
export function tfjsLayerReadOnlyReason(root: SyntaxNode, layer: LayerInstance, text: string): string | undefined {
  if (layer.className === 'InputLayer') return 'Change the Input in the code.';
  if (layer.model) return 'It is a model used as a layer: open that model to edit it.';
  if (!layer.spec?.tfjs) return layerReadOnlyReason(layer, text) ?? `Model Lens does not know the config of ${layer.className}.`;
  const call = factoryCall(root, layer);
  if (!call) return 'Its config is not written in a call Model Lens can see.';
  const config = configObject(call);
  return typeof config === 'string' ? `${config.charAt(0).toUpperCase()}${config.slice(1)}.` : undefined;
}

/** One state per config key the designer offers, in the spec's order, then `name` and `trainable`. */
export function tfjsArgStates(root: SyntaxNode, layer: LayerInstance): TfjsArgState[] {
  const spec = layer.spec;
  const call = spec?.tfjs ? factoryCall(root, layer) : undefined;
  const config = call && configObject(call);
  if (!spec || !call || typeof config === 'string') return [];
  const written = new Map((config ? members(config) : []).map((m) => [memberKey(m), m] as const));
  const out: TfjsArgState[] = [];
  const push = (rule: ArgRule, current: PyValue | undefined) => {
    const member = written.get(rule.name);
    if (!member) {
      const value = fieldValue(rule, current);
      out.push({ rule, given: false, text: value ? jsText(value, "'") : '', value, editable: true, positional: false });
      return;
    }
    const valueNode = member.type === 'pair' ? member.childForFieldName('value') : member;
    const shown = valueNode?.text ?? member.text;
    const literal = valueNode ? literalValue(valueNode) : undefined;
    const value = literal && fieldValue(rule, literal);
    const reason = !literal ? `\`${shown.length > 40 ? `${shown.slice(0, 39)}…` : shown}\` is a variable or an expression; change it in the code.` : !value ? `\`${shown}\` is not a value this field can show; change it in the code.` : undefined;
    out.push({ rule, given: true, text: shown, value, editable: !reason, reason, positional: false, member });
  };
  for (const arg of spec.args) {
    const key = tfjsKeyFor(spec, arg.name);
    const keras = key && argRule(spec, arg);
    if (!key || !keras) continue;
    push(tfjsRule(keras, key), layer.config.raw(arg.name));
  }
  push(COMMON_RULES.name, { kind: 'str', value: layer.name });
  push(COMMON_RULES.trainable, { kind: 'bool', value: layer.trainable });
  return out;
}

/** Sets config key `key` of a TF.js layer to `value`: the member's value replaced, or a member added. */
export function setTfjsArgument(text: string, root: SyntaxNode, layer: LayerInstance, key: string, value: ArgValue, quote: '"' | "'"): EditResult {
  const readOnly = tfjsLayerReadOnlyReason(root, layer, text);
  if (readOnly) return refuse(readOnly);
  const state = tfjsArgStates(root, layer).find((s) => s.rule.name === key);
  if (!state) return refuse(`${key} is not a config key the designer edits for ${layer.className}; change it in the code.`);
  if (value.kind === 'activation' && !TFJS_ACTIVATIONS.includes(value.name)) return refuse(`TF.js has no activation '${value.name}'; it has ${TFJS_ACTIVATIONS.join(', ')}.`);
  const bad = checkArgValue(state.rule, value);
  if (bad) return refuse(bad);
  if (!state.editable) return refuse(`${key} is read-only here: ${state.reason ?? 'it is not a plain value'}`);
  const valueNode = state.member?.childForFieldName('value');
  // A string keeps the quotes it had.
  const written = jsText(value, valueNode?.type === 'string' ? (valueNode.text[0] as '"' | "'") : quote);
  const description = `Set ${key}: ${written} on ${layer.name}.`;
  if (valueNode) {
    if (valueNode.text === written) return { ok: true, edits: [], description: `${key} is already ${written}.` };
    return { ok: true, edits: [{ start: valueNode.startIndex, end: valueNode.endIndex, text: written }], description };
  }
  const call = factoryCall(root, layer)!;
  const config = configObject(call);
  if (config && typeof config !== 'string') return { ok: true, edits: appendArgument(text, config, `${key}: ${written}`), description };
  // `tf.layers.flatten()`: the config object is new.
  const args = call.childForFieldName('arguments')!;
  return { ok: true, edits: [{ start: args.startIndex + 1, end: args.endIndex - 1, text: `{${key}: ${written}}` }], description };
}

/** Whether config key `key` can be left out: TF.js has a default for it. */
export function hasDefault(layer: LayerInstance, key: string): boolean {
  if (key === 'name' || key === 'trainable') return true;
  const spec = layer.spec;
  const arg = spec?.args.find((a) => tfjsKeyFor(spec, a.name) === key);
  return arg?.default !== undefined && !spec?.tfjs?.required?.includes(key);
}

/** Removes config key `key`, so the layer takes TF.js's default. */
export function resetTfjsArgument(text: string, root: SyntaxNode, layer: LayerInstance, key: string): EditResult {
  const readOnly = tfjsLayerReadOnlyReason(root, layer, text);
  if (readOnly) return refuse(readOnly);
  const state = tfjsArgStates(root, layer).find((s) => s.rule.name === key);
  if (!state) return refuse(`${key} is not a config key the designer edits for ${layer.className}; change it in the code.`);
  if (!state.member) return { ok: true, edits: [], description: `${key} already takes its default.` };
  if (!hasDefault(layer, key)) return refuse(`${layer.className} needs ${key}; it has no default.`);
  const config = state.member.parent!;
  const p = members(config).findIndex((m) => m.startIndex === state.member!.startIndex);
  return { ok: true, edits: removeItem(text, config, p), description: `Removed ${key} from ${layer.name}; it takes TF.js's default.` };
}

/**
 * The palette's form in a TF.js file: each field under its TF.js config key (`kernelSize`), with TF.js's
 * activations and enum spellings; a field TF.js has no key for is left out. `undefined` when TF.js lacks the layer.
 */
export function tfjsPaletteEntry(entry: PaletteEntry): PaletteEntry | undefined {
  const spec = findLayerSpec(entry.className);
  if (!spec?.tfjs) return undefined;
  const fields: FieldView[] = [];
  for (const f of entry.fields) {
    const key = tfjsKeyFor(spec, f.rule.name);
    if (!key) continue;
    const rule = tfjsRule(f.rule, key);
    const translated = f.value && tfjsValue(rule, f.value);
    const value = typeof translated === 'string' ? undefined : translated;
    fields.push({ ...f, rule, value, text: value ? jsText(value, "'") : '' });
  }
  // The description names arguments as the fields do (`kernel_size` → `kernelSize`).
  const doc = entry.doc.replace(/`([a-z][a-z0-9_]*)`/g, (quoted, name: string) => {
    const key = tfjsKeyFor(spec, name);
    return key ? `\`${key}\`` : quoted;
  });
  return { ...entry, doc, fields };
}

/** One palette setting as a TF.js config key and value: named by TF.js key (the TF.js palette) or by Keras argument (translated); or why not. */
function tfjsSetting(spec: LayerSpec, factory: string, setting: ArgSetting): { key: string; value: ArgValue } | string {
  if (setting.name === 'name') return checkArgValue(COMMON_RULES.name, setting.value) ?? { key: 'name', value: setting.value };
  const arg = spec.args.find((a) => tfjsKeyFor(spec, a.name) === setting.name) ?? spec.args.find((a) => a.name === setting.name);
  const keras = arg && argRule(spec, arg);
  if (!arg || !keras) return `${spec.className} has no argument ${setting.name} the palette sets.`;
  const key = tfjsKeyFor(spec, arg.name);
  if (!key) return `tf.layers.${factory} has no config key for ${setting.name}.`;
  const rule = tfjsRule(keras, key);
  const value = setting.value;
  if (!checkArgValue(rule, value)) return { key, value };
  // A Keras spelling (`silu`, `channels_last`) under a name both share.
  if (setting.name === arg.name && !checkArgValue(keras, value)) {
    const translated = tfjsValue(rule, value);
    return typeof translated === 'string' ? translated : { key, value: translated };
  }
  return value.kind === 'activation' ? `TF.js has no activation '${value.name}'; it has ${TFJS_ACTIVATIONS.join(', ')}.` : checkArgValue(rule, value)!;
}

/**
 * The TF.js code of a palette layer (`tf.layers.dropout({rate: 0.2})`) from the palette's settings (TF.js config
 * keys, or Keras arguments translated), called through `namespace` (`tf.layers`); or why not.
 */
export function tfjsPaletteCode(className: string, args: readonly ArgSetting[], namespace: string, quote: '"' | "'"): { spec: LayerSpec; code: string } | string {
  const spec = paletteLayer(className);
  if (typeof spec === 'string') return spec;
  const factory = spec.tfjs?.factories[0];
  if (!factory) return `TF.js has no ${spec.className} layer.`;
  const values = new Map<string, ArgValue>();
  for (const setting of args) {
    const made = tfjsSetting(spec, factory, setting);
    if (typeof made === 'string') return made;
    values.set(made.key, made.value);
  }
  const keys = [...spec.args.map((a) => tfjsKeyFor(spec, a.name)), 'name'].filter((k): k is string => k !== undefined);
  const parts: string[] = [];
  const written = new Set<string>();
  for (const key of keys) {
    const value = values.get(key);
    // An optional argument left empty is left out: TF.js reads null as not given.
    if (!value || value.kind === 'none' || (value.kind === 'str' && value.value === 'None' && key !== 'name')) continue;
    parts.push(`${key}: ${jsText(value, quote)}`);
    written.add(key);
  }
  const needed = [...spec.args.filter((a) => a.default === undefined).map((a) => tfjsKeyFor(spec, a.name) ?? a.name), ...(spec.tfjs?.required ?? [])];
  const missing = [...new Set(needed)].filter((k) => !written.has(k));
  if (missing.length) return `tf.layers.${factory} needs ${missing.join(' and ')}.`;
  return { spec, code: `${namespace}.${factory}(${parts.length ? `{${parts.join(', ')}}` : ''})` };
}
