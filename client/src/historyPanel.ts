/** The practice history page: a coverage-over-time chart and a table of sessions (no scripts at all). */
import * as vscode from 'vscode';
import { historyChartSvg, PracticeSession } from './models/history';
import { formatClock } from './models/timer';
import { BASE_CSS, csp, escapeHtml, makeNonce } from './webview';

/** HTML of the history page (exported for tests). */
export function historyHtml(sessions: readonly PracticeSession[], cspSource: string, nonce: string): string {
  const rows = [...sessions]
    .sort((a, b) => b.startedAt - a.startedAt)
    .map(
      (s) =>
        `<tr><td>${escapeHtml(new Date(s.startedAt).toLocaleString())}</td><td>${escapeHtml(s.title)}</td><td>${escapeHtml(formatClock(s.durationSec * 1000))}</td><td>${s.coverage === undefined ? '—' : `${s.coverage}/100`}</td></tr>`,
    )
    .join('');
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp(cspSource, nonce)}">
<style nonce="${nonce}">${BASE_CSS}</style></head>
<body>
<h1>Practice history</h1>
<p class="muted">${sessions.length} session(s). Coverage is the answer's score when the timer was stopped.</p>
${historyChartSvg(sessions)}
<table><thead><tr><th>Started</th><th>Prompt</th><th>Duration</th><th>Coverage</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`;
}

/** Opens the history page. */
export function showHistory(context: vscode.ExtensionContext, sessions: readonly PracticeSession[]): void {
  const panel = vscode.window.createWebviewPanel('mlsd.history', vscode.l10n.t('Practice history'), vscode.ViewColumn.Active, {
    enableScripts: false,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
  });
  panel.webview.html = historyHtml(sessions, panel.webview.cspSource, makeNonce());
}
