/**
 * Skeleton text for answers and sections, built from content definitions alone (no compiled engine), so the
 * language server's quick fixes and the client's "Start practice" write the same headings and prompts.
 */
import type { CheckDef, PromptDef, StepDef, StepId } from '../engine/types';

/** How step headings are written. */
export interface HeadingStyle {
  level: number;
  numbering: 'dot' | 'paren' | 'step' | 'zh' | 'none';
  chinese: boolean;
}

/** The default style: "## 1. Business goal". */
export const DEFAULT_STYLE: HeadingStyle = { level: 2, numbering: 'dot', chinese: false };

const ZH_NUMBERS = ['零', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

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

/** Prompt bullets for a new section: the stubs of the step's first canonical (non-info) checks. */
export function skeletonBullets(checks: readonly CheckDef[], step: StepId, max = 4): string[] {
  return checks
    .filter((c) => c.step === step && c.severity !== 'info' && c.id !== 'architecture.diagram')
    .slice(0, max)
    .map((c) => `- ${c.stub.trim().replace(/:$/, '')}: …`);
}

/** A full skeleton section: heading, blank line, bullets, trailing newline. */
export function skeletonSection(checks: readonly CheckDef[], step: StepDef, style: HeadingStyle): string {
  return [headingLine(step, style), '', ...skeletonBullets(checks, step.id), ''].join('\n') + '\n';
}

/** A new practice answer for a prompt: frontmatter, title, the brief as a quote, and the seven-step skeleton. */
export function practiceAnswer(prompt: PromptDef, steps: readonly StepDef[], checks: readonly CheckDef[], timebox = 45): string {
  // The brief goes in a comment: visible while writing, never counted as the candidate's own evidence.
  const brief = `<!-- Prompt: ${prompt.brief.trim().replace(/--+>?/g, '–')} -->`;
  const sections = steps.map((s) => skeletonSection(checks, s, DEFAULT_STYLE)).join('');
  return `---\nprompt: ${prompt.id}\nlevel: ${prompt.level}\ntimebox: ${timebox}\n---\n# ${prompt.title}\n\n${brief}\n\n${sections}`;
}
