/** Hover words for TF.js sources: tf.layers factories with their camelCase config keys, and TF.js's activation identifiers. */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, test } from 'node:test';
import { layerHoverMarkdown, symbolHoverMarkdown } from '../../src/core/report/explain';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';
import { tfjsActivationDoc, tfjsActivationName, tfjsConfigKeys, tfjsLayerText, tfjsWords } from '../../src/core/tfjs/docs';
import { TFJS_LAYERS } from '../../src/core/tfjs/layers';
import { tfjsSymbolAt } from '../../src/core/tfjs/symbol-at';

before(async () => {
  await initJsParsers();
});

const example = () => readFileSync('examples/tfjs_mnist.js', 'utf8');
/** The offset of `part` inside the first occurrence of `context`. */
const at = (text: string, context: string, part: string) => text.indexOf(context) + context.indexOf(part) + 1;

/** TF.js's activation identifiers (tfjs-layers activations.ts). */
const TFJS_ACTIVATION_IDS = ['elu', 'selu', 'relu', 'relu6', 'linear', 'sigmoid', 'hardSigmoid', 'softplus', 'softsign', 'tanh', 'softmax', 'logSoftmax', 'gelu', 'gelu_new', 'mish', 'swish'];

describe('what is under the cursor in a TF.js source', () => {
  test('a tf.layers call, an activation string, the innermost layer of a wrapper', () => {
    const text = example();
    assert.deepEqual(tfjsSymbolAt(text, at(text, 'tf.layers.dense({units: 256', 'dense'), 'javascript')?.name, 'dense');
    const relu = tfjsSymbolAt(text, at(text, "activation: 'relu'", 'relu'), 'javascript')!;
    assert.deepEqual([relu.kind, relu.name, text.slice(relu.startIndex, relu.endIndex)], ['activation', 'relu', "'relu'"]);
    // Inside the config, away from the name: still the layer.
    assert.equal(tfjsSymbolAt(text, at(text, 'inputShape: [IMAGE_SIZE', 'IMAGE_SIZE'), 'javascript')?.name, 'flatten');
    assert.equal(tfjsSymbolAt(text, at(text, 'const DATA_DIR', 'DATA'), 'javascript'), undefined);
    const wrapped = "const b = tf.layers.bidirectional({layer: tf.layers.lstm({units: 8, recurrentActivation: 'hardSigmoid'})});";
    assert.equal(tfjsSymbolAt(wrapped, at(wrapped, 'lstm({units', 'units'), 'typescript')?.name, 'lstm');
    assert.equal(tfjsSymbolAt(wrapped, at(wrapped, 'bidirectional', 'bi'), 'typescript')?.name, 'bidirectional');
    assert.equal(tfjsSymbolAt(wrapped, at(wrapped, "'hardSigmoid'", 'hard'), 'typescript')?.name, 'hardSigmoid');
  });
});

