/** `structure.order` and `structure.duplicate`: the steps appear once each, in template order. */
import { Heading } from '../parse';
import { STEP_IDS } from '../types';
import { headingRange, RuleModule } from './rule';

/** Indices (into `values`) of one longest non-decreasing subsequence. */
function longestNonDecreasing(values: number[]): Set<number> {
  const tails: number[] = [];
  const prev = new Array<number>(values.length).fill(-1);
  for (let i = 0; i < values.length; i++) {
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (values[tails[mid]] <= values[i]) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) prev[i] = tails[lo - 1];
    tails[lo] = i;
  }
  const keep = new Set<number>();
  for (let i = tails.length > 0 ? tails[tails.length - 1] : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}

export const structureRule: RuleModule = {
  name: 'structure',
  meta: () => [
    {
      id: 'structure.order',
      severity: 'warning',
      description: 'The seven steps appear in template order.',
      satisfiedBy: 'Step headings ordered Business goal, Data & features, Modeling, Architecture, MLOps, Monitoring, Governance; extra sections may sit anywhere.',
      example: '## 5. MLOps … then ## 6. Monitoring',
    },
    {
      id: 'structure.duplicate',
      severity: 'warning',
      description: 'Each step has one section.',
      satisfiedBy: 'No two headings map to the same step; put sub-topics under ### sub-headings instead.',
      example: '## 6. Monitoring\n### Drift\n### Alerting',
    },
    {
      id: 'structure.misplaced',
      severity: 'info',
      description: "A concept a step's check needs is written under another step's section.",
      satisfiedBy: 'Each concept written in the section of the step it belongs to (the check itself stays quiet either way).',
      example: 'Drift detection written under Monitoring rather than MLOps.',
    },
  ],
  run(ctx) {
    const stepHeadings: Heading[] = ctx.doc.sections.map((s) => s.heading);
    const firstSeen = new Map<string, Heading>();
    for (const h of stepHeadings) {
      for (const step of h.steps) {
        const earlier = firstSeen.get(step);
        if (earlier && earlier !== h) {
          const title = ctx.compiled.steps.get(step)?.title ?? step;
          ctx.report(
            'structure.duplicate',
            'warning',
            `${title} appears a second time (first at line ${earlier.line + 1}) — merge both into one section so the step reads as a whole.`,
            headingRange(ctx.doc, h),
            { step },
          );
        } else if (!earlier) firstSeen.set(step, h);
      }
    }
    const ordered = stepHeadings.filter((h) => firstSeen.get(h.steps[0]) === h);
    const numbers = ordered.map((h) => STEP_IDS.indexOf(h.steps[0]));
    const keep = longestNonDecreasing(numbers);
    ordered.forEach((h, i) => {
      if (keep.has(i)) return;
      const def = ctx.compiled.steps.get(h.steps[0]);
      const titleOf = (o: Heading): string => ctx.compiled.steps.get(o.steps[0])?.title ?? o.title;
      const earlierLater = ordered.slice(0, i).find((_, j) => numbers[j] > numbers[i]);
      const laterEarlier = ordered.slice(i + 1).find((_, j) => numbers[i + 1 + j] < numbers[i]);
      const relation = earlierLater
        ? `comes after ${titleOf(earlierLater)}`
        : laterEarlier
          ? `comes before ${titleOf(laterEarlier)}`
          : 'is out of place';
      ctx.report(
        'structure.order',
        'warning',
        `${def?.title ?? h.title} is step ${def?.number ?? '?'} but ${relation} — move it so the seven steps read in template order.`,
        headingRange(ctx.doc, h),
        { step: h.steps[0] },
      );
    });
  },
};
