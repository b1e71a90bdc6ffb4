/**
 * Tests that run Mermaid itself, through the validator and the built worker (dist/mermaid.worker.js, made by
 * `npm run build`, which `npm test` runs first): node/edge extraction and classification of the fixture diagrams,
 * error positions and messages from Mermaid's real parser, limits, the cache, the time limit and worker restarts.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { classifierFor, DiagramClassifier } from '../../server/src/mermaid/classify';
import { MermaidResult } from '../../server/src/mermaid/types';
import { MermaidValidator } from '../../server/src/mermaid/validator';
import { ROOT, testEngine } from '../helpers/engine';

const WORKER = path.join(ROOT, 'dist/mermaid.worker.js');
const FIXTURES = path.join(ROOT, 'test/fixtures/mermaid');
const fixture = (name: string): string => fs.readFileSync(path.join(FIXTURES, name), 'utf8');

let validator: MermaidValidator;
let classifier: DiagramClassifier;
before(() => {
  assert.ok(fs.existsSync(WORKER), 'run npm run build first');
  validator = new MermaidValidator({ workerPath: WORKER });
  classifier = classifierFor(testEngine().compiled.content.diagram) as DiagramClassifier;
});
after(() => validator.dispose());

async function check(text: string): Promise<MermaidResult> {
  return (await validator.validate([text]))[0];
}

/** A chain of `n` flowchart nodes, as in the benchmark. */
function chain(n: number): string {
  const lines = ['flowchart LR'];
  for (let i = 0; i < n - 1; i++) lines.push(`  n${i}[Step ${i}] --> n${i + 1}[Step ${i + 1}]`);
  return `${lines.join('\n')}\n`;
}

const EXPECTED: Record<string, { components: Record<string, string | undefined>; loop: boolean }> = {
  'full-loop.mmd': {
    components: { src: 'ingestion', cdc: 'ingestion', kafka: 'stream', fs: 'feature-store', train: 'training', eval: 'evaluation', reg: 'registry', serve: 'serving', mon: 'monitoring' },
    loop: true,
  },
  'no-loop.mmd': {
    components: { logs: 'ingestion', fs: 'feature-store', train: 'training', reg: 'registry', serve: 'serving', dash: 'monitoring', oncall: 'monitoring' },
    loop: false,
  },
  'feedback-to-stream.mmd': {
    components: { app: undefined, api: 'serving', model: 'serving', plog: 'feedback', kafka: 'stream', wh: 'ingestion', trainer: 'training' },
    loop: true,
  },
  'subgraphs.mmd': {
    components: { spark: 'training', xgb: 'training', offline: 'training', gw: 'serving', triton: 'serving', online: undefined, lake: 'ingestion', registry: 'registry', monitor: 'monitoring' },
    loop: true,
  },
  'zh.mmd': {
    components: { A: 'ingestion', B: 'stream', C: 'feature-store', D: 'training', E: 'registry', F: 'serving', G: 'monitoring' },
    loop: true,
  },
  'serving-only.mmd': {
    components: { client: undefined, gateway: 'serving', ranker: 'serving', cache: undefined },
    loop: false,
  },
  'bidirectional.mmd': {
    components: { serve: 'serving', labels: 'feedback', store: 'feedback', trainData: 'ingestion', trainJob: 'training' },
    loop: false,
  },
};

for (const [name, expected] of Object.entries(EXPECTED)) {
  test(`fixture ${name}: nodes, edges, components and feedback loop`, async () => {
    const result = await check(fixture(name));
    assert.equal(result.status, 'ok', JSON.stringify(result.problem));
    assert.equal(result.diagramType, 'flowchart-v2');
    assert.ok(result.graph);
    const classified = classifier.classify(result.graph);
    const actual = Object.fromEntries(classified.nodes.map((n) => [n.id, n.component]));
    assert.deepEqual(actual, expected.components);
    assert.equal(classifier.hasFeedbackLoop(classified), expected.loop);
  });
}

