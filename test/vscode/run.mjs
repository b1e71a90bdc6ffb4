#!/usr/bin/env node
// `npm run test:vscode`: runs test/vscode/suite inside a real VS Code (Extension Development Host) with
// @vscode/test-electron. Needs a VS Code build: set VSCODE_EXECUTABLE=/path/to/code (a VS Code binary, not
// code-server). Without it the suite is skipped at once (exit 0) — this never tries the network unless you opt in
// with MLSD_VSCODE_DOWNLOAD=1 (then test-electron downloads the current stable build into .vscode-test/).
//
// On a Linux box without a display, run it under Xvfb: `xvfb-run -a npm run test:vscode`.

import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(here, '..', '..');

const exe = process.env.VSCODE_EXECUTABLE;
const download = process.env.MLSD_VSCODE_DOWNLOAD === '1';
if (!exe && !download) {
  console.log('skipped: no VS Code executable (set VSCODE_EXECUTABLE)');
  process.exit(0);
}
if (exe && !existsSync(exe)) {
  console.error(`VSCODE_EXECUTABLE=${exe} does not exist`);
  process.exit(1);
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.error('note: no DISPLAY; VS Code needs one on Linux — run under `xvfb-run -a npm run test:vscode` if it fails to start');
}
if (!existsSync(path.join(REPO_ROOT, 'dist'))) {
  console.error('note: dist/ is missing — run `npm run build` first (the suite loads the extension from this folder)');
}

const { runTests } = await import('@vscode/test-electron');

// A throwaway copy of examples/ as the workspace, and a throwaway user-data dir.
const tmp = mkdtempSync(path.join(os.tmpdir(), 'mlsd-vscode-test-'));
const workspace = path.join(tmp, 'examples');
const userData = path.join(tmp, 'user-data');
cpSync(path.join(REPO_ROOT, 'examples'), workspace, { recursive: true });
mkdirSync(userData, { recursive: true });

const launchArgs = [
  workspace,
  '--disable-extensions',
  '--disable-workspace-trust',
  '--skip-welcome',
  '--skip-release-notes',
  '--disable-telemetry',
  '--user-data-dir',
  userData,
];
if (typeof process.getuid === 'function' && process.getuid() === 0) launchArgs.push('--no-sandbox');

let code = 0;
try {
  await runTests({
    ...(exe ? { vscodeExecutablePath: exe } : {}),
    extensionDevelopmentPath: REPO_ROOT,
    extensionTestsPath: path.join(here, 'suite', 'index.js'),
    launchArgs,
    extensionTestsEnv: { MLSD_TEST_WORKSPACE: workspace },
  });
} catch (err) {
  console.error(`VS Code tests failed: ${err.message || err}`);
  code = 1;
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
