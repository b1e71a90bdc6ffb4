import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { main, globToRegExp } from '../../server/src/cli';
import { ROOT } from '../helpers/engine';

const FIXTURE = path.join(ROOT, 'test/fixtures/cli/missing-governance.mlsd.md');

function run(args: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = main(args, (t) => (out += t), (t) => (err += t));
  return { code, out, err };
}

test('json output has the documented shape and exit code 1 on errors', async () => {
  const { code, out } = run(['--format', 'json', FIXTURE]);
  assert.equal(code, 1);
  const parsed = JSON.parse(out) as { file: string; diagnostics: Record<string, unknown>[]; coverage: Record<string, unknown> }[];
  assert.equal(parsed.length, 1);
  assert.equal(parsed[0].file, FIXTURE);
  const gov = parsed[0].diagnostics.find((d) => d.rule === 'governance.section');
  assert.ok(gov);
  assert.deepEqual(Object.keys(gov).sort(), ['column', 'endColumn', 'endLine', 'line', 'message', 'rule', 'severity']);
  assert.equal(gov.severity, 'error');
  assert.equal(typeof gov.line, 'number');
  assert.ok((gov.line as number) >= 1 && (gov.column as number) >= 1);
  assert.equal(typeof parsed[0].coverage.total, 'number');
});

test('text output lists findings with 1-based positions', async () => {
  const { code, out } = run([FIXTURE]);
  assert.equal(code, 1);
  assert.match(out, /\d+:\d+\s+error\s+Governance section is missing.*governance\.section/);
});

test('sarif output is SARIF 2.1.0 with rules and results', async () => {
  const { out } = run(['-f', 'sarif', FIXTURE]);
  const sarif = JSON.parse(out) as { version: string; runs: { tool: { driver: { name: string; rules: { id: string }[] } }; results: { ruleId: string; level: string; locations: { physicalLocation: { region: { startLine: number } } }[] }[] }[] };
  assert.equal(sarif.version, '2.1.0');
  const runObj = sarif.runs[0];
  assert.equal(runObj.tool.driver.name, 'mlsd-lint');
  assert.ok(runObj.tool.driver.rules.some((r) => r.id === 'governance.section'));
  const result = runObj.results.find((r) => r.ruleId === 'governance.section');
  assert.ok(result);
  assert.equal(result.level, 'error');
  assert.ok(result.locations[0].physicalLocation.region.startLine >= 1);
});

test('folders and globs expand to answers; exit 0 when there are no errors', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsd-cli-'));
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.copyFileSync(FIXTURE, path.join(dir, 'sub', 'a.mlsd.md'));
  fs.writeFileSync(path.join(dir, 'notes.md'), '# not an answer');
  fs.writeFileSync(path.join(dir, '.mlsd.yaml'), 'rules:\n  "*.section": warning\n');
  const folder = run(['--format', 'json', dir]);
  const files = (JSON.parse(folder.out) as { file: string }[]).map((f) => path.basename(f.file));
  assert.deepEqual(files, ['a.mlsd.md']);
  assert.equal(folder.code, 0, 'the config turned the only error into a warning');
  const glob = run(['--format', 'json', `${dir}/**/*.mlsd.md`]);
  assert.equal((JSON.parse(glob.out) as unknown[]).length, 1);
  assert.ok(globToRegExp('**/*.mlsd.md').test('a/b/c.mlsd.md'));
  assert.ok(globToRegExp('**/*.mlsd.md').test('c.mlsd.md'));
});

test('usage errors, missing files and invalid config exit 2 with a message', async () => {
  assert.equal(run([]).code, 2);
  assert.equal(run(['--format', 'xml', FIXTURE]).code, 2);
  assert.equal(run(['--bogus', FIXTURE]).code, 2);
  const missing = run(['--format', 'json', FIXTURE, '/nonexistent/answer.mlsd.md']);
  assert.equal(missing.code, 2);
  assert.match(missing.err, /nonexistent.*no such file/);
  assert.equal((JSON.parse(missing.out) as unknown[]).length, 1, 'the readable file is still checked');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsd-cfg-'));
  const cfg = path.join(dir, 'bad.yaml');
  fs.writeFileSync(cfg, 'rules:\n  monitoring.drift: loud\n');
  const bad = run(['--config', cfg, FIXTURE]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /bad\.yaml:2:1: rule "monitoring\.drift" has severity "loud"/);
  assert.equal(run(['--help']).code, 0);
});

test('the built CLI parses Mermaid blocks with Mermaid and reports mermaid.syntax', async () => {
  const { execFileSync } = await import('node:child_process');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsd-cli-mermaid-'));
  const answer = path.join(dir, 'broken.mlsd.md');
  fs.writeFileSync(answer, fs.readFileSync(FIXTURE, 'utf8').replace('## 5. MLOps', '```mermaid\nflowchart LR\n  A --> B\n  B --> (\n```\n\n## 5. MLOps'));
  let stdout = '';
  try {
    stdout = execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), '--format', 'json', answer], { encoding: 'utf8' });
  } catch (error) {
    stdout = (error as { stdout: string }).stdout;
  }
  const [file] = JSON.parse(stdout) as { diagnostics: { rule: string; line: number }[] }[];
  const syntax = file.diagnostics.find((d) => d.rule === 'mermaid.syntax');
  assert.ok(syntax, file.diagnostics.map((d) => d.rule).join(','));
  const lines = fs.readFileSync(answer, 'utf8').split('\n');
  assert.equal(lines[syntax.line - 1].trim(), 'B --> (');
});
