/**
 * MLSD Studio extension entry point. Activation stays cheap: the language client starts only when the first
 * `*.mlsd.md` answer is opened, and everything after `activate()` returns is asynchronous.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { ANSWER_SUFFIX, InitializationOptions, SetTrustNotification } from '../../server/src/protocol';

/** Document selector of MLSD answers: Markdown files named *.mlsd.md. */
export const ANSWER_SELECTOR = [{ language: 'markdown', pattern: '**/*.mlsd.md' }];

let client: LanguageClient | undefined;
let starting: Promise<void> | undefined;

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
  return new LanguageClient('mlsd', 'MLSD Studio', serverOptions, clientOptions);
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
  context.subscriptions.push(
    vscode.commands.registerCommand('mlsd.restartServer', () => restartServer(context)),
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
