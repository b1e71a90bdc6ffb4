/**
 * Reads the step of a section whose heading names none ("Watching it after launch", "数据从哪来", "4) How system
 * look"): candidates write their own headings, and a section the template cannot place would otherwise count as a
 * missing step and bury the answer in false alarms.
 *
 * Only headings at the level of the step sections that name no step (and no known extra such as "Summary") are
 * considered, and only steps no heading claims. Each pair is scored by what the section says: the content-check
 * terms of each step it affirms, a term shared by several steps counting for each in part. A step alias somewhere
 * in the heading ("Choosing a model") and a matching ordinal ("2)" when the document numbers its steps like the
 * template) add to the score. Assignments keep template order between the recognised sections (a monotone
 * matching, solved per gap), need real evidence, and never contradict a clearly stronger step.
 */
import { CompiledContent } from './content';
import { affirmedTerms } from './evidence';
import { headingOrdinal, HeadingClassifier } from './headings';
import { AnswerDocument, buildSections, Heading } from './parse';
import { StepId } from './types';

/** Content score a step needs from the section itself (in distinct terms, shared terms counted in part). */
const MIN_CONTENT = 2;
/** With a heading hint (an alias or the template's ordinal), less content suffices. */
const MIN_CONTENT_HINTED = 1;
/** The chosen step must have at least this share of the content score of the best step that could sit there. */
const MIN_SHARE_OF_BEST = 0.6;
const MIN_SHARE_NUMBERED = 0.3;
const ALIAS_BONUS = 1.5;
/** Per sub-heading that names the step (at most {@link MAX_VOTES} count). */
const VOTE_BONUS = 1;
const MAX_VOTES = 3;
/** Past this many unnamed sections the document is not an answer in any usual shape: leave it as it is. */
const MAX_CANDIDATES = 200;
const ORDINAL_BONUS = 1;

const termStepsCache = new WeakMap<CompiledContent, Map<number, StepId[]>>();

/** For every evidence term of a content check, the steps whose checks use it. */
function termSteps(compiled: CompiledContent): Map<number, StepId[]> {
  let map = termStepsCache.get(compiled);
  if (!map) {
    map = new Map();
    for (const check of compiled.checks) {
      for (const group of check.groups) {
        for (const term of group.terms) {
          const steps = map.get(term) ?? [];
          if (!steps.includes(check.def.step)) steps.push(check.def.step);
          map.set(term, steps);
        }
      }
    }
    termStepsCache.set(compiled, map);
  }
  return map;
}

interface Candidate {
  heading: Heading;
  /** Content score per step. */
  content: Map<StepId, number>;
  /** Sub-headings naming each step. */
  votes: Map<StepId, number>;
  ordinal?: number;
  mentioned: StepId[];
}

/**
 * Gives unnamed sections the step their content and hints point to, then rebuilds the document's sections.
 * Mutates `doc` (headings' `steps` and `inferred`, and `sections`).
 */
