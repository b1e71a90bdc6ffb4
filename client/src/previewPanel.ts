/**
 * The architecture preview: a webview beside the editor that renders the answer's Mermaid blocks with the bundled
 * mermaid. Updates are debounced; a render watchdog stops a diagram that hangs; the panel restores after reload.
 */
import * as vscode from 'vscode';
import type { MermaidBlockInfo } from '../../server/src/protocol';
import type { MlsdConnection } from './lsp';
import { RenderWatchdog } from './models/renderWatchdog';
import { previewHtml } from './pages';
import { makeNonce } from './webview';

const VIEW_TYPE = 'mlsd.preview';
const RENDER_WATCHDOG_MS = 5000;
const MAX_SVG_BYTES = 20 * 1024 * 1024;

type FromPage =
  | { type: 'ready'; mermaidVersion: string }
  | { type: 'rendering' | 'rendered'; index: number; generation: number }
  | { type: 'done'; generation: number; count: number }
  | { type: 'reveal'; line: number }
  | { type: 'exportSvg'; index: number; svg: string }
  | { type: 'exportPng'; index: number; png: string }
  | { type: 'copySvg'; svg: string }
  | { type: 'error'; message: string };

/** Validates a message from the page; anything else is dropped. */
export function parsePageMessage(value: unknown): FromPage | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const m = value as Record<string, unknown>;
  const num = (k: string): boolean => typeof m[k] === 'number' && Number.isFinite(m[k] as number) && (m[k] as number) >= 0;
  const str = (k: string, max: number): boolean => typeof m[k] === 'string' && (m[k] as string).length <= max;
  switch (m.type) {
    case 'ready':
      return str('mermaidVersion', 50) ? (m as FromPage) : undefined;
    case 'rendering':
    case 'rendered':
      return num('index') && num('generation') ? (m as FromPage) : undefined;
    case 'done':
      return num('generation') && num('count') ? (m as FromPage) : undefined;
    case 'reveal':
      return num('line') ? (m as FromPage) : undefined;
    case 'exportSvg':
      return num('index') && str('svg', MAX_SVG_BYTES) && (m.svg as string).trimStart().startsWith('<svg') ? (m as FromPage) : undefined;
    case 'copySvg':
      return str('svg', MAX_SVG_BYTES) && (m.svg as string).trimStart().startsWith('<svg') ? (m as FromPage) : undefined;
    case 'exportPng':
      return num('index') && str('png', MAX_SVG_BYTES) && /^[A-Za-z0-9+/=]+$/.test(m.png as string) ? (m as FromPage) : undefined;
    case 'error':
      return str('message', 2000) ? (m as FromPage) : undefined;
    default:
      return undefined;
  }
}

