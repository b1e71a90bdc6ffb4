// Which extension features are present in the extension the e2e run installed, so scenarios whose feature has
// not landed yet are skipped with a reason (and run by themselves as soon as it lands).
//
// Evidence comes from the *installed* extension (the .vsix under test, unpacked in the e2e profile's extensions
// dir): its package.json `contributes` (commands by title, views, snippets) and, for language-server features,
// the handler registrations in its bundled JavaScript (`connection.onHover(`, `connection.onCodeAction(`, …).
//
// MLSD_E2E_NO_SKIP=1 runs every scenario regardless (to see how a pending one fails).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { profileDirs } from '../../scripts/code-server.mjs';

export const EXTENSION_ID = 'mlsd-studio.mlsd-studio';

function findExtensionDir() {
  const dir = profileDirs('e2e').extensionsDir;
  if (!existsSync(dir)) return null;
  const hit = readdirSync(dir)
    .filter((d) => d.toLowerCase().startsWith(EXTENSION_ID + '-'))
    .map((d) => path.join(dir, d))
    .filter((d) => existsSync(path.join(d, 'package.json')))
    .sort((a, b) => statSync(b).mtimeMs - statSync(a).mtimeMs)[0];
  return hit || null;
}

function readJs(dir, out = [], budget = { bytes: 40 * 1024 * 1024 }) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    const st = statSync(p);
    if (st.isDirectory()) readJs(p, out, budget);
    else if (/\.(c|m)?js$/.test(name) && st.size < budget.bytes) {
      budget.bytes -= st.size;
      out.push(readFileSync(p, 'utf8'));
    }
  }
  return out;
}

function hasFile(dir, re) {
  if (!dir) return false;
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name.startsWith('.')) continue;
    const p = path.join(dir, name);
    if (statSync(p).isDirectory() ? hasFile(p, re) : re.test(name)) return true;
  }
  return false;
}

const extDir = findExtensionDir();
const pkg = extDir ? JSON.parse(readFileSync(path.join(extDir, 'package.json'), 'utf8')) : null;
const js = extDir ? readJs(extDir).join('\n') : '';
const contributes = pkg?.contributes || {};
// Titles may be "%key%" placeholders resolved from package.nls.json (English, as the e2e browser uses en-US).
let nls = {};
try {
  nls = extDir ? JSON.parse(readFileSync(path.join(extDir, 'package.nls.json'), 'utf8')) : {};
} catch {}
const t = (s) => {
  const m = typeof s === 'string' && /^%(.+)%$/.exec(s);
  if (!m) return s;
  const v = nls[m[1]];
  return typeof v === 'string' ? v : v?.message ?? s;
};

function commandByTitle(title) {
  const want = title.toLowerCase();
  return (contributes.commands || []).find((c) => {
    const title = t(c.title);
    const full = c.category ? `${t(c.category)}: ${title}` : title;
    return String(full).toLowerCase() === want || String(title).toLowerCase() === want;
  });
}

function hasViews(names) {
  const all = Object.values(contributes.views || {}).flat().map((v) => String(t(v.name)).toLowerCase());
  return names.every((n) => all.includes(n.toLowerCase()));
}

const noSkip = process.env.MLSD_E2E_NO_SKIP === '1';

/**
 * `skipUnless(feature)` → false when present, else a reason string (node:test `{ skip }` option).
 */
export function skipUnless(feature) {
  if (noSkip) return false;
  if (!pkg) return 'extension not installed in the e2e profile (run `npm run test:e2e`)';
  const checks = {
    diagnostics: () =>
      /\.sendDiagnostics\(|createDiagnosticCollection\(|\.diagnostics\.on\(|new [A-Za-z_$.]*LanguageClient\(/.test(js) ||
      'no diagnostics in the extension yet (no language client / diagnostic collection in its JavaScript)',
    quickFix: () =>
      /\.onCodeAction\(|registerCodeActionsProvider\(/.test(js) || 'no quick fixes yet (no onCodeAction handler in the extension)',
    hover: () => /\.onHover\(|registerHoverProvider\(/.test(js) || 'no glossary hover yet (no onHover handler in the extension)',
    snippet: () =>
      (contributes.snippets || []).length > 0 ||
      /\.onCompletion\(|registerCompletionItemProvider\(/.test(js) ||
      'no `mlsd` snippet yet (no contributes.snippets and no completion handler)',
    sidebar: () =>
      ((contributes.viewsContainers?.activitybar || []).some((c) => /mlsd/i.test(`${c.id} ${t(c.title)}`)) &&
        hasViews(['Handbook', 'Checklist', 'Prompts'])) ||
      'no MLSD activity-bar container with views Handbook, Checklist, Prompts yet',
    preview: () => !!commandByTitle('MLSD: Open Architecture Preview') || 'no command "MLSD: Open Architecture Preview" yet',
    mermaidDiagnostics: () =>
      hasFile(extDir, /mermaid.*worker.*\.(c|m)?js$/i) ||
      'no Mermaid validation in the language server yet (no mermaid worker script in the extension)',
    timer: () => !!commandByTitle('MLSD: Start Interview Timer') || 'no command "MLSD: Start Interview Timer" yet',
  };
  const check = checks[feature];
  if (!check) throw new Error(`unknown feature ${feature}`);
  const r = check();
  return r === true ? false : `pending: ${r}`;
}

export const installedExtension = { dir: extDir, packageJson: pkg };
export { commandByTitle };
