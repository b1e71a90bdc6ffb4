/** Hover over a glossary term: its definition in our words and where the handbook covers it. */
import { Hover, MarkupKind } from 'vscode-languageserver/node';
import { Engine } from '../engine';
import { handbookTitle } from './codeActions';
import { escapeMarkdown, GlossaryIndex } from './glossary';

/** Hover for the term under the cursor, or null. The content is plain escaped Markdown: no links, no HTML. */
export function hover(engine: Engine, glossary: GlossaryIndex, lineText: string, line: number, character: number): Hover | null {
  const hit = glossary.at(lineText, character);
  if (!hit) return null;
  const { term } = hit;
  const title = escapeMarkdown(term.term) + (term.zh && !term.term.includes(term.zh) ? ` · ${escapeMarkdown(term.zh)}` : '');
  const step = engine.compiled.steps.get(term.step);
  const parts = [`**${title}**`, '', escapeMarkdown(term.definition)];
  const where = [step ? `Step ${step.number}: ${escapeMarkdown(step.title)}` : undefined, term.handbook ? `Handbook: ${escapeMarkdown(handbookTitle(engine, term.handbook))}` : undefined]
    .filter(Boolean)
    .join(' · ');
  if (where) parts.push('', `_${where}_`);
  return {
    contents: { kind: MarkupKind.Markdown, value: parts.join('\n') },
    range: { start: { line, character: hit.start }, end: { line, character: hit.end } },
  };
}
