/** `<step>.section`: every template step has a section with real content. */
import { hasRealContent } from '../text';
import { STEP_IDS, StepId } from '../types';
import { headingRange, lineRange, RuleContext, RuleModule } from './rule';

/** Steps with no section, or whose sections hold no real content. */
export function findAbsentSteps(ctx: Pick<RuleContext, 'doc'>): Map<StepId, 'missing' | 'empty'> {
  const absent = new Map<StepId, 'missing' | 'empty'>();
  for (const step of STEP_IDS) {
    const sections = ctx.doc.sections.filter((s) => s.steps.includes(step));
    if (sections.length === 0) absent.set(step, 'missing');
    else {
      const body = sections.flatMap((s) => s.blocks.map((b) => ctx.doc.blocks[b].body)).join('\n');
      if (!hasRealContent(body)) absent.set(step, 'empty');
    }
  }
  return absent;
}

/** Line before which a missing step's section belongs: the first heading of a later step, else the end. */
export function insertionLine(ctx: Pick<RuleContext, 'doc'>, step: StepId): number {
  const order = STEP_IDS.indexOf(step);
  let line = Number.POSITIVE_INFINITY;
  for (const s of ctx.doc.sections) {
    if (s.steps.some((id) => STEP_IDS.indexOf(id) > order) && !s.steps.some((id) => STEP_IDS.indexOf(id) < order)) {
      line = Math.min(line, s.startLine);
    }
  }
  return Number.isFinite(line) ? line : ctx.doc.lineCount;
}

export const sectionRule: RuleModule = {
  name: 'sections',
  meta: (compiled) =>
    compiled.content.template.steps.map((step) => ({
      id: `${step.id}.section`,
      severity: 'error',
      step: step.id,
      description: `Step ${step.number} (${step.title}: ${step.focus}) has a section with real content.`,
      satisfiedBy: `A heading such as "## ${step.number}. ${step.title}" (or an alias like ${step.aliases.slice(0, 3).map((a) => `"${a}"`).join(', ')}) followed by content covering ${step.covers}.`,
      example: `## ${step.number}. ${step.title}`,
    })),
  run(ctx) {
    for (const [step, state] of ctx.absentSteps) {
      const def = ctx.compiled.steps.get(step);
      if (!def) continue;
      if (state === 'missing') {
        const insertLine = insertionLine(ctx, step);
        const range = lineRange(ctx.doc, insertLine < ctx.doc.lineCount ? insertLine : ctx.doc.lineCount - 1);
        ctx.report(
          `${step}.section`,
          'error',
          `${def.title} section is missing — add step ${def.number} covering ${def.covers}.`,
          range,
          { step, insertLine, handbook: def.handbook },
        );
      } else {
        const heading = ctx.doc.sections.find((s) => s.steps.includes(step))?.heading;
        if (!heading) continue;
        ctx.report(
          `${step}.section`,
          'error',
          `${def.title} section has no real content yet — cover ${def.covers}.`,
          headingRange(ctx.doc, heading),
          { step, handbook: def.handbook },
        );
      }
    }
  },
};
