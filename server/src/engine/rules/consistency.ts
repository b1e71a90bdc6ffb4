/**
 * Cross-section checks: each fires only when its trigger is present in the answer and the mitigation is absent.
 * Term sets come from `content/rules/consistency.yaml`; the logic that combines them lives here.
 */
import { hasAny } from '../evidence';
import { TermMatcher } from '../termMatcher';
import { normalize } from '../text';
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

// Soft-wrapped lines continue a sentence; list items, table rows, blank lines and full stops end it.
const SHARE_REACH = 50;
const SENTENCE_BREAKS = ['\n\n', '\n-', '\n*', '\n|', '\n#', '. ', '。', '；', '; ', '！', '？'];
const BOUND = /[<>≥≤＞＜]|\b(?:more than|less than|fewer than|above|below|exceeds?|over|under|at most|at least|up to)\b|超过|高于|低于|大于|小于|不超过|不低于|以上|以下/i;

/** Sentences with a share written as a percentage ("0.3%", "3 %", "0.2％") of at most `max` that is not a bound. */
export function smallShares(text: string, max = 5): string[] {
  const sentences: string[] = [];
  // (?<!\d): start only at the first digit of a number, so a long run of digits is scanned once.
  const re = /(?<![\d.])(\d+(?:\.\d+)?)\s*[%％]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const value = Number(m[1]);
    if (!(value > 0 && value <= max)) continue;
    // The sentence around the share, and within it only what stands close enough to be what the share is of.
    // Searched within that window only, so many shares in a long answer cost no more than their number.
    const windowStart = Math.max(0, m.index - SHARE_REACH);
    const windowEnd = Math.min(text.length, m.index + m[0].length + SHARE_REACH);
    const before = text.slice(windowStart, m.index);
    const after = text.slice(m.index, windowEnd);
    let from = 0;
    let to = after.length;
    for (const p of SENTENCE_BREAKS) {
      const at = before.lastIndexOf(p);
      if (at >= 0) from = Math.max(from, at + p.length);
      const end = after.indexOf(p);
      if (end >= 0) to = Math.min(to, end);
    }
    const sentence = before.slice(from) + after.slice(0, to);
    // A bound ("error rate > 2%", "no more than 5%") is a threshold, not a share.
    if (!BOUND.test(sentence)) sentences.push(sentence);
  }
  return sentences;
}

// "7B parameters" / "a 13B model": compact magnitudes are folded into the number during normalisation.
const BILLION_PARAMS = /\b\d+(?:\.\d+)?\s*b(?:illion)?\b[\s-]*(?:param|parameter|model|llm)/i;

const shareMatchers = new WeakMap<object, { matcher: TermMatcher; rareContext: number[]; shareChange: number[] }>();

/** A matcher of the imbalance check's share-sentence sets only, built once per content bundle. */
function shareMatcher(ctx: RuleContext): { matcher: TermMatcher; rareContext: number[]; shareChange: number[] } {
  const def = ctx.compiled.consistency.get('consistency.imbalance')!.def;
  let local = shareMatchers.get(def);
  if (!local) {
    const matcher = new TermMatcher();
    const rareContext = (def.sets.rareContext ?? []).map((t) => matcher.add(t));
    const shareChange = (def.sets.shareChange ?? []).map((t) => matcher.add(t));
    matcher.build();
    local = { matcher, rareContext, shareChange };
    shareMatchers.set(def, local);
  }
  return local;
}

const FEATURE_STEPS: StepId[] = ['business', 'data', 'modeling', 'architecture'];

interface Trigger {
  id: string;
  /** True when the answer is internally inconsistent in this way. */
  fires(ctx: RuleContext, has: (set: string, scope?: StepId[]) => boolean, sets: Sets): boolean;
}

