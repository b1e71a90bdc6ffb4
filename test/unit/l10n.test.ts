/**
 * Localisation consistency:
 * - package.nls.json and package.nls.zh-cn.json have the same keys, and every `%key%` in package.json exists;
 * - every message passed to `vscode.l10n.t(...)` in client/src has a Simplified Chinese translation in
 *   l10n/bundle.l10n.zh-cn.json, and placeholders (`{0}`, `{name}`) and codicons (`$(icon)`) match.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers/engine';

const CLIENT_SRC = path.join(ROOT, 'client', 'src');
const BUNDLE = path.join(ROOT, 'l10n', 'bundle.l10n.zh-cn.json');

function readJson(file: string): Record<string, unknown> {
  return JSON.parse(fs.readFileSync(path.join(ROOT, file), 'utf8')) as Record<string, unknown>;
}

function stringRecord(file: string): Record<string, string> {
  const json = readJson(file);
  for (const [k, v] of Object.entries(json)) assert.equal(typeof v, 'string', `${file}: value of "${k}" is not a string`);
  return json as Record<string, string>;
}

function listTs(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...listTs(full));
    else if (/\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out.sort();
}

interface L10nCall {
  /** Bundle key (`message`, or `message/comment` for the object form with a comment), undefined when not static. */
  key?: string;
  /** The English message. */
  message?: string;
  where: string;
  source: string;
}

/** `vscode.l10n.t` or `l10n.t` (e.g. after `import { l10n } from 'vscode'`). */
function isL10nT(expr: ts.Expression): boolean {
  if (!ts.isPropertyAccessExpression(expr) || expr.name.text !== 't') return false;
  const target = expr.expression;
  if (ts.isIdentifier(target)) return target.text === 'l10n';
  return ts.isPropertyAccessExpression(target) && target.name.text === 'l10n';
}

function staticText(node: ts.Node): string | undefined {
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  // 'a' + 'b' concatenations of literals.
  if (ts.isBinaryExpression(node) && node.operatorToken.kind === ts.SyntaxKind.PlusToken) {
    const l = staticText(node.left);
    const r = staticText(node.right);
    return l !== undefined && r !== undefined ? l + r : undefined;
  }
  if (ts.isParenthesizedExpression(node)) return staticText(node.expression);
  return undefined;
}

let cachedCalls: L10nCall[] | undefined;

/** Messages of every `l10n.t(...)` call in client/src. */
function l10nCalls(): L10nCall[] {
  if (cachedCalls) return cachedCalls;
  const calls: L10nCall[] = [];
  for (const file of listTs(CLIENT_SRC)) {
    const text = fs.readFileSync(file, 'utf8');
    const sf = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node) && isL10nT(node.expression)) {
        const { line, character } = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const where = `${path.relative(ROOT, file).split(path.sep).join('/')}:${line + 1}:${character + 1}`;
        const arg = node.arguments[0];
        const call: L10nCall = { where, source: node.getText(sf).replace(/\s+/g, ' ').slice(0, 120) };
        if (arg && ts.isObjectLiteralExpression(arg)) {
          // l10n.t({ message, args?, comment? }): the key is `message` or `message/comment`.
          let message: string | undefined;
          let comment: string | undefined = '';
          for (const p of arg.properties) {
            if (!ts.isPropertyAssignment(p) || !(ts.isIdentifier(p.name) || ts.isStringLiteral(p.name))) continue;
            if (p.name.text === 'message') message = staticText(p.initializer);
            if (p.name.text === 'comment') {
              comment = ts.isArrayLiteralExpression(p.initializer)
                ? p.initializer.elements.map(staticText).reduce<string | undefined>((a, b) => (a === undefined || b === undefined ? undefined : a + b), '')
                : staticText(p.initializer);
            }
          }
          call.message = message;
          if (message !== undefined && comment !== undefined) call.key = comment ? `${message}/${comment}` : message;
        } else if (arg) {
          call.message = call.key = staticText(arg);
        }
        calls.push(call);
      }
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  cachedCalls = calls;
  return calls;
}

/** Sorted `{0}` / `{name}` placeholders and `$(icon)` codicons of a message. */
function tokens(message: string): string[] {
  return (message.match(/\{[A-Za-z0-9_]+\}|\$\([A-Za-z0-9~-]+\)/g) ?? []).sort();
}

function list(items: string[]): string {
  return items.map((i) => `\n  - ${i}`).join('');
}

test('package.nls.json and package.nls.zh-cn.json have the same keys', () => {
  const en = stringRecord('package.nls.json');
  const zh = stringRecord('package.nls.zh-cn.json');
  const missing = Object.keys(en).filter((k) => !(k in zh));
  const extra = Object.keys(zh).filter((k) => !(k in en));
  assert.deepEqual(missing, [], `keys missing from package.nls.zh-cn.json:${list(missing)}`);
  assert.deepEqual(extra, [], `keys in package.nls.zh-cn.json but not in package.nls.json:${list(extra)}`);
  const empty = Object.keys(zh).filter((k) => zh[k].trim() === '');
  assert.deepEqual(empty, [], `empty translations in package.nls.zh-cn.json:${list(empty)}`);
});

