/**
 * The Markdown snippets in snippets/mlsd.code-snippets: every prefix starts with `mlsd`, the full answer passes the
 * structural checks, each step snippet fills exactly the step it names, and the tables and diagrams are well formed.
 * Snippet bodies are expanded the way VS Code inserts them when every placeholder is left at its default.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { test } from 'node:test';
import { analyze, parse, STEP_IDS, StepId } from '../../server/src/engine';
import { ROOT, testEngine } from '../helpers/engine';

interface Snippet {
  prefix: string | string[];
  body: string | string[];
  description?: string;
  isFileTemplate?: boolean;
}

const FILE = path.join(ROOT, 'snippets', 'mlsd.code-snippets');
const snippets = JSON.parse(fs.readFileSync(FILE, 'utf8')) as Record<string, Snippet>;

const prefixesOf = (s: Snippet): string[] => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);
const bodyOf = (s: Snippet): string => (Array.isArray(s.body) ? s.body.join('\n') : s.body);

/** Expands a snippet body with every placeholder left at its default (or first choice). */
function expand(body: string): string {
  return body
    .replace(/\$\{\d+:((?:\\.|[^}\\])*)\}/g, (_, value: string) => value)
    .replace(/\$\{\d+\|((?:\\.|[^,|\\])*)(?:,(?:\\.|[^|\\])*)?\|\}/g, (_, first: string) => first)
    .replace(/\$\{\d+\}|\$\d+/g, '')
    .replace(/\\([$}\\,|])/g, '$1');
}

/** The snippet whose prefixes include `prefix`. */
function byPrefix(prefix: string): Snippet {
  const found = Object.values(snippets).find((s) => prefixesOf(s).includes(prefix));
  assert.ok(found, `a snippet with prefix ${prefix}`);
  return found;
}

const text = (prefix: string): string => expand(bodyOf(byPrefix(prefix)));

const STEP_PREFIX: Record<StepId, string> = {
  business: 'mlsd-business',
  data: 'mlsd-data',
  modeling: 'mlsd-modeling',
  architecture: 'mlsd-architecture',
  mlops: 'mlsd-mlops',
  monitoring: 'mlsd-monitoring',
  governance: 'mlsd-governance',
};

const STRUCTURAL = (rule: string): boolean => rule.endsWith('.section') || rule === 'structure.order' || rule === 'structure.duplicate';
const rulesFor = (answerText: string): string[] => analyze(testEngine(), answerText).diagnostics.map((d) => d.rule);

test('the snippets file is JSON, and every snippet has mlsd prefixes, a description and a body', () => {
  const seen = new Set<string>();
  assert.ok(Object.keys(snippets).length >= 15);
  for (const [name, s] of Object.entries(snippets)) {
    for (const prefix of prefixesOf(s)) {
      assert.match(prefix, /^mlsd(-[a-z0-9]+)*$/, `${name}: prefix ${prefix}`);
      assert.ok(!seen.has(prefix), `prefix ${prefix} is used once`);
      seen.add(prefix);
    }
    assert.ok(s.description && s.description.length > 20, `${name}: description`);
    assert.ok(bodyOf(s).trim().length > 0, `${name}: body`);
  }
  for (const prefix of ['mlsd', 'mlsd-answer', ...Object.values(STEP_PREFIX), 'mlsd-tradeoffs', 'mlsd-latency-budget', 'mlsd-metrics',
    'mlsd-mermaid-pipeline', 'mlsd-mermaid-recsys', 'mlsd-mermaid-fraud', 'mlsd-mermaid-rag']) {
    assert.ok(seen.has(prefix), `prefix ${prefix} exists`);
  }
});

