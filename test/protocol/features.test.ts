/** Protocol tests of the editor features: code actions, hover, completion, symbols, CodeLens. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  CodeAction,
  CodeActionRequest,
  CodeLensRequest,
  CompletionItem,
  DidChangeConfigurationNotification,
  CompletionRequest,
  Diagnostic,
  DocumentSymbol,
  DocumentSymbolRequest,
  HoverRequest,
  MarkupContent,
  TextEdit,
} from 'vscode-languageserver-protocol/node';
import { LintFilesRequest } from '../../server/src/protocol';
import { ROOT } from '../helpers/engine';
import { applyEdits, isSubsequence, startServer, TestServer } from '../helpers/lsp';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

const MISSING = `# Ride ETA prediction

## 1. Business goal
Predict arrival times for 5M daily rides; KPI is ETA error in minutes and rider cancellations.

## 2. Data & features
GPS pings stream through Kafka; trip history is aggregated nightly.

## 3. Modeling
Gradient boosted trees as the baseline compared with a graph neural network because road topology matters.

## 4. Architecture
A Flink job computes live traffic features; the model server reads them from Redis.

## 5. MLOps
Models are registered in MLflow and rolled out by canary with automatic rollback.

## 7. Governance
Location data is pseudonymised and GDPR deletion requests propagate within 30 days.
`;

let counter = 0;
async function openAnswer(text: string): Promise<{ uri: string; diagnostics: Diagnostic[] }> {
  const uri = pathToFileURL(path.join(ROOT, `test/fixtures/virtual-${++counter}.mlsd.md`)).toString();
  const published = await server.open(uri, text);
  return { uri, diagnostics: published.diagnostics };
}

async function actionsFor(uri: string, diagnostics: Diagnostic[], only?: string[]): Promise<CodeAction[]> {
  const result = await server.connection.sendRequest(CodeActionRequest.type, {
    textDocument: { uri },
    range: diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics, only },
  });
  return (result ?? []) as CodeAction[];
}

function editsOf(action: CodeAction, uri: string): TextEdit[] {
  return action.edit?.changes?.[uri] ?? [];
}

test('quick fix inserts the missing Monitoring section at its template position, in the document style', async () => {
  const { uri, diagnostics } = await openAnswer(MISSING);
  const missing = diagnostics.filter((d) => d.code === 'monitoring.section');
  assert.equal(missing.length, 1);
  const actions = await actionsFor(uri, missing);
  const insert = actions.find((a) => a.title === 'Insert Monitoring section');
  assert.ok(insert, actions.map((a) => a.title).join(' | '));
  const fixed = applyEdits(MISSING, editsOf(insert, uri));
  const lines = fixed.split('\n');
  const mon = lines.indexOf('## 6. Monitoring');
  assert.ok(mon > lines.indexOf('## 5. MLOps') && mon < lines.indexOf('## 7. Governance'), fixed);
  assert.ok(lines.slice(mon + 1, mon + 6).filter((l) => l.startsWith('- ')).length >= 2, 'skeleton bullets');
  assert.ok(isSubsequence(MISSING, fixed));
  const after = await openAnswer(fixed);
  assert.ok(!after.diagnostics.some((d) => d.code === 'monitoring.section'));
});

test('content-check fix adds a stub bullet under the step; disable fixes add comments; handbook opens by command', async () => {
  const { uri, diagnostics } = await openAnswer(MISSING);
  const check = diagnostics.find((d) => typeof d.code === 'string' && d.code.startsWith('mlops.') && d.code !== 'mlops.section');
  assert.ok(check, diagnostics.map((d) => d.code).join(','));
  const actions = await actionsFor(uri, [check]);
  const stub = actions.find((a) => a.title.startsWith('Add "'));
  assert.ok(stub);
  const fixed = applyEdits(MISSING, editsOf(stub, uri));
  const mlops = fixed.split('\n').indexOf('## 5. MLOps');
  const next = fixed.split('\n').indexOf('## 7. Governance');
  assert.ok(fixed.split('\n').slice(mlops, next).some((l) => /^- .+: …$/.test(l)), fixed);
  const line = actions.find((a) => a.title === `Disable ${check.code} for this line`);
  assert.ok(line);
  assert.match(applyEdits(MISSING, editsOf(line, uri)), new RegExp(`<!-- mlsd-disable-next-line ${String(check.code).replace('.', '\\.')} -->\\n## 5\\. MLOps`));
  assert.ok(actions.some((a) => a.title === `Disable ${check.code} for this file`));
  assert.ok(actions.some((a) => a.title.startsWith(`Disable ${check.code} in workspace config`)));
  const handbook = actions.find((a) => a.title.startsWith('Open handbook:'));
  assert.equal(handbook?.command?.command, 'mlsd.openHandbook');
});

test('source.fixAll.mlsd inserts every missing step in template order', async () => {
  const text = '# Draft\n\n## 1. Business goal\nGrow watch time for 200M users with p99 under 150 ms.\n\n## 4. Architecture\nTwo-stage retrieval and ranking.\n';
  const { uri } = await openAnswer(text);
  const actions = await actionsFor(uri, [], ['source.fixAll.mlsd']);
  assert.equal(actions.length, 1);
  const fixed = applyEdits(text, editsOf(actions[0], uri));
  const order = ['## 1. Business goal', '## 2. Data & features', '## 3. Modeling', '## 4. Architecture', '## 5. MLOps', '## 6. Monitoring', '## 7. Governance'].map((h) => fixed.split('\n').indexOf(h));
  assert.ok(order.every((v, i) => v >= 0 && (i === 0 || v > order[i - 1])), fixed);
  assert.ok(isSubsequence(text, fixed));
});

test('every offered fix on every corpus answer only inserts text', async () => {
  const dir = path.join(ROOT, 'test/corpus');
  const files = fs.readdirSync(dir).filter((f) => f.endsWith('.mlsd.md')).slice(0, 40);
  assert.ok(files.length > 5);
  let applied = 0;
  for (const file of files) {
    const text = fs.readFileSync(path.join(dir, file), 'utf8');
    const { uri, diagnostics } = await openAnswer(text);
    if (diagnostics.length === 0) continue;
    const actions = [...(await actionsFor(uri, diagnostics)), ...(await actionsFor(uri, [], ['source.fixAll.mlsd']))];
    // All text edits to the answer together, then each on its own: the original must survive as a subsequence.
    const all: TextEdit[] = [];
    for (const a of actions) {
      const edits = editsOf(a, uri);
      all.push(...edits);
      for (const e of edits) assert.deepEqual(e.range.start, e.range.end, `${file}: "${a.title}" replaces text`);
      assert.ok(isSubsequence(text, applyEdits(text, edits)), `${file}: ${a.title}`);
      applied++;
    }
    assert.ok(isSubsequence(text, applyEdits(text, all)), `${file}: all fixes together`);
  }
  assert.ok(applied > 10);
});

test('hover over a glossary term shows its definition without trusted links', async () => {
  const text = '# T\n\n## 6. Monitoring\nWe compute PSI daily on the top features and the KS test on scores.\n';
  const { uri } = await openAnswer(text);
  const hover = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 12 } });
  assert.ok(hover);
  const value = (hover.contents as MarkupContent).value;
  assert.match(value, /Population Stability Index/i);
  assert.ok(!/\]\(command:/.test(value));
  const nothing = await server.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 3, character: 2 } });
  assert.equal(nothing, null);
});

test('completion offers missing step headings after # and prompt ids in frontmatter', async () => {
  const text = '---\nprompt: \n---\n# Title\n\n## 1. Business goal\nGoal text that is long enough.\n\n## ';
  const { uri } = await openAnswer(text);
  const headings = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 8, character: 3 } })) as CompletionItem[];
  const labels = headings.map((i) => i.label);
  assert.ok(labels.includes('2. Data & features') && labels.includes('7. Governance'), labels.join(','));
  assert.ok(!labels.some((l) => l.includes('Business goal')));
  const prompts = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri }, position: { line: 1, character: 8 } })) as CompletionItem[];
  assert.ok(prompts.some((i) => i.label === 'fraud-detection'));
  const prose = openAnswer('# T\n\n## 4. Architecture\nEvents flow through Kaf');
  const { uri: proseUri } = await prose;
  const tools = (await server.connection.sendRequest(CompletionRequest.type, { textDocument: { uri: proseUri }, position: { line: 3, character: 23 } })) as CompletionItem[];
  assert.ok(tools.some((i) => i.label === 'Kafka'));
});

test('document symbols group the answer by step; CodeLens shows checks and coverage', async () => {
  const { uri } = await openAnswer(MISSING);
  const symbols = (await server.connection.sendRequest(DocumentSymbolRequest.type, { textDocument: { uri } })) as DocumentSymbol[];
  assert.equal(symbols.length, 1);
  const steps = symbols[0].children ?? [];
  assert.equal(steps.length, 6);
  assert.match(steps[0].detail ?? '', /Step 1 · Business goal/);
  const lenses = await server.connection.sendRequest(CodeLensRequest.type, { textDocument: { uri } });
  assert.ok(lenses);
  const titles = lenses.map((l) => l.command?.title ?? '');
  assert.ok(titles.some((t) => /^Coverage \d+\/100 · Show report$/.test(t)), titles.join(' | '));
  assert.ok(titles.some((t) => /^MLOps · \d+\/\d+ checks$/.test(t)));
});

test('mlsd/lintFiles publishes diagnostics for answers that are not open', async () => {
  const file = path.join(ROOT, 'test/fixtures/cli/missing-governance.mlsd.md');
  const uri = pathToFileURL(file).toString();
  const closedUri = pathToFileURL(path.join(ROOT, 'test/corpus', fs.readdirSync(path.join(ROOT, 'test/corpus')).find((f) => f.startsWith('sections-missing') && f.endsWith('.mlsd.md'))!)).toString();
  const pending = server.nextDiagnostics(closedUri);
  const result = await server.connection.sendRequest(LintFilesRequest, { uris: [closedUri, uri + '.nope'] });
  const published = await pending;
  assert.ok(published.diagnostics.some((d) => d.code === 'monitoring.section'));
  assert.ok(result.findings >= published.diagnostics.length);
});

test('a configuration change re-validates open answers with the new severities', async () => {
  const configurable = await startServer(settings);
  try {
    const uri = pathToFileURL(path.join(ROOT, 'test/fixtures/config-change.mlsd.md')).toString();
    const first = await configurable.open(uri, MISSING);
    assert.equal(first.diagnostics.find((d) => d.code === 'monitoring.section')?.severity, 1);
    settings.rules = { 'monitoring.section': 'hint' };
    const pending = configurable.nextDiagnostics(uri);
    await configurable.connection.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    const second = await pending;
    assert.equal(second.diagnostics.find((d) => d.code === 'monitoring.section')?.severity, 4);
  } finally {
    configurable.stop();
  }
});

const settings: { validate: { delay: number }; rules?: Record<string, string> } = { validate: { delay: 0 } };
