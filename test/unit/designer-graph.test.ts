/** The designer's graph of a model (src/core/designer/graph.ts): nodes, shape-labelled edges, groups; pure. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { analyzePython, initParser } from '../../src/core/python/analyze';
import { enclosingFunction, modelGraph } from '../../src/core/designer/graph';
import { designerState } from '../../src/core/designer/designer-view';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import { parseDesignerMessage, type ModelGraph } from '../../src/shared/designer-protocol';

before(async () => {
  await initParser();
});

const DOC = { uri: 'file:///work/t.py', version: 2 };

function graphOf(source: string, model = 0): ModelGraph {
  return modelGraph(analyzePython(source), source, model, DOC);
}

const edgeList = (g: ModelGraph) => g.edges.map((e) => `${e.source} -> ${e.target} ${e.label}`);

describe('examples/functional_branches.py', () => {
  const source = readFileSync('examples/functional_branches.py', 'utf8');
  let cached: ModelGraph | undefined;
  const g = () => (cached ??= graphOf(source));

  test('one node per layer with Keras numbers, the inputs and the output', () => {
    assert.deepEqual(
      g().nodes.map((n) => [n.kind, n.className, n.name, n.params, n.macs]),
      [
        ['input', 'InputLayer', 'image', '0', '0'],
        ['layer', 'Conv2D', 'conv2d', '448', '442,368'],
        ['layer', 'BatchNormalization', 'batch_normalization', '64', '16,384'],
        ['layer', 'MaxPooling2D', 'max_pooling2d', '0', '0'],
        ['layer', 'Conv2D', 'conv2d_1', '4,640', '1,179,648'],
        ['layer', 'BatchNormalization', 'batch_normalization_1', '128', '8,192'],
        ['layer', 'MaxPooling2D', 'max_pooling2d_1', '0', '0'],
        ['layer', 'Conv2D', 'conv2d_2', '18,496', '1,179,648'],
        ['layer', 'BatchNormalization', 'batch_normalization_2', '256', '4,096'],
        ['layer', 'MaxPooling2D', 'max_pooling2d_2', '0', '0'],
        ['input', 'InputLayer', 'meta', '0', '0'],
        ['layer', 'GlobalAveragePooling2D', 'global_average_pooling2d', '0', '0'],
        ['layer', 'Dense', 'dense', '288', '256'],
        ['layer', 'Concatenate', 'concatenate', '0', '0'],
        ['layer', 'Dense', 'label', '970', '960'],
        ['output', 'Output', 'output', '0', '0'],
      ],
    );
  });

  test('every edge carries the shape of its tensor; the merge has one edge from each branch', () => {
    assert.deepEqual(edgeList(g()), [
      '0:image -> 1:conv2d (None, 32, 32, 3)',
      '1:conv2d -> 2:batch_normalization (None, 32, 32, 16)',
      '2:batch_normalization -> 3:max_pooling2d (None, 32, 32, 16)',
      '3:max_pooling2d -> 4:conv2d_1 (None, 16, 16, 16)',
      '4:conv2d_1 -> 5:batch_normalization_1 (None, 16, 16, 32)',
      '5:batch_normalization_1 -> 6:max_pooling2d_1 (None, 16, 16, 32)',
      '6:max_pooling2d_1 -> 7:conv2d_2 (None, 8, 8, 32)',
      '7:conv2d_2 -> 8:batch_normalization_2 (None, 8, 8, 64)',
      '8:batch_normalization_2 -> 9:max_pooling2d_2 (None, 8, 8, 64)',
      '9:max_pooling2d_2 -> 11:global_average_pooling2d (None, 4, 4, 64)',
      '10:meta -> 12:dense (None, 8)',
      '11:global_average_pooling2d -> 13:concatenate (None, 64)',
      '12:dense -> 13:concatenate (None, 32)',
      '13:concatenate -> 14:label (None, 96)',
      '14:label -> output (None, 10)',
    ]);
  });

  test('a layer of another branch listed between the layers of a block does not split it', () => {
    const edited = source.replace('merged = layers.Concatenate()([x, m])', 'm_dropout = layers.Dropout(0.2)(m)\nmerged = layers.Concatenate()([x, m_dropout])');
    const groups = graphOf(edited).groups;
    assert.deepEqual(groups.map((gr) => gr.label), ['conv_block() 1 of 3', 'conv_block() 2 of 3', 'conv_block() 3 of 3']);
  });

  test('each conv_block() call is a group of its three layers; nodes keep their card index and where they are', () => {
    assert.deepEqual(
      g().groups.map((gr) => [gr.id, gr.kind, gr.label, gr.collapsed]),
      [1, 2, 3].map((n) => [`block:conv_block@6#${n}`, 'block', `conv_block() ${n} of 3`, false]),
    );
    assert.deepEqual(g().nodes.filter((n) => n.parent === 'block:conv_block@6#2').map((n) => n.name), ['conv2d_1', 'batch_normalization_1', 'max_pooling2d_1']);
    // Closed, a block shows its layers' numbers added up.
    const closed = g().groups[0].node!;
    assert.deepEqual([closed.className, closed.name, closed.params, closed.macs, closed.outputShape], ['conv_block() 1 of 3', '3 layers', '512', '458,752', '(None, 16, 16, 16)']);
    const label = g().nodes.find((n) => n.name === 'label')!;
    assert.equal(label.layer, 14);
    assert.deepEqual(label.ref, { uri: DOC.uri, version: 2, model: 0, layer: 14, className: 'Dense', name: 'label', fingerprint: label.ref!.fingerprint });
    assert.equal(g().nodes.find((n) => n.name === 'conv2d_1')!.layer, 4, 'a node in a group is still its card');
  });
});

test('a Sequential is a chain from its input, each edge the shape the layer before gives', () => {
  const g = graphOf(readFileSync('examples/fashion_mnist.py', 'utf8'));
  assert.deepEqual(edgeList(g), ['input -> 0:flatten (None, 28, 28)', '0:flatten -> 1:dense (None, 784)', '1:dense -> 2:dense_1 (None, 256)', '2:dense_1 -> output (None, 10)']);
  assert.deepEqual(g.groups, []);
});

test('a Sequential without an input shape: ? on its edges, never a guess', () => {
  const g = graphOf('import keras\nmodel = keras.Sequential([keras.layers.Dense(4), keras.layers.Dense(2)])\n');
  assert.deepEqual(edgeList(g), ['input -> 0:dense ?', '0:dense -> 1:dense_1 ?', '1:dense_1 -> output ?']);
  assert.deepEqual(g.nodes.map((n) => n.params), ['?', '?', '0', '0']);
});

test('a shared layer is one node with an edge in per call', () => {
  const g = graphOf(`import keras
from keras import layers
a = keras.Input(shape=(8,))
b = keras.Input(shape=(8,))
shared = layers.Dense(4)
merged = layers.Add()([shared(a), shared(b)])
model = keras.Model([a, b], merged)
`);
  const dense = g.nodes.filter((n) => n.className === 'Dense');
  assert.equal(dense.length, 1);
  assert.equal(dense[0].uses, 2);
  assert.deepEqual(edgeList(g), ['0:input_layer -> 2:dense (None, 8)', '1:input_layer_1 -> 2:dense (None, 8)', '2:dense -> 3:add (None, 4)', '2:dense -> 3:add (None, 4)', '3:add -> output (None, 4)']);
});

test('a model used as a layer is a closed group holding its own graph', () => {
  const source = `import keras
from keras import layers
encoder = keras.Sequential([layers.Dense(16, activation="relu"), layers.Dense(8)], name="encoder")
inp = keras.Input(shape=(32,))
out = layers.Dense(1)(encoder(inp))
model = keras.Model(inp, out)
`;
  const g = graphOf(source, 1);
  assert.deepEqual(g.groups.map((gr) => [gr.id, gr.kind, gr.label, gr.collapsed, gr.node?.params]), [['1:encoder', 'model', 'Sequential encoder', true, '664']]);
  assert.deepEqual(g.nodes.filter((n) => n.parent === '1:encoder').map((n) => [n.name, n.params, n.ref?.model]), [['dense', '528', 0], ['dense_1', '136', 0]]);
  assert.deepEqual(edgeList(g), ['1:encoder/0:dense -> 1:encoder/1:dense_1 (None, 16)', '0:input_layer -> 1:encoder (None, 32)', '1:encoder -> 2:dense_2 (None, 8)', '2:dense_2 -> output (None, 1)']);
});

test('a subclassed model: edges from the Input it was called on through call(), no group for __init__', () => {
  const g = graphOf(`import keras
from keras import layers
class Net(keras.Model):
    def __init__(self):
        super().__init__()
        self.a = layers.Dense(16)
        self.b = layers.Dense(4)
    def call(self, x):
        return self.b(self.a(x))
net = Net()
net(keras.Input(shape=(8,)))
`);
  assert.deepEqual(edgeList(g), ['input:input_layer -> 0:dense (None, 8)', '0:dense -> 1:dense_1 (None, 16)', '1:dense_1 -> output (None, 4)']);
  assert.deepEqual(g.groups, []);
});

test('a helper that makes the whole model is no group; enclosingFunction reads def and function', () => {
  const g = graphOf(`import keras
from keras import layers
def build():
    inp = keras.Input(shape=(4,))
    x = layers.Dense(8)(inp)
    return keras.Model(inp, layers.Dense(2)(x))
model = build()
`);
  assert.deepEqual(g.groups, []);
  assert.deepEqual(enclosingFunction(['function block(x) {', '  return tf.layers.dense({units: 2}).apply(x);', '}'], 1), { name: 'block', line: 0 });
  assert.deepEqual(enclosingFunction(['x = 1', 'y = 2'], 1), undefined);
  assert.equal(enclosingFunction([], 3), undefined);
});

test('bad input never throws: no model, an index past the end', () => {
  assert.deepEqual(graphOf('x = 1\n'), { nodes: [], edges: [], groups: [] });
  assert.deepEqual(graphOf('import keras\nm = keras.Sequential()\n', 5), { nodes: [], edges: [], groups: [] });
});

describe('a TF.js file in the designer', () => {
  const source = readFileSync('examples/tfjs_functional.ts', 'utf8');
  const doc = { uri: 'file:///work/m.ts', fileName: 'm.ts', version: 1, tfjs: true };

  test('drawn as a graph with shapes on its edges, edited in TF.js terms (config keys, read-only where written as variables)', async () => {
    await initJsParsers();
    const s = designerState(analyzeJavaScript(source, { typescript: true }), source, doc, {});
    const m = s.model!;
    assert.ok(m.graph.nodes.length > 2 && m.graph.edges.every((e) => e.label.length > 0));
    assert.ok(m.graph.edges.some((e) => e.label.startsWith('(None')), JSON.stringify(m.graph.edges));
    assert.equal(m.graphEdits, true);
    const digit = m.layers.find((c) => c.name === 'digit')!;
    assert.equal(digit.readOnly, undefined);
    assert.deepEqual(digit.fields.map((f) => `${f.rule.name}=${f.text}${f.editable ? '' : ' (read-only)'}`), [
      'units=NUM_CLASSES (read-only)', "activation='softmax'", "useBias=true", "name='digit'", 'trainable=true',
    ]);
    assert.equal(m.layers[0].readOnly, 'Change the Input in the code.');
    // convBlock() twice is two groups; createModel(), which makes the model itself, is none.
    assert.deepEqual(m.graph.groups.map((g) => g.label), ['convBlock() 1 of 2', 'convBlock() 2 of 2']);
  });

  test('a tf.sequential model can have layers added, deleted and moved; the palette offers the layers TF.js has', async () => {
    await initJsParsers();
    const mnist = readFileSync('examples/tfjs_mnist.js', 'utf8');
    const s = designerState(analyzeJavaScript(mnist, {}), mnist, { ...doc, fileName: 'tfjs_mnist.js' }, {});
    assert.deepEqual(s.model!.structure, { editable: true });
    assert.ok(s.palette.some((e) => e.className === 'Dropout') && !s.palette.some((e) => e.className === 'Identity'));
    const hidden = s.model!.layers[1];
    assert.deepEqual(hidden.fields.filter((f) => f.given).map((f) => `${f.rule.name}=${f.text}`), ['units=256', "activation='relu'"]);
    assert.equal(s.model!.layers[2].fields.find((f) => f.rule.name === 'units')?.editable, false, 'units: CLASS_NAMES.length is an expression');
  });

  test('a TF.js file without a model says so in its own words, and offers no Python starters', async () => {
    await initJsParsers();
    const s = designerState(analyzeJavaScript('const x = 1;\n', {}), 'const x = 1;\n', { ...doc, fileName: 'util.js' }, {});
    assert.equal(s.empty, 'No TensorFlow.js model in util.js.');
    assert.deepEqual(s.starters, []);
  });
});

test('the host checks the graph messages: an edge to insert on, an export', () => {
  const target = { uri: 'file:///a.py', version: 1, model: 0, fingerprint: 'x' };
  const add = { type: 'designer/addLayer', requestId: 1, target, index: 0, className: 'Dropout', args: [] };
  assert.ok(parseDesignerMessage({ ...add, edge: { layer: 3, input: 1 } }));
  assert.equal(parseDesignerMessage({ ...add, edge: { layer: -1, input: 0 } }), undefined);
  assert.equal(parseDesignerMessage({ ...add, edge: 'dense' }), undefined);
  const exp = { type: 'designer/export', requestId: 2, uri: 'file:///a.py', model: 'model', format: 'svg', data: '<svg/>' };
  assert.ok(parseDesignerMessage(exp));
  assert.equal(parseDesignerMessage({ ...exp, format: 'gif' }), undefined);
  assert.equal(parseDesignerMessage({ ...exp, data: 42 }), undefined);
});
