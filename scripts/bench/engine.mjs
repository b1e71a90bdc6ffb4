// Loads the analysis engine exactly as shipped: esbuild bundles server/src/engine/index.ts with the options of
// scripts/build.mjs (cjs, node20, minified) into a temporary file, which is then required. The built-in content is
// dist/content.json, the file the server and the CLI read.
import * as esbuild from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * Bundles and loads the engine; returns the module, a ready engine and a config without the size limit. The
 * per-block evidence cache (which lets the server re-scan only the edited block) is off unless `cache` is set, so
 * analysing the same text again costs a full analysis.
 */
export async function loadEngine({ cache = false } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'mlsd-bench-'));
  const outfile = join(dir, 'engine.js');
  try {
    await esbuild.build({
      // The engine's public surface, plus the switch of its per-block cache (see loadEngine's `cache` option).
      stdin: {
        contents: "export * from './server/src/engine/index';\nexport { setEvidenceCache } from './server/src/engine/evidence';\n",
        resolveDir: ROOT,
        loader: 'ts',
      },
      outfile,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      target: 'node20',
      minify: true,
      legalComments: 'none',
      logLevel: 'error',
    });
    const mod = createRequire(import.meta.url)(outfile);
    mod.setEvidenceCache(cache);
    const content = mod.loadBuiltinContent(join(ROOT, 'dist'));
    const engine = mod.createEngine(mod.compileContent(content));
    // The whole document is analysed at every size (the shipped default cuts answers at 2048 KB).
    const config = mod.mergeConfig(mod.DEFAULT_CONFIG, { maxFileSizeKB: 1 << 20 });
    return { mod, engine, config };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
