/** "Start practice": a new `<prompt-id>.mlsd.md` with frontmatter and the seven-step skeleton. */
import * as vscode from 'vscode';
import type { ContentBundle } from '../../server/src/engine/types';
import { practiceAnswer } from '../../server/src/shared/skeleton';

async function chooseFolder(): Promise<vscode.Uri | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  const pickFolder = async (): Promise<vscode.Uri | undefined> =>
    (await vscode.window.showOpenDialog({ canSelectFolders: true, canSelectFiles: false, canSelectMany: false, openLabel: vscode.l10n.t('Create answer here') }))?.[0];
  if (folders.length === 0) return pickFolder();
  const items: (vscode.QuickPickItem & { uri?: vscode.Uri })[] = [
    ...folders.map((f) => ({ label: `$(root-folder) ${f.name}`, description: vscode.l10n.t('workspace root'), uri: f.uri })),
    { label: vscode.l10n.t('$(folder-opened) Choose a folder…') },
  ];
  const pick = folders.length === 1 && !vscode.workspace.getConfiguration('mlsd').get<boolean>('practice.askForFolder', false)
    ? items[0]
    : await vscode.window.showQuickPick(items, { title: vscode.l10n.t('Where should the answer go?') });
  if (!pick) return undefined;
  return pick.uri ?? pickFolder();
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Creates and opens a practice answer; returns its URI (never overwrites an existing file). */
export async function startPractice(content: ContentBundle, promptId?: string): Promise<vscode.Uri | undefined> {
  let prompt = content.prompts.find((p) => p.id === promptId);
  if (!prompt) {
    const pick = await vscode.window.showQuickPick(
      content.prompts.map((p) => ({ label: p.title, description: `${p.topic} · ${p.level}`, detail: p.brief, id: p.id })),
      { title: vscode.l10n.t('Pick a practice prompt'), matchOnDescription: true, matchOnDetail: true },
    );
    prompt = content.prompts.find((p) => p.id === pick?.id);
    if (!prompt) return undefined;
  }
  const folder = await chooseFolder();
  if (!folder) return undefined;
  let target = vscode.Uri.joinPath(folder, `${prompt.id}.mlsd.md`);
  for (let n = 2; await exists(target); n++) target = vscode.Uri.joinPath(folder, `${prompt.id}-${n}.mlsd.md`);
  const minutes = vscode.workspace.getConfiguration('mlsd').get<number>('timer.minutes', 45);
  const text = practiceAnswer(prompt, content.template.steps, content.checks, minutes);
  await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(text));
  const doc = await vscode.workspace.openTextDocument(target);
  await vscode.window.showTextDocument(doc);
  const start = vscode.l10n.t('Start timer');
  void vscode.window.showInformationMessage(vscode.l10n.t('Practice "{0}" created. Start the {1}-minute interview timer?', prompt.title, String(minutes)), start).then((choice) => {
    if (choice === start) void vscode.commands.executeCommand('mlsd.startTimer');
  });
  return target;
}
