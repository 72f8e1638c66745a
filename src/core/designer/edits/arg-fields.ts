/**
 * The form the designer builds for a layer: which of its spec's arguments can be edited, with what rule, what
 * the source says now, and why a value is read-only when it is.
 */
import type { ArgumentSpan, LayerInstance } from '../../model/graph';
import type { ArgDef, DefaultValue, LayerSpec } from '../../layers/spec';
import type { PyValue } from '../../model/values';
import { pythonFloat, type ArgRule, type ArgValue } from '../../../shared/arg-values';
import { outsideText } from './text-edit';

const POSITIVE_INTS = new Set(['units', 'filters', 'output_dim', 'input_dim', 'num_heads', 'key_dim', 'value_dim', 'depth_multiplier', 'groups', 'lora_rank']);
const FRACTIONS = new Set(['rate', 'dropout', 'recurrent_dropout']);
const TUPLES = new Set(['kernel_size', 'strides', 'pool_size', 'dilation_rate', 'size']);
const ACTIVATION_ARGS = new Set(['activation', 'recurrent_activation']);

/** Keras 3's activation functions (keras/src/activations/__init__.py), most used first. */
export const ACTIVATIONS: readonly string[] = [
  'relu', 'sigmoid', 'softmax', 'tanh', 'linear', 'gelu', 'elu', 'selu', 'silu', 'swish', 'leaky_relu', 'relu6',
  'softplus', 'softsign', 'exponential', 'hard_sigmoid', 'hard_silu', 'hard_swish', 'mish', 'log_softmax',
];

/** 1, 2 or 3 for `Conv2D`, `MaxPooling1D`, `ZeroPadding3D`...; undefined when the name does not say. */
function spatialRank(className: string): number | undefined {
  const m = /([123])D(Transpose)?$/.exec(className);
  return m ? Number(m[1]) : undefined;
}

function defaultKind(d: DefaultValue | undefined): 'int' | 'float' | 'bool' | 'str' | 'tuple' | 'none' | 'required' {
  if (d === undefined) return 'required';
  if (d === null) return 'none';
  if (typeof d === 'boolean') return 'bool';
  if (typeof d === 'string') return 'str';
  if (typeof d === 'number') return Number.isInteger(d) ? 'int' : 'float';
  return 'tuple';
}

/** The rule for one of a spec's arguments, or undefined when the designer does not offer it (regularizers, ...). */
export function argRule(spec: LayerSpec, arg: ArgDef): ArgRule | undefined {
  const name = arg.name;
  const dk = defaultKind(arg.default);
  const nullable = dk === 'none';
  const rank = spatialRank(spec.className);
  if (ACTIVATION_ARGS.has(name)) return { name, kind: 'activation', options: ACTIVATIONS, nullable };
  if (POSITIVE_INTS.has(name)) return { name, kind: 'int', min: 1, nullable };
  if (FRACTIONS.has(name)) return { name, kind: 'float', min: 0, max: 1, maxExclusive: true, nullable };
  if (name === 'momentum') return { name, kind: 'float', min: 0, max: 1, nullable };
  if (name === 'epsilon') return { name, kind: 'float', min: 0, nullable };
  if (TUPLES.has(name)) return { name, kind: 'ints', min: 1, length: rank, nullable };
  if (name === 'padding') {
    if (dk === 'str') {
      const options = spec.className === 'Conv1D' ? ['valid', 'same', 'causal'] : ['valid', 'same'];
      return { name, kind: 'choice', options };
    }
    return { name, kind: 'ints', min: 0, length: rank, nullable };
  }
  if (name === 'data_format') return { name, kind: 'choice', options: ['None', 'channels_last', 'channels_first'], nullable: true };
  if (name === 'target_shape') return { name, kind: 'ints', min: -1, tupleOnly: true };
  if (name === 'axis' && (dk === 'int' || dk === 'required')) return { name, kind: 'int' };
  if (name === 'seed') return { name, kind: 'int', min: 0, nullable: true };
  if (/_(regularizer|constraint)$/.test(name) || name === 'quantization_config' || name === 'noise_shape' || name === 'weights') return undefined;
  switch (dk) {
    case 'bool':
      return { name, kind: 'bool' };
    case 'int':
      return arg.float ? { name, kind: 'float' } : { name, kind: 'int' };
    case 'float':
      return { name, kind: 'float' };
    case 'str':
      return { name, kind: 'str' };
    default:
      return undefined;
  }
}

