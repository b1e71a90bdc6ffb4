/**
 * MLSD Studio extension entry point. Activation stays cheap: views and commands are registered, and the language
 * client starts only when the first `*.mlsd.md` answer is opened (or a command needs it).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ConnectionHooks, MlsdConnection } from './lsp';
import { CrashWindow } from './models/crashes';
import type { ContentBundle, Coverage, StepId } from '../../server/src/engine/types';
// Only the constant: importing the protocol's request objects would pull the LSP libraries into this bundle.
const ANSWER_SUFFIX = '.mlsd.md';
import { HandbookPanel } from './handbookPanel';
import { showHistory } from './historyPanel';
import { startPractice } from './practice';
import { registerPreview } from './previewPanel';
import { mlsdPreviewPlugin } from './markdownPreview';
import { InterviewTimer, readHistory } from './timer';
import { topicsForStep } from './models/trees';
import { ChecklistTree, HandbookTree, PromptsTree } from './views/trees';

/** Document selector of MLSD answers: Markdown files named *.mlsd.md. */
export const ANSWER_SELECTOR = [{ language: 'markdown', pattern: '**/*.mlsd.md' }];

let client: MlsdConnection | undefined;
let starting: Promise<void> | undefined;
let content: ContentBundle | undefined;
const coverageByUri = new Map<string, Coverage>();
let statusItem: vscode.StatusBarItem | undefined;
let checklistTree: ChecklistTree | undefined;
let lastAnswerEditor: vscode.TextEditor | undefined;
const crashes = new CrashWindow(5, 3);

function isAnswer(doc: vscode.TextDocument): boolean {
  return doc.uri.path.toLowerCase().endsWith(ANSWER_SUFFIX);
}

function loadContent(context: vscode.ExtensionContext): ContentBundle {
  content ??= JSON.parse(fs.readFileSync(context.asAbsolutePath(path.join('dist', 'content.json')), 'utf8')) as ContentBundle;
  return content;
}

function createClient(context: vscode.ExtensionContext): MlsdConnection {
  // Loaded on demand from its own bundle (see lsp.ts); the require path is dynamic on purpose.
  const lsp = require(context.asAbsolutePath(path.join('dist', 'lsp.js'))) as typeof import('./lsp');
  const hooks: ConnectionHooks = {
    serverModule: context.asAbsolutePath(path.join('dist', 'server.js')),
    workspaceTrusted: vscode.workspace.isTrusted,
    onCoverage: (uri, coverage) => {
      const before = coverageByUri.get(uri);
      coverageByUri.set(uri, coverage);
      refreshActive();
      // Badges in the built-in preview only change when a step's count changes: refresh it then, not on every keystroke.
      const counts = (c: Coverage): string => JSON.stringify(Object.values(c.steps).map((s) => [s.line, s.passed, s.applicable]));
      if (!before || counts(before) !== counts(coverage)) {
        void vscode.commands.executeCommand('markdown.preview.refresh').then(undefined, () => undefined);
      }
    },
    onClosed: () => {
      if (crashes.record(Date.now())) return true;
      const restart = vscode.l10n.t('Restart server');
      void vscode.window
        .showErrorMessage(
          vscode.l10n.t('The MLSD language server stopped {0} times in {1} minutes and will not be restarted automatically.', String(crashes.limit), String(crashes.windowMinutes)),
          restart,
        )
        .then((choice) => {
          if (choice === restart) {
            crashes.reset();
            void vscode.commands.executeCommand('mlsd.restartServer');
          }
        });
      return false;
    },
  };
  return lsp.createConnection(hooks);
}

/** Starts the language client once; later calls wait for the same start. */
function ensureStarted(context: vscode.ExtensionContext): Promise<void> {
  if (!starting) {
    client = createClient(context);
    starting = client.start().catch((error: unknown) => {
      void vscode.window.showErrorMessage(vscode.l10n.t('MLSD Studio: the language server failed to start ({0}).', String(error)));
    });
  }
  return starting;
}

