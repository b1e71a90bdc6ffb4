/**
 * Hostile YAML in every place the extension reads it: answer frontmatter, .mlsd.yaml and team templates. Deep
 * nesting must be refused before yaml's parser sees it — yaml 2.9.1 on Node 20 can abort the whole process
 * ("FATAL ERROR: RegExpCompiler Allocation failed") after a few parses of 5,000 nested `[`, which no try/catch
 * stops — so those cases run in a child process (test/fuzz/yamlProbe.ts) and a regression fails this test instead
 * of killing the runner. Alias bombs must give a clear problem quickly and without a memory blow-up.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { ConfigResolver, loadBuiltinContent, parseConfigText, parseYamlSafely } from '../../server/src/engine';
import { ROOT } from '../helpers/engine';
import { assertLinear } from '../fuzz/timing';
import { billionLaughs, Outcome } from '../fuzz/yamlProbe';

test('deeply nested YAML is refused before the parser in every entry point (child process, 20 parses each)', () => {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'test/fuzz/yamlProbe.ts'), '20'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 16 * 1024 * 1024,
  });
  assert.equal(child.signal, null, `the probe was killed by ${child.signal}: ${child.stderr.slice(-2000)}`);
  assert.equal(child.status, 0, `the probe process died (exit ${child.status}):\n${child.stderr.slice(-2000)}`);
  const { outcomes, heapGrowthMB } = JSON.parse(child.stdout) as { outcomes: Outcome[]; heapGrowthMB: number };
  assert.ok(outcomes.length >= 90, 'every shape went through every entry point');
  for (const o of outcomes) {
    const where = `${o.case} n=${o.n} via ${o.entry}`;
    if (o.case === 'billionLaughs') {
      assert.match(o.message, /Excessive alias count/, where);
      assert.ok(o.ms < 100, `${where}: ${o.ms.toFixed(1)} ms`);
    } else {
      // Our own refusal ("…and was not read"), never a parser error such as "Maximum call stack size exceeded".
      assert.match(o.message, /nested more than \d+ levels deep and was not read|larger than \d+ KB and was not read/, where);
      assert.ok(o.ms < 50, `${where}: ${o.ms.toFixed(1)} ms per parse`);
    }
  }
  assert.ok(heapGrowthMB < 50, `heap grew ${heapGrowthMB.toFixed(1)} MB`);
});

test('alias bombs and circular aliases in .mlsd.yaml are a problem on that file, not a hang or a crash', () => {
  const bomb = parseConfigText(billionLaughs());
  assert.match(bomb.problems[0].message, /Excessive alias count/);
  const circular = parseConfigText('level: &a [ *a ]\n');
  assert.match(circular.problems[0].message, /circular/);
  assert.deepEqual(circular.config, {});
  const toStringKey = parseConfigText('disabledSteps: [{ toString: 1 }]\n');
  assert.match(toStringKey.problems[0].message, /is not a step id/);
});

test('parseYamlSafely reports duplicate keys and errors at their own line, in linear time', () => {
  assert.deepEqual(parseYamlSafely('a: 1\nb: 2\na: 3\n').problems.map((p) => p.line), [2]);
  assert.ok(parseYamlSafely('a: 1\nb: [1, 2\nc: 3\n').problems.length > 0);
  assert.equal(parseYamlSafely('a: 1\r\nb: 2\r\na: 3\r\n').problems[0].line, 2);
  // yaml's own uniqueKeys check compares every key with every other one: 12,000 keys took ~2.4 s.
  const keys = (n: number): string => Array.from({ length: n }, (_, i) => `k${i}: ${i}`).join('\n');
  assert.deepEqual(parseYamlSafely(keys(20_000)).problems, []);
  assertLinear('a mapping with many keys', keys, 2_000, (text) => parseYamlSafely(text));
});

test('a malformed team template is reported on the template; the built-in template is used meanwhile', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsd-template-'));
  fs.writeFileSync(path.join(dir, '.mlsd.yaml'), 'template: ./team-template.yaml\n');
  fs.writeFileSync(path.join(dir, 'team-template.yaml'), 'steps:\n  - id: monitoring\n    aliases: [watchtower, observe\n  - id: governance\n    title: Policy\n');
  const resolver = new ConfigResolver(loadBuiltinContent());
  const resolved = resolver.resolve(path.join(dir, 'answer.mlsd.md'));
  assert.equal(resolved.engine, resolver.defaultEngine);
  assert.ok(resolved.problems.length > 0);
  assert.equal(path.basename(resolved.problems[0].file), 'team-template.yaml');
  assert.ok([2, 3].includes(resolved.problems[0].line), JSON.stringify(resolved.problems));
  // Deep nesting and alias bombs in a template: refused the same way.
  fs.writeFileSync(path.join(dir, 'team-template.yaml'), "title: it's\n---\n" + '['.repeat(5_000) + ']'.repeat(5_000));
  resolver.invalidate();
  assert.match(resolver.resolve(path.join(dir, 'answer.mlsd.md')).problems[0].message, /nested more than 64 levels/);
  fs.rmSync(dir, { recursive: true, force: true });
});
