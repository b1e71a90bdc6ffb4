/**
 * Unit tests of the pure parts of the Mermaid checks: position mapping through Mermaid's preprocessing, message
 * condensing, node classification, feedback-loop detection, and how results become diagnostics for an answer.
 * (The parts that run Mermaid itself are in mermaid-worker.test.ts.)
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DEFAULT_CONFIG, mergeConfig, parse } from '../../server/src/engine';
import { architectureBlocks, diagramPass, proseOf } from '../../server/src/mermaid/answer';
import { classifierFor, DiagramClassifier } from '../../server/src/mermaid/classify';
import { describeExpected, describeMermaidError, oneSentence } from '../../server/src/mermaid/errors';
import { mermaidSourceMap } from '../../server/src/mermaid/sourceMap';
import { MermaidResult, RawGraph } from '../../server/src/mermaid/types';
import { testEngine } from '../helpers/engine';

function classifier(): DiagramClassifier {
  const c = classifierFor(testEngine().compiled.content.diagram);
  assert.ok(c, 'content/diagram.yaml is loaded into the content bundle');
  return c;
}

/** A graph from `a->b` edge specs and `id: label` nodes. */
function graph(labels: Record<string, string>, edges: string[], parents: Record<string, string> = {}): RawGraph {
  return {
    nodes: Object.entries(labels).map(([id, label]) => ({ id, label, subgraph: Object.values(parents).includes(id), parent: parents[id] })),
    edges: edges.map((spec) => {
      const [from, op, to] = spec.split(/\s*(<->|->|--)\s*/);
      return { from, to, label: '', direction: op === '<->' ? 'both' : op === '--' ? 'open' : 'forward', dotted: false };
    }),
  };
}

test('source map: positions after comment lines, frontmatter and directives point at the written line', () => {
  const text = '%%{init: {"theme": "dark"}}%%\n---\ntitle: x\n---\nflowchart LR\n  %% comment\n  A --> B\n';
  const map = mermaidSourceMap(text);
  // Mermaid drops the directive, keeps the frontmatter here (it is not at the start), and drops the comment.
  const parsedLines = map.parsed.split('\n');
  const row = parsedLines.findIndex((l) => l.includes('A --> B'));
  assert.ok(row >= 0);
  const pos = map.toOriginal(row + 1, parsedLines[row].indexOf('-->'));
  assert.deepEqual(pos, { line: 6, character: 4 });

  const withFrontmatter = '---\ntitle: Fraud\n---\n%% note\nflowchart LR\n  A --> B\n';
  const m2 = mermaidSourceMap(withFrontmatter);
  assert.ok(m2.parsed.startsWith('flowchart LR'), m2.parsed);
  assert.deepEqual(m2.toOriginal(1, 0), { line: 4, character: 0 });
  assert.deepEqual(m2.toOriginal(2, 2), { line: 5, character: 2 });
});

test('source map: CRLF and entity encoding keep columns on the written text', () => {
  const map = mermaidSourceMap('flowchart LR\r\n  A["a #quot; b"] --> C\r\n');
  const line = map.parsed.split('\n')[1];
  const col = line.indexOf('-->');
  assert.deepEqual(map.toOriginal(2, col), { line: 1, character: '  A["a #quot; b"] '.length });
});

test('messages: expected tokens read as words, one sentence', () => {
  assert.equal(describeExpected(["'AMP'", "'COLON'", "'NODE_STRING'", "'UNICODE_TEXT'"]), 'a node id');
  assert.equal(describeExpected(["'SQE'", "'PE'", "'DIAMOND_STOP'", "'TEXT'"]), "the closing bracket of the node's shape, such as ']' or ')'");
  assert.equal(describeExpected(["'COLON'", "'STYLE_SEPARATOR'"]), "':' or ':::'");
  assert.equal(describeExpected(["'FOO'", "'BAR'"]), 'FOO or BAR');
  assert.equal(oneSentence('Parse error. More detail\nhere'), 'Parse error.');
  assert.equal(oneSentence('x'.repeat(300)).length, 180);
});

