/**
 * Pathological answers through the engine: each must give a clear result and finish within 50 ms + 2 ms per KB of
 * the text analysed (a miss is retried twice and the fastest run counts, so a GC pause or a busy machine is not a
 * failure). Scaling tests compare n with 10n (ratio ≤ 15) for every input shape that used to be quadratic and for
 * the pathological Markdown cases micromark is super-linear on. Deep YAML runs in robustness-yaml.test.ts (in a
 * child process); files the CLI cannot read in robustness-cli.test.ts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze, AnalysisResult, DEFAULT_CONFIG, EngineConfig, mergeConfig, parse, parseConfigText, ruleMatches } from '../../server/src/engine';
import { testEngine } from '../helpers/engine';
import { assertLinear, budgetFor, timed } from '../fuzz/timing';

const KB = 1024;
const MONITORING = '\n\n## 6. Monitoring\n\nPSI drift on the top 20 features, checked hourly; an alert fires when PSI > 0.2 and triggers a retrain.\n';

const budget = budgetFor;

function analyzeWithin(text: string, config: EngineConfig = DEFAULT_CONFIG, msPerKB = 2): { result: AnalysisResult; ms: number } {
  const analysed = Math.min(text.length, config.maxFileSizeKB * KB);
  const limit = budget(analysed, msPerKB);
  const { value, ms } = timed(() => analyze(testEngine(), text, config), limit);
  assert.ok(ms <= limit, `took ${ms.toFixed(0)} ms for ${(analysed / KB).toFixed(0)} KB analysed; budget ${limit.toFixed(0)} ms`);
  return { result: value, ms };
}

const rules = (r: AnalysisResult): string[] => r.diagnostics.map((d) => d.rule);

test('a 10 MB answer is analysed up to maxFileSizeKB with one document.size info', () => {
  const unit = '## 1. Business goal\n\nCut fraud losses by 20% at 50 ms p99.\n\n## 6. Monitoring\n\nPSI drift with alerts.\n\n';
  const text = '# Ten megabytes\n\n' + unit.repeat(Math.ceil((10 * KB * KB) / unit.length));
  const { result } = analyzeWithin(text);
  const size = result.diagnostics.filter((d) => d.rule === 'document.size');
  assert.equal(size.length, 1);
  assert.equal(size[0].severity, 'info');
  assert.match(size[0].message, /is 10\d{3} KB; only the first 2048 KB were analysed/);
  const small = analyzeWithin(text, mergeConfig(DEFAULT_CONFIG, { maxFileSizeKB: 64 })).result;
  assert.match(small.diagnostics.find((d) => d.rule === 'document.size')?.message ?? '', /only the first 64 KB/);
  // maxFileSizeKB from .mlsd.yaml reaches the same setting.
  assert.equal(parseConfigText('maxFileSizeKB: 64\n').config.maxFileSizeKB, 64);
});

test('100,000 headings (and 200,000 one-character ones) are analysed in bounded time', () => {
  const titled = Array.from({ length: 100_000 }, (_, i) => `## Heading ${i}`).join('\n');
  assert.equal(analyzeWithin(titled).result.diagnostics.filter((d) => d.rule.endsWith('.section')).length, 7);
  // Math.min(...levels) used to overflow the call stack past ~125,000 headings. Each of these is 2 bytes, the
  // densest possible, so the per-heading cost shows: allow 3 ms/KB here.
  const dense = '#\n'.repeat(200_000);
  assert.equal(analyzeWithin(dense, DEFAULT_CONFIG, 3).result.diagnostics.filter((d) => d.rule.endsWith('.section')).length, 7);
  const repeated = '# T\n' + '## Monitoring\n\nPSI drift alert.\n'.repeat(50_000);
  assert.equal(rules(analyzeWithin(repeated).result).filter((r) => r === 'structure.duplicate').length, 49_999);
});

test('10,000-deep lists and block quotes neither crash nor swallow the rest of the answer', () => {
  // markdown-it used to drop the rest of the answer after 21 nested list levels (see nestingGuard in parse.ts).
  const shapes: Record<string, string> = {
    blockquotes: '> '.repeat(10_000) + 'deep',
    bullets: '- '.repeat(10_000) + 'deep',
    ordered: '1. '.repeat(10_000) + 'deep',
    mixed: '> - '.repeat(5_000) + 'deep',
    indentedLines: Array.from({ length: 1_000 }, (_, i) => '  '.repeat(i) + '- item ' + i).join('\n'),
    quotedLines: Array.from({ length: 1_500 }, (_, i) => '>'.repeat(i + 1) + ' line').join('\n'),
    html: '<div>'.repeat(10_000) + '\n\n' + '</div>'.repeat(10_000),
  };
  for (const [name, block] of Object.entries(shapes)) {
    const { result } = analyzeWithin(`# Deep ${name}\n\n${block}\n${MONITORING}`);
    assert.ok(!rules(result).includes('monitoring.section'), `${name}: the Monitoring section after the deep block is found`);
  }
});

test('a single 1 MB line (prose, digits, a heading, spaces) is analysed in bounded time', () => {
  const MB = KB * KB;
  const lines = {
    prose: 'drift latency canary '.repeat(MB / 21),
    letters: 'x'.repeat(MB),
    digits: '7'.repeat(MB),
    heading: '## ' + 'monitoring and drift '.repeat(MB / 21),
    headingSpaces: '## a' + ' '.repeat(MB) + 'b',
    negations: 'no drift '.repeat(MB / 9),
    table: '|' + ' a |'.repeat(MB / 4),
  };
  for (const [name, line] of Object.entries(lines)) {
    const { result } = analyzeWithin(`# One line\n\n${line}\n${MONITORING}`);
    assert.ok(result.coverage.total >= 0, name);
  }
});

test('binary content (random bytes, NUL-heavy) is analysed without error in bounded time', () => {
  let seed = 42;
  const random = (): number => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
  const bytes = Buffer.alloc(512 * KB);
  for (let i = 0; i < bytes.length; i++) bytes[i] = random();
  for (const [name, text] of [
    ['random bytes as UTF-8', bytes.toString('utf8')],
    ['random bytes as Latin-1', bytes.toString('latin1')],
    ['NULs', '\u0000'.repeat(512 * KB)],
    ['NUL-heavy answer', ('# A\n\n## Monitoring\n\nPSI drift\n' + '\u0000'.repeat(100)).repeat(2000)],
    ['PNG header', '\u0089PNG\r\n\u001a\n\u0000\u0000\u0000\rIHDR' + bytes.toString('latin1', 0, 64 * KB)],
  ] as const) {
    const { result } = analyzeWithin(text);
    assert.ok(Number.isFinite(result.coverage.total), name);
  }
});

test('malformed frontmatter gives document.frontmatter at the line of the problem', () => {
  const cases: [string, number[]][] = [
    ['---\nprompt: fraud-detection\nlevel: senior\nprompt: x\n---\n# A\n', [3]], // duplicate key
    ['---\nprompt: fraud-detection\n\tlevel: senior\n---\n# A\n', [2]], // tab indentation
    ['---\nprompt: fraud-detection\nlevel: senior\n  timebox: 45\n---\n# A\n', [2]], // bad indentation
    ['---\r\nprompt: fraud-detection\r\nlevel: senior\r\nprompt: x\r\n---\r\n# A\r\n', [3]], // CRLF
    ['---\nprompt: fraud-detection\nlevel: [senior\ntimebox: 45\n---\n# A\n', [2, 3]], // unclosed [
    ['---\nprompt: fraud-detection\nlevel: "senior\ntimebox: 45\n---\n# A\n', [2, 3]], // unclosed quote
    ['---\nprompt: fraud-detection\nlevel: senior\n', [0]], // frontmatter never closed
    ['---\ntimebox: ninety\n---\n# A\n', [1]], // valid YAML, bad value
    ['---\nlevel: &a [ *a ]\n---\n# A\n', [1]], // circular alias: a problem, not a crash
  ];
  for (const [text, lines] of cases) {
    const { result } = analyzeWithin(text);
    const fm = result.diagnostics.filter((d) => d.rule === 'document.frontmatter');
    assert.ok(fm.length > 0, `no document.frontmatter for ${JSON.stringify(text)}`);
    assert.ok(lines.includes(fm[0].range.start.line), `${JSON.stringify(text)}: line ${fm[0].range.start.line}, expected ${lines.join(' or ')}`);
    assert.equal(fm[0].severity, 'warning');
  }
});

test('a Mermaid-looking block of 100,000 characters keeps the engine fast (closed and unclosed)', () => {
  let diagram = 'flowchart LR\n';
  for (let i = 0; diagram.length < 100_000; i++) diagram += `  N${i}["node ${i}"] -->|edge| N${i + 1}\n`;
  for (const close of ['```\n', '']) {
    const text = `# A\n\n## 4. Architecture\n\nTraining and serving paths.\n\n\`\`\`mermaid\n${diagram}${close}${MONITORING}`;
    const { result } = analyzeWithin(text);
    assert.ok(!rules(result).includes('architecture.diagram'), 'the block counts as a diagram');
    const doc = parse(testEngine(), text);
    assert.equal(doc.mermaid.length, 1);
    assert.ok(doc.mermaid[0].content.length >= 100_000);
  }
});

test('rule patterns with many stars (in an answer, .mlsd.yaml or settings) match in linear time', () => {
  // Used to compile to /^.*.*.*…q$/, which backtracks exponentially: 12 stars took two minutes.
  const stars = '*'.repeat(2_000) + 'q';
  const t0 = performance.now();
  assert.equal(ruleMatches(stars, 'consistency.realtime-features'), false);
  assert.equal(ruleMatches('*c*o*n*s*i*s*t*e*n*c*y*.*r*e*a*l*t*i*m*e*-*f*e*a*t*u*r*e*s*', 'consistency.realtime-features'), true);
  assert.ok(performance.now() - t0 < 50);
  analyzeWithin(`<!-- mlsd-disable ${'*'.repeat(200)}q a*b*c*d*e*f*g*h*i*j*k*l*m*n*z -->\n# A${MONITORING}`);
  analyzeWithin(`# A${MONITORING}`, mergeConfig(DEFAULT_CONFIG, { rules: { [stars]: 'off', ['a*'.repeat(500) + 'z']: 'error' } }));
});

test('Markdown parsing in the engine is linear on the pathological cases micromark is super-linear on', () => {
  const engine = testEngine();
  const cases: Record<string, (n: number) => string> = {
    nestedEmphasis: (n) => '*a **a '.repeat(n) + 'b' + ' a** a*'.repeat(n),
    brackets: (n) => '['.repeat(n * 8),
    angles: (n) => '<'.repeat(n * 8) + '>',
    backticks: (n) => '`'.repeat(n * 8),
    stars: (n) => '*'.repeat(n * 8),
    underscores: (n) => 'a_ '.repeat(n * 3),
    links: (n) => '[a](b'.repeat(n * 2),
    comments: (n) => '</' + '<!--'.repeat(n * 2),
    blockquotes: (n) => '> '.repeat(n * 4),
    hardBreak: (n) => 'a' + ' '.repeat(n * 8) + '\nb',
  };
  for (const [name, gen] of Object.entries(cases)) {
    // As body text (block parsing only) and as a heading (our one inline parse).
    assertLinear(`${name} (body)`, (n) => `# A\n\n${gen(n)}\n`, 2_000, (text) => parse(engine, text));
    assertLinear(`${name} (heading)`, (n) => `# A\n\n## ${gen(n)}\n`, 2_000, (text) => parse(engine, text));
  }
});

test('input shapes that used to be quadratic in the engine now scale linearly', () => {
  const engine = testEngine();
  const run = (text: string): unknown => analyze(engine, text, DEFAULT_CONFIG);
  const cases: Record<string, (n: number) => string> = {
    negatedTerm: (n) => `# A${MONITORING}\n` + 'no drift '.repeat(n),
    digitRun: (n) => `# A${MONITORING}\n` + '9'.repeat(n * 8),
    unclosedDirectives: (n) => `# A${MONITORING}\n` + '<!-- mlsd-disable '.repeat(n),
    directivesInParagraph: (n) => `# A${MONITORING}\n` + 'x <!-- mlsd-disable-next-line monitoring.drift -->\n'.repeat(n / 4),
    mermaidBlocks: (n) => '# a\n```mermaid\n```\n'.repeat(n / 2),
    headingOfAliases: (n) => '# T\n## ' + 'monitoring '.repeat(n) + '\n',
    headingSpaces: (n) => '# T\n## a' + ' '.repeat(n * 8) + 'b\n',
    frontmatterLines: (n) => '---\n' + '\n'.repeat(n * 2) + 'prompt: nope\n---\n# A\n',
  };
  for (const [name, gen] of Object.entries(cases)) assertLinear(name, gen, 1_000, run);
  assertLinear('config with many bad rules', (n) => 'rules:\n' + Array.from({ length: n }, (_, i) => `  r${i}: loud`).join('\n'), 1_000, (text) => parseConfigText(text));
});
