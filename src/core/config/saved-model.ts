/**
 * Saved Keras models read without Python, as Netron reads them: a `.keras` file (a zip whose `config.json` is
 * the model's config), an `.h5` / `.hdf5` file (the config is the root attribute `model_config`, in Keras 3
 * and in tf.keras 2) and a TensorFlow.js `model.json` (its `modelTopology`). Each gives the Keras config
 * `from-config.ts` builds; the report is the same one a source file gets.
 */
import { unzipSync } from 'fflate';
import { File as Hdf5File } from 'jsfive';
import { ModelGraphBuilder } from '../model/builder';
import { KERAS3 } from '../model/dialects/keras3';
import { SourceFactsRecorder } from '../model/source-facts';
import { messageOnly } from '../interp/guarded';
import { buildReport, type Report } from '../report/report';
import { isObject } from './config-values';
import { modelFromConfig } from './from-config';

export type SavedModelFormat = 'keras' | 'h5' | 'tfjs';

const NOWHERE = { startLine: 0, startCol: 0, endLine: 0, endCol: 0, startIndex: 0, endIndex: 0 };

/** The saved-model format a file name says, if any (`model.json` and `*.model.json` are TF.js's). */
export function savedModelFormat(fileName: string): SavedModelFormat | undefined {
  const lower = fileName.toLowerCase();
  if (lower.endsWith('.keras')) return 'keras';
  if (lower.endsWith('.h5') || lower.endsWith('.hdf5')) return 'h5';
  if (/(^|[\\/.])model\.json$/.test(lower)) return 'tfjs';
  return undefined;
}

export type ReadConfig = { readonly config: unknown; readonly version?: string } | { readonly error: string };

/** The model config a saved file holds, with the Keras version that wrote it when the file says. */
export function readSavedConfig(bytes: Uint8Array, format: SavedModelFormat): ReadConfig {
  try {
    switch (format) {
      case 'keras': {
        const files = unzipSync(bytes, { filter: (f) => f.name === 'config.json' || f.name === 'metadata.json' });
        if (!files['config.json']) return { error: 'this .keras file has no config.json (is it a Keras 3 model file?)' };
        const metadata = files['metadata.json'] ? (JSON.parse(new TextDecoder().decode(files['metadata.json'])) as unknown) : undefined;
        const version = isObject(metadata) && typeof metadata.keras_version === 'string' ? metadata.keras_version : undefined;
        return { config: JSON.parse(new TextDecoder().decode(files['config.json'])), version };
      }
      case 'h5': {
        const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        const attrs = new Hdf5File(buffer).attrs;
        const config = attrs.model_config;
        if (typeof config !== 'string') return { error: 'this HDF5 file has no model_config attribute (saved with save_weights, or not a Keras model)' };
        return { config: JSON.parse(config), version: typeof attrs.keras_version === 'string' ? attrs.keras_version : undefined };
      }
      case 'tfjs': {
        const json = JSON.parse(new TextDecoder().decode(bytes)) as unknown;
        if (!isObject(json) || !isObject(json.modelTopology)) return { error: 'this model.json has no modelTopology (a TF.js graph model, or not a TF.js model)' };
        const topology = json.modelTopology;
        // A model converted from Keras wraps its config in `model_config`; one saved by tfjs-layers does not.
        const config = isObject(topology.model_config) ? topology.model_config : topology;
        const version = typeof topology.keras_version === 'string' ? topology.keras_version : undefined;
        return { config, version };
      }
    }
  } catch (e) {
    return { error: `the file cannot be read: ${(e as Error).message}` };
  }
}

/** The report of a model config (from a saved file, or `model.to_json()` output): never throws. */
export function analyzeModelConfig(config: unknown): Report {
  try {
    const graph = new ModelGraphBuilder(KERAS3);
    const made = modelFromConfig(graph, config, { range: NOWHERE, reportNested: true });
    if ('reason' in made) return messageOnly('warning', `Model Lens cannot show this model: ${made.reason}.`);
    // Nested models are reported too (as a file's would be); the saved model itself comes first.
    const result = graph.result(new Map(), new SourceFactsRecorder().result(), undefined);
    const report = buildReport(result);
    const own = report.models.filter((m) => m.model === made.model);
    return { ...report, models: [...own, ...report.models.filter((m) => m.model !== made.model)] };
  } catch (e) {
    return messageOnly('warning', `Model Lens could not analyze this model: ${(e as Error).message}`);
  }
}

/** The report of a saved model file's bytes. Never throws. */
export function analyzeSavedModel(bytes: Uint8Array, format: SavedModelFormat): Report {
  const read = readSavedConfig(bytes, format);
  if ('error' in read) return messageOnly('warning', `Model Lens cannot read this model: ${read.error}.`);
  return analyzeModelConfig(read.config);
}
