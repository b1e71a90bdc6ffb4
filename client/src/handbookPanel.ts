/** A webview that shows one handbook entry: escaped HTML, strict CSP with a fresh nonce, no remote resources. */
import * as crypto from 'node:crypto';
import * as vscode from 'vscode';
import type { HandbookEntryDef, HandbookTopicDef } from '../../server/src/engine/types';

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** HTML of a handbook entry page (exported for tests). */
export function handbookHtml(topic: HandbookTopicDef, entry: HandbookEntryDef, cspSource: string, nonce: string): string {
  const table = entry.table
    ? `<input id="filter" type="search" placeholder="Filter rows" aria-label="Filter rows">
<table><thead><tr>${entry.table.columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('')}</tr></thead>
<tbody>${entry.table.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join('')}</tr>`).join('\n')}</tbody></table>`
    : '';
  const items = entry.items ? `<ul>${entry.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</ul>` : '';
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src ${cspSource} 'nonce-${nonce}'; script-src 'nonce-${nonce}';">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">
body { font-family: var(--vscode-font-family); color: var(--vscode-foreground); background: var(--vscode-editor-background); padding: 0 16px; }
table { border-collapse: collapse; width: 100%; margin-top: 8px; }
th, td { border: 1px solid var(--vscode-panel-border, #8884); padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: var(--vscode-editorWidget-background); }
input { width: 100%; padding: 4px; color: var(--vscode-input-foreground); background: var(--vscode-input-background); border: 1px solid var(--vscode-input-border, transparent); }
.topic { color: var(--vscode-descriptionForeground); }
</style></head>
<body>
<p class="topic">${escapeHtml(topic.title)}</p>
<h1>${escapeHtml(entry.title)}</h1>
<p>${escapeHtml(entry.summary)}</p>
${table}
${items}
<script nonce="${nonce}">
const filter = document.getElementById('filter');
if (filter) filter.addEventListener('input', () => {
  const q = filter.value.toLowerCase();
  for (const row of document.querySelectorAll('tbody tr')) row.style.display = row.textContent.toLowerCase().includes(q) ? '' : 'none';
});
</script>
</body></html>`;
}

/** Opens (or reuses) the handbook panel on an entry id such as "monitoring/drift-types". */
export function openHandbookEntry(context: vscode.ExtensionContext, handbook: HandbookTopicDef[], id: string): void {
  const [topicId, entryId] = String(id).split('/');
  const topic = handbook.find((t) => t.id === topicId);
  const entry = topic?.entries.find((e) => e.id === entryId) ?? topic?.entries[0];
  if (!topic || !entry) {
    void vscode.window.showWarningMessage(`MLSD Studio: no handbook entry "${id}".`);
    return;
  }
  const panel = vscode.window.createWebviewPanel('mlsd.handbook', `Handbook: ${entry.title}`, vscode.ViewColumn.Beside, {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(context.extensionUri, 'media')],
  });
  panel.webview.html = handbookHtml(topic, entry, panel.webview.cspSource, crypto.randomBytes(16).toString('base64'));
}