const TRIGGERS: Trigger[] = [
  {
    id: 'consistency.latency-model',
    fires: (ctx, has, sets) => {
      const ms = smallestLatencyMs(ctx.doc.text);
      if (ms === undefined || ms > 50 || has('mitigation')) return false;
      if (BILLION_PARAMS.test(ctx.doc.text)) return true;
      if (!has('heavyModel')) return false;
      // The heavy model has to be the design's, not an option turned down in the same line.
      return ctx.evidence.someUnit(
        (unit) => hasAny(unit, sets.heavyModel) && !hasAny(unit, sets.rejected),
        (terms) => hasAny(terms, sets.heavyModel),
      );
    },
  },
  { id: 'consistency.realtime-features', fires: (_, has) => has('realtimeNeed') && has('batchOnly') && !has('streaming') },
  {
    id: 'consistency.imbalance',
    fires: (ctx, has, sets) => {
      if (has('handling') && !(has('accuracyMetric') && !has('betterMetric'))) return false;
      // Rare either by name ("imbalanced", "1 in 500") or by a small share of a named thing ("defects are 0.3%").
      if (has('rare')) return true;
      if (!has('rareContext')) return false;
      // Share sentences are short: a small matcher of just these two sets reads them far faster than the full one.
      const local = shareMatcher(ctx);
      return smallShares(ctx.doc.text).some((sentence) => {
        const terms = local.matcher.findAffirmed(normalize(sentence).text);
        return hasAny(terms, local.rareContext) && !hasAny(terms, local.shareChange);
      });
    },
  },
  {
    id: 'consistency.temporal-split',
    // A random split stated on its own is the problem, even if a time-based backtest appears elsewhere: the split
    // has to be qualified where it is described ("shuffled CV for tuning, final test on the last month").
    fires: (ctx, has, sets) =>
      has('randomSplit') &&
      has('temporalDomain') &&
      ctx.evidence.someUnit(
        (unit) => hasAny(unit, sets.randomSplit) && !hasAny(unit, sets.timeSplit),
        (terms) => hasAny(terms, sets.randomSplit),
      ),
  },
  {
    id: 'consistency.delayed-labels',
    // The monitoring plan itself has to allow for the delay: knowing in the Data section that labels take 90 days
    // and then charting daily AUC is exactly the inconsistency.
    fires: (ctx, has) => {
      const scope: StepId[] | undefined = ctx.absentSteps.has('monitoring') ? undefined : ['monitoring'];
      return has('delayedDomain') && has('immediateAccuracy') && !has('delayAware', scope);
    },
  },
  {
    id: 'consistency.drift-action',
    fires: (ctx, has, sets) => {
      const scope: StepId[] | undefined = ctx.absentSteps.has('monitoring') ? undefined : ['monitoring'];
      if (!has('drift', scope)) return false;
      // The action has to be tied to the drift signal: some sentence, bullet or paragraph of the answer names both
      // ("PSI > 0.2 pages the on-call and queues a retrain"). An alert on latency next to a drift dashboard is not.
      return !ctx.evidence.someUnit((terms) => hasAny(terms, sets.drift) && hasAny(terms, sets.action));
    },
  },
  {
    id: 'consistency.pii-handling',
    // Features are described in the Business, Data, Modeling and Architecture sections; a face in a summary's aside
    // ("some creators film only their face") is not a feature.
    // "Fields written after screening are removed from features" protects nothing personal: the protection has to
    // be said of personal data.
    fires: (ctx, has, sets) =>
      has('piiFeatures', FEATURE_STEPS) &&
      !ctx.evidence.someUnit((terms) => hasAny(terms, sets.protection) && (hasAny(terms, sets.piiWords) || hasAny(terms, sets.piiFeatures))),
  },
  {
    id: 'consistency.llm-eval',
    // The LLM has to be part of the design: a line that only floats it as an option does not count.
    fires: (ctx, has, sets) =>
      has('llm') &&
      !has('evaluation') &&
      ctx.evidence.someUnit(
        (unit) => hasAny(unit, sets.llm) && !hasAny(unit, sets.tentative),
        (terms) => hasAny(terms, sets.llm),
      ),
  },
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
      if (trigger.fires(ctx, has, sets)) {
        const { def } = compiled;
        ctx.report(def.id, def.severity, def.message, anchorForStep(ctx.doc, def.step), { step: def.step, handbook: def.handbook });
      }
    }
  },
};