test('extraction: edge labels, dotted strokes, <--> and --- are read from Mermaid\'s db; invisible links are not edges', async () => {
  const full = await check(fixture('full-loop.mmd'));
  const back = full.graph?.edges.find((e) => e.from === 'mon' && e.to === 'train');
  assert.deepEqual(back, { from: 'mon', to: 'train', label: 'retrain trigger', direction: 'forward', dotted: true });
  const bi = await check(fixture('bidirectional.mmd'));
  assert.equal(bi.graph?.edges.find((e) => e.from === 'labels')?.direction, 'both');
  assert.equal(bi.graph?.edges.find((e) => e.from === 'trainData')?.direction, 'open');
  const layout = await check('flowchart LR\n  a[A] ~~~ b[B]\n  a --> b\n');
  assert.equal(layout.graph?.edges.length, 1);
  const sub = await check(fixture('subgraphs.mmd'));
  assert.deepEqual(sub.graph?.nodes.filter((n) => n.subgraph).map((n) => [n.id, n.label]), [['offline', 'Training pipeline'], ['online', 'Online path']]);
  assert.equal(sub.graph?.nodes.find((n) => n.id === 'spark')?.parent, 'offline');
});

test('syntax: Mermaid\'s parser error sits at the line and column where it stopped, in one sentence', async () => {
  const broken = await check(fixture('broken-arrow.mmd'));
  assert.equal(broken.status, 'syntax');
  assert.deepEqual(broken.problem, { line: 3, character: 9, endLine: 3, endCharacter: 12, message: "Mermaid: unexpected '-->' on line 4 — expected a node id." });
});

