/** Attention layers (keras/src/layers/attention). */
import { ShapeError, Unresolved } from '../model/errors';
import type { Dim, Shape } from '../model/shape';
import { describe, type PyValue } from '../model/values';
import type { LayerConfig, LayerSpec, Weight } from './spec';
import { arg, asInt, items, known, pyTuple } from './util';

function positive(cfg: LayerConfig, name: string, orNone = false): number | null {
  const v = arg(cfg, name);
  if (orNone && v.kind === 'none') return null;
  if (v.kind === 'int' && v.value > 0) return v.value;
  throw new ShapeError(
    `Received an invalid value for argument \`${name}\`, expected a positive integer${orNone ? ' or `None`' : ''}. Received: ${name}=${describe(v)}`,
  );
}

/** MultiHeadAttention's `output_shape`: None (or empty) keeps the query's last dim; an int is a 1-tuple. */
function mhaOutputShape(cfg: LayerConfig): number[] | null {
  const v = arg(cfg, 'output_shape');
  const one = asInt(v);
  if (one !== undefined) return one === 0 ? null : [one];
  if (v.kind === 'none') return null;
  const list = items(v, 'output_shape');
  if (!list) throw new ShapeError(`Invalid \`output_shape\`: ${describe(v)}. When specified, the \`output_shape\` should be of type tuple, list, or int.`);
  if (list.length === 0) return null;
  return list.map((x) => {
    const n = asInt(x);
    if (n === undefined) throw new Unresolved(`output_shape ${describe(v)} is not a tuple of integers`);
    return n;
  });
}

function mhaCheck(inputs: readonly Shape[], cfg: LayerConfig) {
  const heads = positive(cfg, 'num_heads') as number;
  const keyDim = positive(cfg, 'key_dim') as number;
  const valueDim = positive(cfg, 'value_dim', true) ?? keyDim;
  const output = mhaOutputShape(cfg);
  if (inputs.length < 2) throw new ShapeError("MultiHeadAttention.call() missing 1 required positional argument: 'value'");
  const [query, value] = inputs;
  const key = inputs[2] ?? value;
  const v = value.slice(1, -1);
  const k = key.slice(1, -1);
  if (v.length !== k.length || v.some((d, i) => d !== k[i])) {
    if (v.length === k.length && v.every((d, i) => d === k[i] || d === null || k[i] === null)) {
      throw new Unresolved('a dimension of `value` or `key` is not known');
    }
    throw new ShapeError(
      `All dimensions of \`value\` and \`key\`, except the last one, must be equal. Received: value_shape=${pyTuple(value)} and key_shape=${pyTuple(key)}`,
    );
  }
  return { heads, keyDim, valueDim, output, query, value, key };
}

export const MultiHeadAttention: LayerSpec = {
  className: 'MultiHeadAttention',
  call: 'attention',
  args: [
    { name: 'num_heads' },
    { name: 'key_dim' },
    { name: 'value_dim', default: null },
    { name: 'dropout', default: 0, float: true },
    { name: 'use_bias', default: true },
    { name: 'output_shape', default: null },
    { name: 'attention_axes', default: null },
    { name: 'sliding_window', default: null },
    { name: 'flash_attention', default: null },
    { name: 'kernel_initializer', default: 'glorot_uniform' },
    { name: 'bias_initializer', default: 'zeros' },
    { name: 'kernel_regularizer', default: null },
    { name: 'bias_regularizer', default: null },
    { name: 'activity_regularizer', default: null },
    { name: 'kernel_constraint', default: null },
    { name: 'bias_constraint', default: null },
    { name: 'use_gate', default: false },
    { name: 'seed', default: null },
  ],
  outputShape(inputs, cfg, call) {
    const { output, query, key, heads } = mhaCheck(inputs, cfg);
    const out = output ? [...query.slice(0, -1), ...output] : query;
    // return_attention_scores=True adds the scores: (batch, heads, query positions, key positions) for 3-D inputs.
    if (returnsScores(call)) return [out, [query[0], heads, ...query.slice(1, -1), ...key.slice(1, -1)]];
    return out;
  },
  weights(inputs, cfg) {
    const { heads, keyDim, valueDim, output, query, value, key } = mhaCheck(inputs, cfg);
    const bias = cfg.bool('use_bias');
    const qDim = known(query[query.length - 1], 'the last dimension of the query');
    const kDim = known(key[key.length - 1], 'the last dimension of the key');
    const vDim = known(value[value.length - 1], 'the last dimension of the value');
    const out = output ?? [qDim];
    const w: Weight[] = [];
    const dense = (name: string, kernel: number[], b: number[]) => {
      w.push({ name: `${name}/kernel`, shape: kernel, trainable: true });
      if (bias) w.push({ name: `${name}/bias`, shape: b, trainable: true });
    };
    dense('query', [qDim, heads, keyDim], [heads, keyDim]);
    dense('key', [kDim, heads, keyDim], [heads, keyDim]);
    if (cfg.bool('use_gate')) dense('gate', [qDim, heads, valueDim], [heads, valueDim]);
    dense('value', [vDim, heads, valueDim], [heads, valueDim]);
    dense('attention_output', [heads, valueDim, ...out], out);
    return w;
  },
  doc: 'Multi-head attention: each of `num_heads` heads compares the query with the key and uses the resulting weights to mix the value; called as `mha(query, value, key=None)`, the output has the query\'s shape (or `output_shape` as last dims).',
  docsPath: 'attention_layers/multi_head_attention',
  // Its build makes a Softmax and a Dropout (keras/src/layers/attention/multi_head_attention.py, _build_attention).
  buildNames: ['softmax', 'dropout'],
};

