/**
 * Protocol test: starts the built language server (dist/server.js --stdio) and talks LSP to it.
 */
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { pathToFileURL } from 'node:url';
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializeRequest,
  InitializedNotification,
  ProtocolConnection,
  PublishDiagnosticsNotification,
  PublishDiagnosticsParams,
  StreamMessageReader,
  StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { CoverageRequest } from '../../server/src/protocol';
import { ROOT } from '../helpers/engine';

let server: ChildProcess;
let connection: ProtocolConnection;
const waiters: { uri: string; version?: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];

function nextDiagnostics(uri: string, version?: number): Promise<PublishDiagnosticsParams> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri} v${version}`)), 10_000);
    waiters.push({ uri, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
  });
}

before(async () => {
  const bundle = path.join(ROOT, 'dist/server.js');
  assert.ok(fs.existsSync(bundle), 'run npm run build first');
  server = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  connection = createProtocolConnection(new StreamMessageReader(server.stdout!), new StreamMessageWriter(server.stdin!));
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    const i = waiters.findIndex((w) => w.uri === p.uri && (w.version === undefined || w.version === p.version));
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
  });
  connection.onRequest('workspace/configuration', () => [{ validate: { delay: 0 } }]);
  connection.onRequest('client/registerCapability', () => null);
  connection.listen();
  const init = await connection.sendRequest(InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { workspaceTrusted: true },
  });
  assert.ok(init.capabilities.textDocumentSync);
  await connection.sendNotification(InitializedNotification.type, {});
});

after(() => {
  connection?.dispose();
  server?.kill();
});

const FIXTURE = path.join(ROOT, 'test/fixtures/cli/missing-governance.mlsd.md');

test('opening an answer publishes diagnostics with source, code and docs link', async () => {
  const uri = pathToFileURL(FIXTURE).toString();
  const pending = nextDiagnostics(uri);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'markdown', version: 1, text: fs.readFileSync(FIXTURE, 'utf8') },
  });
  const published = await pending;
  const gov = published.diagnostics.find((d) => d.code === 'governance.section');
  assert.ok(gov, JSON.stringify(published.diagnostics.map((d) => d.code)));
  assert.equal(gov.source, 'mlsd');
  assert.equal(gov.severity, 1);
  assert.match(gov.codeDescription?.href ?? '', /docs\/rules\.md#governancesection$/);
  const coverage = await connection.sendRequest(CoverageRequest, { uri });
  assert.ok(coverage && coverage.steps.governance.present === false);
});

test('edits re-validate: adding the missing section clears its diagnostic', async () => {
  const uri = pathToFileURL(FIXTURE).toString();
  const text = fs.readFileSync(FIXTURE, 'utf8');
  const lines = text.split('\n').length;
  const pending = nextDiagnostics(uri, 2);
  await connection.sendNotification(DidChangeTextDocumentNotification.type, {
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
  const uri = pathToFileURL(path.join(ROOT, 'README.md')).toString();
  const answerUri = pathToFileURL(path.join(ROOT, 'test/fixtures/cli/other.mlsd.md')).toString();
  let gotPlain = false;
  connection.onNotification(PublishDiagnosticsNotification.type, (p) => {
    if (p.uri === uri) gotPlain = true;
    const i = waiters.findIndex((w) => w.uri === p.uri);
    if (i >= 0) waiters.splice(i, 1)[0].resolve(p);
  });
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri, languageId: 'markdown', version: 1, text: '# Readme\n' },
  });
  // Open an answer after the plain file: once its diagnostics arrive, the plain file has had its turn.
  const pending = nextDiagnostics(answerUri);
  await connection.sendNotification(DidOpenTextDocumentNotification.type, {
    textDocument: { uri: answerUri, languageId: 'markdown', version: 1, text: '# x\n' },
  });
  await pending;
  assert.equal(gotPlain, false);
});
