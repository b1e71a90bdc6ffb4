/** Tree contents for the sidebar views, computed from content and coverage without `vscode`. */
import type { Coverage, HandbookTopicDef, PromptDef, StepId } from '../../../server/src/engine/types';

/** A prompt topic with its prompts, senior before staff, then by title. */
export interface PromptGroup {
  topic: string;
  prompts: PromptDef[];
}

/** Groups prompts by topic (topics alphabetical). */
export function groupPrompts(prompts: readonly PromptDef[]): PromptGroup[] {
  const byTopic = new Map<string, PromptDef[]>();
  for (const p of prompts) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p]);
  const levelRank = (p: PromptDef): number => (p.level === 'staff' ? 1 : 0);
  return [...byTopic.entries()]
    .sort((a, b) => a[0].localeCompare(b[0]))
    .map(([topic, list]) => ({ topic, prompts: [...list].sort((a, b) => levelRank(a) - levelRank(b) || a.title.localeCompare(b.title)) }));
}

/** A step row of the checklist. */
export interface ChecklistStep {
  step: StepId;
  label: string;
  status: 'pass' | 'partial' | 'missing';
  description: string;
  line?: number;
  checks: { id: string; title: string; passed: boolean }[];
}

/** The checklist of one answer: the seven steps in order with their checks. */
export function checklist(coverage: Coverage, stepOrder: readonly StepId[]): ChecklistStep[] {
  return stepOrder.map((step, i) => {
    const s = coverage.steps[step];
    const status: ChecklistStep['status'] = !s.present ? 'missing' : s.missing.length === 0 ? 'pass' : 'partial';
    return {
      step,
      label: `${i + 1}. ${s.title}`,
      status,
      description: s.present ? `${s.passed}/${s.applicable}` : 'missing',
      line: s.line,
      checks: s.checks ?? [],
    };
  });
}

/** Handbook topics that follow a step (for "follow the cursor"). */
export function topicsForStep(handbook: readonly HandbookTopicDef[], step: StepId): HandbookTopicDef[] {
  return handbook.filter((t) => t.step === step);
}

/** A Markdown table for a handbook entry's table (cells escaped for pipes). */
export function markdownTable(columns: readonly string[], rows: readonly (readonly string[])[]): string {
  const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
  return [`| ${columns.map(cell).join(' | ')} |`, `| ${columns.map(() => '---').join(' | ')} |`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n') + '\n';
}
