/**
 * MLSD Studio extension entry point. Activation stays cheap: the language client starts only when the first
 * `*.mlsd.md` answer is opened, and everything after `activate()` returns is asynchronous.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { ContentBundle, Coverage, STEP_IDS } from '../../server/src/engine/types';
import {
  ANSWER_SUFFIX,
  CoverageChangedNotification,
  CoverageRequest,
  InitializationOptions,
  LintFilesRequest,
  SetTrustNotification,
} from '../../server/src/protocol';
import { openHandbookEntry } from './handbookPanel';

/** Document selector of MLSD answers: Markdown files named *.mlsd.md. */
export const ANSWER_SELECTOR = [{ language: 'markdown', pattern: '**/*.mlsd.md' }];

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;
let content: ContentBundle | undefined;
const coverageByUri = new Map<string, Coverage>();
let statusItem: vscode.StatusBarItem | undefined;

function loadContent(context: vscode.ExtensionContext): ContentBundle {
  content ??= JSON.parse(fs.readFileSync(context.asAbsolutePath(path.join('dist', 'content.json')), 'utf8')) as ContentBundle;
  return content;
}

function updateStatus(): void {
  if (!statusItem) return;
  const editor = vscode.window.activeTextEditor;
  const coverage = editor && isAnswer(editor.document) ? coverageByUri.get(editor.document.uri.toString()) : undefined;
  if (!coverage) {
    statusItem.hide();
    return;
  }
  statusItem.text = `$(checklist) MLSD ${coverage.total}/100`;
  statusItem.tooltip = `Coverage ${coverage.total}/100 (${coverage.level}) · production readiness ${coverage.readiness}/100 — click for the report`;
  statusItem.show();
}

async function coverageFor(uri: vscode.Uri): Promise<Coverage | undefined> {
  const known = coverageByUri.get(uri.toString());
  if (known) return known;
  if (!client) return undefined;
  return (await client.sendRequest(CoverageRequest, { uri: uri.toString() })) ?? undefined;
}

type StepKey = (typeof STEP_IDS)[number];

async function showCoverageReport(uriArg?: string | vscode.Uri): Promise<void> {
  const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg ?? vscode.window.activeTextEditor?.document.uri;
  if (!uri) return;
  const coverage = await coverageFor(uri);
  if (!coverage) {
    void vscode.window.showInformationMessage('MLSD Studio: open a *.mlsd.md answer to see its coverage.');
    return;
  }
  const items = (Object.entries(coverage.steps) as [StepKey, Coverage['steps'][StepKey]][]).map(([, s]) => ({
    label: `${s.present ? (s.missing.length === 0 ? '$(pass)' : '$(warning)') : '$(error)'} ${s.title}`,
    description: s.present ? `${s.passed}/${s.applicable} checks` : 'section missing',
    detail: s.missing.length > 0 ? `Missing: ${s.missing.join(', ')}` : undefined,
    line: s.line,
  }));
  const pick = await vscode.window.showQuickPick(items, {
    title: `Coverage ${coverage.total}/100 · readiness ${coverage.readiness}/100${coverage.prompt ? ` · prompt ${coverage.prompt.passed}/${coverage.prompt.applicable}` : ''}`,
    placeHolder: 'Select a step to jump to its heading',
  });
  if (pick?.line !== undefined) {
    const editor = await vscode.window.showTextDocument(uri);
    const pos = new vscode.Position(pick.line, 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  }
}

async function lintWorkspace(context: vscode.ExtensionContext): Promise<void> {
  const files = await vscode.workspace.findFiles('**/*.mlsd.md', '**/{node_modules,.git}/**');
  if (files.length === 0) {
    void vscode.window.showInformationMessage('MLSD Studio: no *.mlsd.md answers in this workspace.');
    return;
  }
  await ensureStarted(context);
  const c = client;
  if (!c) return;
  let findings = 0;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'MLSD: linting answers', cancellable: true },
    async (progress, token) => {
      const batch = 10;
      for (let i = 0; i < files.length && !token.isCancellationRequested; i += batch) {
        const slice = files.slice(i, i + batch);
        progress.report({ message: `${Math.min(i + batch, files.length)}/${files.length}`, increment: (slice.length / files.length) * 100 });
        findings += (await c.sendRequest(LintFilesRequest, { uris: slice.map((u) => u.toString()) })).findings;
      }
    },
  );
  void vscode.window.showInformationMessage(`MLSD Studio: checked ${files.length} answer(s), ${findings} finding(s) in closed files — see the Problems panel.`);
}

function isAnswer(doc: vscode.TextDocument): boolean {
  return doc.fileName.toLowerCase().endsWith(ANSWER_SUFFIX) || doc.uri.path.toLowerCase().endsWith(ANSWER_SUFFIX);
}

function createClient(context: vscode.ExtensionContext): LanguageClient {
  const module = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const initializationOptions: InitializationOptions = { workspaceTrusted: vscode.workspace.isTrusted };
  const clientOptions: LanguageClientOptions = {
    documentSelector: ANSWER_SELECTOR,
    synchronize: {
      configurationSection: 'mlsd',
      fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}'),
    },
    initializationOptions,
    diagnosticCollectionName: 'mlsd',
  };
  const created = new LanguageClient('mlsd', 'MLSD Studio', serverOptions, clientOptions);
  // Handlers registered before start() are installed when the connection comes up (and again after a restart).
  created.onNotification(CoverageChangedNotification, ({ uri, coverage }) => {
    coverageByUri.set(uri, coverage);
    updateStatus();
  });
  return created;
}

/** Starts the language client once; later calls wait for the same start. */
function ensureStarted(context: vscode.ExtensionContext): Promise<void> {
  if (!starting) {
    client = createClient(context);
    starting = client.start().catch((error: unknown) => {
      void vscode.window.showErrorMessage(`MLSD Studio: the language server failed to start (${String(error)}).`);
    });
  }
  return starting;
}

async function restartServer(context: vscode.ExtensionContext): Promise<void> {
  if (!client) {
    await ensureStarted(context);
    return;
  }
  await client.restart();
  void vscode.window.setStatusBarMessage('MLSD Studio: language server restarted', 3000);
}

/** Called by VS Code on activation. */
export function activate(context: vscode.ExtensionContext): void {
  const maybeStart = (doc: vscode.TextDocument): void => {
    if (isAnswer(doc)) void ensureStarted(context);
  };
  statusItem = vscode.window.createStatusBarItem('mlsd.coverage', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = 'MLSD coverage';
  statusItem.command = 'mlsd.showCoverageReport';
  context.subscriptions.push(
    statusItem,
    vscode.commands.registerCommand('mlsd.restartServer', () => restartServer(context)),
    vscode.commands.registerCommand('mlsd.openHandbook', (id: string) => openHandbookEntry(context, loadContent(context).handbook, id)),
    vscode.commands.registerCommand('mlsd.showCoverageReport', (uri?: string | vscode.Uri) => showCoverageReport(uri)),
    vscode.commands.registerCommand('mlsd.lintWorkspace', () => lintWorkspace(context)),
    vscode.window.onDidChangeActiveTextEditor(updateStatus),
    vscode.workspace.onDidCloseTextDocument((doc) => coverageByUri.delete(doc.uri.toString())),
    vscode.workspace.onDidOpenTextDocument(maybeStart),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      void client?.sendNotification(SetTrustNotification, { trusted: true });
    }),
    { dispose: () => void client?.stop() },
  );
  vscode.workspace.textDocuments.forEach(maybeStart);
}

/** Called by VS Code on deactivation. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
