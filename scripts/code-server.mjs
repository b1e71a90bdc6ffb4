// Shared helper: a private, cached code-server for trying MLSD Studio in a real editor (`npm start`) and for the
// end-to-end tests (`npm run test:e2e`). Import it from any script; nothing runs on import.
//
// What it installs, and where (everything lives under the project's git-ignored `.cache/` folder; nothing is
// installed globally and nothing is downloaded at run time except npm and Debian packages):
//
//   .cache/node24/                      npm package `node@24` (its platform binary comes from npm as well).
//                                       code-server 4.139.x declares `engines.node: 24`, so it is installed AND run
//                                       with this Node; native modules (argon2, node-pty, …) are built against it.
//   .cache/code-server/                 npm package `code-server@<CODE_SERVER_VERSION>`, installed by running the
//                                       system npm's npm-cli.js under Node 24 (`.installed.json` marks a finished
//                                       install; a matching version is never reinstalled).
//   .cache/bin/code-server              a small shell wrapper: `exec <node24> <code-server entry> "$@"`. This is the
//                                       path `ensureCodeServer()` returns.
//   .cache/code-server-data/<profile>/  `extensions/` (the installed .vsix), `user-data/` (with User/settings.json
//                                       that switches off workspace trust, the welcome page, tips and telemetry) and
//                                       `config.yaml` (so ~/.config/code-server is never touched). `npm start` uses
//                                       profile "start"; the e2e tests use "e2e" (its user-data is wiped per run).
//
// On Debian/Ubuntu as root, missing build dependencies for the native modules
// (DEBIAN_BUILD_DEPS below, plus build-essential and python3) are installed with apt-get; otherwise the missing
// ones are listed with the command to install them.
//
// Exports: ensureCodeServer(), ensureVsix(), installExtension(), prepareProfile(), startCodeServer(),
// getFreePort(), writeUserSettings(), REPO_ROOT, CACHE_DIR, CODE_SERVER_VERSION.

import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const CACHE_DIR = process.env.MLSD_CACHE_DIR
  ? path.resolve(process.env.MLSD_CACHE_DIR)
  : path.join(REPO_ROOT, '.cache');

/** The code-server release we test against (4.139.x needs Node 24). Override with MLSD_CODE_SERVER_VERSION. */
export const CODE_SERVER_VERSION = process.env.MLSD_CODE_SERVER_VERSION || '4.139.1';
/** npm spec for the Node that runs code-server. */
export const NODE_SPEC = process.env.MLSD_CODE_SERVER_NODE || 'node@24';

export const DEBIAN_BUILD_DEPS = ['libkrb5-dev', 'libx11-dev', 'libxkbfile-dev', 'libsecret-1-dev', 'pkg-config'];
const DEBIAN_TOOLCHAIN = ['build-essential', 'python3'];

const NODE24_DIR = path.join(CACHE_DIR, 'node24');
const CS_DIR = path.join(CACHE_DIR, 'code-server');
const CS_MARKER = path.join(CS_DIR, '.installed.json');
const WRAPPER = path.join(CACHE_DIR, 'bin', 'code-server');

const log = (...a) => console.error('[code-server]', ...a);

// ---------------------------------------------------------------------------------------------------------------
// small process helpers

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { stdio: 'inherit', ...opts });
  if (r.error) throw new Error(`${cmd} ${args.join(' ')}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited with ${r.status ?? r.signal}`);
  return r;
}

function capture(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', ...opts });
  return { ok: !r.error && r.status === 0, stdout: r.stdout || '', stderr: r.stderr || '' };
}

