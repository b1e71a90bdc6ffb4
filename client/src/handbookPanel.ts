/**
 * The handbook entry panel: one webview reused for every entry. Tables render as tables with a filter box and an
 * "Insert as Markdown" button; data arrives by postMessage and every message is validated on both sides.
 */
import * as vscode from 'vscode';
import type { HandbookEntryDef, HandbookTopicDef } from '../../server/src/engine/types';
import { markdownTable } from './models/trees';
import { handbookHtml } from './pages';
import { makeNonce } from './webview';

/** Messages the page sends. */
type FromPage = { type: 'insertTable' } | { type: 'ready' };

function isFromPage(value: unknown): value is FromPage {
  const type = (value as { type?: unknown } | null)?.type;
  return type === 'insertTable' || type === 'ready';
}

/** Resolves "topic/entry" (or "topic") to its definitions. */
export function findEntry(handbook: readonly HandbookTopicDef[], id: string): { topic: HandbookTopicDef; entry: HandbookEntryDef } | undefined {
  const [topicId, entryId] = String(id).split('/');
  const topic = handbook.find((t) => t.id === topicId);
  const entry = topic?.entries.find((e) => e.id === entryId) ?? (entryId ? undefined : topic?.entries[0]);
  return topic && entry ? { topic, entry } : undefined;
}

/** The single handbook panel. */
export class HandbookPanel {
  private panel?: vscode.WebviewPanel;
  private current?: { topic: HandbookTopicDef; entry: HandbookEntryDef };
  private ready = false;

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly handbook: () => readonly HandbookTopicDef[],
    private readonly lastEditor: () => vscode.TextEditor | undefined,
  ) {}

  /** Shows an entry by id such as "monitoring/drift-types". */
  show(id: string): void {
    const found = findEntry(this.handbook(), id);
    if (!found) {
      void vscode.window.showWarningMessage(vscode.l10n.t('MLSD Studio: no handbook entry "{0}".', String(id)));
      return;
    }
    this.current = found;
    if (!this.panel) {
      this.panel = vscode.window.createWebviewPanel('mlsd.handbook', found.entry.title, { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, {
        enableScripts: true,
        retainContextWhenHidden: false,
        localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'media')],
      });
      this.panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'activity.svg');
      this.ready = false;
      this.panel.webview.html = handbookHtml(this.panel.webview.cspSource, makeNonce(), {
        filter: vscode.l10n.t('Filter rows'),
        insert: vscode.l10n.t('Insert as Markdown'),
        insertTitle: vscode.l10n.t('Insert this table at the cursor of the last active editor'),
      });
      this.panel.webview.onDidReceiveMessage((m: unknown) => this.onMessage(m));
      this.panel.onDidDispose(() => (this.panel = undefined));
    } else {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
    }
    this.panel.title = found.entry.title;
    if (this.ready) this.post();
  }

  private post(): void {
    const c = this.current;
    if (!c || !this.panel) return;
    void this.panel.webview.postMessage({
      type: 'show',
      topic: c.topic.title,
      title: c.entry.title,
      summary: c.entry.summary,
      columns: c.entry.table?.columns,
      rows: c.entry.table?.rows,
      items: c.entry.items,
    });
  }

  private onMessage(message: unknown): void {
    if (!isFromPage(message)) return;
    if (message.type === 'ready') {
      this.ready = true;
      this.post();
    } else if (message.type === 'insertTable') void this.insertTable();
  }

  private async insertTable(): Promise<void> {
    const table = this.current?.entry.table;
    const editor = this.lastEditor();
    if (!table || !editor) {
      void vscode.window.showInformationMessage(vscode.l10n.t('MLSD Studio: open an answer to insert the table into.'));
      return;
    }
    await editor.edit((b) => b.insert(editor.selection.active, '\n' + markdownTable(table.columns, table.rows)));
  }
}
