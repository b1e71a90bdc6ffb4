/** `<step>.section`: every template step has a section with real content. */
import { countWords } from '../text';
import { STEP_IDS, StepId } from '../types';
import { headingRange, lineRange, RuleContext, RuleModule } from './rule';

const PLACEHOLDER =
  /\b(?:todo|tbd|tba|tbc|fixme|xxx|wip|n\/a|coming soon|later|to follow|to be (?:done|written|added|decided|defined|filled in))\b|待补充|待完成|待定|未完成|后续再考虑|后续再补|后续补充|后续再说|以后再说|后面再说|稍后补充|暂无|暂略|待续|待補充|後續再考慮|以後再說/gi;
const MIN_WORDS = 4;

// A placeholder marks the section as unfinished unless real prose sits beside it ("TBD — after the infra review").
const MIN_WORDS_WITH_PLACEHOLDER = 12;

/** True when the text holds at least a short sentence of real content once placeholders are removed. */
export function hasRealContent(text: string): boolean {
  // A dozen words decide it; reading the start of the section is enough however long it is.
  text = text.slice(0, 2000);
  const stripped = text.replace(PLACEHOLDER, ' ');
  const words = countWords(stripped, MIN_WORDS_WITH_PLACEHOLDER);
  return stripped === text ? words >= MIN_WORDS : words >= MIN_WORDS_WITH_PLACEHOLDER;
}

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