function activeAnswer(): vscode.TextEditor | undefined {
  const editor = vscode.window.activeTextEditor;
  return editor && isAnswer(editor.document) ? editor : undefined;
}

/** Updates the status bar and the checklist for the active answer. */
function refreshActive(): void {
  const editor = activeAnswer() ?? (lastAnswerEditor && !lastAnswerEditor.document.isClosed ? lastAnswerEditor : undefined);
  const uri = editor?.document.uri.toString();
  const coverage = uri ? coverageByUri.get(uri) : undefined;
  checklistTree?.update(uri, coverage);
  if (!statusItem) return;
  if (!coverage || !activeAnswer()) {
    statusItem.hide();
    return;
  }
  statusItem.text = `$(checklist) MLSD ${coverage.total}/100`;
  statusItem.tooltip = vscode.l10n.t('Coverage {0}/100 ({1}) · production readiness {2}/100 — click for the report', String(coverage.total), coverage.level, String(coverage.readiness));
  statusItem.show();
}

async function coverageFor(uri: vscode.Uri): Promise<Coverage | undefined> {
  const known = coverageByUri.get(uri.toString());
  if (known) return known;
  if (!client) return undefined;
  return (await client.coverage(uri.toString())) ?? undefined;
}

async function revealLine(uri: vscode.Uri, line: number | undefined): Promise<void> {
  const editor = await vscode.window.showTextDocument(uri);
  if (line === undefined) return;
  const pos = new vscode.Position(line, 0);
  editor.selection = new vscode.Selection(pos, pos);
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
}

async function showCoverageReport(uriArg?: string | vscode.Uri): Promise<void> {
  const uri = typeof uriArg === 'string' ? vscode.Uri.parse(uriArg) : uriArg ?? activeAnswer()?.document.uri;
  if (!uri) return;
  const coverage = await coverageFor(uri);
  if (!coverage) {
    void vscode.window.showInformationMessage(vscode.l10n.t('MLSD Studio: open a *.mlsd.md answer to see its coverage.'));
    return;
  }
  const items = Object.values(coverage.steps).map((s) => ({
    label: `${s.present ? (s.missing.length === 0 ? '$(pass)' : '$(warning)') : '$(error)'} ${s.title}`,
    description: s.present ? vscode.l10n.t('{0}/{1} checks', String(s.passed), String(s.applicable)) : vscode.l10n.t('section missing'),
    detail: s.missing.length > 0 ? vscode.l10n.t('Missing: {0}', s.missing.join(', ')) : undefined,
    line: s.line,
  }));
  const prompt = coverage.prompt ? vscode.l10n.t(' · prompt {0}/{1}', String(coverage.prompt.passed), String(coverage.prompt.applicable)) : '';
  const pick = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('Coverage {0}/100 · readiness {1}/100{2}', String(coverage.total), String(coverage.readiness), prompt),
    placeHolder: vscode.l10n.t('Select a step to jump to its heading'),
  });
  if (pick) await revealLine(uri, pick.line);
}

async function lintWorkspace(context: vscode.ExtensionContext): Promise<void> {
  const files = await vscode.workspace.findFiles('**/*.mlsd.md', '**/{node_modules,.git}/**');
  if (files.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('MLSD Studio: no *.mlsd.md answers in this workspace.'));
    return;
  }
  await ensureStarted(context);
  const c = client;
  if (!c) return;
  let findings = 0;
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('MLSD: linting answers'), cancellable: true },
    async (progress, token) => {
      const batch = 10;
      for (let i = 0; i < files.length && !token.isCancellationRequested; i += batch) {
        const slice = files.slice(i, i + batch);
        progress.report({ message: `${Math.min(i + batch, files.length)}/${files.length}`, increment: (slice.length / files.length) * 100 });
        findings += (await c.lintFiles(slice.map((u) => u.toString()))).findings;
      }
    },
  );
  void vscode.window.showInformationMessage(vscode.l10n.t('MLSD Studio: checked {0} answer(s), {1} finding(s) in closed files — see the Problems panel.', String(files.length), String(findings)));
}