export function inferSectionSteps(doc: AnswerDocument, compiled: CompiledContent, classifier: HeadingClassifier): void {
  const order = compiled.content.template.steps.map((s) => s.id);
  const index = (step: StepId): number => order.indexOf(step);
  const headings = doc.headings.filter((h) => !h.isTitle);
  const recognised = headings.filter((h) => h.steps.length > 0);
  if (headings.length === recognised.length) return;
  // A loop, not Math.min(...levels): spreading 100,000+ arguments overflows the call stack.
  let level = Infinity;
  for (const h of recognised.length > 0 ? recognised : headings) level = Math.min(level, h.level);
  // Sub-headings of an unnamed section ("## 5. Shipping it" › "### Rollout", "### Retraining") vote for their
  // parent's step rather than claiming it themselves.
  const descendants = new Map<Heading, Heading[]>();
  const unnamed = headings.filter((h) => h.steps.length === 0 && !h.nonTemplate && h.level === level);
  if (unnamed.length === 0 || unnamed.length > MAX_CANDIDATES) return;
  const position = new Map(headings.map((h, i) => [h, i] as const));
  for (const h of unnamed) {
    const below: Heading[] = [];
    for (let i = (position.get(h) ?? 0) + 1; i < headings.length && headings[i].level > level; i++) below.push(headings[i]);
    descendants.set(h, below);
  }
  const voting = new Set([...descendants.values()].flat());
  const claimed = new Set(recognised.filter((h) => !voting.has(h)).flatMap((h) => h.steps));
  const missing = order.filter((s) => !claimed.has(s));
  if (missing.length === 0) return;

  // Ordinals count only when the document numbers the steps it names the way the template does.
  const numbered = recognised.filter((h) => h.level === level && h.steps.length === 1).map((h) => ({ h, n: headingOrdinal(h.text) }));
  const ordinalsAgree = numbered.every(({ h, n }) => n === undefined || n === index(h.steps[0]) + 1);

  const stepsOfTerm = termSteps(compiled);
  const blockOf = new Map(doc.blocks.map((b, i) => [b.heading, i] as const));
  const candidates = new Map<Heading, Candidate>();
  for (const h of unnamed) {
    const first = blockOf.get(h);
    if (first === undefined) continue;
    const content = new Map<StepId, number>();
    const seen = new Set<number>();
    for (let b = first; b < doc.blocks.length; b++) {
      const sub = doc.blocks[b].heading;
      if (b > first && (!sub || sub.level <= level)) break;
      for (const term of affirmedTerms(compiled.matcher, doc.blocks[b].evidence)) {
        if (seen.has(term)) continue;
        seen.add(term);
        const steps = stepsOfTerm.get(term);
        if (!steps) continue;
        for (const step of steps) content.set(step, (content.get(step) ?? 0) + 1 / steps.length);
      }
    }
    const votes = new Map<StepId, number>();
    for (const d of descendants.get(h) ?? []) for (const step of d.steps) votes.set(step, (votes.get(step) ?? 0) + 1);
    candidates.set(h, { heading: h, content, votes, ordinal: ordinalsAgree ? headingOrdinal(h.text) : undefined, mentioned: classifier.mentionedSteps(h.text) });
  }

  const weight = (c: Candidate, step: StepId, allowed: StepId[]): number => {
    const content = c.content.get(step) ?? 0;
    const best = Math.max(...allowed.map((s) => c.content.get(s) ?? 0));
    const alias = c.mentioned.includes(step);
    const ordinal = c.ordinal === index(step) + 1;
    const votes = Math.min(c.votes.get(step) ?? 0, MAX_VOTES);
    if (content < (alias || ordinal || votes > 0 ? MIN_CONTENT_HINTED : MIN_CONTENT)) return -Infinity;
    // A heading numbered like the template ("4. How does it run?") may talk about neighbouring steps' things more.
    if (content < (ordinal ? MIN_SHARE_NUMBERED : MIN_SHARE_OF_BEST) * best) return -Infinity;
    return content + (alias ? ALIAS_BONUS : 0) + (ordinal ? ORDINAL_BONUS : 0) + votes * VOTE_BONUS;
  };

  // Walk the step-level headings in order; between two recognised sections, match candidates to the missing steps
  // that fit there in template order.
  const level0 = headings.filter((h) => h.level === level);
  let assigned = false;
  let gap: Candidate[] = [];
  let lower = -1;
  const flush = (upper: number): void => {
    if (gap.length > 0) {
      const steps = missing.filter((s) => index(s) > lower && index(s) < upper);
      for (const [c, step] of bestMatching(gap, steps, (c, s) => weight(c, s, steps))) {
        c.heading.steps = [step];
        c.heading.inferred = true;
        // Its sub-headings are now parts of its section.
        for (const d of descendants.get(c.heading) ?? []) d.steps = [];
        assigned = true;
      }
    }
    gap = [];
  };
  for (const h of level0) {
    const c = candidates.get(h);
    if (c) {
      gap.push(c);
      continue;
    }
    if (h.steps.length === 0) continue;
    const positions = h.steps.map(index);
    flush(Math.min(...positions));
    lower = Math.max(lower, ...positions);
  }
  flush(order.length);
  if (assigned) doc.sections = buildSections(doc.blocks);
}

/** The order-preserving matching of candidates to steps with the largest total weight (−∞ = not allowed). */
function bestMatching(cands: Candidate[], steps: StepId[], weight: (c: Candidate, s: StepId) => number): [Candidate, StepId][] {
  const n = cands.length;
  const m = steps.length;
  // score[i][j]: best total using the first i candidates and the first j steps.
  const score: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = 1; i <= n; i++) {
    for (let j = 1; j <= m; j++) {
      const w = weight(cands[i - 1], steps[j - 1]);
      score[i][j] = Math.max(score[i - 1][j], score[i][j - 1], w === -Infinity ? -Infinity : score[i - 1][j - 1] + w);
    }
  }
  const out: [Candidate, StepId][] = [];
  for (let i = n, j = m; i > 0 && j > 0; ) {
    if (score[i][j] === score[i - 1][j]) i--;
    else if (score[i][j] === score[i][j - 1]) j--;
    else {
      out.unshift([cands[i - 1], steps[j - 1]]);
      i--;
      j--;
    }
  }
  return out;
}
