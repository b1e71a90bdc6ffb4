#!/usr/bin/env node
// `npm run test:e2e`: builds the .vsix, installs it into a private code-server (see scripts/code-server.mjs), starts
// ONE code-server on a free 127.0.0.1 port, and runs the scenario files test/e2e/*.test.mjs one after another with
// node's test runner. Each scenario opens Chromium on a fresh copy of examples/. Screenshots: test-results/e2e/.
//
//   node test/e2e/run.mjs                 all scenarios
//   node test/e2e/run.mjs diagnostics     only files whose name contains "diagnostics"
//
// Environment:
//   MLSD_VSIX=<file>        test this .vsix instead of building one with `npm run package`
//   MLSD_E2E_NO_BUILD=1     do not run `npm run package`; use the existing mlsd-studio-<version>.vsix
//   MLSD_E2E_TIMEOUT_MS     default timeout of one wait in the harness (20000)
//   MLSD_CHROMIUM           browser binary (default /usr/bin/chromium)

import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureCodeServer, ensureVsix, prepareProfile, startCodeServer, REPO_ROOT } from '../../scripts/code-server.mjs';
import { ensureChromium, RESULTS_DIR } from './harness.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.test.mjs'))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort()
  .map((f) => path.join(here, f));
if (files.length === 0) {
  console.error(`no scenario file matches ${filters.join(' ')}`);
  process.exit(2);
}

/** On top of the quiet settings: deterministic saving (VS Code in the browser auto-saves by default). */
const E2E_SETTINGS = { 'files.autoSave': 'off' };

const t = (ms) => `${(ms / 1000).toFixed(1)} s`;
const say = (m) => console.error(`[e2e] ${m}`);
const OVERALL_LIMIT_MS = Number(process.env.MLSD_E2E_LIMIT_MS || 15 * 60_000);

let server;
let tests;
async function main() {
  const t0 = Date.now();
  ensureChromium();
  const tInstall = Date.now();
  ensureCodeServer();
  say(`code-server ready (${t(Date.now() - tInstall)})`);
  const vsix = ensureVsix({ build: !process.env.MLSD_VSIX && process.env.MLSD_E2E_NO_BUILD !== '1' });
  const { bin, dirs } = prepareProfile({ profile: 'e2e', vsix, fresh: true, settings: E2E_SETTINGS });
  rmSync(RESULTS_DIR, { recursive: true, force: true }); // screenshots of this run only
  mkdirSync(RESULTS_DIR, { recursive: true });
  server = await startCodeServer({ bin, dirs });
  say(`code-server listening on ${server.url} (started in ${t(server.startupMs)}; setup ${t(Date.now() - t0)})`);

  const args = ['--test', '--test-concurrency=1', '--test-reporter=spec', ...files];
  tests = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, MLSD_E2E_URL: server.url },
  });
  const watchdog = setTimeout(() => {
    say(`the e2e run exceeded ${t(OVERALL_LIMIT_MS)}; stopping it`);
    tests.kill('SIGTERM');
  }, OVERALL_LIMIT_MS);
  const code = await new Promise((resolve) => tests.on('exit', (c, s) => resolve(c ?? (s ? 1 : 0))));
  clearTimeout(watchdog);
  await server.stop();
  return code;
}

for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, async () => {
    tests?.kill(sig);
    await server?.stop();
    process.exit(130);
  });
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    await server?.stop();
    console.error(`[e2e] ${err.stack || err}`);
    process.exit(1);
  },
);
