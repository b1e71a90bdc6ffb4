/**
 * The language-client half of the extension, bundled separately (dist/lsp.js) and loaded only when the first answer
 * opens, so activation never pays for loading vscode-languageclient. Everything the rest of the client needs from the
 * server goes through the small {@link MlsdConnection} interface.
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, LanguageClient, LanguageClientOptions, ServerOptions, TransportKind } from 'vscode-languageclient/node';
import type { Coverage } from '../../server/src/engine/types';
import type { DiagramInfo } from '../../server/src/mermaid/types';
import {
  AnswerInfo,
  AnswerInfoRequest,
  CoverageChangedNotification,
  CoverageRequest,
  DiagramsRequest,
  InitializationOptions,
  LintFilesRequest,
  MermaidBlockInfo,
  MermaidBlocksRequest,
  SetTrustNotification,
  StepAtRequest,
} from '../../server/src/protocol';

/** What the extension asks of the MLSD language server. */
export interface MlsdConnection {
  start(): Promise<void>;
  stop(): Promise<void>;
  restart(): Promise<void>;
  isRunning(): boolean;
  coverage(uri: string): Promise<Coverage | null>;
  answerInfo(uri: string): Promise<AnswerInfo | null>;
  stepAt(uri: string, line: number): Promise<string | null>;
  lintFiles(uris: string[]): Promise<{ findings: number }>;
  mermaidBlocks(uri: string): Promise<MermaidBlockInfo[]>;
  diagrams(uri: string): Promise<DiagramInfo[]>;
  setTrust(trusted: boolean): void;
}

/** How the connection reports back. */
export interface ConnectionHooks {
  serverModule: string;
  workspaceTrusted: boolean;
  onCoverage(uri: string, coverage: Coverage): void;
  /** The server process ended unexpectedly: true to restart it. */
  onClosed(): boolean;
}

/** Creates (does not start) the language client for *.mlsd.md answers. */
export function createConnection(hooks: ConnectionHooks): MlsdConnection {
  const module = hooks.serverModule;
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6011'] } },
  };
  const initializationOptions: InitializationOptions = { workspaceTrusted: hooks.workspaceTrusted };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [{ language: 'markdown', pattern: '**/*.mlsd.md' }],
    synchronize: { configurationSection: 'mlsd', fileEvents: vscode.workspace.createFileSystemWatcher('**/*.{yaml,yml}') },
    initializationOptions,
    diagnosticCollectionName: 'mlsd',
    errorHandler: {
      error: () => ({ action: ErrorAction.Continue }),
      closed: () => ({ action: hooks.onClosed() ? CloseAction.Restart : CloseAction.DoNotRestart, handled: true }),
    },
  };
  const client = new LanguageClient('mlsd', 'MLSD Studio', serverOptions, clientOptions);
  // Handlers registered before start() are installed when the connection comes up (and again after a restart).
  client.onNotification(CoverageChangedNotification, ({ uri, coverage }) => hooks.onCoverage(uri, coverage));
  return {
    start: () => client.start(),
    stop: () => client.stop(),
    restart: () => client.restart(),
    isRunning: () => client.isRunning(),
    coverage: (uri) => client.sendRequest(CoverageRequest, { uri }),
    answerInfo: (uri) => client.sendRequest(AnswerInfoRequest, { uri }),
    stepAt: (uri, line) => client.sendRequest(StepAtRequest, { uri, line }),
    lintFiles: (uris) => client.sendRequest(LintFilesRequest, { uris }),
    mermaidBlocks: (uri) => client.sendRequest(MermaidBlocksRequest, { uri }),
    diagrams: (uri) => client.sendRequest(DiagramsRequest, { uri }),
    setTrust: (trusted) => void client.sendNotification(SetTrustNotification, { trusted }),
  };
}
