/**
 * mlsd-lint on files it cannot or should not read: each is reported, the other answers are still checked, and the
 * exit status is 2 at the end. Cases that could block (a FIFO) run the CLI in a child process with a timeout, so a
 * regression fails the test instead of hanging it. Tests run as root in CI, where permission bits do not stop a
 * read, so "unreadable" is simulated with a FIFO, broken symbolic links and a directory where a file is expected.
 */
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { main } from '../../server/src/cli';
import { ROOT } from '../helpers/engine';

const GOOD = fs.readFileSync(path.join(ROOT, 'test/fixtures/cli/missing-governance.mlsd.md'), 'utf8');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsd-cli-robust-'));
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

function folder(name: string): string {
  const dir = path.join(tmp, name);
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

function run(args: string[]): { code: number; out: string; err: string; ms: number } {
  let out = '';
  let err = '';
  const t0 = performance.now();
  const code = main(args, (t) => (out += t), (t) => (err += t));
  return { code, out, err, ms: performance.now() - t0 };
}

/** Runs mlsd-lint in a child process (for inputs that could block a read). */
function runChild(args: string[]): { code: number | null; signal: NodeJS.Signals | null; out: string; err: string } {
  const child = spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'server/src/cli.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
  return { code: child.status, signal: child.signal, out: child.stdout, err: child.stderr };
}

const hasMkfifo = ((): boolean => {
  try {
    execFileSync('mkfifo', ['--version'], { stdio: 'ignore' });
    return process.platform !== 'win32';
  } catch {
    return false;
  }
})();

test('unreadable answers (FIFO, broken links, a directory) are reported, the rest is checked, exit 2', { skip: !hasMkfifo && 'needs mkfifo' }, () => {
  const dir = folder('unreadable');
  fs.writeFileSync(path.join(dir, 'a-good.mlsd.md'), GOOD);
  execFileSync('mkfifo', [path.join(dir, 'b-fifo.mlsd.md')]);
  fs.symlinkSync(path.join(dir, 'does-not-exist.mlsd.md'), path.join(dir, 'c-broken.mlsd.md'));
  fs.mkdirSync(path.join(dir, 'real-dir'));
  fs.symlinkSync(path.join(dir, 'real-dir'), path.join(dir, 'd-dir-link.mlsd.md'));
  fs.symlinkSync(path.join(dir, 'a-good.mlsd.md'), path.join(dir, 'e-link.mlsd.md'));
  const brokenExplicit = path.join(tmp, 'broken-explicit.mlsd.md');
  fs.symlinkSync(path.join(tmp, 'nowhere'), brokenExplicit);

  // The folder walk and explicit paths (the FIFO named directly too), in a child process: a blocking read would hang.
  const result = runChild(['--format', 'json', dir, path.join(dir, 'b-fifo.mlsd.md'), brokenExplicit]);
  assert.equal(result.signal, null, 'mlsd-lint blocked on the FIFO');
  assert.equal(result.code, 2, result.err);
  const files = (JSON.parse(result.out) as { file: string }[]).map((f) => path.basename(f.file)).sort();
  assert.deepEqual(files, ['a-good.mlsd.md', 'e-link.mlsd.md'], 'readable answers (and a link to one) are still checked');
  assert.match(result.err, /b-fifo\.mlsd\.md: not a regular file \(a FIFO\)/);
  assert.match(result.err, /c-broken\.mlsd\.md: broken symbolic link/);
  assert.match(result.err, /d-dir-link\.mlsd\.md: not a regular file \(a directory\)/);
  assert.match(result.err, /broken-explicit\.mlsd\.md: broken symbolic link/);
});

test('a team template that is a FIFO or a device is refused, not read (no hang)', { skip: !hasMkfifo && 'needs mkfifo' }, () => {
  const dirs = (['fifo', 'device'] as const).map((name) => {
    const dir = folder(`template-${name}`);
    const target = name === 'fifo' ? 'team.fifo' : '/dev/zero';
    if (name === 'fifo') execFileSync('mkfifo', [path.join(dir, target)]);
    fs.writeFileSync(path.join(dir, '.mlsd.yaml'), `template: ${target}\n`);
    fs.writeFileSync(path.join(dir, 'a.mlsd.md'), GOOD);
    return dir;
  });
  const result = runChild(['--format', 'json', ...dirs]);
  assert.equal(result.signal, null, 'mlsd-lint blocked reading a template');
  assert.equal(result.code, 2, result.err);
  assert.match(result.err, /cannot read team template team\.fifo: not a regular file \(using built-in defaults\)/);
  assert.match(result.err, /cannot read team template \/dev\/zero: not a regular file \(using built-in defaults\)/);
  assert.equal((JSON.parse(result.out) as unknown[]).length, 2, 'both answers are checked with the built-in template');
});

test('binary answers are skipped with a message; the rest is checked; exit 2', () => {
  const dir = folder('binary');
  fs.writeFileSync(path.join(dir, 'a.mlsd.md'), GOOD);
  const png = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]), Buffer.alloc(4096, 7)]);
  fs.writeFileSync(path.join(dir, 'b-image.mlsd.md'), png);
  const random = Buffer.alloc(64 * 1024);
  for (let i = 0, s = 7; i < random.length; i++) random[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
  random[100] = 0;
  fs.writeFileSync(path.join(dir, 'c-random.mlsd.md'), random);
  fs.writeFileSync(path.join(dir, 'd-nul.mlsd.md'), '\u0000'.repeat(10_000));
  const { code, out, err, ms } = run(['--format', 'json', dir]);
  assert.equal(code, 2);
  assert.deepEqual((JSON.parse(out) as { file: string }[]).map((f) => path.basename(f.file)), ['a.mlsd.md']);
  for (const name of ['b-image', 'c-random', 'd-nul']) assert.match(err, new RegExp(`${name}\\.mlsd\\.md: looks like a binary file`));
  assert.ok(ms < 5_000, `${ms.toFixed(0)} ms`);
});

