/** Protocol test: the built language server (dist/server.js --stdio) publishes diagnostics over LSP. */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { DidChangeTextDocumentNotification } from 'vscode-languageserver-protocol/node';
import { CoverageRequest } from '../../server/src/protocol';
import { ROOT } from '../helpers/engine';
import { startServer, TestServer } from '../helpers/lsp';

let server: TestServer;
before(async () => {
  server = await startServer();
});
after(() => server?.stop());

const FIXTURE = path.join(ROOT, 'test/fixtures/cli/missing-governance.mlsd.md');
const uri = pathToFileURL(FIXTURE).toString();

test('opening an answer publishes diagnostics with source, code and docs link', async () => {
  const published = await server.open(uri, fs.readFileSync(FIXTURE, 'utf8'));
  const gov = published.diagnostics.find((d) => d.code === 'governance.section');
  assert.ok(gov, JSON.stringify(published.diagnostics.map((d) => d.code)));
  assert.equal(gov.source, 'mlsd');
  assert.equal(gov.severity, 1);
  assert.match(gov.codeDescription?.href ?? '', /docs\/rules\.md#governancesection$/);
  const coverage = await server.connection.sendRequest(CoverageRequest, { uri });
  assert.ok(coverage && coverage.steps.governance.present === false);
});

test('edits re-validate: adding the missing section clears its diagnostic', async () => {
  const lines = fs.readFileSync(FIXTURE, 'utf8').split('\n').length;
  const pending = server.nextDiagnostics(uri, 2);
  await server.connection.sendNotification(DidChangeTextDocumentNotification.type, {
    textDocument: { uri, version: 2 },
    contentChanges: [
      {
        range: { start: { line: lines - 1, character: 0 }, end: { line: lines - 1, character: 0 } },
        text: '\n## 7. Governance\nGDPR applies; access is role based and audited; fairness is checked across regions.\n',
      },
    ],
  });
  const published = await pending;
  assert.ok(!published.diagnostics.some((d) => d.code === 'governance.section'));
});

test('documents that are not *.mlsd.md get no diagnostics', async () => {
  const plain = pathToFileURL(path.join(ROOT, 'README.md')).toString();
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: plain, languageId: 'markdown', version: 1, text: '# Readme\n' } });
  // Open an answer after the plain file: once its diagnostics arrive, the plain file has had its turn.
  await server.open(pathToFileURL(path.join(ROOT, 'test/fixtures/cli/other.mlsd.md')).toString(), '# x\n');
  assert.ok(!server.published.some((p) => p.uri === plain));
});
