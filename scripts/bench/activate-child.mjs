// Child process of scripts/bench.mjs: loads dist/client.js with a stub `vscode` module (intercepted in
// Module._load) and calls activate() as VS Code does on `onLanguage:markdown` with a non-answer Markdown file open.
// Prints { loadMs, activateMs, commands } as JSON. The stub provides what activate() touches; any other member
// is a stand-in (an empty class for capitalised names, enough for vscode-languageclient's `extends vscode.X`).
import Module from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './engine.mjs';

const commands = [];

/** A stand-in for any API member: callable, constructible, and every property is another stand-in. */
function auto() {
  const cache = new Map();
  return new Proxy(function member() {}, {
    get(target, prop) {
      if (prop === 'then') return undefined; // not a thenable
      if (prop === Symbol.toPrimitive) return () => '';
      if (prop === Symbol.iterator) return function* empty() {};
      if (prop === 'prototype') return target.prototype;
      if (!cache.has(prop)) cache.set(prop, auto());
      return cache.get(prop);
    },
    apply: () => auto(),
    construct: () => auto(),
  });
}

/** A namespace (window, workspace, …): the members below, anything else a stand-in. */
const namespace = (members) => new Proxy(members, { get: (t, p) => (p in t ? t[p] : (t[p] = auto())) });

function uri(path) {
  return { scheme: 'file', path, fsPath: path, toString: () => `file://${path}` };
}

const known = {
  StatusBarAlignment: { Left: 1, Right: 2 },
  Uri: { file: uri, parse: (s) => uri(s.replace(/^file:\/\//, '')), joinPath: (base, ...parts) => uri(join(base.path, ...parts)) },
  l10n: namespace({ t: (message, ...args) => String(message).replace(/\{(\d+)\}/g, (_, i) => String(args[Number(i)])) }),
  commands: namespace({
    registerCommand(id) {
      commands.push(id);
      return auto();
    },
    executeCommand: async () => undefined,
  }),
  window: namespace({
    activeTextEditor: undefined,
    visibleTextEditors: [],
    createStatusBarItem: () => ({ text: '', tooltip: '', name: '', command: '', show() {}, hide() {}, dispose() {} }),
  }),
  workspace: namespace({
    isTrusted: true,
    workspaceFolders: undefined,
    textDocuments: [{ fileName: join(ROOT, 'README.md'), uri: uri(join(ROOT, 'README.md')), languageId: 'markdown', version: 1, isClosed: false }],
    getConfiguration: () => ({ get: (_key, fallback) => fallback, has: () => false, inspect: () => undefined, update: async () => undefined }),
  }),
};

/** The smallest working EventEmitter (tree views read `.event` while activate() runs). */
class EventEmitter {
  listeners = new Set();
  event = (listener) => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(value) {
    for (const l of this.listeners) l(value);
  }
  dispose() {
    this.listeners.clear();
  }
}

// Every top-level name of the real API (from @types/vscode) exists up front, because esbuild's ESM interop copies
// the module's own keys once: classes (vscode-languageclient extends some at load time) and enums are empty classes,
// namespaces are stand-ins.
const vscode = { ...known, EventEmitter };
const typings = readFileSync(join(ROOT, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
for (const [, kind, name] of typings.matchAll(/^\s{1}export (class|enum|namespace) (\w+)/gm)) {
  if (name in vscode) continue;
  vscode[name] = kind === 'namespace' ? namespace({}) : class {};
}

const originalLoad = Module._load;
Module._load = function load(request, parent, isMain) {
  if (request === 'vscode') return vscode;
  return originalLoad.call(this, request, parent, isMain);
};

const require = Module.createRequire(import.meta.url);
const context = {
  subscriptions: [],
  extensionPath: ROOT,
  extensionUri: uri(ROOT),
  asAbsolutePath: (p) => join(ROOT, p),
  globalState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  workspaceState: { get: () => undefined, update: async () => undefined, keys: () => [] },
  extensionMode: 1,
};

const t0 = performance.now();
const extension = require(join(ROOT, 'dist/client.js'));
const t1 = performance.now();
extension.activate(context);
const t2 = performance.now();
process.stdout.write(JSON.stringify({ loadMs: t1 - t0, activateMs: t2 - t1, commands: commands.length, subscriptions: context.subscriptions.length }));
