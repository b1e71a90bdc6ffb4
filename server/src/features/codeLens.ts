/** CodeLens: per-step check counts on step headings and the coverage total on the title. */
import { CodeLens } from 'vscode-languageserver/node';
import { AnswerDocument, Coverage } from '../engine';

/** Command the client implements to show the coverage report. */
export const SHOW_REPORT_COMMAND = 'mlsd.showCoverageReport';

/** Lenses for an analysed answer. */
export function codeLenses(uri: string, doc: AnswerDocument, coverage: Coverage): CodeLens[] {
  const lenses: CodeLens[] = [];
  const topLine = doc.headings.find((h) => h.isTitle)?.line ?? (doc.frontmatter && !doc.frontmatter.unclosed ? doc.frontmatter.endLine : 0);
  const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
  const promptPart = coverage.prompt ? ` · Prompt ${coverage.prompt.passed}/${coverage.prompt.applicable}` : '';
  lenses.push({
    range: at(Math.min(topLine, doc.lineCount - 1)),
    command: { title: `Coverage ${coverage.total}/100${promptPart} · Show report`, command: SHOW_REPORT_COMMAND, arguments: [uri] },
  });
  const seen = new Set<string>();
  for (const section of doc.sections) {
    const parts: string[] = [];
    for (const step of section.steps) {
      if (seen.has(step)) continue;
      seen.add(step);
      const s = coverage.steps[step];
      parts.push(`${s.title} · ${s.passed}/${s.applicable} checks`);
    }
    if (parts.length === 0) continue;
    lenses.push({ range: at(section.heading.line), command: { title: parts.join(' | '), command: SHOW_REPORT_COMMAND, arguments: [uri] } });
  }
  return lenses;
}