test('messages: a jison parse error maps to the lookahead token, after comments', () => {
  // Shape of the error mermaid 11.17.2 throws for this text (captured from the real parser).
  const text = 'flowchart LR\n  %% a comment\n  A --> B\n  B --> --> C\n';
  const error = Object.assign(
    new Error(
      "Parse error on line 3:\n...R  A --> B  B --> --> C\n---------------------^\nExpecting 'AMP', 'COLON', 'PIPE', 'TESTSTR', 'DOWN', 'DEFAULT', 'NUM', 'COMMA', 'NODE_STRING', 'BRKT', 'MINUS', 'MULT', 'UNICODE_TEXT', got 'LINK'",
    ),
    {
      hash: {
        text: '--> ',
        token: 'LINK',
        line: 2,
        loc: { first_line: 3, last_line: 3, first_column: 3, last_column: 8 },
        expected: ["'AMP'", "'COLON'", "'PIPE'", "'TESTSTR'", "'NODE_STRING'", "'UNICODE_TEXT'"],
      },
    },
  );
  const problem = describeMermaidError(error, mermaidSourceMap(text), text);
  assert.deepEqual(
    { line: problem.line, character: problem.character, endCharacter: problem.endCharacter },
    { line: 3, character: 8, endCharacter: 11 },
  );
  assert.equal(problem.message, "Mermaid: unexpected '-->' on line 4 — expected a node id.");
});

test('messages: unknown diagram types and plain errors stay one sentence on the first line', () => {
  const text = '\n%% intro\nflowhcart LR\n  A --> B\n';
  const unknown = Object.assign(new Error('No diagram type detected matching given configuration for text: flowhcart LR'), { name: 'UnknownDiagramError' });
  const p = describeMermaidError(unknown, mermaidSourceMap(text), text);
  assert.equal(p.line, 2);
  assert.match(p.message, /^Mermaid: unknown diagram type 'flowhcart' on line 3 — start with a type such as flowchart LR/);
  const plain = describeMermaidError(new Error('The right-hand id [x] does not yet exist. Please create it first.\nmore'), mermaidSourceMap(text), text);
  assert.equal(plain.message, 'Mermaid: The right-hand id [x] does not yet exist.');
});

test('classification: the longest matching term decides a label; English and Chinese', () => {
  const c = classifier();
  const first = (label: string): string | undefined => c.classifyLabel(label)[0];
  assert.equal(first('Training data (S3)'), 'ingestion');
  assert.equal(first('Training job'), 'training');
  assert.equal(first('Kafka events'), 'stream');
  assert.equal(first('Online feature store (Redis)'), 'feature-store');
  assert.equal(first('Model registry (MLflow)'), 'registry');
  assert.equal(first('Model server'), 'serving');
  assert.equal(first('PSI drift monitor'), 'monitoring');
  assert.equal(first('Prediction logs'), 'feedback');
  assert.equal(first('Human review queue'), 'feedback');
  assert.equal(first('特征存储'), 'feature-store');
  assert.equal(first('训练数据'), 'ingestion');
  assert.equal(first('模型训练'), 'training');
  assert.equal(first('在线推理服务'), 'serving');
  assert.equal(first('Checkout app'), undefined);
  assert.equal(first('Slow path'), undefined, '"slo" must not match inside "slow"');
});

test('classification: ids and enclosing subgraphs classify nodes whose labels do not', () => {
  const c = classifier();
  const g = c.classify(graph({ featureStore: 'featureStore', spark: 'Spark job', offline: 'Training pipeline', x: 'X' }, [], { spark: 'offline' }));
  const comp = (id: string): string | undefined => g.nodes.find((n) => n.id === id)?.component;
  assert.equal(comp('featureStore'), 'feature-store');
  assert.equal(comp('spark'), 'training');
  assert.equal(g.nodes.find((n) => n.id === 'spark')?.step, 'modeling');
  assert.equal(comp('x'), undefined);
});

