'use strict';
// One cold activation of the built extension in plain Node, with a stub `vscode` module
// (bench/vscode-stub.cjs) injected through Module._load. Prints JSON: the milliseconds spent
// loading dist/extension.js (require: read, compile, run its top level) and running
// activate(context) with a fake context. The Node built-ins the bundle requires (node:crypto,
// node:worker_threads, …) are loaded before the clock starts: the extension host has them loaded
// already, so their cost is not GradLens's. `--cold-builtins` times them too.
//   node bench/activation-probe.cjs <repo root> [--cold-builtins]
const Module = require('node:module');
const path = require('node:path');
const { performance } = require('node:perf_hooks');

const root = path.resolve(process.argv[2] ?? path.join(__dirname, '..'));
const bundle = path.join(root, 'dist', 'extension.js');
const builtins = new Set(Module.builtinModules);
const preloaded = [];
if (!process.argv.includes('--cold-builtins')) {
  const text = require('node:fs').readFileSync(bundle, 'utf8');
  for (const m of text.matchAll(/require\(["']((?:node:)?[\w/]+)["']\)/g)) {
    const name = m[1].replace(/^node:/, '');
    if (builtins.has(name) && !preloaded.includes(m[1])) { require(m[1]); preloaded.push(m[1]); }
  }
}
const stub = require('./vscode-stub.cjs');
const load = Module._load;
Module._load = function (request, parent, isMain) {
  if (request === 'vscode') return stub;
  return load.call(this, request, parent, isMain);
};

const memento = () => { const m = new Map(); return { get: (k, d) => (m.has(k) ? m.get(k) : d), update: async (k, v) => { m.set(k, v); }, keys: () => [...m.keys()], setKeysForSync: () => {} }; };
const context = {
  subscriptions: [],
  extensionPath: root,
  extensionUri: stub.Uri.file(root),
  extensionMode: 1,
  globalState: memento(),
  workspaceState: memento(),
  storageUri: undefined,
  globalStorageUri: stub.Uri.file(path.join(root, '.cache', 'bench-global-storage')),
  logUri: stub.Uri.file(path.join(root, '.cache', 'bench-log')),
  asAbsolutePath: (p) => path.join(root, p),
  extension: { id: 'gradlens.gradlens', packageJSON: require(path.join(root, 'package.json')) },
};

const t0 = performance.now();
const extension = require(bundle);
const t1 = performance.now();
extension.activate(context);
const t2 = performance.now();
const subscriptions = context.subscriptions.length;
for (const d of context.subscriptions) { try { d.dispose(); } catch { /* measuring only */ } }
process.stdout.write(`${JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, subscriptions, preloaded })}\n`);
process.exit(0);