test('invalid UTF-8 is read as U+FFFD and analysed; a BOM does not hide the frontmatter', () => {
  const dir = folder('encoding');
  const bad = Buffer.concat([Buffer.from('# Answer\n\n## 1. Business goal\n\nCut \xff\xfe losses '), Buffer.from([0xc0, 0x80, 0xed, 0xa0, 0x80, 0xf4, 0x90]), Buffer.from(' by 20%.\n')]);
  fs.writeFileSync(path.join(dir, 'invalid.mlsd.md'), bad);
  const invalid = run(['--format', 'json', path.join(dir, 'invalid.mlsd.md')]);
  assert.equal(invalid.code, 1, invalid.err);
  const [entry] = JSON.parse(invalid.out) as { diagnostics: { line: number; column: number }[] }[];
  assert.ok(entry.diagnostics.every((d) => d.line >= 1 && d.line <= 6 && d.column >= 1));

  fs.writeFileSync(path.join(dir, 'bom.mlsd.md'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('---\nlevel: principal\n---\n' + GOOD)]));
  const bom = run(['--format', 'json', path.join(dir, 'bom.mlsd.md')]);
  const rules = (JSON.parse(bom.out) as { diagnostics: { rule: string; line: number }[] }[])[0].diagnostics;
  assert.ok(rules.some((d) => d.rule === 'document.frontmatter' && d.line === 2), 'level: principal is flagged on line 2');
});

test('a 10 MB answer through the CLI: document.size info, analysis limited, maxFileSizeKB from .mlsd.yaml', () => {
  const dir = folder('big');
  const unit = '## 1. Business goal\n\nCut fraud losses by 20% at 50 ms p99.\n\n';
  fs.writeFileSync(path.join(dir, 'big.mlsd.md'), '# Big\n\n' + unit.repeat(Math.ceil((10 * 1024 * 1024) / unit.length)));
  const full = run(['--format', 'json', dir]);
  const size = (JSON.parse(full.out) as { diagnostics: { rule: string; severity: string; message: string }[] }[])[0].diagnostics.find((d) => d.rule === 'document.size');
  assert.equal(size?.severity, 'info');
  assert.match(size?.message ?? '', /only the first 2048 KB were analysed/);
  assert.ok(full.ms < 1_000 + 2 * 2048 + 500, `${full.ms.toFixed(0)} ms`);
  fs.writeFileSync(path.join(dir, '.mlsd.yaml'), 'maxFileSizeKB: 64\n');
  const limited = run(['--format', 'json', dir]);
  assert.match(limited.out, /only the first 64 KB were analysed/);
});

test('a malformed .mlsd.yaml or team template: a problem on that file and line, built-in defaults, exit 2', () => {
  const config = folder('bad-config');
  fs.writeFileSync(path.join(config, 'a.mlsd.md'), GOOD);
  fs.writeFileSync(path.join(config, '.mlsd.yaml'), 'level: staff\nrules:\n  monitoring.drift: [warning\n  governance.section: off\n');
  const bad = run(['--format', 'json', config]);
  assert.equal(bad.code, 2);
  assert.match(bad.err, /\.mlsd\.yaml:[34]:\d+: .* \(using built-in defaults\)/);
  const rules = (JSON.parse(bad.out) as { diagnostics: { rule: string }[] }[])[0].diagnostics.map((d) => d.rule);
  assert.ok(rules.includes('governance.section'), 'the broken config did not switch anything off');

  const template = folder('bad-template');
  fs.writeFileSync(path.join(template, 'a.mlsd.md'), GOOD);
  fs.writeFileSync(path.join(template, '.mlsd.yaml'), 'template: ./team.yaml\n');
  fs.writeFileSync(path.join(template, 'team.yaml'), 'steps:\n  - id: monitoring\n    aliases: [watchtower\n');
  const badTemplate = run(['--format', 'json', template]);
  assert.equal(badTemplate.code, 2);
  assert.match(badTemplate.err, /team\.yaml:\d+:\d+: .* \(using built-in defaults\)/);
  assert.equal((JSON.parse(badTemplate.out) as unknown[]).length, 1);

  const bomb = folder('bomb-config');
  fs.writeFileSync(path.join(bomb, 'a.mlsd.md'), GOOD);
  fs.writeFileSync(path.join(bomb, '.mlsd.yaml'), "level: it's\n---\n" + '['.repeat(5_000) + ']'.repeat(5_000) + '\n');
  const nested = run(['--format', 'json', bomb]);
  assert.equal(nested.code, 2);
  assert.match(nested.err, /nested more than 16 levels deep and was not read/);

  const dirAsConfig = run(['--config', config, path.join(config, 'a.mlsd.md')]);
  assert.equal(dirAsConfig.code, 2);
  assert.match(dirAsConfig.err, /configuration file not found/);
});