/** Manages the single preview panel. */
export class ArchitecturePreview implements vscode.Disposable {
  private panel?: vscode.WebviewPanel;
  private uri?: vscode.Uri;
  private ready = false;
  private generation = 0;
  private requests = 0;
  private blocks: MermaidBlockInfo[] = [];
  private readonly watchdog = new RenderWatchdog(RENDER_WATCHDOG_MS, () => {
    // Reload the page without the diagram that hung it.
    if (this.panel) this.attach(this.panel);
  });
  private debounce?: NodeJS.Timeout;
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly context: vscode.ExtensionContext,
    private readonly client: () => Promise<MlsdConnection | undefined>,
  ) {
    this.subscriptions.push(
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (this.uri && e.document.uri.toString() === this.uri.toString()) this.scheduleUpdate(300);
      }),
      vscode.window.onDidChangeActiveTextEditor((editor) => {
        if (this.panel && editor && editor.document.uri.path.endsWith('.mlsd.md') && editor.document.uri.toString() !== this.uri?.toString()) {
          this.uri = editor.document.uri;
          this.scheduleUpdate(0);
        }
      }),
    );
  }

  /** Opens the preview beside the editor for an answer. */
  open(uri: vscode.Uri | undefined): void {
    if (!uri) {
      void vscode.window.showInformationMessage(vscode.l10n.t('MLSD Studio: open a *.mlsd.md answer to preview its architecture.'));
      return;
    }
    this.uri = uri;
    if (this.panel) {
      this.panel.reveal(vscode.ViewColumn.Beside, true);
      this.scheduleUpdate(0);
      return;
    }
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, vscode.l10n.t('Architecture preview'), { viewColumn: vscode.ViewColumn.Beside, preserveFocus: true }, this.options());
    this.attach(panel);
  }

  /** Restores a panel after a window reload (webview panel serializer). */
  restore(panel: vscode.WebviewPanel, state: unknown): void {
    const uri = typeof (state as { uri?: unknown } | undefined)?.uri === 'string' ? vscode.Uri.parse((state as { uri: string }).uri) : undefined;
    this.uri = uri;
    panel.webview.options = this.options();
    this.attach(panel);
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(this.context.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.context.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel): void {
    this.panel = panel;
    this.ready = false;
    panel.iconPath = vscode.Uri.joinPath(this.context.extensionUri, 'media', 'activity.svg');
    const asset = (...p: string[]): string => panel.webview.asWebviewUri(vscode.Uri.joinPath(this.context.extensionUri, ...p)).toString();
    panel.webview.html = previewHtml(panel.webview.cspSource, makeNonce(), {
      mermaid: asset('dist', 'webview', 'mermaid.min.js'),
      script: asset('dist', 'webview', 'preview.js'),
      css: asset('media', 'preview.css'),
    }, vscode.l10n.t('No Mermaid diagram in this answer yet. Add a fenced ```mermaid block to the Architecture section.'));
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m), undefined, this.subscriptions);
    panel.onDidDispose(() => {
      this.panel = undefined;
      this.watchdog.stop();
    }, undefined, this.subscriptions);
  }

  private scheduleUpdate(delay: number): void {
    if (this.debounce) clearTimeout(this.debounce);
    this.debounce = setTimeout(() => void this.update(), delay);
  }

  private async update(): Promise<void> {
    if (!this.panel || !this.ready || !this.uri) return;
    const client = await this.client();
    const uri = this.uri.toString();
    const request = ++this.requests;
    const fetched = client ? await client.mermaidBlocks(uri) : [];
    // The server vets blocks before answering, so an older request can finish after a newer one: keep the newest.
    if (request !== this.requests || !this.panel || !this.ready) return;
    this.blocks = fetched;
    const blocks = this.blocks.map((b) => ({ line: b.line, code: b.code, section: b.section, blocked: this.blockedReason(b) }));
    this.panel.title = vscode.l10n.t('Architecture · {0}', this.uri.path.split('/').pop() ?? '');
    const version = ++this.generation;
    void this.panel.webview.postMessage({ type: 'update', uri, version, blocks });
    // Classification may wait for the Mermaid worker: colour the diagrams when it arrives, without re-rendering.
    if (!client || this.blocks.length === 0) return;
    const diagrams = await client.diagrams(uri);
    if (version !== this.generation || !this.panel) return;
    void this.panel.webview.postMessage({
      type: 'diagrams',
      version,
      diagrams: diagrams.map((d) => ({
        line: d.contentLine,
        nodes: d.nodes.map((n) => ({ id: n.id, component: n.component, step: n.step })),
        legend: d.legend.map((l) => ({ title: l.title, step: l.step })),
        missing: d.missing.map((m) => m.title),
        feedbackLoop: d.architecture ? d.feedbackLoop : undefined,
      })),
    });
  }

  /** Why a block is shown as a message instead of being drawn, or undefined to draw it. */
  private blockedReason(block: MermaidBlockInfo): string | undefined {
    if (block.check === 'slow') {
      return vscode.l10n.t('Mermaid needs more than 2 seconds just to read this diagram, so the preview does not draw it (it would freeze the panel). Simplify the line that Problems points to.');
    }
    if (this.watchdog.hasHung(block.code)) {
      return vscode.l10n.t('Drawing this diagram took longer than 5 seconds and was stopped. Simplify it or split it up.');
    }
    return undefined;
  }

  private async onMessage(raw: unknown): Promise<void> {
    const message = parsePageMessage(raw);
    if (!message) return;
    switch (message.type) {
      case 'ready':
        this.ready = true;
        this.scheduleUpdate(0);
        break;
      case 'rendering': {
        const block = this.blocks[message.index];
        if (block) this.watchdog.started(block.code);
        break;
      }
      case 'rendered':
      case 'done':
        this.watchdog.stop();
        break;
      case 'reveal':
        if (this.uri) {
          const editor = await vscode.window.showTextDocument(this.uri, { viewColumn: vscode.ViewColumn.One });
          const pos = new vscode.Position(message.line, 0);
          editor.selection = new vscode.Selection(pos, pos);
          editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
        }
        break;
      case 'copySvg':
        await vscode.env.clipboard.writeText(message.svg);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('MLSD Studio: SVG copied'), 3000);
        break;
      case 'exportSvg':
      case 'exportPng': {
        const ext = message.type === 'exportSvg' ? 'svg' : 'png';
        const base = this.uri ? this.uri.path.split('/').pop()?.replace(/\.mlsd\.md$/, '') : 'diagram';
        const folder = this.uri ? vscode.Uri.joinPath(this.uri, '..') : undefined;
        const target = await vscode.window.showSaveDialog({
          defaultUri: folder ? vscode.Uri.joinPath(folder, `${base}-diagram-${message.index + 1}.${ext}`) : undefined,
          filters: ext === 'svg' ? { SVG: ['svg'] } : { PNG: ['png'] },
          saveLabel: vscode.l10n.t('Export'),
        });
        if (!target) return;
        const bytes = message.type === 'exportSvg' ? new TextEncoder().encode(message.svg) : Buffer.from(message.png, 'base64');
        await vscode.workspace.fs.writeFile(target, bytes);
        void vscode.window.setStatusBarMessage(vscode.l10n.t('MLSD Studio: diagram exported to {0}', target.fsPath), 4000);
        break;
      }
      case 'error':
        void vscode.window.showWarningMessage(vscode.l10n.t('MLSD preview: {0}', message.message));
        break;
    }
  }

  dispose(): void {
    this.watchdog.stop();
    if (this.debounce) clearTimeout(this.debounce);
    this.panel?.dispose();
    for (const s of this.subscriptions) s.dispose();
  }
}

/** Registers the command, the serializer and the preview. */
export function registerPreview(context: vscode.ExtensionContext, client: () => Promise<MlsdConnection | undefined>): ArchitecturePreview {
  const preview = new ArchitecturePreview(context, client);
  context.subscriptions.push(
    preview,
    vscode.commands.registerCommand('mlsd.openPreview', (uri?: vscode.Uri) => preview.open(uri ?? vscode.window.activeTextEditor?.document.uri)),
    vscode.window.registerWebviewPanelSerializer(VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state) => preview.restore(panel, state),
    }),
  );
  return preview;
}
