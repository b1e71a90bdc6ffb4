#!/usr/bin/env node
// `npm start`: try MLSD Studio in a real VS Code in your browser.
//
// 1. builds the extension (`npm run package` → mlsd-studio-<version>.vsix);
// 2. installs code-server privately under .cache/ on first use (cached afterwards; see scripts/code-server.mjs);
// 3. installs the .vsix into a private extensions dir with quiet settings (no trust prompt, no welcome page);
// 4. starts code-server on 127.0.0.1 only, opened on examples/ (sample answers), and prints the URL.
// Ctrl-C stops it (the whole process group).
//
// Options / environment:
//   --port N  or  PORT=N     listen on 127.0.0.1:N (default: 8080 if free, else any free port)
//   --no-build               use the existing .vsix instead of running `npm run package`
//   --folder PATH            open PATH instead of examples/
//   MLSD_VSIX=<file>         install this .vsix instead of building one

import { existsSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import {
  REPO_ROOT,
  ensureCodeServer,
  ensureVsix,
  getFreePort,
  prepareProfile,
  startCodeServer,
} from './code-server.mjs';

function arg(name) {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function portIsFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });
}

async function main() {
  const t0 = Date.now();
  const folder = path.resolve(arg('--folder') || path.join(REPO_ROOT, 'examples'));
  if (!existsSync(folder)) throw new Error(`folder to open does not exist: ${folder}`);

  const vsix = ensureVsix({ build: !process.argv.includes('--no-build') && !process.env.MLSD_VSIX });
  const tInstall = Date.now();
  ensureCodeServer();
  const installMs = Date.now() - tInstall;
  const { bin, dirs } = prepareProfile({ profile: 'start', vsix });

  let port = Number(arg('--port') || process.env.PORT || 0);
  if (!port) port = (await portIsFree(8080)) ? 8080 : await getFreePort();

  const server = await startCodeServer({ bin, dirs, folder, port });
  const url = `${server.url}?folder=${encodeURIComponent(folder)}`;
  console.log('');
  console.log(`  MLSD Studio is running in code-server (listening on 127.0.0.1 only):`);
  console.log('');
  console.log(`    ${url}`);
  console.log('');
  console.log(`  Workspace: ${path.relative(process.cwd(), folder) || '.'}  ·  Extension: ${path.basename(vsix)}`);
  console.log(
    `  Ready in ${((Date.now() - t0) / 1000).toFixed(1)} s (code-server install/check ${(installMs / 1000).toFixed(1)} s, ` +
      `server start ${(server.startupMs / 1000).toFixed(1)} s). Press Ctrl-C to stop.`,
  );
  console.log('');
  // Server log lines from now on (errors from the extension host and language server show here).
  server.child.stdout?.pipe(process.stdout);
  server.child.stderr?.pipe(process.stderr);

  let stopping = false;
  const stop = async (sig) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n  ${sig}: stopping code-server …`);
    await server.stop();
    console.log('  stopped.');
    process.exit(0);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGHUP', () => stop('SIGHUP'));
  const { code, signal } = await server.exited;
  if (!stopping) {
    console.error(`code-server exited unexpectedly (${signal || code})`);
    process.exit(1);
  }
}

main().catch((err) => {
  console.error(`\nnpm start failed: ${err.message || err}`);
  process.exit(1);
});
