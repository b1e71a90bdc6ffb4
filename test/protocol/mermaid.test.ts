/**
 * Protocol tests of the server-side Mermaid checks against dist/server.js (+ dist/mermaid.worker.js): syntax errors
 * appear with no preview open, at Mermaid's line and column, and go away when fixed; oversized blocks are reported
 * at once; cached blocks publish once; `mlsd/diagrams` returns the classified diagrams; `mlsd/mermaidBlocks` vets each
 * block for the preview (a block whose parse runs away is marked `slow`, so no page tries to draw it).
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { Diagnostic, DidChangeTextDocumentNotification, PublishDiagnosticsParams } from 'vscode-languageserver-protocol/node';
import { DiagramsRequest, MermaidBlocksRequest } from '../../server/src/protocol';
import { ROOT } from '../helpers/engine';
import { startServer, TestServer } from '../helpers/lsp';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

let counter = 0;
const nextUri = (): string => pathToFileURL(path.join(ROOT, `test/fixtures/mermaid/virtual-${++counter}.mlsd.md`)).toString();

/** Resolves with the first publication for `uri` (at `version`) that satisfies `accept`, the latest one included. */
async function waitFor(uri: string, version: number, accept: (d: Diagnostic[]) => boolean): Promise<PublishDiagnosticsParams> {
  const latest = [...server.published].reverse().find((p) => p.uri === uri);
  if (latest && latest.version === version && accept(latest.diagnostics)) return latest;
  for (;;) {
    const p = await server.nextDiagnostics(uri, version);
    if (accept(p.diagnostics)) return p;
  }
}

async function change(uri: string, version: number, text: string): Promise<void> {
  await server.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: [{ text }] });
}

const has = (rule: string) => (d: Diagnostic[]): boolean => d.some((x) => x.code === rule);

function answer(diagram: string): string {
  return `# Fraud detection

## 1. Business goal
Cut fraud losses by 30% at 5,000 transactions per second with p99 latency under 50 ms.

## 4. Architecture
Transactions stream through Kafka into a feature store; the model server scores each payment.

\`\`\`mermaid
${diagram}
\`\`\`

## 6. Monitoring
Drift monitoring with PSI on the top features; alerts page the on-call.
`;
}

const BROKEN = `flowchart LR
  %% ingestion and training
  events[Kafka events] --> fs[(Feature store)]
  fs --> train[Training] --> reg[Model registry]
  reg --> serve[Model server] --> --> mon[Drift monitoring]`;
const FIXED_NO_LOOP = BROKEN.replace('--> --> mon', '--> mon');
const FIXED_LOOP = `${FIXED_NO_LOOP}\n  mon -.->|retrain| train`;

test('mermaid.syntax appears at the line and column where Mermaid stops, and disappears once fixed', async () => {
  const uri = nextUri();
  const text = answer(BROKEN);
  const first = await server.open(uri, text);
  // Mermaid's result arrives after the synchronous findings (the block is not cached yet).
  assert.ok(!has('mermaid.syntax')(first.diagnostics), 'the first publication is the synchronous one');
  const published = await waitFor(uri, 1, has('mermaid.syntax'));
  const syntax = published.diagnostics.filter((d) => d.code === 'mermaid.syntax');
  assert.equal(syntax.length, 1);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes('--> --> mon'));
  const column = lines[line].indexOf('--> mon');
  assert.deepEqual(syntax[0].range, { start: { line, character: column }, end: { line, character: column + 3 } });
  assert.equal(syntax[0].severity, 1);
  assert.equal(syntax[0].source, 'mlsd');
  assert.equal(syntax[0].message, "Mermaid: unexpected '-->' on line 5 — expected a node id.");
  assert.ok(syntax[0].codeDescription?.href.endsWith('#mermaidsyntax'));
  // The synchronous findings are still there.
  assert.ok(first.diagnostics.every((d) => published.diagnostics.some((p) => p.code === d.code && p.message === d.message)));

  // Fix it: the syntax error goes; the now-readable diagram has no path back from monitoring.
  await change(uri, 2, answer(FIXED_NO_LOOP));
  const fixed = await waitFor(uri, 2, has('architecture.feedback-loop'));
  assert.ok(!has('mermaid.syntax')(fixed.diagnostics));
  const fence = answer(FIXED_NO_LOOP).split('\n').indexOf('```mermaid');
  assert.equal(fixed.diagnostics.find((d) => d.code === 'architecture.feedback-loop')?.range.start.line, fence);
  assert.equal(fixed.diagnostics.find((d) => d.code === 'architecture.feedback-loop')?.severity, 2);

  // Close the loop: no Mermaid or architecture-diagram finding is left.
  await change(uri, 3, answer(FIXED_LOOP));
  const clean = await waitFor(uri, 3, (d) => !has('mermaid.syntax')(d) && !has('architecture.feedback-loop')(d));
  assert.ok(!has('architecture.diagram-components')(clean.diagnostics), JSON.stringify(clean.diagnostics.map((d) => d.message)));
});

