/**
 * Per-step content checks driven by `content/rules/<step>.yaml`: each check's evidence must appear in its step's
 * section. Evidence found only in another section keeps the check quiet and earns a `structure.misplaced` hint.
 */
import { CompiledCheck } from '../content';
import { hasAny, unmetGroups } from '../evidence';
import { STEP_IDS } from '../types';
import { headingRange, RuleContext, RuleModule, stepHeading } from './rule';

/** Result of evaluating one check against an answer. */
export type CheckOutcome = 'pass' | 'misplaced' | 'fail' | 'not-applicable';

/** Evaluates one check; pure apart from reading the shared evidence index. */
export function evaluateCheck(ctx: Pick<RuleContext, 'doc' | 'evidence'>, check: CompiledCheck): { outcome: CheckOutcome; foundIn?: number } {
  const { def } = check;
  if (check.appliesWhen && check.appliesWhen.length > 0 && !hasAny(ctx.evidence.document(), check.appliesWhen)) {
    return { outcome: 'not-applicable' };
  }
  if (def.id === 'architecture.diagram') {
    // The only check whose evidence is structural: a fenced Mermaid block anywhere in the answer.
    return { outcome: ctx.doc.mermaid.length > 0 ? 'pass' : 'fail' };
  }
  if (check.groups.length === 0) return { outcome: 'pass' };
  if (def.together) return evaluateTogether(ctx, check);
  if (unmetGroups(ctx.evidence.step(def.step), check.groups).length === 0) return { outcome: 'pass' };
  if (unmetGroups(ctx.evidence.document(), check.groups).length > 0) return { outcome: 'fail' };
  // Covered elsewhere when one other section, with what the step's own section says, states the whole concept
  // (a business KPI under Business and its offline metric under Modeling); words scattered over several other
  // sections are not enough.
  const own = new Set(ctx.evidence.blocksOfStep(def.step));
  const ownTerms = ctx.evidence.step(def.step);
  const unmetHere = new Set(unmetGroups(ownTerms, check.groups));
  const rest = check.groups.filter((g) => unmetHere.has(g.label));
  for (const step of STEP_IDS) {
    if (step === def.step || def.notCoveredBy?.includes(step)) continue;
    const blocks = ctx.evidence.blocksOfStep(step).filter((b) => !own.has(b));
    if (blocks.length > 0 && unmetGroups(ctx.evidence.step(step), rest).length === 0) return { outcome: 'misplaced', foundIn: blocks[0] };
  }
  const inSteps = new Set(STEP_IDS.flatMap((step) => ctx.evidence.blocksOfStep(step)));
  const loose = ctx.evidence.blockTerms.findIndex((set, b) => !inSteps.has(b) && unmetGroups(set, check.groups).length === 0);
  return loose >= 0 ? { outcome: 'misplaced', foundIn: loose } : { outcome: 'fail' };
}

/** A check whose groups must meet in one line: own step's lines first, then any other line (misplaced). */
function evaluateTogether(ctx: Pick<RuleContext, 'doc' | 'evidence'>, check: CompiledCheck): { outcome: CheckOutcome; foundIn?: number } {
  const allMet = (terms: Set<number>): boolean => unmetGroups(terms, check.groups).length === 0;
  const meets = (block: number): boolean => ctx.evidence.someUnit(allMet, allMet, [block]);
  const own = ctx.evidence.blocksOfStep(check.def.step);
  if (own.some(meets)) return { outcome: 'pass' };
  const excluded = new Set([...own, ...(check.def.notCoveredBy ?? []).flatMap((step) => ctx.evidence.blocksOfStep(step))]);
  const elsewhere = ctx.doc.blocks.findIndex((_, b) => !excluded.has(b) && meets(b));
  return elsewhere >= 0 ? { outcome: 'misplaced', foundIn: elsewhere } : { outcome: 'fail' };
}

export const contentCheckRule: RuleModule = {
  name: 'content-checks',
  meta: (compiled) =>
    compiled.checks.map(({ def }) => ({
      id: def.id,
      severity: def.severity,
      step: def.step,
      description: def.title + (def.why ? ` — ${def.why}` : ''),
      satisfiedBy:
        def.id === 'architecture.diagram'
          ? 'A fenced ```mermaid diagram in the answer.'
          : def.evidence.map((g) => `${g.label} (${g.min && g.min > 1 ? `${g.min} of ` : ''}${g.terms.slice(0, 8).join(', ')}${g.terms.length > 8 ? ', …' : ''})`).join('; and ') +
            (def.appliesWhen ? `. Applies only when the answer mentions ${def.appliesWhen.slice(0, 5).join(', ')}…` : ''),
      example: def.example,
    })),
  run(ctx) {
    for (const check of ctx.compiled.checks) {
      const { def } = check;
      if (ctx.absentSteps.has(def.step) || ctx.config.disabledSteps.includes(def.step)) continue;
      const { outcome, foundIn } = evaluateCheck(ctx, check);
      const heading = stepHeading(ctx.doc, def.step);
      if (!heading) continue;
      if (outcome === 'fail') {
        ctx.report(def.id, def.severity, def.message, headingRange(ctx.doc, heading), {
          step: def.step,
          stub: def.stub,
          handbook: def.handbook,
        });
      } else if (outcome === 'misplaced' && foundIn !== undefined) {
        const block = ctx.doc.blocks[foundIn];
        const stepTitle = ctx.compiled.steps.get(def.step)?.title ?? def.step;
        const where = block.heading ? `"${block.heading.title}"` : 'the introduction';
        const line = block.heading ? block.heading.line : block.startLine;
        ctx.report(
          'structure.misplaced',
          'info',
          `${def.title} (${def.id}) is covered under ${where} — it belongs in the ${stepTitle} section.`,
          block.heading ? headingRange(ctx.doc, block.heading) : { start: { line, character: 0 }, end: { line, character: 0 } },
          { step: def.step },
        );
      }
    }
  },
};
