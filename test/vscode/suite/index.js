// Tests that run inside a real VS Code (Extension Development Host), started by test/vscode/run.mjs through
// @vscode/test-electron. No mocha: a tiny runner that prints one line per test and a closing
// "N passed, N failed" line, and rejects if anything failed (test-electron then exits non-zero).
//
// The workspace is a throwaway copy of examples/ (MLSD_TEST_WORKSPACE).
'use strict';

const assert = require('node:assert/strict');
const path = require('node:path');
const vscode = require('vscode');

const EXTENSION_ID = 'mlsd-studio.mlsd-studio';
const tests = [];
const test = (name, fn, { timeout = 60_000 } = {}) => tests.push({ name, fn, timeout });

function workspaceFile(name) {
  const root = process.env.MLSD_TEST_WORKSPACE || vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  assert.ok(root, 'a workspace folder is open');
  return vscode.Uri.file(path.join(root, name));
}

const codeOf = (d) => (typeof d.code === 'object' && d.code !== null ? String(d.code.value) : String(d.code ?? ''));

/** Opens `name` and resolves with its mlsd diagnostics once `ready(diags)` holds (or rejects after `timeout`). */
async function diagnosticsFor(name, ready, timeout = 45_000) {
  const uri = workspaceFile(name);
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  const current = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mlsd');
  if (ready(current())) return current();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      sub.dispose();
      reject(new Error(`timed out after ${timeout / 1000} s; mlsd diagnostics on ${name}: ${JSON.stringify(current().map(codeOf))}`));
    }, timeout);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === uri.toString())) return;
      if (ready(current())) {
        clearTimeout(timer);
        sub.dispose();
        resolve(current());
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------

test('the extension is installed and activates', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is present`);
  await ext.activate();
  assert.equal(ext.isActive, true);
});

test('command mlsd.restartServer is registered', async () => {
  const commands = await vscode.commands.getCommands(true);
  assert.ok(commands.includes('mlsd.restartServer'), 'mlsd.restartServer is in the command list');
});

test('an answer without Monitoring and Governance gets monitoring.section and governance.section', async () => {
  const diags = await diagnosticsFor('missing-monitoring-governance.mlsd.md', (ds) =>
    ['monitoring.section', 'governance.section'].every((c) => ds.some((d) => codeOf(d) === c)),
  );
  for (const d of diags) assert.equal(d.source, 'mlsd');
});

test('the strong answer has no missing-section findings', async () => {
  // Wait for the server to have looked at it (any publish), then check there is no *.section finding.
  const uri = workspaceFile('strong.mlsd.md');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  await waitForPublish(uri);
  const sections = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mlsd' && /\.section$/.test(codeOf(d)));
  assert.deepEqual(sections.map(codeOf), []);
});

test('the Chinese answer is recognised: no missing-section findings', async () => {
  const uri = workspaceFile('chinese.mlsd.md');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
  await waitForPublish(uri);
  const sections = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'mlsd' && /\.section$/.test(codeOf(d)));
  assert.deepEqual(sections.map(codeOf), []);
});

test('a broken Mermaid block gets mermaid.syntax', async () => {
  await diagnosticsFor('broken-mermaid.mlsd.md', (ds) => ds.some((d) => codeOf(d) === 'mermaid.syntax'));
});

/**
 * Waits until diagnostics for `uri` have been published at least once (a clean file may publish an empty list,
 * which shows up as a change event), or `timeout`; then the caller inspects them.
 */
function waitForPublish(uri, timeout = 20_000) {
  if (vscode.languages.getDiagnostics(uri).length > 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      sub.dispose();
      resolve();
    }, timeout);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) {
        clearTimeout(timer);
        sub.dispose();
        resolve();
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------------------------

async function run() {
  let passed = 0;
  let failed = 0;
  for (const t of tests) {
    const started = Date.now();
    try {
      await Promise.race([
        t.fn(),
        new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out after ${t.timeout / 1000} s`)), t.timeout)),
      ]);
      passed++;
      console.log(`  ✔ ${t.name} (${Date.now() - started} ms)`);
    } catch (err) {
      failed++;
      console.log(`  ✖ ${t.name} (${Date.now() - started} ms)\n      ${String(err && err.stack ? err.stack : err).split('\n').join('\n      ')}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  if (failed > 0) throw new Error(`${failed} VS Code test(s) failed`);
}

module.exports = { run };