/** Rules for the arguments every layer takes. */
export const COMMON_RULES: Readonly<Record<'name' | 'trainable' | 'input_shape', ArgRule>> = {
  name: { name: 'name', kind: 'str', nonEmpty: true },
  trainable: { name: 'trainable', kind: 'bool' },
  input_shape: { name: 'input_shape', kind: 'ints', min: 1, tupleOnly: true },
};

/** What a field shows for one argument of one layer. */
export interface ArgState {
  readonly rule: ArgRule;
  /** Written in the call (as opposed to the spec's default). */
  readonly given: boolean;
  /** Python text: the source text when given, else the default's repr. */
  readonly text: string;
  /** The value for the field to start from, when it can be read as one. */
  readonly value?: ArgValue;
  readonly editable: boolean;
  /** Why it is read-only. */
  readonly reason?: string;
  /** Given by position (it cannot be removed without shifting the others). */
  readonly positional: boolean;
}

export function defaultText(d: DefaultValue | undefined, float = false): string {
  if (d === undefined) return '';
  if (d === null) return 'None';
  if (typeof d === 'boolean') return d ? 'True' : 'False';
  if (typeof d === 'string') return `'${d}'`;
  if (typeof d === 'number') return float || !Number.isInteger(d) ? pythonFloat(d) : String(d);
  return d.length === 1 ? `(${d[0] ?? 'None'},)` : `(${d.map((x) => x ?? 'None').join(', ')})`;
}

/** The span of argument `name` in a call: by keyword, or by its position in the spec's order. */
export function findArgSpan(layer: LayerInstance, name: string): ArgumentSpan | undefined {
  const items = layer.args?.items ?? [];
  const byKeyword = items.find((a) => a.keyword === name);
  if (byKeyword) return byKeyword;
  const spec = layer.spec;
  if (!spec) return undefined;
  const position = spec.args.filter((a) => !a.keywordOnly).findIndex((a) => a.name === name);
  return position < 0 ? undefined : items.find((a) => a.keyword === undefined && a.position === position);
}

/** A dotted name (`tf.nn.relu`), the one kind of non-literal the designer may replace: it names a constant. */
const DOTTED = /^[A-Za-z_][\w]*(\.[A-Za-z_]\w*)*$/;

/** The typed value a field starts from, if the Python value reads as one for the rule. */
function fieldValue(rule: ArgRule, v: PyValue | undefined): ArgValue | undefined {
  if (!v) return undefined;
  switch (rule.kind) {
    case 'activation':
      if (v.kind === 'none') return { kind: 'activation', name: 'linear' };
      if (v.kind === 'str') return { kind: 'activation', name: v.value };
      if (v.kind === 'ref') return { kind: 'activation', name: v.path.split('.').pop() ?? v.path };
      return undefined;
    case 'choice':
      if (v.kind === 'none') return rule.options?.includes('None') ? { kind: 'str', value: 'None' } : undefined;
      return v.kind === 'str' ? { kind: 'str', value: v.value } : undefined;
    case 'int':
      if (v.kind === 'none') return { kind: 'none' };
      return v.kind === 'int' ? { kind: 'int', value: v.value } : undefined;
    case 'float':
      if (v.kind === 'none') return { kind: 'none' };
      return v.kind === 'int' || v.kind === 'float' ? { kind: 'float', value: v.value } : undefined;
    case 'bool':
      return v.kind === 'bool' ? { kind: 'bool', value: v.value } : undefined;
    case 'str':
      if (v.kind === 'none') return { kind: 'none' };
      return v.kind === 'str' ? { kind: 'str', value: v.value } : undefined;
    case 'ints':
      if (v.kind === 'none') return { kind: 'none' };
      if (v.kind === 'int') return rule.tupleOnly ? { kind: 'tuple', items: [v.value] } : { kind: 'int', value: v.value };
      if ((v.kind === 'tuple' || v.kind === 'list') && v.items.every((i) => i.kind === 'int')) {
        return { kind: 'tuple', items: v.items.map((i) => (i as { value: number }).value) };
      }
      return undefined;
  }
}