test('an edit outside a cached diagram publishes once, with the Mermaid findings included', async () => {
  const uri = nextUri();
  const text = answer(FIXED_NO_LOOP);
  await server.open(uri, text);
  await waitFor(uri, 1, has('architecture.feedback-loop'));
  const before = server.published.length;
  await change(uri, 2, text.replace('5,000 transactions', '6,000 transactions'));
  const next = await server.nextDiagnostics(uri, 2);
  assert.ok(has('architecture.feedback-loop')(next.diagnostics), 'cached results are merged synchronously');
  assert.equal(server.published.slice(before).filter((p) => p.uri === uri).length, 1);
});

test('a 60,000-character Mermaid block gives mermaid.limits at once', async () => {
  const uri = nextUri();
  const big = `flowchart LR\n${'  a --> b\n'.repeat(6000)}`.trimEnd();
  const started = performance.now();
  const first = await server.open(uri, answer(big));
  const elapsed = performance.now() - started;
  const limit = first.diagnostics.find((d) => d.code === 'mermaid.limits');
  assert.ok(limit, 'in the first publication: no parse is needed');
  assert.match(limit.message, /this diagram has 60,01\d characters, more than the 50,000 Mermaid renders/);
  assert.equal(limit.severity, 2);
  assert.equal(limit.range.start.line, answer(big).split('\n').indexOf('```mermaid'));
  assert.ok(elapsed < 2000, `took ${Math.round(elapsed)} ms`);
});

test('mlsd/diagrams returns each block with its nodes classified into template components', async () => {
  const uri = nextUri();
  await server.open(uri, answer(FIXED_LOOP));
  const diagrams = await server.connection.sendRequest(DiagramsRequest, { uri });
  assert.equal(diagrams.length, 1);
  const [d] = diagrams;
  assert.equal(d.status, 'ok');
  assert.equal(d.diagramType, 'flowchart-v2');
  assert.equal(d.architecture, true);
  assert.equal(d.feedbackLoop, true);
  assert.deepEqual(d.missing, []);
  assert.deepEqual(
    d.nodes.map((n) => [n.id, n.component, n.step]),
    [
      ['events', 'stream', 'data'],
      ['fs', 'feature-store', 'data'],
      ['train', 'training', 'modeling'],
      ['reg', 'registry', 'mlops'],
      ['serve', 'serving', 'architecture'],
      ['mon', 'monitoring', 'monitoring'],
    ],
  );
  assert.deepEqual(d.legend.map((l) => l.id), ['stream', 'feature-store', 'training', 'registry', 'serving', 'monitoring']);
  assert.ok(d.edges.some((e) => e.from === 'mon' && e.to === 'train' && e.dotted && e.label === 'retrain'));
  const none = await server.connection.sendRequest(DiagramsRequest, { uri: nextUri() });
  assert.deepEqual(none, []);
});

test('mlsd/mermaidBlocks vets every block before the preview draws it: ok, syntax, limit and slow (runaway parse)', { timeout: 60_000 }, async () => {
  // Mermaid's `style` regular expression backtracks for a minute or more on this line (mermaid#6507): drawing it in a
  // page would freeze it, so the server's time-limited parse marks it `slow`.
  const hostile = `flowchart LR\n  A --> B\n  style A ${':#'.repeat(5000)}`;
  const big = `flowchart LR\n${'  a --> b\n'.repeat(6000)}`;
  const text = [FIXED_LOOP, BROKEN, hostile, big].map((d) => `\`\`\`mermaid\n${d}\n\`\`\`\n`).join('\n');
  const uri = nextUri();
  await server.open(uri, `# Blocks\n\n## 4. Architecture\n\n${text}`);
  const started = performance.now();
  const blocks = await server.connection.sendRequest(MermaidBlocksRequest, { uri });
  const elapsed = performance.now() - started;
  assert.deepEqual(blocks.map((b) => b.check), ['ok', 'syntax', 'slow', 'limit']);
  assert.deepEqual(blocks.map((b) => b.section), ['4. Architecture', '4. Architecture', '4. Architecture', '4. Architecture']);
  assert.equal(blocks[2].code, `${hostile}\n`);
  assert.ok(elapsed < 15_000, `vetting took ${Math.round(elapsed)} ms (one 2 s parse limit plus the worker's start)`);
  // Asked again, the verdicts come from the cache: no second wait on the runaway block.
  const again = performance.now();
  assert.deepEqual((await server.connection.sendRequest(MermaidBlocksRequest, { uri })).map((b) => b.check), ['ok', 'syntax', 'slow', 'limit']);
  assert.ok(performance.now() - again < 1000);
});