test('feedback loop: a path from monitoring or feedback back to training or data', () => {
  const c = classifier();
  const loop = (labels: Record<string, string>, edges: string[], parents?: Record<string, string>): boolean => c.hasFeedbackLoop(c.classify(graph(labels, edges, parents)));
  const forward = { d: 'Kafka', t: 'Training', s: 'Model server', m: 'Drift monitoring' };
  assert.equal(loop(forward, ['d->t', 't->s', 's->m']), false);
  assert.equal(loop(forward, ['d->t', 't->s', 's->m', 'm->t']), true);
  assert.equal(loop(forward, ['d->t', 't->s', 's->m', 'm->d']), true, 'back to the data counts');
  assert.equal(loop(forward, ['d->t', 't->s', 's->m', 't->m']), false, 'arrows are followed as drawn');
  assert.equal(loop(forward, ['d->t', 't->s', 's->m', 't<->m']), true, '<--> goes both ways');
  assert.equal(loop(forward, ['d->t', 't->s', 's->m', 't--m']), false, '--- is read as drawn');
  assert.equal(loop({ ...forward, a: 'Alerting' }, ['s->m', 'm->a', 'a->t']), true, 'through intermediate nodes');
  assert.equal(loop({ x: 'Drift monitoring and retraining' }, []), false, 'one node is not a loop');
  // An edge into a subgraph reaches its members.
  assert.equal(loop({ m: 'Monitoring', g: 'Offline', j: 'Retrain job' }, ['m->g'], { j: 'g' }), true);
});

test('mentions: the prose names components; negated mentions do not count', () => {
  const c = classifier();
  assert.deepEqual(c.mentionedIn('Features are served from a Feast feature store. We page on drift alerts.'), ['feature-store', 'monitoring']);
  assert.deepEqual(c.mentionedIn('We do not need a feature store.'), []);
  assert.deepEqual(c.mentionedIn('特征存储使用 Redis，模型注册到模型仓库。'), ['feature-store', 'registry']);
});

const ANSWER = (diagram: string, extra = ''): string => `# Fraud detection

## 1. Business goal
Cut fraud losses by 30% at 5,000 transactions per second with p99 latency under 50 ms.

## 4. Architecture
Transactions stream through Kafka into a Feast feature store; the model server reads online features.
Drift monitoring pages the on-call.${extra}

\`\`\`mermaid
${diagram}
\`\`\`

## 6. Monitoring
PSI on the top features daily.
`;

const OK_GRAPH = (labels: Record<string, string>, edges: string[]): MermaidResult => ({ status: 'ok', diagramType: 'flowchart-v2', graph: graph(labels, edges) });

test('answer: missing components and a missing loop are reported on the Architecture diagram fence', () => {
  const engine = testEngine();
  const text = ANSWER('flowchart LR\n  k[Kafka] --> t[Training] --> s[Model server]');
  const doc = parse(engine, text);
  assert.deepEqual(architectureBlocks(doc), [0]);
  assert.ok(!proseOf(doc).includes('flowchart'), 'diagram source is not prose');
  const pass = diagramPass(doc, engine.compiled.content, DEFAULT_CONFIG, [OK_GRAPH({ k: 'Kafka', t: 'Training', s: 'Model server' }, ['k->t', 't->s'])]);
  assert.equal(pass.complete, true);
  const fence = text.split('\n').indexOf('```mermaid');
  const components = pass.diagnostics.find((d) => d.rule === 'architecture.diagram-components');
  assert.ok(components);
  assert.equal(components.range.start.line, fence);
  assert.equal(components.severity, 'warning');
  assert.match(components.message, /no node for a feature store and monitoring/);
  const loop = pass.diagnostics.find((d) => d.rule === 'architecture.feedback-loop');
  assert.ok(loop);
  assert.equal(loop.range.start.line, fence);
  const info = pass.diagrams[0];
  assert.equal(info.architecture, true);
  assert.equal(info.feedbackLoop, false);
  assert.deepEqual(info.missing.map((m) => m.id), ['feature-store', 'monitoring']);
  assert.deepEqual(info.legend.map((l) => l.id), ['stream', 'training', 'serving']);
  assert.deepEqual(info.nodes.map((n) => [n.id, n.component, n.step]), [['k', 'stream', 'data'], ['t', 'training', 'modeling'], ['s', 'serving', 'architecture']]);
});

test('answer: a complete diagram gives no architecture findings', () => {
  const engine = testEngine();
  const doc = parse(engine, ANSWER('flowchart LR'));
  const result = OK_GRAPH(
    { k: 'Kafka', f: 'Feature store', t: 'Training', s: 'Model server', m: 'Drift monitoring' },
    ['k->f', 'f->t', 't->s', 's->m', 'm->t'],
  );
  const pass = diagramPass(doc, engine.compiled.content, DEFAULT_CONFIG, [result]);
  assert.deepEqual(pass.diagnostics, []);
  assert.equal(pass.diagrams[0].feedbackLoop, true);
});