/** `return_attention_scores=True` in the call. */
function returnsScores(call: ReadonlyMap<string, PyValue> | undefined): boolean {
  const v = call?.get('return_attention_scores');
  return v?.kind === 'bool' && v.value;
}

/** Attention scores of a `[query, value]` call: (batch, query positions, value positions). */
function scoresShape(inputs: readonly Shape[]): Dim[] {
  const [query, value] = inputs;
  return [...query.slice(0, -1), value[1]];
}

/** Attention and AdditiveAttention are called on a list `[query, value]` or `[query, value, key]`. */
function attentionShape(inputs: readonly Shape[], className: string): Dim[] {
  if (inputs.length < 2 || inputs.length > 3) {
    throw new ShapeError(
      `${className} layer accepts inputs list of length 2 or 3, namely [query, value] or [query, value, key]. Received length: ${inputs.length}.`,
    );
  }
  const [query, value] = inputs;
  return [...query.slice(0, -1), value[value.length - 1]];
}

export const Attention: LayerSpec = {
  className: 'Attention',
  call: 'list',
  args: [
    { name: 'use_scale', default: false },
    { name: 'score_mode', default: 'dot' },
    { name: 'dropout', default: 0, float: true },
    { name: 'seed', default: null },
  ],
  outputShape(inputs, cfg, call) {
    const mode = cfg.str('score_mode');
    if (mode !== 'dot' && mode !== 'concat') {
      throw new ShapeError(`Invalid value for argument score_mode. Expected one of {'dot', 'concat'}. Received: score_mode=${mode}`);
    }
    const out = attentionShape(inputs, 'Attention');
    return returnsScores(call) ? [out, scoresShape(inputs)] : out;
  },
  weights(inputs, cfg) {
    attentionShape(inputs, 'Attention');
    const w: Weight[] = [];
    if (cfg.bool('use_scale')) w.push({ name: 'scale', shape: [], trainable: true });
    if (cfg.str('score_mode') === 'concat') w.push({ name: 'concat_score_weight', shape: [], trainable: true });
    return w;
  },
  doc: 'Dot-product (Luong-style) attention over a list `[query, value]` or `[query, value, key]`: each query step gets a weighted mix of the value steps.',
  docsPath: 'attention_layers/attention',
};

export const AdditiveAttention: LayerSpec = {
  className: 'AdditiveAttention',
  call: 'list',
  args: [
    { name: 'use_scale', default: true },
    { name: 'dropout', default: 0, float: true },
    // Passed on to Attention through **kwargs.
    { name: 'score_mode', default: 'dot', keywordOnly: true },
    { name: 'seed', default: null, keywordOnly: true },
  ],
  outputShape(inputs, _cfg, call) {
    const out = attentionShape(inputs, 'AdditiveAttention');
    return returnsScores(call) ? [out, scoresShape(inputs)] : out;
  },
  weights(inputs, cfg) {
    attentionShape(inputs, 'AdditiveAttention');
    if (!cfg.bool('use_scale')) return [];
    const query = inputs[0];
    return [{ name: 'scale', shape: [known(query[query.length - 1], 'the last dimension of the query')], trainable: true }];
  },
  doc: 'Additive (Bahdanau-style) attention over a list `[query, value]` or `[query, value, key]`: each query step gets a weighted mix of the value steps.',
  docsPath: 'attention_layers/additive_attention',
};

/** This family, in the order the catalogue lists it. */
export const ATTENTION_LAYERS: readonly LayerSpec[] = [MultiHeadAttention, Attention, AdditiveAttention];
