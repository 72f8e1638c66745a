// Loads the built extension bundle in a fresh Node process with a do-nothing `vscode` module and runs
// activate(): the extension's own start-up cost, without VS Code's. Prints JSON {activateMs, loadMs, heapMb}.
const Module = require('module');
const path = require('path');
const fs = require('fs');
const noop = new Proxy(function () {}, {
  get: (_t, key) => (key === Symbol.toPrimitive ? () => '' : key === 'then' ? undefined : noop),
  set: () => true,
  defineProperty: () => true,
  apply: () => noop,
  construct: () => noop,
});
// The bundle's ESM interop copies the module's own properties, so the stand-in lists the API's names.
const typings = fs.readFileSync(require.resolve('@types/vscode/index.d.ts'), 'utf8');
const names = [...new Set([...typings.matchAll(/^\t(?:export )?(?:class|namespace|enum|const|function|let) (\w+)/gm)].map((m) => m[1]))];
const vscode = {};
for (const name of names) vscode[name] = noop;
// The language client checks the version it runs in.
vscode.version = '1.100.3';
const load = Module._load;
Module._load = function (request, ...rest) {
  return request === 'vscode' ? vscode : load.call(this, request, ...rest);
};
const bundle = path.resolve(process.argv[2] || 'dist/extension.js');
const t0 = performance.now();
const extension = require(bundle);
const t1 = performance.now();
const context = { subscriptions: [], extensionUri: noop, extensionPath: path.dirname(path.dirname(bundle)), globalState: noop, workspaceState: noop, asAbsolutePath: (p) => p };
extension.activate(context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, heapMb: process.memoryUsage().heapUsed / 2 ** 20 }) + '\n');
// The language client's start goes on asynchronously against the stand-in (and fails there): measured enough.
process.exit(0);