test('package.nls.zh-cn.json keeps command links, code spans and line breaks', () => {
  const en = stringRecord('package.nls.json');
  const zh = stringRecord('package.nls.zh-cn.json');
  const problems: string[] = [];
  for (const [k, v] of Object.entries(zh)) {
    if (!(k in en)) continue;
    const links = (s: string) => (s.match(/\(command:[^)\s]+\)/g) ?? []).sort();
    const code = (s: string) => (s.match(/`[^`]*`/g) ?? []).sort();
    const breaks = (s: string) => s.split('\n').length;
    if (links(v).join() !== links(en[k]).join()) problems.push(`${k}: command links ${JSON.stringify(links(v))} ≠ ${JSON.stringify(links(en[k]))}`);
    if (code(v).join() !== code(en[k]).join()) problems.push(`${k}: code spans ${JSON.stringify(code(v))} ≠ ${JSON.stringify(code(en[k]))}`);
    if (breaks(v) !== breaks(en[k])) problems.push(`${k}: ${breaks(v) - 1} line break(s), English has ${breaks(en[k]) - 1}`);
  }
  assert.deepEqual(problems, [], `package.nls.zh-cn.json differs from package.nls.json:${list(problems)}`);
});

test('every %key% in package.json exists in package.nls.json', () => {
  const en = stringRecord('package.nls.json');
  const text = fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8');
  const used = [...new Set([...text.matchAll(/"%([^"%\s]+)%"/g)].map((m) => m[1]))];
  assert.ok(used.length > 0, 'package.json uses no %key% placeholders');
  const missing = used.filter((k) => !(k in en));
  assert.deepEqual(missing, [], `%key% used in package.json but missing from package.nls.json:${list(missing)}`);
});

test('package.json points VS Code at the l10n folder', () => {
  const pkg = readJson('package.json');
  assert.equal(pkg.l10n, './l10n', 'package.json must set "l10n": "./l10n"');
  assert.ok(fs.existsSync(BUNDLE), 'l10n/bundle.l10n.zh-cn.json is missing');
});

test('every vscode.l10n.t message has a static English string', () => {
  const calls = l10nCalls();
  assert.ok(calls.length > 0, 'no vscode.l10n.t calls found in client/src');
  const dynamic = calls.filter((c) => c.key === undefined).map((c) => `${c.where}: ${c.source}`);
  assert.deepEqual(dynamic, [], `vscode.l10n.t needs a string literal (no \${} substitutions; use {0} and arguments):${list(dynamic)}`);
});

test('every vscode.l10n.t message is translated in l10n/bundle.l10n.zh-cn.json', () => {
  const bundle = stringRecord(path.join('l10n', 'bundle.l10n.zh-cn.json'));
  const calls = l10nCalls().filter((c) => c.key !== undefined);
  const missing = [...new Map(calls.filter((c) => !(c.key! in bundle)).map((c) => [c.key!, c])).values()].map(
    (c) => `${JSON.stringify(c.key)}  (${c.where})`,
  );
  assert.deepEqual(missing, [], `${missing.length} message(s) missing from l10n/bundle.l10n.zh-cn.json:${list(missing)}`);
  const empty = Object.keys(bundle).filter((k) => bundle[k].trim() === '');
  assert.deepEqual(empty, [], `empty translations in l10n/bundle.l10n.zh-cn.json:${list(empty)}`);
});

test('translations keep the placeholders and codicons of their English message', (t) => {
  const bundle = stringRecord(path.join('l10n', 'bundle.l10n.zh-cn.json'));
  const calls = l10nCalls();
  const messageOf = new Map(calls.filter((c) => c.key !== undefined).map((c) => [c.key!, c.message!]));
  const problems: string[] = [];
  for (const [key, value] of Object.entries(bundle)) {
    // For `message/comment` keys compare against the message only.
    const english = messageOf.get(key) ?? key;
    const want = tokens(english);
    const got = tokens(value);
    if (want.join('\u0000') !== got.join('\u0000')) {
      problems.push(`${JSON.stringify(key)} → ${JSON.stringify(value)}: has ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
    }
  }
  assert.deepEqual(problems, [], `placeholder / codicon mismatches in l10n/bundle.l10n.zh-cn.json:${list(problems)}`);
  const unused = Object.keys(bundle).filter((k) => !messageOf.has(k));
  if (unused.length > 0) t.diagnostic(`${unused.length} unused entr(y/ies) in l10n/bundle.l10n.zh-cn.json: ${unused.map((u) => JSON.stringify(u)).join(', ')}`);
});
