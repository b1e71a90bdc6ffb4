/**
 * Which terms each block of an answer affirms, computed once per analysis and shared by every rule.
 */
import { CompiledContent } from './content';
import { AnswerDocument } from './parse';
import { TermMatcher } from './termMatcher';
import { normalize } from './text';
import { StepId } from './types';

/** Term sets per block, with unions per step and for the whole answer. */
export class EvidenceIndex {
  readonly blockTerms: Set<number>[];
  private readonly stepCache = new Map<StepId, Set<number>>();
  private docCache?: Set<number>;

  constructor(
    readonly doc: AnswerDocument,
    private readonly compiled: CompiledContent,
  ) {
    if (cacheEnabled) {
      this.blockTerms = doc.blocks.map((block) => affirmedTerms(compiled.matcher, block.evidence));
    } else {
      // Uncached (measurements): keep each block's normalised text, so per-line reads do not normalise it again.
      this.normalized = doc.blocks.map((block) => normalize(block.evidence).text);
      this.blockTerms = this.normalized.map((text) => compiled.matcher.findAffirmed(text));
    }
  }

  private normalized?: string[];

  private readonly lineCache = new Map<number, Set<number>[]>();

  /** Term sets of each line of a block (a soft-wrapped paragraph or a bullet counts as one line). */
  linesOf(block: number): Set<number>[] {
    let lines = this.lineCache.get(block);
    if (!lines) {
      lines = this.compiled.matcher.findAffirmedByLine(this.normalized?.[block] ?? normalize(this.doc.blocks[block].evidence).text);
      this.lineCache.set(block, lines);
    }
    return lines;
  }

  /**
   * Units in which groups must meet together: each line of the block, and the whole block when a sub-heading labels
   * it ("### Fairness" over its bullets), since its lines are then all about one thing.
   */
  unitsOf(block: number): Set<number>[] {
    const lines = this.linesOf(block);
    const heading = this.doc.blocks[block].heading;
    return heading && heading.steps.length === 0 && !heading.isTitle && !heading.nonTemplate && lines.length > 1 ? [...lines, this.blockTerms[block]] : lines;
  }

  /**
   * True when some unit of the answer (see {@link unitsOf}) passes `test`. A block whose whole term set fails
   * `mayHold` is skipped without reading its lines (by default `test` itself, right when the test only asks for
   * terms to be present).
   */
  someUnit(test: (terms: Set<number>) => boolean, mayHold: (terms: Set<number>) => boolean = test, blocks?: Iterable<number>): boolean {
    for (const b of blocks ?? this.doc.blocks.keys()) {
      if (mayHold(this.blockTerms[b]) && this.unitsOf(b).some(test)) return true;
    }
    return false;
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

/**
 * Affirmed terms of recently seen block texts, per matcher (LRU, bounded by entries and characters). An answer being
 * edited changes one block per keystroke, so re-analysing it normalises and scans only that block. The sets are
 * shared between analyses: read-only.
 */
interface TermCache {
  map: Map<string, Set<number>>;
  chars: number;
}
const CACHE_ENTRIES = 4096;
const CACHE_CHARS = 4_000_000;
const caches = new WeakMap<TermMatcher, TermCache>();
let cacheEnabled = true;

/** Turns the block cache on or off (off: every analysis scans every block, e.g. to measure the full cost). */
export function setEvidenceCache(enabled: boolean): void {
  cacheEnabled = enabled;
}

/** Terms a block's text affirms (negated mentions excluded); cached per text, so callers may share the sets. */
export function affirmedTerms(matcher: TermMatcher, text: string): Set<number> {
  if (!cacheEnabled) return matcher.findAffirmed(normalize(text).text);
  let cache = caches.get(matcher);
  if (!cache) caches.set(matcher, (cache = { map: new Map(), chars: 0 }));
  const known = cache.map.get(text);
  if (known) {
    cache.map.delete(text); // most recently used goes last
    cache.map.set(text, known);
    return known;
  }
  const terms = matcher.findAffirmed(normalize(text).text);
  if (text.length > CACHE_CHARS / 4) return terms;
  cache.map.set(text, terms);
  cache.chars += text.length;
  for (const oldest of cache.map.keys()) {
    if (cache.map.size <= CACHE_ENTRIES && cache.chars <= CACHE_CHARS) break;
    cache.map.delete(oldest);
    cache.chars -= oldest.length;
  }
  return terms;
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
