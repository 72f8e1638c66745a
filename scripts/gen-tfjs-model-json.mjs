// Writes test/fixtures/saved-models/tfjs-*/model.json with real tfjs-layers (the weights file is left out: the
// summary reads only the topology) and truth-tfjs.json, what TF.js itself counts: run with `node scripts/gen-tfjs-model-json.mjs`.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import * as tfl from '@tensorflow/tfjs-layers';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = join(import.meta.dirname, '..', 'test', 'fixtures', 'saved-models');

function models() {
  const seq = tfl.sequential({ name: 'tfjs_cnn', layers: [tfl.layers.conv2d({ inputShape: [12, 12, 1], filters: 4, kernelSize: 3, activation: 'relu' }), tfl.layers.maxPooling2d({ poolSize: 2 }), tfl.layers.batchNormalization(), tfl.layers.flatten(), tfl.layers.dense({ units: 10, activation: 'softmax' })] });
  const a = tfl.input({ shape: [16], name: 'features' });
  const b = tfl.input({ shape: [8], name: 'extra' });
  const inner = tfl.sequential({ name: 'inner', layers: [tfl.layers.dense({ inputShape: [12], units: 6 }), tfl.layers.layerNormalization()] });
  const frozen = tfl.layers.dense({ units: 12, activation: 'relu', name: 'frozen', trainable: false });
  const s = inner.apply(tfl.layers.add().apply([frozen.apply(a), tfl.layers.dense({ units: 12 }).apply(b)]));
  const out1 = tfl.layers.dense({ units: 3, name: 'cls' }).apply(s);
  const out2 = tfl.layers.dense({ units: 1, name: 'reg' }).apply(tfl.layers.concatenate().apply([s, b]));
  const fun = tfl.model({ inputs: [a, b], outputs: [out1, out2], name: 'two_heads' });
  return { cnn: seq, two_heads: fun };
}

const size = (ws) => ws.reduce((n, w) => n + w.shape.reduce((a, d) => a * d, 1), 0);
const truth = {};
for (const [name, model] of Object.entries(models())) {
  await model.save(tf.io.withSaveHandler(async (artifacts) => {
    const dir = join(OUT, `tfjs-${name}`);
    mkdirSync(dir, { recursive: true });
    const json = { format: 'layers-model', generatedBy: artifacts.generatedBy, convertedBy: null, modelTopology: artifacts.modelTopology, weightsManifest: [{ paths: ['weights.bin'], weights: artifacts.weightSpecs }] };
    writeFileSync(join(dir, 'model.json'), JSON.stringify(json));
    return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
  }));
  truth[`tfjs-${name}/model.json`] = {
    model: model.name,
    rows: model.layers.map((l) => ({ name: l.name, class: l.getClassName(), params: l.countParams(), outputShape: Array.isArray(l.outputShape[0]) ? null : l.outputShape })),
    trainable: size(model.trainableWeights),
    nonTrainable: size(model.nonTrainableWeights),
  };
}
writeFileSync(join(OUT, 'truth-tfjs.json'), JSON.stringify(truth, null, 1));