describe('the hover on a TF.js layer', () => {
  test('tf.layers.dense: TF.js names, the config keys it reads, its activation and the TF.js docs', () => {
    const report = analyzeJavaScript(example());
    const dense = report.layers[1];
    const name = tfjsActivationName(dense.layer.config.activation());
    const md = layerHoverMarkdown(dense, { name: `'${name}'`, doc: tfjsActivationDoc(name) }, tfjsLayerText('dense'));
    assert.match(md, /^\*\*tf\.layers\.dense\*\* → Dense `dense_Dense1`/);
    assert.match(md, /\*\*200,960 params\*\* = kernel 784×256 = 200,704 \+ bias 256 \(all trainable\)/);
    assert.match(md, /Config: `units`, `activation`, `useBias`, `inputDim`, `kernelInitializer`, `biasInitializer`, /);
    assert.match(md, /and every layer's `inputShape`, `batchInputShape`, `batchSize`, `dtype`, `name`, `trainable`\./);
    assert.match(md, /Activation \*\*'relu'\*\*: Rectified linear unit: `relu\(x\) = max\(0, x\)`.* as in `tf\.layers\.dense\(\{units: 128, activation: 'relu'\}\)`/);
    assert.match(md, /\[TF\.js docs: tf\.layers\.dense\]\(https:\/\/js\.tensorflow\.org\/api\/latest\/#layers\.dense\)$/);
    assert.doesNotMatch(md, /keras\.io|Dense\(128/);
  });

  test("every factory's words use its TF.js config keys, never Keras's spelling or Python's literals", () => {
    for (const factory of TFJS_LAYERS.keys()) {
      const text = tfjsLayerText(factory)!;
      const keys = tfjsConfigKeys(factory)!;
      const known = new Set([...keys.own, ...keys.common]);
      const spans = text.doc.split('`').filter((_, i) => i % 2 === 1);
      for (const span of spans) {
        assert.ok(!span.includes('_'), `${factory}: \`${span}\` is snake_case`);
        const key = span.split(':')[0];
        // A code span that is a bare word or `key: value` names a config key TF.js reads for this layer.
        if (/^[a-z][A-Za-z0-9]*$/.test(key) && (span === key || span.includes(':'))) assert.ok(known.has(key), `${factory}: \`${span}\` is not a config key of tf.layers.${factory}`);
        assert.doesNotMatch(span, /\bTrue\b|\bFalse\b|\bNone\b|\(/, `${factory}: \`${span}\``);
      }
      assert.doesNotMatch(text.doc, /Keras|Python|_[a-z]/, `${factory}: ${text.doc}`);
      assert.ok(text.link.includes(`#layers.${factory})`), text.link);
    }
  });

  test("LeakyReLU's slope is TF.js's alpha; Reshape's target is targetShape", () => {
    assert.match(tfjsLayerText('leakyReLU')!.doc, /\(`alpha`, 0\.3 by default\)/);
    assert.match(tfjsLayerText('reshape')!.doc, /into `targetShape` .*-1 lets TF\.js infer/);
    assert.equal(tfjsWords('returns all with `return_sequences=True`, `dims=(2, 1)`'), 'returns all with `returnSequences: true`, `dims: [2, 1]`');
  });
});

describe("TF.js's activation identifiers", () => {
  test('every identifier TF.js knows has words, in TF.js terms', () => {
    for (const name of TFJS_ACTIVATION_IDS) {
      const doc = tfjsActivationDoc(name);
      assert.ok(doc, name);
      assert.equal(doc.title, `'${name}' activation`);
      assert.equal(doc.docsUrl, 'https://js.tensorflow.org/api/latest/#layers.activation');
      assert.doesNotMatch(`${doc.summary} ${doc.details ?? ''}`, /activation=|Dense\(|from_logits|kernel_initializer|AlphaDropout|approximate=True|'silu'/, name);
    }
    assert.match(symbolHoverMarkdown(tfjsActivationDoc('softmax')!), /'sparseCategoricalCrossentropy'.*\n\n\[TF\.js docs\]\(https:\/\/js\.tensorflow\.org/s);
  });

  test("TF.js's hardSigmoid is Keras 2's; identifiers are case-sensitive and camelCase", () => {
    assert.match(tfjsActivationDoc('hardSigmoid')!.summary, /`hardSigmoid\(x\) = clip\(0\.2 \* x \+ 0\.5, 0, 1\)`/);
    assert.equal(tfjsActivationDoc('hard_sigmoid'), undefined);
    assert.equal(tfjsActivationDoc('Relu'), undefined);
    assert.equal(tfjsActivationDoc('silu'), undefined);
    // The analyzer holds activations by Keras name.
    assert.equal(tfjsActivationName('hard_sigmoid'), 'hardSigmoid');
    assert.equal(tfjsActivationName('log_softmax'), 'logSoftmax');
    assert.equal(tfjsActivationName('gelu_new'), 'gelu_new');
  });
});
