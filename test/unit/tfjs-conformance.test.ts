/**
 * TF.js conformance: real tfjs-layers is the oracle. Every fixture in test/fixtures/tfjs is run with
 * @tensorflow/tfjs (CPU backend, test/tfjs/oracle.cjs) and analyzed by Model Lens; every
 * model's name, every layer's name, class, output shape and parameter counts, and the totals must agree.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, test } from 'node:test';
import { toJsonReport } from '../../src/core/report/json';
import { analyzeJavaScript, initJsParsers } from '../../src/core/tfjs/analyze';

const DIR = 'test/fixtures/tfjs';
const FIXTURES = readdirSync(DIR).filter((f) => /\.(js|mjs|cjs|ts|tsx)$/.test(f)).sort();

interface OracleLayer {
  name: string;
  type: string;
  outputShape: unknown;
  params: number;
  trainableParams: number;
  nonTrainableParams: number;
}
interface OracleModel {
  name: string;
  kind: string;
  layers: OracleLayer[];
  totalParams: number;
  trainableParams: number;
  nonTrainableParams: number;
}
/** The CLI's JSON with parameter counts as plain numbers. */
interface ReportJson {
  models: (Omit<OracleModel, 'layers'> & { layers: OracleLayer[] })[];
  diagnostics: { line: number; severity: string; message: string }[];
}
interface OracleResult {
  models?: OracleModel[];
  error?: string;
}

/** Runs the oracle on every fixture: one process for all (each fixture gets fresh tfjs-layers state). */
function runAll(files: readonly string[]): Promise<Map<string, OracleResult>> {
  return new Promise((resolve) => {
    const paths = files.map((f) => join(DIR, f));
    execFile(process.execPath, ['test/tfjs/oracle.cjs', ...paths], { maxBuffer: 256 << 20, timeout: 300_000 }, (err, stdout) => {
      const results = new Map<string, OracleResult>();
      for (const line of stdout.split('\n')) {
        if (!line.startsWith('{')) continue;
        const parsed = JSON.parse(line) as OracleResult & { file: string };
        results.set(files[paths.indexOf(parsed.file)], parsed);
      }
      for (const f of files) if (!results.has(f)) results.set(f, { error: `the oracle did not report it (${err?.message ?? 'no output'})` });
      resolve(results);
    });
  });
}

/** Every difference between the analyzer's report of a fixture and what TF.js built. */
function differences(file: string, oracle: OracleModel[]): string[] {
  const text = readFileSync(join(DIR, file), 'utf8');
  const typescript = /\.tsx?$/.test(file);
  const report = analyzeJavaScript(text, { typescript, jsx: file.endsWith('.tsx') });
  const json = JSON.parse(JSON.stringify(toJsonReport(file, report), (_k, v) => (typeof v === 'bigint' ? Number(v) : v))) as ReportJson;
  const out: string[] = [];
  for (const d of json.diagnostics) if (d.severity === 'error') out.push(`line ${d.line}: unexpected error: ${d.message}`);
  if (json.models.length !== oracle.length) {
    out.push(`models: TF.js made ${oracle.map((m) => m.name).join(', ')}; Model Lens found ${json.models.map((m) => m.name).join(', ')}`);
  }
  oracle.forEach((want, i) => {
    const got = json.models[i];
    if (!got) return;
    const where = `model ${want.name}`;
    if (got.name !== want.name) out.push(`${where}: named ${got.name}`);
    if (got.kind !== want.kind) out.push(`${where}: kind ${got.kind}, TF.js ${want.kind}`);
    for (const key of ['totalParams', 'trainableParams', 'nonTrainableParams'] as const) {
      if (got[key] !== want[key]) out.push(`${where}: ${key} ${got[key]}, TF.js ${want[key]}`);
    }
    if (got.layers.length !== want.layers.length) {
      out.push(`${where}: layers ${got.layers.map((l) => l.name).join(', ')}; TF.js ${want.layers.map((l) => l.name).join(', ')}`);
    }
    want.layers.forEach((wl, j) => {
      const gl = got.layers[j];
      if (!gl) return;
      const at = `${where} layer ${j} ${wl.name}`;
      if (gl.name !== wl.name) out.push(`${at}: named ${gl.name}`);
      if (gl.type !== wl.type) out.push(`${at}: type ${gl.type}, TF.js ${wl.type}`);
      if (JSON.stringify(gl.outputShape) !== JSON.stringify(wl.outputShape)) out.push(`${at}: output ${JSON.stringify(gl.outputShape)}, TF.js ${JSON.stringify(wl.outputShape)}`);
      for (const key of ['params', 'trainableParams', 'nonTrainableParams'] as const) {
        if (gl[key] !== wl[key]) out.push(`${at}: ${key} ${gl[key]}, TF.js ${wl[key]}`);
      }
    });
  });
  return out;
}

describe('TF.js conformance (tfjs-layers 4.22 is the oracle)', () => {
  let oracle = new Map<string, OracleResult>();
  before(async () => {
    await initJsParsers();
    oracle = await runAll(FIXTURES);
  });

  test('the fixtures cover the TF.js layer set', () => {
    assert.ok(FIXTURES.length >= 40, `only ${FIXTURES.length} fixtures`);
    const used = new Set<string>();
    for (const result of oracle.values()) for (const m of result.models ?? []) for (const l of m.layers) used.add(l.type);
    const required = [
      'Dense', 'Conv1D', 'Conv2D', 'Conv3D', 'Conv2DTranspose', 'SeparableConv2D', 'DepthwiseConv2D', 'MaxPooling1D', 'MaxPooling2D',
      'MaxPooling3D', 'AveragePooling1D', 'AveragePooling2D', 'AveragePooling3D', 'GlobalAveragePooling1D', 'GlobalMaxPooling1D',
      'GlobalAveragePooling2D', 'GlobalMaxPooling2D', 'BatchNormalization', 'LayerNormalization', 'Embedding', 'SimpleRNN', 'LSTM', 'GRU',
      'Bidirectional', 'TimeDistributed', 'Flatten', 'Reshape', 'Permute', 'RepeatVector', 'Dropout', 'SpatialDropout1D', 'Activation',
      'ZeroPadding2D', 'Cropping2D', 'UpSampling2D', 'Concatenate', 'Add', 'Multiply', 'Average', 'Maximum', 'Minimum', 'Dot', 'ReLU',
      'LeakyReLU', 'PReLU', 'ELU', 'Softmax', 'Masking', 'GaussianNoise', 'GaussianDropout', 'AlphaDropout', 'InputLayer', 'Sequential',
    ];
    assert.deepEqual(required.filter((t) => !used.has(t)), []);
  });

  for (const file of FIXTURES) {
    test(file, () => {
      const result = oracle.get(file);
      assert.ok(result, 'the oracle did not run');
      assert.equal(result.error, undefined, `TF.js could not build the fixture: ${result.error}`);
      assert.ok(result.models && result.models.length > 0, 'the fixture builds no model');
      assert.deepEqual(differences(file, result.models), []);
    });
  }
});
