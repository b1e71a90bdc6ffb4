// Builds everything that ships: dist/content.json (the validated content/ folder), and the esbuild bundles
// dist/client.js (extension host), dist/server.js (language server) and dist/cli.js (the mlsd-lint bin).
// Usage: node scripts/build.mjs [--watch] [--dev]   (--dev: no minification, inline source maps)
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const watch = process.argv.includes('--watch');
const dev = process.argv.includes('--dev');
mkdirSync(join(root, 'dist'), { recursive: true });

/** Validates content/ and writes dist/content.json; exits non-zero on any problem. */
async function buildContent() {
  const built = await esbuild.build({
    entryPoints: [join(root, 'server/src/engine/content.ts')],
    bundle: true, platform: 'node', format: 'cjs', write: false, logLevel: 'silent',
  });
  const mod = { exports: {} };
  new Function('module', 'exports', 'require', built.outputFiles[0].text)(mod, mod.exports, createRequire(import.meta.url));
  const { content, problems } = mod.exports.loadContentFromDirectory(join(root, 'content'));
  if (problems.length > 0) {
    for (const p of problems) console.error(`${p.file}:${p.line + 1}:${p.character + 1}: ${p.message}`);
    throw new Error('content/ has problems');
  }
  writeFileSync(join(root, 'dist/content.json'), JSON.stringify(content));
}

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  minify: !dev,
  sourcemap: dev ? 'inline' : false,
  logLevel: 'info',
  external: ['vscode'],
  legalComments: 'none',
};

const builds = [
  { ...common, entryPoints: [join(root, 'client/src/extension.ts')], outfile: join(root, 'dist/client.js') },
  // The language client is loaded on demand (first answer opened), so activation does not pay for it.
  { ...common, entryPoints: [join(root, 'client/src/lsp.ts')], outfile: join(root, 'dist/lsp.js') },
  { ...common, entryPoints: [join(root, 'server/src/server.ts')], outfile: join(root, 'dist/server.js') },
  {
    ...common,
    entryPoints: [join(root, 'server/src/cli.ts')],
    outfile: join(root, 'dist/cli.js'),
    banner: { js: '#!/usr/bin/env node' },
  },
];

// Mermaid runs in the server only inside a worker thread, loaded on the first answer with a ```mermaid block,
// so it is a bundle of its own and never part of server.js or client.js.
import { existsSync } from 'node:fs';
const mermaidWorker = join(root, 'server/src/mermaid/worker.ts');
if (existsSync(mermaidWorker)) {
  builds.push({ ...common, entryPoints: [mermaidWorker], outfile: join(root, 'dist/mermaid.worker.js') });
}

// The architecture preview page: our script for the browser, plus mermaid's own prebuilt IIFE (shipped, never fetched).
builds.push({
  ...common,
  platform: 'browser',
  format: 'iife',
  target: 'es2022',
  external: [],
  entryPoints: [join(root, 'client/webview/preview.ts')],
  outfile: join(root, 'dist/webview/preview.js'),
});
mkdirSync(join(root, 'dist/webview'), { recursive: true });
copyFileSync(join(root, 'node_modules/mermaid/dist/mermaid.min.js'), join(root, 'dist/webview/mermaid.min.js'));

await buildContent();
if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('watching for changes…');
} else {
  await Promise.all(builds.map((options) => esbuild.build(options)));
}