/** Whether an activation written as a dotted name can be replaced: it names a known activation. */
function isActivationReference(rule: ArgRule, span: ArgumentSpan, v: PyValue | undefined): boolean {
  return rule.kind === 'activation' && v?.kind === 'ref' && DOTTED.test(span.valueText) && ACTIVATIONS.includes(span.valueText.split('.').pop()!);
}

/** Why a layer's arguments cannot be edited in `text` at all, or undefined when they can. */
export function layerReadOnlyReason(layer: LayerInstance, text: string): string | undefined {
  // A notebook cell's model can use layers made in another cell.
  if (outsideText(text, layer.range)) return 'It is written in another cell: edit it there.';
  if (layer.model) return 'It is a model used as a layer: open that model to edit it.';
  if (layer.className === 'InputLayer') return undefined;
  if (!layer.spec) return layer.unknownReason ?? `Model Lens does not know the arguments of ${layer.className}.`;
  if (!layer.args) return 'Its arguments are not written in a call Model Lens can see.';
  return undefined;
}

/** One state per argument the designer offers, in the spec's order, then `name` and `trainable`. */
export function argStates(layer: LayerInstance): ArgState[] {
  const spec = layer.spec;
  if (!spec || !layer.args || layer.model) return [];
  const out: ArgState[] = [];
  const push = (rule: ArgRule, shownDefault: string, current: PyValue | undefined) => {
    const span = findArgSpan(layer, rule.name);
    const value = fieldValue(rule, current);
    if (!span) {
      out.push({ rule, given: false, text: shownDefault, value, editable: true, positional: false });
      return;
    }
    const positional = span.keyword === undefined;
    if (!span.literal && !isActivationReference(rule, span, current)) {
      out.push({ rule, given: true, text: span.valueText, value, editable: false, positional, reason: `\`${clip(span.valueText)}\` is a variable or an expression; change it in the code.` });
    } else if (value === undefined) {
      out.push({ rule, given: true, text: span.valueText, editable: false, positional, reason: `\`${clip(span.valueText)}\` is not a value this field can show; change it in the code.` });
    } else {
      out.push({ rule, given: true, text: span.valueText, value, editable: true, positional });
    }
  };
  for (const arg of spec.args) {
    const rule = argRule(spec, arg);
    if (rule) push(rule, defaultText(arg.default, arg.float ?? false), layer.config.raw(arg.name));
  }
  // Keras makes a name up when the call leaves it out; the field shows that one.
  push(COMMON_RULES.name, `'${layer.name}'`, { kind: 'str', value: layer.name });
  push(COMMON_RULES.trainable, 'True', { kind: 'bool', value: layer.trainable });
  if (layer.args.items.some((a) => a.keyword === 'input_shape') && layer.declaredInput) {
    const dims = layer.declaredInput.slice(1);
    const current: PyValue | undefined = dims.every((d) => d !== null) ? { kind: 'tuple', items: dims.map((d) => ({ kind: 'int', value: d as number })) } : undefined;
    push(COMMON_RULES.input_shape, '', current);
  }
  return out;
}

function clip(text: string): string {
  const one = text.replace(/\s+/g, ' ');
  return one.length > 40 ? `${one.slice(0, 39)}…` : one;
}

/** The rule for argument `name` of this layer, or undefined when the designer does not edit it. */
export function ruleFor(layer: LayerInstance, name: string): ArgRule | undefined {
  if (name === 'name' || name === 'trainable' || name === 'input_shape') return COMMON_RULES[name];
  const spec = layer.spec;
  const arg = spec?.args.find((a) => a.name === name);
  return spec && arg ? argRule(spec, arg) : undefined;
}
