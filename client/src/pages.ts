/** HTML of the extension's webview pages, free of `vscode` so tests can load them in plain Node and Chromium. */
import { historyChartSvg, PracticeSession } from './models/history';
import { formatClock } from './models/timer';
import { BASE_CSS, csp, escapeHtml } from './webview';

/** HTML shell of the panel; the entry arrives by postMessage. Exported for tests. */
/** User-visible text of the handbook page (translated by the caller). */
export interface HandbookStrings {
  filter: string;
  insert: string;
  insertTitle: string;
}

const HANDBOOK_EN: HandbookStrings = {
  filter: 'Filter rows',
  insert: 'Insert as Markdown',
  insertTitle: 'Insert this table at the cursor of the last active editor',
};

export function handbookHtml(cspSource: string, nonce: string, strings: HandbookStrings = HANDBOOK_EN): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp(cspSource, nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<style nonce="${nonce}">${BASE_CSS}</style></head>
<body>
<p class="muted" id="topic"></p>
<h1 id="title"></h1>
<p id="summary"></p>
<div class="toolbar" id="toolbar" hidden><input id="filter" type="search" placeholder="${escapeHtml(strings.filter)}" aria-label="${escapeHtml(strings.filter)}"><button id="insert" title="${escapeHtml(strings.insertTitle)}">${escapeHtml(strings.insert)}</button></div>
<table id="table" hidden><thead><tr id="head"></tr></thead><tbody id="body"></tbody></table>
<ul id="items"></ul>
<script nonce="${nonce}">
(function () {
  const vscode = acquireVsCodeApi();
  const el = (id) => document.getElementById(id);
  const text = (tag, value) => { const n = document.createElement(tag); n.textContent = String(value); return n; };
  function isEntry(m) {
    return m && m.type === 'show' && typeof m.title === 'string' && typeof m.topic === 'string' && typeof m.summary === 'string' &&
      (m.columns === undefined || Array.isArray(m.columns)) && (m.rows === undefined || Array.isArray(m.rows)) && (m.items === undefined || Array.isArray(m.items));
  }
  window.addEventListener('message', (event) => {
    const m = event.data;
    if (!isEntry(m)) return;
    el('topic').textContent = m.topic; el('title').textContent = m.title; el('summary').textContent = m.summary;
    const head = el('head'); const body = el('body'); head.replaceChildren(); body.replaceChildren();
    const hasTable = Array.isArray(m.columns) && m.columns.length > 0;
    el('table').hidden = !hasTable; el('toolbar').hidden = !hasTable; el('filter').value = '';
    if (hasTable) {
      for (const c of m.columns) head.appendChild(text('th', c));
      for (const r of m.rows || []) { const tr = document.createElement('tr'); for (const c of r) tr.appendChild(text('td', c)); body.appendChild(tr); }
    }
    const items = el('items'); items.replaceChildren();
    for (const i of m.items || []) items.appendChild(text('li', i));
  });
  el('filter').addEventListener('input', () => {
    const q = el('filter').value.toLowerCase();
    for (const row of el('body').rows) row.style.display = row.textContent.toLowerCase().includes(q) ? '' : 'none';
  });
  el('insert').addEventListener('click', () => vscode.postMessage({ type: 'insertTable' }));
  vscode.postMessage({ type: 'ready' });
}());
</script>
</body></html>`;
}

/** HTML of the history page (exported for tests). */
/** User-visible text of the history page (translated by the caller). */
export interface HistoryStrings {
  title: string;
  /** "{0} session(s)…" */
  summary: string;
  started: string;
  prompt: string;
  duration: string;
  coverage: string;
}

const HISTORY_EN: HistoryStrings = {
  title: 'Practice history',
  summary: "{0} session(s). Coverage is the answer's score when the timer was stopped.",
  started: 'Started',
  prompt: 'Prompt',
  duration: 'Duration',
  coverage: 'Coverage',
};

export function historyHtml(sessions: readonly PracticeSession[], cspSource: string, nonce: string, strings: HistoryStrings = HISTORY_EN): string {
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
<h1>${escapeHtml(strings.title)}</h1>
<p class="muted">${escapeHtml(strings.summary.replace('{0}', String(sessions.length)))}</p>
${historyChartSvg(sessions)}
<table><thead><tr><th>${escapeHtml(strings.started)}</th><th>${escapeHtml(strings.prompt)}</th><th>${escapeHtml(strings.duration)}</th><th>${escapeHtml(strings.coverage)}</th></tr></thead><tbody>${rows}</tbody></table>
</body></html>`;
}


/** Asset URLs of the architecture preview page. */
export interface PreviewAssets {
  mermaid: string;
  script: string;
  css: string;
}

/**
 * HTML of the architecture preview. Scripts only by nonce (the bundled mermaid and our page script); styles also
 * allow 'unsafe-inline' because mermaid puts a <style> element inside every SVG it draws. No 'unsafe-eval'.
 */
export function previewHtml(cspSource: string, nonce: string, assets: PreviewAssets, emptyText = 'No Mermaid diagram in this answer yet. Add a fenced ```mermaid block to the Architecture section.'): string {
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src ${cspSource} data: blob:; style-src ${cspSource} 'unsafe-inline'; script-src 'nonce-${nonce}'; font-src ${cspSource};">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(assets.css)}">
</head>
<body>
<p id="empty">${escapeHtml(emptyText)}</p>
<main id="diagrams"></main>
<script nonce="${nonce}" src="${escapeHtml(assets.mermaid)}"></script>
<script nonce="${nonce}" src="${escapeHtml(assets.script)}"></script>
</body></html>`;
}
