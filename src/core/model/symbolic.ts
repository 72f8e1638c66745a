/**
 * The symbolic tensors and layer lists Keras 3 hands to code that builds one model from another:
 * `model.inputs` / `model.outputs`, `layer.input` / `layer.output`, `model.layers`, `model.get_layer(name | index)`
 * (keras.io's feature extractor: `keras.Model(inputs=initial_model.inputs, outputs=[l.output for l in
 * initial_model.layers])`). Keras 3 builds a Sequential that starts with an Input as a functional graph, calling
 * its layers on that Input, so those tensors exist; here they are made the first time code asks for them.
 */
import type { ModelGraphBuilder } from './builder';
import type { LayerInstance, ModelValue, SequentialModel, TensorValue } from './graph';
import { functionalLayerOrder } from './layer-order';
import { unknown, type PyValue } from './values';

interface Chain {
  /** The layers the chain was made for: a Sequential changed since (`add`, `pop`) gets a new one, as Keras rebuilds. */
  readonly layers: readonly LayerInstance[];
  readonly outputs: readonly (TensorValue | null)[];
  readonly reason?: string;
}

const tensor = (t: TensorValue): PyValue => ({ kind: 'tensor', tensor: t });

export class SymbolicTensors {
  private readonly chains = new WeakMap<SequentialModel, Chain>();

  constructor(private readonly graph: ModelGraphBuilder) {}

  /** `model.layers`: a Sequential's list (without its Input), a functional model's graph order (InputLayers first, no operations). */
  layers(model: ModelValue): LayerInstance[] {
    if (model.kind === 'sequential') return model.layers.map((e) => e.layer);
    if (model.kind === 'functional') return functionalLayerOrder(model);
    return model.functional ? functionalLayerOrder(model.functional) : model.layers;
  }

  /** `model.inputs` / `model.outputs` (and `model.input` / `model.output`, one tensor when there is one). */
  modelTensors(model: ModelValue, attr: 'input' | 'inputs' | 'output' | 'outputs'): PyValue {
    const plural = attr.endsWith('s');
    const wantInputs = attr.startsWith('input');
    let list: readonly (TensorValue | null)[];
    if (model.kind === 'sequential') {
      // Keras 3's Sequential has `inputs` / `outputs`; `input` / `output` belong to a layer's calls, and it has none.
      if (!plural) return unknown(`The layer ${model.name} has never been called and thus has no defined ${attr} (Keras 3: use ${attr}s)`);
      const chain = this.sequentialChain(model);
      if (typeof chain === 'string') return unknown(chain);
      const last = chain.outputs[chain.outputs.length - 1];
      list = wantInputs ? [model.inputTensor!] : [last ?? null];
      if (!wantInputs && !last) return unknown(chain.reason ?? `the output of ${model.name} is not known`);
    } else {
      const functional = model.kind === 'functional' ? model : model.functional;
      if (!functional && model.kind === 'subclass' && !model.built) return unknown(`${model.name} is not built yet, so it has no ${attr}`);
      list = wantInputs ? (functional ?? model).inputs : (functional ?? model).outputs;
    }
    const items = list.map((t): PyValue => (t ? tensor(t) : unknown(`a ${wantInputs ? 'input' : 'output'} of ${model.name} is not known`)));
    if (!plural && items.length === 1) return items[0];
    return { kind: 'list', items };
  }

  /** `layer.input` / `layer.output`: the tensors of its first call (node 0, as Keras 3 reads them). */
  layerTensor(layer: LayerInstance, attr: 'input' | 'output'): PyValue {
    if (layer.calls.length === 0) {
      const home = this.graph.modelsSoFar().find(({ model }) => model.kind === 'sequential' && model.layers.some((e) => e.layer === layer));
      if (home) {
        const chain = this.sequentialChain(home.model as SequentialModel);
        if (typeof chain === 'string') return unknown(chain);
        if (layer.calls.length === 0) return unknown(chain.reason ?? `${layer.name} is not reached in ${home.model.name}`);
      }
    }
    const call = layer.calls[0];
    if (!call) return unknown(`The layer ${layer.name} has never been called and thus has no defined ${attr}.`);
    if (attr === 'output') return this.graph.outputsOf(call);
    const inputs = call.inputs.slice(0, call.shapeInputs ?? call.inputs.length).map(tensor);
    return inputs.length === 1 ? inputs[0] : { kind: 'list', items: inputs };
  }

  /** `model.get_layer(name=None, index=None)`, with Keras's errors as the reason when there is no such layer. */
  getLayer(model: ModelValue, name: PyValue | undefined, index: PyValue | undefined): PyValue {
    const layers = this.layers(model);
    const found = (layer: LayerInstance | undefined): PyValue =>
      !layer ? unknown('no such layer') : layer.model ? { kind: 'model', model: layer.model } : { kind: 'layer', layer };
    if (name && name.kind !== 'none') {
      if (name.kind !== 'str') return unknown('get_layer() with a name that is not known');
      const layer = layers.find((l) => l.name === name.value);
      return layer ? found(layer) : unknown(`No such layer: ${name.value}. Existing layers are: ${layers.map((l) => l.name).join(', ')}.`);
    }
    if (index && index.kind !== 'none') {
      if (index.kind !== 'int') return unknown('get_layer() with an index that is not known');
      if (index.value >= layers.length) return unknown(`Was asked to retrieve layer at index ${index.value} but model only has ${layers.length} layers.`);
      return found(layers[index.value]);
    }
    return unknown('Provide either a layer name or layer index at `get_layer`.');
  }

  /**
   * A Sequential's layers called one after another on its Input, once (Keras 3's build): the tensors behind
   * `model.outputs` and each layer's `output`. A string says why there is no such graph.
   */
  private sequentialChain(model: SequentialModel): Chain | string {
    if (!model.inputTensor) return `${model.name} has no keras.Input of its own, so its symbolic tensors are not followed`;
    if (model.incomplete) return `${model.name} is not known in full (${model.incomplete})`;
    const layers = model.layers.map((e) => e.layer);
    const cached = this.chains.get(model);
    if (cached && cached.layers.length === layers.length && cached.layers.every((l, i) => l === layers[i])) return cached;
    const outputs: (TensorValue | null)[] = [];
    let current: TensorValue | null = model.inputTensor;
    let reason: string | undefined;
    for (const entry of model.layers) {
      if (!current) {
        outputs.push(null);
        continue;
      }
      const out = this.graph.callLayer(entry.layer, [tensor(current)], entry.range);
      current = out.kind === 'tensor' && out.tensor.shape ? out.tensor : null;
      if (!current) reason = out.kind === 'unknown' ? out.reason : `the output of ${entry.layer.name} is not known`;
      outputs.push(current);
    }
    const chain: Chain = { layers, outputs, reason };
    this.chains.set(model, chain);
    return chain;
  }
}
