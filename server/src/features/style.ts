/** How an answer writes its step headings, so inserted text matches the author's style. */
import { AnswerDocument, Engine, StepDef, StepId } from '../engine';
import { headingLine, HeadingStyle, skeletonBullets as sharedBullets, skeletonSection as sharedSection } from '../shared/skeleton';

export { headingLine };
export type { HeadingStyle };

/** Infers heading level, numbering and language from the answer's existing step headings. */
export function detectStyle(doc: AnswerDocument): HeadingStyle {
  const steps = doc.sections.map((s) => s.heading).filter((h) => h.markup);
  if (steps.length === 0) {
    const nonTitle = doc.headings.filter((h) => !h.isTitle && h.markup);
    return { level: nonTitle[0]?.level ?? (doc.headings.some((h) => h.isTitle) ? 2 : 2), numbering: 'dot', chinese: false };
  }
  const levels = new Map<number, number>();
  for (const h of steps) levels.set(h.level, (levels.get(h.level) ?? 0) + 1);
  const level = [...levels.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0])[0][0];
  const count = (re: RegExp): number => steps.filter((h) => re.test(h.text)).length;
  const votes: [HeadingStyle['numbering'], number][] = [
    ['zh', count(/^\s*第\s*[\d一二三四五六七八九十]+\s*步/)],
    ['step', count(/^\s*step\s*\d+/i)],
    ['paren', count(/^\s*\d+\s*\)/)],
    ['dot', count(/^\s*\d+\s*[.:：]/)],
  ];
  const best = votes.sort((a, b) => b[1] - a[1])[0];
  const chinese = steps.filter((h) => /[\u4e00-\u9fff]/.test(h.text)).length * 2 > steps.length;
  return { level, numbering: best[1] > 0 ? best[0] : 'none', chinese };
}

/** Prompt bullets for a new section, from the engine's checks. */
export function skeletonBullets(engine: Engine, step: StepId, max = 4): string[] {
  return sharedBullets(engine.compiled.content.checks, step, max);
}

/** A full skeleton section (heading, blank line, bullets, blank line). */
export function skeletonSection(engine: Engine, step: StepDef, style: HeadingStyle): string {
  return sharedSection(engine.compiled.content.checks, step, style);
}
