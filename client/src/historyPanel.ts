/** The practice history page: a coverage-over-time chart and a table of sessions (no scripts at all). */
import * as vscode from 'vscode';
import { PracticeSession } from './models/history';
import { historyHtml } from './pages';
import { makeNonce } from './webview';

/** Opens the history page. */
export function showHistory(context: vscode.ExtensionContext, sessions: readonly PracticeSession[]): void {
  const panel = vscode.window.createWebviewPanel('mlsd.history', vscode.l10n.t('Practice history'), vscode.ViewColumn.Active, {
    enableScripts: false,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
  });
  panel.webview.html = historyHtml(sessions, panel.webview.cspSource, makeNonce(), {
    title: vscode.l10n.t('Practice history'),
    summary: vscode.l10n.t("{0} session(s). Coverage is the answer's score when the timer was stopped."),
    started: vscode.l10n.t('Started'),
    prompt: vscode.l10n.t('Prompt'),
    duration: vscode.l10n.t('Duration'),
    coverage: vscode.l10n.t('Coverage'),
  });
}
