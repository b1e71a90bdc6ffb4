/**
 * No regular expression in the engine can backtrack catastrophically: every regex literal under server/src/engine
 * (found with the TypeScript parser, so new ones are covered automatically) is run against long runs of each
 * character it mentions, alone and mixed with spaces and newlines, and must finish quickly.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT } from '../helpers/engine';

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return full.endsWith('.ts') && !full.endsWith('.generated.ts') ? [full] : [];
  });
}

function regexLiterals(file: string): { text: string; line: number }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.ES2022, true);
  const found: { text: string; line: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
      found.push({ text: node.getText(source), line: source.getLineAndCharacterOfPosition(node.getStart()).line + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

function compile(literal: string): RegExp {
  const last = literal.lastIndexOf('/');
  return new RegExp(literal.slice(1, last), literal.slice(last + 1));
}

/** Adversarial inputs: runs of every character the pattern mentions, alone and interleaved with separators. */
function attacks(literal: string, size: number): string[] {
  const chars = new Set<string>([' ', '\n', 'a', '0', '一', ':', '.', '-', '*', '#']);
  for (const ch of literal.replace(/\\[dswbDSWB]/g, '')) if (ch.trim() !== '') chars.add(ch);
  const inputs: string[] = [];
  for (const c of chars) {
    inputs.push(c.repeat(size));
    inputs.push(`${c} `.repeat(size / 2));
    inputs.push(`${c}\n`.repeat(size / 2));
    inputs.push(`${c}a`.repeat(size / 2) + '!');
  }
  return inputs;
}

function timeExec(re: RegExp, input: string): number {
  const start = process.hrtime.bigint();
  if (re.global || re.sticky) {
    re.lastIndex = 0;
    let count = 0;
    while (re.exec(input) !== null && count++ < 100_000) if (re.lastIndex === 0) break;
    re.lastIndex = 0;
  } else {
    re.exec(input);
  }
  return Number(process.hrtime.bigint() - start) / 1e6;
}

test('every engine regular expression runs in bounded time on adversarial input', () => {
  const files = sourceFiles(path.join(ROOT, 'server/src/engine'));
  const literals = files.flatMap((file) => regexLiterals(file).map((r) => ({ ...r, file: path.relative(ROOT, file) })));
  assert.ok(literals.length >= 10, `found ${literals.length} regex literals`);
  const slow: string[] = [];
  for (const { text, line, file } of literals) {
    const re = compile(text);
    // Short inputs first: exponential backtracking shows at a few dozen characters (and cannot hang the run);
    // only patterns that pass them meet the long inputs that expose polynomial blow-ups.
    let ok = true;
    for (const size of [16, 24, 20_000]) {
      for (const input of attacks(text, size)) {
        const ms = timeExec(re, input);
        if (ms > (size < 100 ? 40 : 150)) {
          slow.push(`${file}:${line} ${text} took ${ms.toFixed(0)} ms on ${JSON.stringify(input.slice(0, 12))}… (${input.length} chars)`);
          ok = false;
          break;
        }
      }
      if (!ok) break;
    }
  }
  assert.deepEqual(slow, []);
});
