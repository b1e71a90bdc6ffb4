/**
 * Cross-section checks: each fires only when its trigger is present in the answer and the mitigation is absent.
 * Term sets come from `content/rules/consistency.yaml`; the logic that combines them lives here.
 */
import { hasAny } from '../evidence';
import { StepId } from '../types';
import { anchorForStep, RuleContext, RuleModule } from './rule';

type Sets = Record<string, number[]>;

/** Smallest latency in milliseconds written in the answer ("50 ms", "0.2 s", "30毫秒"), if any. */
export function smallestLatencyMs(text: string): number | undefined {
  let best: number | undefined;
  // (?<!\d): start only at the first digit of a number; otherwise a long run of digits is scanned once per digit.
  const re = /(?<!\d)(\d+(?:\.\d+)?)\s*(ms|msec|milliseconds?|毫秒)(?![a-z])/gi;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const value = Number(m[1]);
    if (Number.isFinite(value) && (best === undefined || value < best)) best = value;
  }
  return best;
}

// "7B parameters" / "a 13B model": compact magnitudes are folded into the number during normalisation.
const BILLION_PARAMS = /\b\d+(?:\.\d+)?\s*b(?:illion)?\b[\s-]*(?:param|parameter|model|llm)/i;

interface Trigger {
  id: string;
  /** True when the answer is internally inconsistent in this way. */
  fires(ctx: RuleContext, has: (set: string, scope?: StepId[]) => boolean): boolean;
}

const TRIGGERS: Trigger[] = [
  {
    id: 'consistency.latency-model',
    fires: (ctx, has) => {
      const ms = smallestLatencyMs(ctx.doc.text);
      const heavy = has('heavyModel') || BILLION_PARAMS.test(ctx.doc.text);
      return ms !== undefined && ms <= 50 && heavy && !has('mitigation');
    },
  },
  { id: 'consistency.realtime-features', fires: (_, has) => has('realtimeNeed') && has('batchOnly') && !has('streaming') },
  {
    id: 'consistency.imbalance',
    fires: (_, has) => has('rare') && (!has('handling') || (has('accuracyMetric') && !has('betterMetric'))),
  },
  { id: 'consistency.temporal-split', fires: (_, has) => has('randomSplit') && has('temporalDomain') && !has('timeSplit') },
  {
    id: 'consistency.delayed-labels',
    fires: (_, has) => has('delayedDomain') && has('immediateAccuracy') && !has('delayAware'),
  },
  {
    id: 'consistency.drift-action',
    fires: (ctx, has) => {
      const scope: StepId[] | undefined = ctx.absentSteps.has('monitoring') ? undefined : ['monitoring'];
      return has('drift', scope) && !has('action', scope);
    },
  },
  { id: 'consistency.pii-handling', fires: (_, has) => has('piiFeatures') && !has('protection') },
  { id: 'consistency.llm-eval', fires: (_, has) => has('llm') && !has('evaluation') },
];

export const consistencyRule: RuleModule = {
  name: 'consistency',
  meta: (compiled) =>
    [...compiled.consistency.values()].map(({ def }) => ({
      id: def.id,
      severity: def.severity,
      step: def.step,
      description: def.title + (def.why ? ` — ${def.why}` : ''),
      satisfiedBy: `Fires only when its trigger is present; quiet when ${Object.keys(def.sets).join(' / ')} terms show the design handles it.`,
      example: def.message,
    })),
  run(ctx) {
    for (const trigger of TRIGGERS) {
      const compiled = ctx.compiled.consistency.get(trigger.id);
      if (!compiled) continue;
      const sets: Sets = compiled.sets;
      const has = (name: string, scope?: StepId[]): boolean => {
        if (!scope) return hasAny(ctx.evidence.document(), sets[name]);
        return scope.some((step) => hasAny(ctx.evidence.step(step), sets[name]));
      };
      if (trigger.fires(ctx, has)) {
        const { def } = compiled;
        ctx.report(def.id, def.severity, def.message, anchorForStep(ctx.doc, def.step), { step: def.step, handbook: def.handbook });
      }
    }
  },
};
