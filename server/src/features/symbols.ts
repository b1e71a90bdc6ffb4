/** Document symbols: the answer grouped by step (extra sections included) for the outline and breadcrumbs. */
import { DocumentSymbol, SymbolKind } from 'vscode-languageserver/node';
import { AnswerDocument, Engine } from '../engine';

/** Nested symbols following heading levels; step headings carry their step in `detail`. */
export function documentSymbols(engine: Engine, doc: AnswerDocument): DocumentSymbol[] {
  const roots: DocumentSymbol[] = [];
  const stack: { level: number; symbol: DocumentSymbol }[] = [];
  doc.headings.forEach((h, i) => {
    const next = doc.headings.slice(i + 1).find((o) => o.level <= h.level);
    const endLine = Math.max(h.line, (next ? next.line : doc.lineCount) - 1);
    const steps = h.steps.map((s) => engine.compiled.steps.get(s)).filter((s) => !!s);
    const symbol: DocumentSymbol = {
      name: h.text || '(untitled)',
      detail: steps.length > 0 ? steps.map((s) => `Step ${s!.number} · ${s!.title}`).join(' + ') : h.nonTemplate ? 'extra section' : h.isTitle ? 'title' : '',
      kind: steps.length > 0 ? SymbolKind.Module : h.isTitle ? SymbolKind.File : SymbolKind.String,
      range: { start: { line: h.line, character: 0 }, end: { line: endLine, character: doc.lineLengths[endLine] ?? 0 } },
      selectionRange: { start: { line: h.line, character: 0 }, end: { line: h.line, character: doc.lineLengths[h.line] ?? 0 } },
      children: [],
    };
    while (stack.length > 0 && stack[stack.length - 1].level >= h.level) stack.pop();
    if (stack.length > 0) stack[stack.length - 1].symbol.children!.push(symbol);
    else roots.push(symbol);
    stack.push({ level: h.level, symbol });
  });
  return roots;
}