const POSITIONS: [string, string, { line: number; character: number; message: RegExp }][] = [
  ['unclosed shape', 'flowchart LR\n  A[foo --> B\n', { line: 1, character: 12, message: /^Mermaid: the diagram ends too early on line 2 — expected the closing bracket of the node's shape/ }],
  ['wrong closing bracket', 'flowchart LR\n  A(foo] --> B\n', { line: 1, character: 7, message: /^Mermaid: unexpected '\]' on line 2 — expected '\)'/ }],
  ['bad direction', 'flowchart XX\n  A --> B\n', { line: 0, character: 10, message: /^Mermaid: unrecognised text 'XX' on line 1\.$/ }],
  ['subgraph without end', 'flowchart LR\n  subgraph X\n  A --> B\n', { line: 2, character: 8, message: /expected 'end' to close a subgraph\.$/ }],
  ['sequence message without colon', 'sequenceDiagram\n  A->>B hi\n', { line: 1, character: 9, message: /^Mermaid: the line ends too early on line 2 — expected ':' and a message\.$/ }],
  ['ER relation without label', 'erDiagram\n  A ||--o{ B places\n', { line: 1, character: 13, message: /^Mermaid: unexpected 'places' on line 2/ }],
  ['pie (Langium parser)', 'pie\n  "a": x\n', { line: 1, character: 7, message: /^Mermaid: unexpected character 'x' on line 2\.$/ }],
  ['frontmatter above', '---\ntitle: Fraud\n---\nflowchart LR\n  A --> --> B\n', { line: 4, character: 8, message: /on line 5 — expected a node id\.$/ }],
  ['directive above', '%%{init: {"theme": "dark"}}%%\nflowchart LR\n  A --> --> B\n', { line: 2, character: 8, message: /on line 3/ }],
  ['unknown type', '\nflowhcart LR\n  A --> B\n', { line: 1, character: 0, message: /^Mermaid: unknown diagram type 'flowhcart' on line 2/ }],
];

for (const [name, text, expected] of POSITIONS) {
  test(`syntax position: ${name}`, async () => {
    const r = await check(text);
    assert.equal(r.status, 'syntax');
    assert.ok(r.problem);
    assert.deepEqual({ line: r.problem.line, character: r.problem.character }, { line: expected.line, character: expected.character }, r.problem.message);
    assert.match(r.problem.message, expected.message);
    assert.ok(!r.problem.message.includes('\n'), 'one line');
  });
}

test('limits: a 60,000-character block is reported at once, without starting Mermaid', async () => {
  const fresh = new MermaidValidator({ workerPath: WORKER });
  const big = `flowchart LR\n${'  a --> b\n'.repeat(6000)}`;
  assert.ok(big.length > 60_000);
  const started = performance.now();
  const [peeked] = fresh.peek([big]);
  const [result] = await fresh.validate([big]);
  assert.ok(performance.now() - started < 100, 'no parse needed');
  assert.equal(peeked?.status, 'limit');
  assert.equal(result.status, 'limit');
  assert.match(result.problem?.message ?? '', /^Mermaid: this diagram has 60,013 characters, more than the 50,000 Mermaid renders/);
  assert.equal(fresh.started, false);
  await fresh.dispose();
});

test('limits: more than 500 edges is a limit, not a syntax error', async () => {
  const r = await check(chain(520));
  assert.equal(r.status, 'limit');
  assert.match(r.problem?.message ?? '', /more than 500 edges/);
});

test('cache: a block checked once is answered from the cache, synchronously', async () => {
  const text = 'flowchart LR\n  cached[Feature store] --> t[Training]\n';
  assert.equal(validator.peek([text])[0], undefined);
  const first = await check(text);
  const hits = validator.stats.cacheHits;
  const [peeked] = validator.peek([text]);
  assert.deepEqual(peeked, first);
  assert.equal(validator.stats.cacheHits, hits + 1);
  // The same text in two blocks is parsed once.
  const parses = validator.stats.parses;
  const twin = 'flowchart LR\n  twin --> twin2\n';
  const [a, b] = await validator.validate([twin, twin]);
  assert.deepEqual(a, b);
  assert.equal(validator.stats.parses, parses + 1);
});

test('owner: blocks a newer validation of the same document no longer has are dropped before parsing', async () => {
  const v = new MermaidValidator({ workerPath: WORKER });
  const old = v.validate(['flowchart LR\n  a1 --> b1\n', 'flowchart LR\n  a2 --> b2\n'], 'doc');
  const fresh = v.validate(['flowchart LR\n  a1 --> b1\n', 'flowchart LR\n  a3 --> b3\n'], 'doc');
  const [oldResults, newResults] = await Promise.all([old, fresh]);
  assert.equal(oldResults[0].status, 'ok');
  assert.equal(oldResults[1].status, 'cancelled');
  assert.deepEqual(newResults.map((r) => r.status), ['ok', 'ok']);
  await v.dispose();
});

test('time limit: a parse that hangs is reported as timed out, the worker is restarted, and the next block is checked', async () => {
  const logs: string[] = [];
  const v = new MermaidValidator({ workerPath: WORKER, timeoutMs: 1000, log: (m) => logs.push(m) });
  // Mermaid's `style` regular expression backtracks for minutes on this line (mermaid#6507).
  const hostile = `flowchart LR\n  A --> B\n  style A ${':#'.repeat(5000)}\n`;
  const [hung] = await v.validate([hostile]);
  assert.equal(hung.status, 'timeout');
  assert.match(hung.problem?.message ?? '', /^Mermaid check timed out after 1 s/);
  assert.equal(v.stats.timeouts, 1);
  const [next] = await v.validate(['flowchart LR\n  after --> restart\n']);
  assert.equal(next.status, 'ok');
  assert.equal(v.stats.spawns, 2);
  assert.ok(logs.some((l) => /restarting the Mermaid worker/.test(l)));
  // The timeout is remembered: the same text is not parsed again.
  assert.equal(v.peek([hostile])[0]?.status, 'timeout');
  await v.dispose();
});

test('a worker that cannot start never throws: checks are unavailable, then switched off', async () => {
  const logs: string[] = [];
  const v = new MermaidValidator({ workerPath: path.join(ROOT, 'dist/does-not-exist.js'), log: (m) => logs.push(m) });
  const results: MermaidResult[] = [];
  for (let i = 0; i < 4; i++) results.push(...(await v.validate([`flowchart LR\n  a${i} --> b\n`])));
  assert.deepEqual(results.map((r) => r.status), ['unavailable', 'unavailable', 'unavailable', 'unavailable']);
  assert.equal(v.stats.spawns, 3);
  assert.ok(logs.some((l) => /Mermaid checks are off/.test(l)), logs.join('\n'));
  await v.dispose();
});
