/**
 * Which terms each block of an answer affirms, computed once per analysis and shared by every rule.
 */
import { CompiledContent } from './content';
import { AnswerDocument } from './parse';
import { normalize } from './text';
import { StepId } from './types';

/** Term sets per block, with unions per step and for the whole answer. */
export class EvidenceIndex {
  readonly blockTerms: Set<number>[];
  private readonly stepCache = new Map<StepId, Set<number>>();
  private docCache?: Set<number>;

  constructor(
    readonly doc: AnswerDocument,
    compiled: CompiledContent,
  ) {
    this.blockTerms = doc.blocks.map((block) => compiled.matcher.findAffirmed(normalize(block.evidence).text));
  }

  /** Blocks that belong to a step's sections. */
  blocksOfStep(step: StepId): number[] {
    const out: number[] = [];
    for (const s of this.doc.sections) if (s.steps.includes(step)) out.push(...s.blocks);
    return out;
  }

  /** Terms affirmed anywhere in the step's sections. */
  step(step: StepId): Set<number> {
    let set = this.stepCache.get(step);
    if (!set) {
      set = union(this.blocksOfStep(step).map((b) => this.blockTerms[b]));
      this.stepCache.set(step, set);
    }
    return set;
  }

  /** Terms affirmed anywhere in the answer. */
  document(): Set<number> {
    this.docCache ??= union(this.blockTerms);
    return this.docCache;
  }
}

function union(sets: Set<number>[]): Set<number> {
  const out = new Set<number>();
  for (const s of sets) for (const t of s) out.add(t);
  return out;
}

/** True when any of the terms is in the set. */
export function hasAny(found: Set<number>, terms: readonly number[] | undefined): boolean {
  if (!terms) return false;
  for (const t of terms) if (found.has(t)) return true;
  return false;
}

/** Evidence groups as compiled; each needs `min` distinct terms. */
export type Groups = { label: string; terms: number[]; min: number }[];

/** Returns the labels of groups not satisfied by `found` (empty when all hold). */
export function unmetGroups(found: Set<number>, groups: Groups): string[] {
  const unmet: string[] = [];
  for (const g of groups) {
    let count = 0;
    for (const t of g.terms) if (found.has(t) && ++count >= g.min) break;
    if (count < g.min) unmet.push(g.label);
  }
  return unmet;
}