/** Offers the quick fixes of a failed check (from the Checklist view). */
async function fixCheck(uriText: string, rule: string): Promise<void> {
  const uri = vscode.Uri.parse(uriText);
  const diagnostic = vscode.languages.getDiagnostics(uri).find((d) => d.source === 'mlsd' && (typeof d.code === 'object' ? d.code.value : d.code) === rule);
  await revealLine(uri, diagnostic?.range.start.line);
  if (!diagnostic) return;
  const actions = (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value)) ?? [];
  const relevant = actions.filter((a) => a.diagnostics?.some((d) => d.message === diagnostic.message));
  const pick = await vscode.window.showQuickPick(relevant.map((a) => ({ label: a.title, action: a })), { title: diagnostic.message });
  if (!pick) return;
  if (pick.action.edit) await vscode.workspace.applyEdit(pick.action.edit);
  if (pick.action.command) await vscode.commands.executeCommand(pick.action.command.command, ...(pick.action.command.arguments ?? []));
}

async function searchHandbook(context: vscode.ExtensionContext, panel: HandbookPanel): Promise<void> {
  const c = loadContent(context);
  type Item = vscode.QuickPickItem & { entry?: string; term?: string };
  const items: Item[] = [
    { label: vscode.l10n.t('Handbook'), kind: vscode.QuickPickItemKind.Separator },
    ...c.handbook.flatMap((t) => t.entries.map((e) => ({ label: `$(book) ${e.title}`, description: t.title, detail: e.summary, entry: `${t.id}/${e.id}` }))),
    { label: vscode.l10n.t('Glossary'), kind: vscode.QuickPickItemKind.Separator },
    ...c.glossary.map((g) => ({ label: `$(symbol-key) ${g.term}`, description: g.zh, detail: g.definition, term: g.id, entry: g.handbook })),
  ];
  const pick = await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Search handbook'), matchOnDescription: true, matchOnDetail: true });
  if (!pick) return;
  if (pick.entry) panel.show(pick.entry);
  else if (pick.term) void vscode.window.showInformationMessage(`${pick.label.replace(/^\$\([^)]+\)\s*/, '')}: ${pick.detail ?? ''}`);
}

async function startTimerCommand(timer: InterviewTimer, context: vscode.ExtensionContext): Promise<void> {
  const editor = activeAnswer() ?? lastAnswerEditor;
  let minutes = vscode.workspace.getConfiguration('mlsd').get<number>('timer.minutes', 45);
  let prompt: string | undefined;
  if (editor) {
    await ensureStarted(context);
    const info = client ? await client.answerInfo(editor.document.uri.toString()) : null;
    if (info?.timebox) minutes = info.timebox;
    prompt = info?.prompt;
  }
  await timer.start(minutes, prompt, editor?.document.uri.toString());
}

