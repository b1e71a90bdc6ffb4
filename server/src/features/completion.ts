/**
 * Completion: missing step headings after `#` at the start of a line, frontmatter keys and values, and glossary
 * terms and tools in prose (offered only once a word has two letters, ranked below the user's own words).
 */
import { CompletionItem, CompletionItemKind, InsertTextFormat, MarkupKind } from 'vscode-languageserver/node';
import { AnswerDocument, Engine, STEP_IDS } from '../engine';
import { detectStyle, headingLine, skeletonBullets } from './style';

const FRONTMATTER_KEYS: { key: string; detail: string }[] = [
  { key: 'prompt', detail: 'practice prompt id: adds its key points as checks' },
  { key: 'level', detail: 'senior | staff: weights the coverage score' },
  { key: 'timebox', detail: 'interview length in minutes (default 45)' },
];

/** Completion items at a position of an answer. */
export function completions(engine: Engine, doc: AnswerDocument, lineText: string, line: number, character: number): CompletionItem[] {
  const before = lineText.slice(0, character);
  const fm = doc.frontmatter;
  if (fm && !fm.unclosed && line > fm.startLine && line < fm.endLine - 1) return frontmatterItems(engine, before);
  if (/^\s{0,3}#{1,6}\s*$/.test(before) || /^\s{0,3}#{1,6}\s+\S*$/.test(before)) return headingItems(engine, doc, before, line);
  const word = /([A-Za-z][\w-]{1,})$/.exec(before);
  if (!word) return [];
  return proseItems(engine, word[1]);
}

function headingItems(engine: Engine, doc: AnswerDocument, before: string, line: number): CompletionItem[] {
  const style = detectStyle(doc);
  const present = new Set(doc.sections.flatMap((s) => s.steps));
  const hashes = /#{1,6}/.exec(before)?.[0] ?? '#';
  const startChar = before.indexOf('#');
  return STEP_IDS.filter((s) => !present.has(s)).map((id, i) => {
    const def = engine.compiled.steps.get(id)!;
    const heading = headingLine(def, { ...style, level: hashes.length });
    const body = skeletonBullets(engine, id).join('\n');
    return {
      label: heading.replace(/^#+\s*/, ''),
      kind: CompletionItemKind.Module,
      detail: `Step ${def.number}: ${def.focus}`,
      documentation: { kind: MarkupKind.Markdown, value: `Covers ${def.covers}.` },
      sortText: String(i).padStart(2, '0'),
      filterText: before.slice(startChar) + ' ' + def.title,
      textEdit: { range: { start: { line, character: startChar }, end: { line, character: before.length } }, newText: `${heading}\n\n${body}\n` },
    };
  });
}

function frontmatterItems(engine: Engine, before: string): CompletionItem[] {
  const keyValue = /^\s*(prompt|level)\s*:\s*\S*$/.exec(before);
  if (keyValue?.[1] === 'prompt') {
    return engine.compiled.content.prompts.map((p) => ({
      label: p.id,
      kind: CompletionItemKind.EnumMember,
      detail: `${p.title} (${p.level})`,
      documentation: p.brief,
    }));
  }
  if (keyValue?.[1] === 'level') {
    return ['senior', 'staff'].map((l) => ({ label: l, kind: CompletionItemKind.EnumMember }));
  }
  if (/^\s*\w*$/.test(before)) {
    return FRONTMATTER_KEYS.map((k) => ({ label: k.key, kind: CompletionItemKind.Property, detail: k.detail, insertText: `${k.key}: ` }));
  }
  return [];
}

function proseItems(engine: Engine, prefix: string): CompletionItem[] {
  const lower = prefix.toLowerCase();
  const items: CompletionItem[] = [];
  for (const tool of engine.compiled.content.tools) {
    if (tool.name.toLowerCase().startsWith(lower) && tool.name.toLowerCase() !== lower) {
      items.push({ label: tool.name, kind: CompletionItemKind.Value, detail: `${tool.kind} · ${tool.detail}`, sortText: `z1${tool.name}` });
    }
  }
  for (const term of engine.compiled.content.glossary) {
    const form = term.match.find((m) => m.startsWith(lower) && m !== lower && /^[a-z]/.test(m));
    if (!form) continue;
    items.push({
      label: form,
      kind: CompletionItemKind.Text,
      detail: term.term,
      documentation: term.definition,
      sortText: `z2${form}`,
      insertTextFormat: InsertTextFormat.PlainText,
    });
  }
  return items.slice(0, 30);
}
