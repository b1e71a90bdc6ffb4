/** How an answer writes its step headings, so inserted text matches the author's style. */
import { AnswerDocument, Engine, StepDef, StepId } from '../engine';

/** The detected heading style of an answer. */
export interface HeadingStyle {
  level: number;
  numbering: 'dot' | 'paren' | 'step' | 'zh' | 'none';
  chinese: boolean;
}

const ZH_NUMBERS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

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

/** A step heading line in the given style, e.g. "## 6. Monitoring" or "## 第六步：监控". */
export function headingLine(step: StepDef, style: HeadingStyle): string {
  const title = style.chinese && step.zh ? step.zh : step.title;
  const hashes = '#'.repeat(Math.min(6, Math.max(1, style.level)));
  switch (style.numbering) {
    case 'zh':
      return `${hashes} 第${ZH_NUMBERS[step.number] ?? step.number}步：${title}`;
    case 'step':
      return `${hashes} Step ${step.number} – ${title}`;
    case 'paren':
      return `${hashes} ${step.number}) ${title}`;
    case 'dot':
      return `${hashes} ${step.number}. ${title}`;
    default:
      return `${hashes} ${title}`;
  }
}

/** Prompt bullets for a new section: the stubs of the step's first canonical checks. */
export function skeletonBullets(engine: Engine, step: StepId, max = 4): string[] {
  const checks = engine.compiled.checks.filter((c) => c.def.step === step && c.def.severity !== 'info' && c.def.id !== 'architecture.diagram');
  return checks.slice(0, max).map((c) => `- ${c.def.stub.trim().replace(/:$/, '')}: …`);
}

/** A full skeleton section (heading, blank line, bullets, blank line). */
export function skeletonSection(engine: Engine, step: StepDef, style: HeadingStyle): string {
  return [headingLine(step, style), '', ...skeletonBullets(engine, step.id), ''].join('\n') + '\n';
}
