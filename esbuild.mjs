// One build script for every bundle. `--production` minifies and drops sourcemaps; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Node bundles: the extension host (vscode is provided at run time) and the CLI. */
// web-tree-sitter's ES build reads `import.meta.url`, which a CommonJS bundle lacks: give it the bundle's own URL.
const importMetaUrl = "const __importMetaUrl = require('url').pathToFileURL(__filename).href;";
const nodeBundles = [
  { entryPoints: ['src/extension/extension.ts'], outfile: 'dist/extension.js', banner: { js: importMetaUrl } },
  { entryPoints: ['src/cli/main.ts'], outfile: 'dist/cli.js', banner: { js: `#!/usr/bin/env node\n${importMetaUrl}` } },
  // The language server (started by the extension) and its analysis worker thread (started by the server and by `model-lens lsp`).
  { entryPoints: ['src/server/main.ts'], outfile: 'dist/server.js', banner: { js: importMetaUrl } },
  { entryPoints: ['src/server/analysis-worker.ts'], outfile: 'dist/analysis-worker.js', banner: { js: importMetaUrl } },
  // The training worker (a child process): TF.js and the data readers; tfjs-node is optional and native, so it is looked up at run time.
  { entryPoints: ['src/train/worker/worker.ts'], outfile: 'dist/train-worker.js', banner: { js: importMetaUrl }, external: ['vscode', '@tensorflow/tfjs-node'] },
];

/** The parser's wasm files ship beside the bundles; the core looks for them next to itself first. */
function copyWasm() {
  mkdirSync('dist', { recursive: true });
  const files = [
    join(dirname(require.resolve('web-tree-sitter')), 'tree-sitter.wasm'),
    require.resolve('tree-sitter-python/tree-sitter-python.wasm'),
    // TensorFlow.js model files: JavaScript, TypeScript and TSX grammars.
    require.resolve('tree-sitter-javascript/tree-sitter-javascript.wasm'),
    require.resolve('tree-sitter-typescript/tree-sitter-typescript.wasm'),
    require.resolve('tree-sitter-typescript/tree-sitter-tsx.wasm'),
    // TF.js's WebAssembly backend, single-threaded builds (with and without SIMD): the worker loads them from dist/.
    require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm'),
    require.resolve('@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm'),
  ];
  for (const file of files) copyFileSync(file, join('dist', file.split('/').pop()));
  // The Keras engine's runner: the person's Python runs it from dist/ (src/train/python/runner.ts).
  copyFileSync('python/model_lens_runner.py', join('dist', 'model_lens_runner.py'));
  copyFileSync('python/model_lens_ray.py', join('dist', 'model_lens_ray.py'));
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['vscode'],
  define: { 'import.meta.url': '__importMetaUrl' },
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

/**
 * Webview bundles (browser): each entry's script and the CSS it imports go to dist/webview/, the only folder
 * the webviews may load from (their `localResourceRoots`).
 */
const browserBundles = [{ entryPoints: { designer: 'webview/designer/main.ts' } }, { entryPoints: { training: 'webview/training/main.ts' } }, { entryPoints: { runs: 'webview/runs/main.ts' } }];
const browserCommon = {
  bundle: true,
  platform: 'browser',
  format: 'iife',
  target: 'chrome120',
  outdir: 'dist/webview',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

copyWasm();
const contexts = await Promise.all([
  ...nodeBundles.map((b) => esbuild.context({ ...common, ...b })),
  ...browserBundles.map((b) => esbuild.context({ ...browserCommon, ...b })),
]);
if (watch) {
  await Promise.all(contexts.map((c) => c.watch()));
} else {
  await Promise.all(contexts.map((c) => c.rebuild()));
  await Promise.all(contexts.map((c) => c.dispose()));
}