/** Path to the system npm's CLI script, so we can run that npm under another Node. */
function npmCliPath() {
  const candidates = [];
  if (process.env.npm_execpath && /npm-cli\.js$/.test(process.env.npm_execpath)) candidates.push(process.env.npm_execpath);
  // npm ships next to the running node: <prefix>/lib/node_modules/npm/bin/npm-cli.js
  candidates.push(path.join(path.dirname(process.execPath), '..', 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js'));
  const which = capture('sh', ['-c', 'command -v npm']);
  if (which.ok && which.stdout.trim()) {
    try {
      candidates.push(realpathSync(which.stdout.trim()));
    } catch {}
  }
  for (const c of candidates) if (c && existsSync(c) && c.endsWith('.js')) return c;
  throw new Error('cannot find npm-cli.js of the system npm (needed to run npm under Node 24)');
}

// ---------------------------------------------------------------------------------------------------------------
// Debian build dependencies

function missingDebianPackages(pkgs) {
  return pkgs.filter((p) => {
    const r = capture('dpkg-query', ['-W', '-f=${Status}', p]);
    return !(r.ok && r.stdout.includes('install ok installed'));
  });
}

function isDebianLike() {
  try {
    const os = readFileSync('/etc/os-release', 'utf8');
    return /^(ID|ID_LIKE)=.*\b(debian|ubuntu)\b/m.test(os);
  } catch {
    return false;
  }
}

let aptUpdated = false;
/** Installs Debian packages with apt-get when running as root on Debian/Ubuntu; otherwise throws a clear message. */
export function ensureDebianPackages(pkgs, why) {
  if (process.platform !== 'linux' || !isDebianLike()) {
    // Cannot check; the failing build will tell. Say what is needed up front.
    log(`note: ${why} needs: ${pkgs.join(' ')} (or your distribution's equivalents)`);
    return;
  }
  const missing = missingDebianPackages(pkgs);
  if (missing.length === 0) return;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (!isRoot) {
    throw new Error(
      `${why} needs these Debian packages, which are missing: ${missing.join(' ')}\n` +
        `Install them and run again:\n  sudo apt-get update && sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`installing Debian packages for ${why}: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const install = () =>
    spawnSync('apt-get', ['install', '-y', '--no-install-recommends', ...missing], { stdio: 'inherit', env });
  let r = aptUpdated ? install() : { status: 1 };
  if (r.status !== 0) {
    run('apt-get', ['update'], { env });
    aptUpdated = true;
    r = install();
  }
  if (r.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
}

// ---------------------------------------------------------------------------------------------------------------
// Node 24 + code-server

/** Returns the Node 24 binary inside .cache/node24, installing npm package `node@24` on first use. */
function node24Bin() {
  return path.join(NODE24_DIR, 'node_modules', 'node', 'bin', 'node');
}

export function ensureNode24() {
  const bin = node24Bin();
  const ok = () => existsSync(bin) && capture(bin, ['-v']).stdout.startsWith('v24.');
  if (ok()) return bin;
  log(`installing ${NODE_SPEC} into ${path.relative(REPO_ROOT, NODE24_DIR)}/ …`);
  mkdirSync(NODE24_DIR, { recursive: true });
  writeFileSync(path.join(NODE24_DIR, 'package.json'), '{ "name": "mlsd-cache-node24", "private": true }\n');
  run('npm', ['install', '--no-audit', '--no-fund', '--no-save', '--prefix', NODE24_DIR, NODE_SPEC], {
    cwd: NODE24_DIR,
  });
  if (!ok()) throw new Error(`${NODE_SPEC} installed but ${bin} is not a working Node 24`);
  return bin;
}

/** The directory holding include/node/common.gypi for this Node binary (the `node-<os>-<arch>` npm package). */
function node24Headers(node24) {
  const candidates = [path.resolve(path.dirname(node24), '..')];
  const nested = path.join(NODE24_DIR, 'node_modules', 'node', 'node_modules');
  for (const root of [nested, path.join(NODE24_DIR, 'node_modules')]) {
    if (isDir(root)) for (const d of readdirSync(root)) if (d.startsWith('node-')) candidates.push(path.join(root, d));
  }
  const hit = candidates.find((d) => existsSync(path.join(d, 'include', 'node', 'common.gypi')));
  if (!hit) throw new Error(`no Node 24 headers (include/node/common.gypi) found next to ${node24}`);
  return hit;
}

function readMarker() {
  try {
    return JSON.parse(readFileSync(CS_MARKER, 'utf8'));
  } catch {
    return null;
  }
}

function codeServerEntry() {
  return path.join(CS_DIR, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function writeWrapper(node24) {
  mkdirSync(path.dirname(WRAPPER), { recursive: true });
  const body =
    '#!/bin/sh\n' +
    '# Generated by scripts/code-server.mjs: runs the project-private code-server under Node 24.\n' +
    `exec "${node24}" "${codeServerEntry()}" "$@"\n`;
  if (!existsSync(WRAPPER) || readFileSync(WRAPPER, 'utf8') !== body) writeFileSync(WRAPPER, body);
  chmodSync(WRAPPER, 0o755);
}

/**
 * Makes sure the project-private code-server is installed and returns the path of an executable that runs it
 * (`.cache/bin/code-server`). Skips all work when the installed version already matches CODE_SERVER_VERSION.
 */
export function ensureCodeServer({ quiet = false } = {}) {
  const marker = readMarker();
  const node24 = node24Bin();
  if (marker && marker.version === CODE_SERVER_VERSION && existsSync(codeServerEntry()) && existsSync(node24)) {
    writeWrapper(node24); // cheap; also repairs the wrapper if the checkout moved
    return WRAPPER;
  }
  const started = Date.now();
  if (!quiet) log(`installing code-server ${CODE_SERVER_VERSION} into ${path.relative(REPO_ROOT, CS_DIR)}/ (first run only, takes a few minutes) …`);
  ensureDebianPackages([...DEBIAN_BUILD_DEPS, ...DEBIAN_TOOLCHAIN], 'building code-server native modules');
  ensureNode24();
  const npmCli = npmCliPath();
  rmSync(CS_DIR, { recursive: true, force: true });
  mkdirSync(CS_DIR, { recursive: true });
  writeFileSync(path.join(CS_DIR, 'package.json'), '{ "name": "mlsd-cache-code-server", "private": true }\n');
  // Drop every npm_* variable inherited from an outer `npm run`: npm reads them as its own configuration, and
  // code-server's postinstall checks the Node version in npm_config_user_agent (the outer npm says Node 20).
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  const env = {
    ...inherited,
    // Node 24 first on PATH so install scripts, node-gyp and the postinstall all see Node 24.
    PATH: `${path.dirname(node24)}${path.delimiter}${process.env.PATH || ''}`,
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
    // Headers of the same Node 24 (shipped inside the npm package), so node-gyp builds against Node 24 and never
    // tries to download headers (Debian's npm defaults nodedir to /usr, i.e. the system Node's headers).
    npm_config_nodedir: node24Headers(node24),
  };
  run(
    node24,
    [npmCli, 'install', '--no-save', '--foreground-scripts', `code-server@${CODE_SERVER_VERSION}`],
    { cwd: CS_DIR, env },
  );
  if (!existsSync(codeServerEntry())) throw new Error(`code-server installed but ${codeServerEntry()} is missing`);
  const installed = JSON.parse(readFileSync(path.join(CS_DIR, 'node_modules', 'code-server', 'package.json'), 'utf8'));
  writeWrapper(node24);
  const version = capture(WRAPPER, ['--version']);
  if (!version.ok) throw new Error(`installed code-server does not start:\n${version.stdout}${version.stderr}`);
  writeFileSync(
    CS_MARKER,
    JSON.stringify({ version: installed.version, node: capture(node24, ['-v']).stdout.trim(), installedAt: new Date().toISOString() }, null, 2) + '\n',
  );
  if (!quiet) log(`code-server ${installed.version} installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return WRAPPER;
}

let helpCache;
/** The flags the installed code-server understands (parsed from --help), so optional flags are only passed if known. */
export function supportedFlags(bin) {
  if (!helpCache) {
    const r = capture(bin, ['--help']);
    helpCache = new Set((r.stdout + r.stderr).match(/--[a-z][a-z0-9-]+/g) || []);
  }
  return helpCache;
}

// ---------------------------------------------------------------------------------------------------------------
// the extension

function readPackageJson() {
  return JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
}

/**
 * Builds the .vsix with `npm run package` (unless `build: false`) and returns its path. MLSD_VSIX=<path> uses a
 * ready-made .vsix instead (handy for CI artefacts or plumbing tests).
 */
export function ensureVsix({ build = true } = {}) {
  if (process.env.MLSD_VSIX) {
    const p = path.resolve(process.env.MLSD_VSIX);
    if (!existsSync(p)) throw new Error(`MLSD_VSIX=${p} does not exist`);
    return p;
  }
  const pkg = readPackageJson();
  const vsix = path.join(REPO_ROOT, `${pkg.name}-${pkg.version}.vsix`);
  if (build) {
    if (!pkg.scripts || !pkg.scripts.package) {
      throw new Error('package.json has no "package" script yet, so no .vsix can be built (set MLSD_VSIX=<file> to use one)');
    }
    log('building the extension: npm run package …');
    run('npm', ['run', '--silent', 'package'], { cwd: REPO_ROOT });
  }
  if (!existsSync(vsix)) throw new Error(`expected ${path.relative(REPO_ROOT, vsix)} after \`npm run package\`, but it is not there`);
  return vsix;
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/** Directories of a named profile under .cache/code-server-data/. */
export function profileDirs(profile) {
  const root = path.join(CACHE_DIR, 'code-server-data', profile);
  return {
    root,
    extensionsDir: path.join(root, 'extensions'),
    userDataDir: path.join(root, 'user-data'),
    configFile: path.join(root, 'config.yaml'),
  };
}

/** Settings that keep the workbench quiet: no trust prompt, no welcome page, no tips, no telemetry, no updates. */
export const QUIET_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'security.workspace.trust.startupPrompt': 'never',
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.enableExperiments': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'update.showReleaseNotes': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'git.openRepositoryInParentFolders': 'never',
  'git.autoRepositoryDetection': false,
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'github.copilot.enable': { '*': false },
  'editor.accessibilitySupport': 'off',
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
  'workbench.editor.restoreViewState': false,
};

/** Writes User/settings.json into a user-data dir (merging `extra` over QUIET_SETTINGS). */
export function writeUserSettings(userDataDir, extra = {}) {
  const dir = path.join(userDataDir, 'User');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'settings.json'), JSON.stringify({ ...QUIET_SETTINGS, ...extra }, null, 2) + '\n');
}

/**
 * Installs the .vsix into the profile's private extensions dir. Skipped when the same file (by sha256) is already
 * installed there, so repeated runs stay fast.
 */
export function installExtension(bin, vsix, dirs) {
  mkdirSync(dirs.extensionsDir, { recursive: true });
  const markerFile = path.join(dirs.extensionsDir, '.mlsd-vsix.json');
  const hash = sha256(vsix);
  let marker = null;
  try {
    marker = JSON.parse(readFileSync(markerFile, 'utf8'));
  } catch {}
  if (marker && marker.sha256 === hash && readdirSync(dirs.extensionsDir).some((d) => !d.startsWith('.') && d !== 'extensions.json')) {
    return false;
  }
  log(`installing ${path.basename(vsix)} into ${path.relative(REPO_ROOT, dirs.extensionsDir)}/`);
  run(
    bin,
    ['--install-extension', vsix, '--force', '--extensions-dir', dirs.extensionsDir, '--user-data-dir', dirs.userDataDir, '--config', dirs.configFile],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  writeFileSync(markerFile, JSON.stringify({ file: path.basename(vsix), sha256: hash }, null, 2) + '\n');
  return true;
}

/**
 * Everything up to a runnable server: code-server installed, the profile's dirs and settings written, the extension
 * installed. `fresh: true` wipes the profile's user-data first (the e2e tests want a clean workbench every run).
 */
export function prepareProfile({ profile, vsix, fresh = false, settings = {} }) {
  const bin = ensureCodeServer();
  const dirs = profileDirs(profile);
  if (fresh) rmSync(dirs.userDataDir, { recursive: true, force: true });
  mkdirSync(dirs.userDataDir, { recursive: true });
  writeFileSync(dirs.configFile, 'bind-addr: 127.0.0.1:0\nauth: none\ncert: false\n');
  writeUserSettings(dirs.userDataDir, settings);
  if (vsix) installExtension(bin, vsix, dirs);
  return { bin, dirs };
}

// ---------------------------------------------------------------------------------------------------------------
// running it

/** A free TCP port on 127.0.0.1. */
export function getFreePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function healthy(url) {
  try {
    const res = await fetch(new URL('healthz', url), { signal: AbortSignal.timeout(2000) });
    return res.ok;
  } catch {
    return false;
  }
}

/**
 * Starts code-server in its own process group, bound to 127.0.0.1 only, and resolves once /healthz answers.
 * Returns { url, folderUrl(dir), port, child, stop(), startupMs, logs() }. stop() terminates the whole process group
 * (SIGTERM, then SIGKILL after a grace period).
 */
export async function startCodeServer({ bin, dirs, folder, port, stdio = 'pipe', timeoutMs = 90_000, echo = false }) {
  port = port || (await getFreePort());
  const flags = supportedFlags(bin);
  const args = [
    '--bind-addr', `127.0.0.1:${port}`,
    '--auth', 'none',
    '--disable-telemetry',
    '--disable-update-check',
    '--config', dirs.configFile,
    '--user-data-dir', dirs.userDataDir,
    '--extensions-dir', dirs.extensionsDir,
  ];
  for (const opt of ['--disable-workspace-trust', '--disable-getting-started-override', '--ignore-last-opened']) {
    if (flags.has(opt)) args.push(opt);
  }
  if (folder) args.push(folder);
  const started = Date.now();
  const child = spawn(bin, args, {
    cwd: REPO_ROOT,
    detached: true, // own process group: stop() kills code-server and every helper it spawned
    stdio: stdio === 'inherit' ? ['ignore', 'inherit', 'inherit'] : ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, CS_DISABLE_GETTING_STARTED_OVERRIDE: '1' },
  });
  const lines = [];
  const onData = (buf) => {
    const s = buf.toString();
    lines.push(s);
    if (lines.length > 500) lines.shift();
    if (echo) process.stderr.write(s);
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  let exited = null;
  const exitPromise = new Promise((resolve) => child.on('exit', (code, signal) => resolve((exited = { code, signal }))));

  const url = `http://127.0.0.1:${port}/`;
  let stopping;
  const stop = async (graceMs = 5000) => {
    if (stopping) return stopping;
    stopping = (async () => {
      if (exited) return exited;
      const kill = (sig) => {
        try {
          process.kill(-child.pid, sig);
        } catch {}
      };
      kill('SIGTERM');
      const t = setTimeout(() => kill('SIGKILL'), graceMs);
      const r = await exitPromise;
      clearTimeout(t);
      kill('SIGKILL'); // stragglers in the group (extension host, language server)
      return r;
    })();
    return stopping;
  };

  while (!(await healthy(url))) {
    if (exited) throw new Error(`code-server exited (${JSON.stringify(exited)}) before it was ready:\n${lines.join('')}`);
    if (Date.now() - started > timeoutMs) {
      await stop();
      throw new Error(`code-server did not answer on ${url} within ${timeoutMs / 1000} s:\n${lines.join('')}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    child,
    stop,
    exited: exitPromise,
    startupMs: Date.now() - started,
    logs: () => lines.join(''),
    folderUrl: (dir) => `${url}?folder=${encodeURIComponent(dir)}`,
  };
}

/** True if `p` is an existing directory. */
export function isDir(p) {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}