test('tab stops are numbered once each (no accidental mirroring) and end at $0', () => {
  for (const [name, s] of Object.entries(snippets)) {
    const body = bodyOf(s);
    const numbers = [...body.matchAll(/\$\{(\d+)[:|]|\$(\d+)/g)].map((m) => Number(m[1] ?? m[2])).filter((n) => n !== 0);
    assert.equal(new Set(numbers).size, numbers.length, `${name}: repeated tab stop`);
    assert.ok(body.trimEnd().endsWith('$0'), `${name}: ends at $0`);
    assert.ok(!/\$\{\d+:[^}]*\$\{/.test(body), `${name}: no nested placeholders`);
  }
});

test('the full answer has every step in order, once, with real content, and valid frontmatter', () => {
  assert.equal(text('mlsd'), text('mlsd-answer'));
  const full = text('mlsd');
  const result = analyze(testEngine(), full);
  const rules = result.diagnostics.map((d) => d.rule);
  assert.deepEqual(rules.filter(STRUCTURAL), [], rules.join(', '));
  assert.ok(!rules.some((r) => r.startsWith('document.') || r === 'prompt.unknown'), rules.join(', '));
  assert.ok(!rules.includes('architecture.diagram'), 'the Architecture step carries a Mermaid block');
  assert.ok(/^# Title$/m.test(full), 'a document title');
  const doc = parse(testEngine(), full);
  assert.deepEqual(doc.sections.map((s) => s.steps).flat(), [...STEP_IDS]);
});

test('the full answer is made of the step snippets, so the two never drift apart', () => {
  const full = text('mlsd');
  for (const step of STEP_IDS) assert.ok(full.includes(text(STEP_PREFIX[step]).trimEnd()), `${step} section matches ${STEP_PREFIX[step]}`);
});

test('every prompt offered in the full answer frontmatter is a known practice prompt', () => {
  const choice = /prompt: \$\{\d+\|([^|]*)\|\}/.exec(bodyOf(byPrefix('mlsd')));
  assert.ok(choice, 'prompt is a choice');
  const known = [...testEngine().compiled.prompts.keys()];
  const offered = choice[1].split(',');
  for (const id of offered) assert.ok(known.includes(id), `known prompt ${id}`);
  assert.deepEqual([...offered].sort(), [...known].sort(), 'every practice prompt is offered');
});

test('each step snippet fills exactly its step in an answer that lacks only that step', () => {
  for (const step of STEP_IDS) {
    const others = STEP_IDS.filter((s) => s !== step);
    const base = others.map((s) => text(STEP_PREFIX[s])).join('\n');
    const before = rulesFor(base);
    assert.deepEqual(before.filter(STRUCTURAL), [`${step}.section`], `base without ${step}`);

    const index = STEP_IDS.indexOf(step);
    const filled = [...others.slice(0, index), step, ...others.slice(index)].map((s) => text(STEP_PREFIX[s])).join('\n');
    const after = rulesFor(filled);
    assert.deepEqual(after.filter(STRUCTURAL), [], `${STEP_PREFIX[step]} fills ${step}: ${after.join(', ')}`);
  }
});

test('each step snippet is one section under its own step heading', () => {
  for (const step of STEP_IDS) {
    const doc = parse(testEngine(), text(STEP_PREFIX[step]));
    assert.deepEqual(doc.sections.map((s) => s.steps), [[step]], STEP_PREFIX[step]);
  }
});

/** Rows of a Markdown table as arrays of trimmed cells (header and separator included). */
function tableRows(markdown: string): string[][] {
  return markdown
    .split('\n')
    .filter((l) => l.trim().startsWith('|'))
    .map((l) => l.trim().replace(/^\||\|$/g, '').split('|').map((c) => c.trim()));
}

test('the tables have their columns on every row', () => {
  const expected: Record<string, string[]> = {
    'mlsd-tradeoffs': ['option', 'pros', 'cons', 'latency', 'cost', 'choice'],
    'mlsd-latency-budget': ['stage', 'budget (ms)', 'notes'],
    'mlsd-metrics': ['offline metric', 'online kpi', 'guardrail'],
  };
  for (const [prefix, columns] of Object.entries(expected)) {
    const rows = tableRows(text(prefix));
    assert.deepEqual(rows[0].map((c) => c.toLowerCase()), columns, prefix);
    assert.ok(rows[1].every((c) => /^:?-{3,}:?$/.test(c)), `${prefix}: separator row`);
    assert.ok(rows.length >= 4, `${prefix}: at least two body rows`);
    for (const row of rows) assert.equal(row.length, columns.length, `${prefix}: ${row.join(' | ')}`);
  }
});

test('the latency budget rows add up to the p99 total', () => {
  const rows = tableRows(text('mlsd-latency-budget')).slice(2);
  const total = rows.find((r) => /total/i.test(r[0]));
  assert.ok(total, 'a total row');
  const ms = (cell: string): number => Number(cell.replace(/\*/g, ''));
  const stages = rows.filter((r) => r !== total).map((r) => ms(r[1]));
  assert.ok(stages.every((n) => Number.isFinite(n) && n > 0), stages.join(', '));
  assert.equal(stages.reduce((a, b) => a + b, 0), ms(total[1]));
  assert.match(total[0], /p99/i);
});

test('the Mermaid snippets are one closed flowchart fence each, seen by the engine as a diagram', () => {
  for (const prefix of ['mlsd-mermaid-pipeline', 'mlsd-mermaid-recsys', 'mlsd-mermaid-fraud', 'mlsd-mermaid-rag', 'mlsd-architecture']) {
    const body = text(prefix);
    const doc = parse(testEngine(), body);
    assert.equal(doc.mermaid.length, 1, `${prefix}: one mermaid block`);
    const block = doc.mermaid[0];
    assert.ok(block.endLine > block.contentLine, `${prefix}: fence is closed`);
    const lines = block.content.split('\n').filter((l) => l.trim() !== '');
    assert.match(lines[0], /^flowchart (LR|TB|TD|RL|BT)$/, prefix);
    // Subgraphs are balanced and node labels never hold raw brackets or quotes that Mermaid would misread.
    const opened = lines.filter((l) => /^\s*subgraph\b/.test(l)).length;
    const closed = lines.filter((l) => /^\s*end\s*$/.test(l)).length;
    assert.equal(opened, closed, `${prefix}: subgraph/end balance`);
    for (const l of lines.slice(1)) {
      for (const m of l.matchAll(/\[\(?([^\]]*?)\)?\]/g)) assert.ok(!/[[\]()"]/.test(m[1]), `${prefix}: label ${m[1]}`);
    }
  }
  const fraud = text('mlsd-mermaid-fraud');
  assert.match(fraud, /fallback/i, 'the fraud diagram has a rules fallback');
  const rag = text('mlsd-mermaid-rag');
  for (const stage of ['chunk', 'embed', 'vector index', 'retrieve', 'rerank', 'llm', 'guardrails', 'answer', 'eval']) {
    assert.ok(rag.toLowerCase().includes(stage), `RAG diagram has ${stage}`);
  }
});