/** Called by VS Code on activation; the returned API extends the built-in Markdown preview. */
export function activate(context: vscode.ExtensionContext): { extendMarkdownIt: ReturnType<typeof mlsdPreviewPlugin> } {
  const getContent = (): ContentBundle => loadContent(context);
  const stepOrder = (): StepId[] => getContent().template.steps.map((s) => s.id);
  statusItem = vscode.window.createStatusBarItem('mlsd.coverage', vscode.StatusBarAlignment.Right, 100);
  statusItem.name = vscode.l10n.t('MLSD coverage');
  statusItem.command = 'mlsd.showCoverageReport';
  const handbookTree = new HandbookTree(getContent);
  checklistTree = new ChecklistTree(stepOrder);
  const handbookView = vscode.window.createTreeView('mlsd.handbook', { treeDataProvider: handbookTree, showCollapseAll: true });
  const panel = new HandbookPanel(context, () => getContent().handbook, () => (lastAnswerEditor && !lastAnswerEditor.document.isClosed ? lastAnswerEditor : vscode.window.visibleTextEditors[0]));
  const timer = new InterviewTimer(context, (uri) => coverageByUri.get(uri)?.total);
  const maybeStart = (doc: vscode.TextDocument): void => {
    if (isAnswer(doc)) void ensureStarted(context);
  };
  let followTimer: NodeJS.Timeout | undefined;
  let followedStep: string | undefined;
  const followCursor = (editor: vscode.TextEditor): void => {
    if (!vscode.workspace.getConfiguration('mlsd').get<boolean>('handbook.followCursor', true) || !handbookView.visible || !client) return;
    if (followTimer) clearTimeout(followTimer);
    followTimer = setTimeout(async () => {
      const step = await client?.stepAt(editor.document.uri.toString(), editor.selection.active.line);
      if (!step || step === followedStep) return;
      followedStep = step;
      const topic = topicsForStep(getContent().handbook, step as StepId)[0];
      if (topic) await handbookView.reveal(handbookTree.topicNode(topic), { expand: true, select: true, focus: false });
    }, 300);
  };
  context.subscriptions.push(
    statusItem,
    timer,
    handbookView,
    vscode.window.createTreeView('mlsd.checklist', { treeDataProvider: checklistTree }),
    vscode.window.createTreeView('mlsd.prompts', { treeDataProvider: new PromptsTree(getContent) }),
    vscode.commands.registerCommand('mlsd.restartServer', async () => {
      if (!client) return ensureStarted(context);
      crashes.reset();
      if (client.isRunning()) await client.restart();
      else await client.start();
      void vscode.window.setStatusBarMessage(vscode.l10n.t('MLSD Studio: language server restarted'), 3000);
    }),
    vscode.commands.registerCommand('mlsd.openHandbook', (id: string) => panel.show(id)),
    vscode.commands.registerCommand('mlsd.searchHandbook', () => searchHandbook(context, panel)),
    vscode.commands.registerCommand('mlsd.showCoverageReport', (uri?: string | vscode.Uri) => showCoverageReport(uri)),
    vscode.commands.registerCommand('mlsd.lintWorkspace', () => lintWorkspace(context)),
    vscode.commands.registerCommand('mlsd.startPractice', (arg?: string | { prompt?: { id: string } }) =>
      startPractice(getContent(), typeof arg === 'string' ? arg : arg?.prompt?.id),
    ),
    vscode.commands.registerCommand('mlsd.revealStep', (uri: string, _step: string, line?: number) => revealLine(vscode.Uri.parse(uri), line)),
    vscode.commands.registerCommand('mlsd.fixCheck', (uri: string, rule: string) => fixCheck(uri, rule)),
    vscode.commands.registerCommand('mlsd.startTimer', () => startTimerCommand(timer, context)),
    vscode.commands.registerCommand('mlsd.nextPhase', () => timer.next()),
    vscode.commands.registerCommand('mlsd.pauseTimer', () => timer.togglePause()),
    vscode.commands.registerCommand('mlsd.stopTimer', () => timer.stop()),
    vscode.commands.registerCommand('mlsd.timerMenu', () => timer.menu()),
    vscode.commands.registerCommand('mlsd.showHistory', () => showHistory(context, readHistory(context))),
    vscode.window.onDidChangeActiveTextEditor((editor) => {
      if (editor && isAnswer(editor.document)) lastAnswerEditor = editor;
      refreshActive();
    }),
    vscode.window.onDidChangeTextEditorSelection((e) => {
      if (isAnswer(e.textEditor.document)) followCursor(e.textEditor);
    }),
    vscode.workspace.onDidOpenTextDocument(maybeStart),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      coverageByUri.delete(doc.uri.toString());
      refreshActive();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(() => {
      client?.setTrust(true);
    }),
    { dispose: () => void client?.stop() },
  );
  registerPreview(context, async () => {
    await ensureStarted(context);
    return client;
  });
  if (activeAnswer()) lastAnswerEditor = activeAnswer();
  vscode.workspace.textDocuments.forEach(maybeStart);
  return { extendMarkdownIt: mlsdPreviewPlugin((uri) => coverageByUri.get(uri)) };
}

/** Called by VS Code on deactivation. */
export async function deactivate(): Promise<void> {
  await client?.stop();
}