test('answer: configuration, inline control and disabled steps apply to Mermaid findings', () => {
  const engine = testEngine();
  const content = engine.compiled.content;
  const text = ANSWER('flowchart LR\n  a --> --> b');
  const syntax: MermaidResult = { status: 'syntax', problem: { line: 1, character: 8, endLine: 1, endCharacter: 11, message: "Mermaid: unexpected '-->' on line 2 — expected a node id." } };
  const doc = parse(engine, text);
  const broken = text.split('\n').indexOf('  a --> --> b');
  const [d] = diagramPass(doc, content, DEFAULT_CONFIG, [syntax]).diagnostics;
  assert.equal(d.rule, 'mermaid.syntax');
  assert.equal(d.severity, 'error');
  assert.deepEqual(d.range, { start: { line: broken, character: 8 }, end: { line: broken, character: 11 } });
  assert.deepEqual(diagramPass(doc, content, mergeConfig(DEFAULT_CONFIG, { rules: { 'mermaid.*': 'off' } }), [syntax]).diagnostics, []);
  assert.equal(diagramPass(doc, content, mergeConfig(DEFAULT_CONFIG, { rules: { 'mermaid.syntax': 'warning' } }), [syntax]).diagnostics[0].severity, 'warning');
  const suppressed = parse(engine, text.replace('```mermaid', '<!-- mlsd-disable mermaid.syntax -->\n```mermaid'));
  assert.deepEqual(diagramPass(suppressed, content, DEFAULT_CONFIG, [syntax]).diagnostics, []);
  // A comment inside the block would break the diagram: the line above the fence silences findings inside it.
  const aboveFence = parse(engine, text.replace('```mermaid', '<!-- mlsd-disable-next-line mermaid.syntax -->\n```mermaid'));
  assert.deepEqual(diagramPass(aboveFence, content, DEFAULT_CONFIG, [syntax]).diagnostics, []);
  const graphOnly = OK_GRAPH({ k: 'Kafka' }, []);
  const noArch = diagramPass(doc, content, mergeConfig(DEFAULT_CONFIG, { disabledSteps: ['architecture'] }), [graphOnly]);
  assert.deepEqual(noArch.diagnostics, []);
});

test('answer: a fence indented in a list maps columns to the answer line; pending blocks leave the pass incomplete', () => {
  const engine = testEngine();
  const text = '## 4. Architecture\n\n- Diagram:\n\n  ```mermaid\n  flowchart LR\n    a --> --> b\n  ```\n';
  const doc = parse(engine, text);
  assert.equal(doc.mermaid.length, 1);
  const problem = { line: 1, character: 8, endLine: 1, endCharacter: 11, message: 'x' };
  const [d] = diagramPass(doc, engine.compiled.content, DEFAULT_CONFIG, [{ status: 'syntax', problem }]).diagnostics;
  assert.equal(text.split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), '-->');
  const pending = diagramPass(doc, engine.compiled.content, DEFAULT_CONFIG, [undefined]);
  assert.equal(pending.complete, false);
  assert.deepEqual(pending.diagnostics, []);
});

test('answer: limits and timeouts sit on the fence line; timeouts are info', () => {
  const engine = testEngine();
  const doc = parse(engine, ANSWER('flowchart LR'));
  const fence = doc.mermaid[0].fenceLine;
  const problem = { line: 0, character: 0, endLine: 0, endCharacter: 12, message: 'Mermaid check timed out after 2 s — simplify it.' };
  const [limit] = diagramPass(doc, engine.compiled.content, DEFAULT_CONFIG, [{ status: 'limit', problem }]).diagnostics;
  assert.deepEqual([limit.rule, limit.severity, limit.range.start.line], ['mermaid.limits', 'warning', fence]);
  const [timeout] = diagramPass(doc, engine.compiled.content, DEFAULT_CONFIG, [{ status: 'timeout', problem }]).diagnostics;
  assert.deepEqual([timeout.rule, timeout.severity, timeout.range.start.line], ['mermaid.limits', 'info', fence]);
});
