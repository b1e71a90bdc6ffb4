/**
 * Quick fixes for MLSD diagnostics. Every edit only inserts text: applying any combination of them keeps the
 * author's original text as a subsequence of the result.
 */
import { CodeAction, CodeActionKind, Diagnostic, TextEdit, WorkspaceEdit } from 'vscode-languageserver/node';
import { AnswerDocument, Engine, StepId, STEP_IDS } from '../engine';
import { insertionLine } from '../engine/rules/sections';
import { detectStyle, skeletonBullets, skeletonSection } from './style';

/** The kind of the fix-all action (also requested on save with `editor.codeActionsOnSave`). */
export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.mlsd`;

/** Command the client implements to open a handbook entry. */
export const OPEN_HANDBOOK_COMMAND = 'mlsd.openHandbook';

/** Where the workspace config lives for an answer, and how to add a rule to it. */
export interface ConfigTarget {
  uri: string;
  /** Current text, or undefined when the file does not exist yet. */
  text?: string;
}

interface Inputs {
  uri: string;
  doc: AnswerDocument;
  engine: Engine;
  lines: string[];
  config?: ConfigTarget;
}

const insertAt = (line: number, character: number, text: string): TextEdit => ({
  range: { start: { line, character }, end: { line, character } },
  newText: text,
});

function edit(uri: string, edits: TextEdit[]): WorkspaceEdit {
  return { changes: { [uri]: edits } };
}

/** Inserting `text` so it starts on `line` (or at the end when `line` is past the last line). */
function insertBeforeLine(inputs: Inputs, line: number, text: string): TextEdit {
  if (line < inputs.lines.length) return insertAt(line, 0, text);
  const last = inputs.lines.length - 1;
  const lastText = inputs.lines[last] ?? '';
  const prefix = lastText.length > 0 ? '\n\n' : last > 0 && (inputs.lines[last - 1] ?? '') !== '' ? '\n' : '';
  return insertAt(last, lastText.length, prefix + text.replace(/\n$/, ''));
}

/** Blank-line padding so an inserted section stays a separate block. */
function padded(inputs: Inputs, line: number, text: string): string {
  const before = line > 0 ? inputs.lines[line - 1] ?? '' : '';
  return (line > 0 && line < inputs.lines.length && before.trim() !== '' ? '\n' : '') + text + (line < inputs.lines.length ? '\n' : '');
}

function missingSectionEdit(inputs: Inputs, step: StepId): TextEdit | undefined {
  const def = inputs.engine.compiled.steps.get(step);
  if (!def) return undefined;
  const line = insertionLine({ doc: inputs.doc }, step);
  return insertBeforeLine(inputs, line, padded(inputs, line, skeletonSection(inputs.engine, def, detectStyle(inputs.doc))));
}

/** Last line of a step's section that holds text (insertion goes after it). */
function endOfSection(inputs: Inputs, step: StepId): number | undefined {
  const section = inputs.doc.sections.find((s) => s.steps.includes(step));
  if (!section) return undefined;
  let line = section.endLine - 1;
  while (line > section.startLine && (inputs.lines[line] ?? '').trim() === '') line--;
  return line;
}

function stubEdit(inputs: Inputs, step: StepId, stub: string): TextEdit | undefined {
  const line = endOfSection(inputs, step);
  if (line === undefined) return undefined;
  const bullet = `- ${stub.trim().replace(/:$/, '')}: …`;
  const heading = inputs.doc.sections.find((s) => s.steps.includes(step))?.heading;
  const text = inputs.lines[line] ?? '';
  const isList = /^\s*([-*+]|\d+[.)])\s/.test(text);
  const sep = line === heading?.line || !isList ? '\n\n' : '\n';
  return insertAt(line, text.length, sep + bullet);
}

function topOfBody(inputs: Inputs): number {
  const fm = inputs.doc.frontmatter;
  return fm && !fm.unclosed ? fm.endLine : 0;
}

function configEdit(inputs: Inputs, rule: string): WorkspaceEdit | undefined {
  const target = inputs.config;
  if (!target) return undefined;
  const entry = `  ${/^[\w.-]+$/.test(rule) ? rule : JSON.stringify(rule)}: off`;
  if (target.text === undefined) {
    return {
      documentChanges: [
        { kind: 'create', uri: target.uri, options: { ignoreIfExists: true } },
        { textDocument: { uri: target.uri, version: null }, edits: [insertAt(0, 0, `rules:\n${entry}\n`)] },
      ],
    };
  }
  const lines = target.text.split(/\r?\n/);
  const rulesLine = lines.findIndex((l) => /^rules\s*:\s*$/.test(l));
  if (rulesLine >= 0) return edit(target.uri, [insertAt(rulesLine + 1, 0, `${entry}\n`)]);
  const last = lines.length - 1;
  const tail = lines[last] ?? '';
  return edit(target.uri, [insertAt(last, tail.length, `${tail.length > 0 ? '\n' : ''}rules:\n${entry}\n`)]);
}

function isMlsd(d: Diagnostic): boolean {
  return d.source === 'mlsd' && typeof d.code === 'string';
}

/** Code actions for the diagnostics in the request's context. */
export function codeActions(inputs: Inputs, diagnostics: Diagnostic[], only?: string[]): CodeAction[] {
  const actions: CodeAction[] = [];
  const wants = (kind: string): boolean => !only || only.some((k) => kind === k || kind.startsWith(`${k}.`));
  if (wants(CodeActionKind.QuickFix)) {
    for (const d of diagnostics.filter(isMlsd)) {
      const rule = d.code as string;
      const data = (d.data ?? {}) as { step?: StepId; stub?: string; handbook?: string; insertLine?: number };
      const stepDef = data.step ? inputs.engine.compiled.steps.get(data.step) : undefined;
      if (rule.endsWith('.section') && data.step && stepDef) {
        const present = inputs.doc.sections.some((s) => s.steps.includes(data.step as StepId));
        const change = present
          ? stubEditForEmpty(inputs, data.step)
          : missingSectionEdit(inputs, data.step);
        if (change) {
          actions.push({
            title: present ? `Add ${stepDef.title} prompts to fill the section` : `Insert ${stepDef.title} section`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: true,
            edit: edit(inputs.uri, [change]),
          });
        }
      } else if (data.step && data.stub) {
        const change = stubEdit(inputs, data.step, data.stub);
        if (change) {
          actions.push({
            title: `Add "${data.stub.trim().replace(/:$/, '')}" to ${stepDef?.title ?? data.step}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [d],
            isPreferred: true,
            edit: edit(inputs.uri, [change]),
          });
        }
      }
      // Inside a fenced diagram a comment would break the diagram: put it above the fence instead.
      const fence = inputs.doc.mermaid.find((m) => m.fenceLine < d.range.start.line && d.range.start.line <= m.endLine);
      const line = fence ? fence.fenceLine : d.range.start.line;
      actions.push({
        title: `Disable ${rule} for this line`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: edit(inputs.uri, [insertAt(line, 0, `<!-- mlsd-disable-next-line ${rule} -->\n`)]),
      });
      actions.push({
        title: `Disable ${rule} for this file`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [d],
        edit: edit(inputs.uri, [insertAt(topOfBody(inputs), 0, `<!-- mlsd-disable-file ${rule} -->\n`)]),
      });
      const cfg = configEdit(inputs, rule);
      if (cfg) actions.push({ title: `Disable ${rule} in workspace config (.mlsd.yaml)`, kind: CodeActionKind.QuickFix, diagnostics: [d], edit: cfg });
      if (data.handbook) {
        actions.push({
          title: `Open handbook: ${handbookTitle(inputs.engine, data.handbook)}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [d],
          command: { title: 'Open handbook', command: OPEN_HANDBOOK_COMMAND, arguments: [data.handbook] },
        });
      }
    }
  }
  if (only && only.some((k) => FIX_ALL_KIND === k || FIX_ALL_KIND.startsWith(`${k}.`) || k === CodeActionKind.Source)) {
    const fixAll = fixAllAction(inputs);
    if (fixAll) actions.push(fixAll);
  }
  return actions;
}

function stubEditForEmpty(inputs: Inputs, step: StepId): TextEdit | undefined {
  const section = inputs.doc.sections.find((s) => s.steps.includes(step));
  if (!section) return undefined;
  const line = section.heading.line;
  const text = inputs.lines[line] ?? '';
  return insertAt(line, text.length, '\n\n' + skeletonBullets(inputs.engine, step).join('\n'));
}

/** `source.fixAll.mlsd`: inserts every missing step at once, each at its template position. */
export function fixAllAction(inputs: Inputs): CodeAction | undefined {
  const missing = STEP_IDS.filter((s) => !inputs.doc.sections.some((sec) => sec.steps.includes(s)));
  if (missing.length === 0) return undefined;
  const edits = missing.map((s) => missingSectionEdit(inputs, s)).filter((e): e is TextEdit => !!e);
  // Edits at the same position apply in array order, so template order is preserved.
  return { title: `Insert ${missing.length} missing step section(s)`, kind: FIX_ALL_KIND, edit: edit(inputs.uri, edits) };
}

/** Human title of a handbook id such as "monitoring/drift-types". */
export function handbookTitle(engine: Engine, id: string): string {
  const [topicId, entryId] = id.split('/');
  const topic = engine.compiled.content.handbook.find((t) => t.id === topicId);
  const entry = topic?.entries.find((e) => e.id === entryId);
  return topic ? (entry ? `${topic.title} › ${entry.title}` : topic.title) : id;
}
