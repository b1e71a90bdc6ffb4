/**
 * Linear-time matching of many terms at once (Aho–Corasick over normalised text). Every keyword of every rule is
 * compiled into one automaton, so a document is scanned once per block however many rules there are.
 */
import { lastAtOrBefore } from './sorted';
import { isCjk, isWordCode, normalize } from './text';

/** One occurrence of a term in normalised text. */
export interface TermHit {
  term: number;
  start: number;
  end: number;
}

interface Pattern {
  text: string;
  stem: boolean;
  /** A phrase whose words are not evidence ("container registry"): hits inside it are dropped. */
  blocker?: boolean;
}

const NEGATORS = new Set([
  'no', 'not', 'never', 'without', "don't", 'dont', "doesn't", 'doesnt', "won't", 'wont', "isn't", "aren't",
  'cannot', "can't", 'nor', 'neither', 'none', 'nothing', 'lack', 'lacks', 'lacking', 'skip', 'ignore', "didn't",
  "shouldn't", "wouldn't", 'unmonitored',
]);
// Words after a negator that turn it into a bound ("no more than 100 ms"), not a denial.
const BOUND_WORDS = new Set([
  'more', 'later', 'less', 'fewer', 'worse', 'greater', 'higher', 'longer', 'slower', 'above', 'exceed',
  'exceeding', 'over', 'only', 'just', 'matter', 'lower', 'below', 'under', 'older',
]);
// No bare 别: it sits inside everyday words (类别, 识别, 级别, 特别) far more often than it means "don't".
const CJK_NEGATORS = ['没有', '不', '无', '未', '没', '别再', '忽略'];
const CJK_CONTRASTS = ['而不是', '而非', '而不用'];
const CJK_CONSEQUENCE = new Set(['就', '则', '便', '才'].map((c) => c.charCodeAt(0)));
const CONTRAST_BEFORE: Record<string, RegExp> = { than: /(?:^|[^a-z])rather\s*$/, of: /(?:^|[^a-z])instead\s*$/ };
const CJK_BOUND = ['超过', '高于', '低于', '大于', '小于', '少于', '多于', '晚于', '仅', '只', '断', '同', '论', '过', '来', '少', '错', '久', '但', '管', '限', '穷'];
const SENTENCE_END = new Set([10, 46, 33, 63, 59, 0x3002, 0xff01, 0xff1f, 0xff1b, 33, 58]);

/** Characters a matcher scans before it builds its ASCII transition table (see TermMatcher.table). */
const TABLE_AFTER_CHARS = 64 * 1024;

/** A compiled set of terms; term indices are the order in which they were added. */
export class TermMatcher {
  private readonly patterns: Pattern[] = [];
  private readonly index = new Map<string, number>();
  private goto: Map<number, number>[] = [new Map()];
  private fail: Int32Array = new Int32Array(1);
  private out: number[][] = [[]];
  private dictLink: Int32Array = new Int32Array(1);
  /** First node whose outputs are reported on reaching a node: itself when it has outputs, else its dictionary link. */
  private firstOut: Int32Array = new Int32Array(1).fill(-1);
  /** ASCII code → column of {@link table}; 0 for codes that occur in no term (they always lead back to the root). */
  private readonly column = new Uint8Array(128);
  private width = 1;
  /**
   * Complete transitions for ASCII input, failure links already followed: `table[node * width + column[code]]`.
   * Built once the matcher has scanned {@link TABLE_AFTER_CHARS} characters, so matchers that only ever see short
   * strings (headings, hovered lines) never pay its memory (about 2 bytes × nodes × distinct ASCII term characters).
   */
  private table?: Uint16Array | Int32Array;
  private scanned = 0;
  private queue: number[] = [];
  private frozen = false;
  private built = false;

  /** Adds a term written in content syntax and returns its index (the same index for a repeated term). */
  add(term: string): number {
    let raw = term.trim();
    const stem = raw.endsWith('*');
    if (stem) raw = raw.slice(0, -1);
    const text = normalize(raw).text.trim();
    const key = (stem ? '*' : '') + text;
    const existing = this.index.get(key);
    if (existing !== undefined) {
      if (!this.addingBlocker) {
        this.evidenceIds.add(existing);
        this.patterns[existing].blocker = false;
      }
      return existing;
    }
    if (this.frozen) throw new Error('TermMatcher: add() after build()');
    const id = this.patterns.length;
    this.patterns.push({ text, stem });
    this.index.set(key, id);
    if (!this.addingBlocker) this.evidenceIds.add(id);
    return id;
  }

  /**
   * Adds a phrase that masks evidence: any term found inside it is dropped ("registry" in "container registry").
   * A phrase that is also an evidence term stays evidence.
   */
  addBlocker(phrase: string): void {
    this.addingBlocker = true;
    try {
      const id = this.add(phrase);
      if (!this.evidenceIds.has(id)) this.patterns[id].blocker = true;
    } finally {
      this.addingBlocker = false;
    }
  }

  private addingBlocker = false;

  private readonly evidenceIds = new Set<number>();

  /** The normalised text of a term. */
  termText(id: number): string {
    return this.patterns[id].text;
  }

  /** Number of terms added. */
  get size(): number {
    return this.patterns.length;
  }

  /**
   * Ends adding terms. The automaton itself is compiled on the first scan, so a language server that has not
   * analysed anything yet (or a glossary nobody has hovered) neither spends the ~40 ms nor holds the memory.
   */
  build(): void {
    this.frozen = true;
  }

  private compile(): void {
    if (this.built) return;
    this.frozen = true;
    this.built = true;
    // The trie is built one depth at a time, so nodes are numbered level by level: the shallow nodes that almost
    // every character visits sit together in memory (their rows of the transition table stay in cache).
    const goto: Map<number, number>[] = [new Map()];
    const out: number[][] = [[]];
    const patterns = this.patterns;
    const at = new Int32Array(patterns.length); // node reached so far by each pattern (0 = root)
    let longest = 0;
    for (const pattern of patterns) longest = Math.max(longest, pattern.text.length);
    for (let depth = 0; depth < longest; depth++) {
      for (let id = 0; id < patterns.length; id++) {
        const text = patterns[id].text;
        if (text.length <= depth) continue;
        const node = at[id];
        const code = text.charCodeAt(depth);
        let next = goto[node].get(code);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          out.push([]);
          goto[node].set(code, next);
        }
        at[id] = next;
        if (depth === text.length - 1) out[next].push(id);
      }
    }
    const fail = new Int32Array(goto.length);
    const dictLink = new Int32Array(goto.length).fill(-1);
    const queue: number[] = [];
    for (const child of goto[0].values()) {
      fail[child] = 0;
      queue.push(child);
    }
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head];
      for (const [code, child] of goto[node]) {
        let f = fail[node];
        while (f !== 0 && !goto[f].has(code)) f = fail[f];
        const target = goto[f].get(code);
        fail[child] = target !== undefined && target !== child ? target : 0;
        dictLink[child] = out[fail[child]].length > 0 ? fail[child] : dictLink[fail[child]];
        queue.push(child);
      }
    }
    const firstOut = new Int32Array(goto.length);
    for (let node = 0; node < goto.length; node++) firstOut[node] = out[node].length > 0 ? node : dictLink[node];
    this.goto = goto;
    this.fail = fail;
    this.out = out;
    this.dictLink = dictLink;
    this.firstOut = firstOut;
    this.queue = queue;
  }

  /**
   * Builds the ASCII transition table: one array read per character instead of a Map lookup and a failure walk.
   * Rows are filled in BFS order, so a node's failure target row is complete before the node copies it.
   */
  private buildTable(): void {
    const { goto, fail, queue } = this;
    const column = this.column;
    let width = 1;
    for (const pattern of this.patterns) {
      for (let i = 0; i < pattern.text.length; i++) {
        const code = pattern.text.charCodeAt(i);
        if (code < 128 && column[code] === 0) column[code] = width++;
      }
    }
    const table = goto.length <= 0xffff ? new Uint16Array(goto.length * width) : new Int32Array(goto.length * width);
    for (const [code, child] of goto[0]) if (code < 128) table[column[code]] = child;
    for (const node of queue) {
      const row = node * width;
      const from = fail[node] * width;
      table.copyWithin(row, from, from + width);
      for (const [code, child] of goto[node]) if (code < 128) table[row + column[code]] = child;
    }
    this.width = width;
    this.table = table;
    this.queue = [];
  }

  /** Calls `onHit` for every boundary-respecting occurrence of a term in already-normalised `text`. */
  scan(text: string, onHit: (hit: TermHit) => void): void {
    this.compile();
    if (!this.table && (this.scanned += text.length) >= TABLE_AFTER_CHARS) this.buildTable();
    const { goto, fail, out, dictLink, firstOut, column, width, table, patterns } = this;
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code < 128 && table !== undefined) {
        node = table[node * width + column[code]];
      } else {
        let next = goto[node].get(code);
        while (next === undefined && node !== 0) {
          node = fail[node];
          next = goto[node].get(code);
        }
        node = next ?? 0;
      }
      for (let n = firstOut[node]; n > 0; n = dictLink[n]) {
        for (const id of out[n]) {
          const pattern = patterns[id];
          const start = i + 1 - pattern.text.length;
          if (accepts(text, start, i + 1, pattern)) onHit({ term: id, start, end: i + 1 });
        }
      }
    }
  }

  /**
   * Like {@link findAffirmed}, one set per line of `text` (split at '\n'), from a single scan: a negation never
   * reaches across a line break, so each line's set is what scanning it alone would give.
   */
  findAffirmedByLine(text: string): Set<number>[] {
    const starts = [0];
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    const sets = starts.map(() => new Set<number>());
    this.affirm(text, (hit) => sets[lastAtOrBefore(starts, hit.start)]);
    return sets;
  }

  /**
   * Returns the set of terms that occur in `text` at least once without a negation before them in the same sentence.
   * A negation word that is itself part of a found term ("won't store" raw data) does not negate.
   */
  findAffirmed(text: string): Set<number> {
    const found = new Set<number>();
    this.affirm(text, () => found);
    return found;
  }

  /** Adds each affirmed hit's term to the set `into` picks for it (hits masked by a blocker phrase are dropped). */
  private affirm(text: string, into: (hit: TermHit) => Set<number>): void {
    let hits: TermHit[] = [];
    let blockers = 0;
    this.scan(text, (hit) => {
      hits.push(hit);
      if (this.patterns[hit.term].blocker) blockers++;
    });
    if (hits.length === 0) return;
    if (blockers > 0) hits = withoutMasked(hits, (id) => this.patterns[id].blocker === true);
    // Most hits have no negation word anywhere near them: find those words once, and run the clause-level
    // negation checks only for hits that have one within reach.
    const negations = negationPositions(text);
    for (const hit of hits) {
      const set = into(hit);
      if (set.has(hit.term)) continue;
      if (!anyWithin(negations, hit.start - NEGATION_REACH_BEFORE, hit.end + NEGATION_REACH_AFTER) || !isNegated(text, hit, hits)) set.add(hit.term);
    }
  }
}

/** Drops blocker hits and every hit lying inside one. Sorted sweep: O((hits + blockers) log blockers). */
function withoutMasked(hits: TermHit[], isBlocker: (id: number) => boolean): TermHit[] {
  const masks = hits.filter((h) => isBlocker(h.term)).sort((a, b) => a.start - b.start);
  // maxEnd[k]: the farthest end among masks[0..k], so one binary search tells whether any mask starting at or
  // before a hit also ends at or after it.
  const maxEnd = new Int32Array(masks.length);
  for (let k = 0; k < masks.length; k++) maxEnd[k] = Math.max(k > 0 ? maxEnd[k - 1] : 0, masks[k].end);
  const starts = masks.map((m) => m.start);
  return hits.filter((h) => {
    if (isBlocker(h.term)) return false;
    const last = lastAtOrBefore(starts, h.start);
    return last < 0 || maxEnd[last] < h.end;
  });
}

// Every word isNegated/negatedAfter can react to (a superset is fine: it only decides whether to look closer).
const NEGATION_WORDS =
  /\b(?:no|not|never|without|nor|neither|none|nothing|lack|lacks|lacking|skip|skipped|ignore|unmonitored|unnecessary|cannot|dont|wont|scope|rather|instead)\b|n't|不|无|未|没|别再|忽略|而非/g;
// Farther than isNegated reads back (six words, one clause) and negatedAfter reads ahead (60 characters).
const NEGATION_REACH_BEFORE = 160;
const NEGATION_REACH_AFTER = 70;

/** Sorted start offsets of negation words in `text`. */
function negationPositions(text: string): number[] {
  const positions: number[] = [];
  NEGATION_WORDS.lastIndex = 0;
  for (let m = NEGATION_WORDS.exec(text); m !== null; m = NEGATION_WORDS.exec(text)) positions.push(m.index);
  return positions;
}

/** True when some sorted position lies in [from, to]. */
function anyWithin(sorted: number[], from: number, to: number): boolean {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < from) lo = mid + 1;
    else hi = mid;
  }
  return lo < sorted.length && sorted[lo] <= to;
}

function accepts(text: string, start: number, end: number, pattern: Pattern): boolean {
  const first = text.charCodeAt(start);
  if (isWordCode(first) && start > 0 && isWordCode(text.charCodeAt(start - 1))) return false;
  if (!pattern.stem) {
    const last = text.charCodeAt(end - 1);
    if (isWordCode(last) && end < text.length && isWordCode(text.charCodeAt(end))) return false;
  }
  return true;
}

/**
 * True when another hit covers `pos` and ends before `self` starts. `hits` come from {@link TermMatcher.scan}, so
 * they are ordered by end: binary search for the first hit ending after `pos` and look only at hits ending up to
 * `self.start` (checking every hit made a block that repeats a negated term quadratic).
 */
function insideOtherHit(pos: number, hits: TermHit[], self: TermHit): boolean {
  let lo = 0;
  let hi = hits.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (hits[mid].end <= pos) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < hits.length && hits[k].end <= self.start; k++) {
    const other = hits[k];
    if (other !== self && other.start <= pos) return true;
  }
  return false;
}

/** True when another negation word stands within four words before `end`, in the same clause. */
function hasEarlierNegator(text: string, end: number): boolean {
  const before = text.slice(Math.max(0, end - 40), end + 1);
  const clause = before.split(/[.!?;,:\n\u3002\uff01\uff1f\uff1b\uff0c]/).pop() ?? '';
  const words = clause.trim().split(/\s+/).slice(-5, -1);
  return words.some((w) => NEGATORS.has(w) && w !== 'only');
}

// After a term: "access control isn't needed", "monitoring is not required", "PII handling is out of scope",
// "GDPR is not a problem for us", "fairness is not relevant here".
const AFTER_NEGATION = /^[^.!?;\n\u3002\uff01\uff1f\uff1b]{0,24}?\b(?:is|are|was|were|be|seems?)?\s*(?:not|n't|never)\s+(?:really\s+)?(?:needed|required|necessary|planned|implemented|in scope|considered|applied|used|done|relevant|applicable|a problem|an issue|a concern|a priority|important|apply|applies)\b|^\s*(?:is|are)\s+(?:unnecessary|out of scope|not in scope|skipped|irrelevant)\b/;
// Full-width punctuation is folded to ASCII before matching, so the clause ends at either form.
const CJK_AFTER_NEGATION = /^[^\u3002\uff01\uff1f\uff1b\uff0c\u3001;,.!?\n]{0,6}?(?:不需要|无需|不必|不做|不考虑|暂不|不用|不相关|不适用|不是问题|无关|没有特别|没有要求|没有硬性|无特别|无要求)/;

/** Cheap pre-test: each denial above needs one of these strings (a `\w't` becomes "n't" before matching). */
function mayDeny(after: string): boolean {
  return (
    after.includes('not') ||
    after.includes("'t") ||
    after.includes('never') ||
    after.includes('unnecessary') ||
    after.includes('out of scope') ||
    after.includes('skipped') ||
    after.includes('irrelevant') ||
    after.includes('不') ||
    after.includes('无')
  );
}

/** True when the clause right after the hit denies it ("… isn't needed", "…不需要"). */
function negatedAfter(text: string, hit: TermHit): boolean {
  // Only the hit's own clause: "phone numbers are hashed and names are never used" does not deny "hashed".
  const raw = text.slice(hit.end, hit.end + 60);
  const clauseEnd = raw.search(/\b(?:and|but|while|whereas|so|because)\b|[,;]/);
  const after = clauseEnd >= 0 ? raw.slice(0, clauseEnd) : raw;
  if (!mayDeny(after)) return false;
  return AFTER_NEGATION.test(after.replace(/(\w)'(t)\b/g, "$1 n't")) || CJK_AFTER_NEGATION.test(after);
}

/** True when a negation stands within about five words before the hit (or denies it right after), in the same sentence. */
export function isNegated(text: string, hit: TermHit, hits: TermHit[] = []): boolean {
  if (negatedAfter(text, hit)) return true;
  let words = 0;
  let i = hit.start - 1;
  let cjkBudget = 6;
  let nextWord = '';
  while (i >= 0 && words < 6) {
    const code = text.charCodeAt(i);
    if (SENTENCE_END.has(code) || code === 44 || code === 0xff0c || code === 0x3001) return false;
    if (isCjk(code)) {
      // "用 PR-AUC 而不是准确率": a contrast denies what follows even though it is itself a term elsewhere.
      for (const contrast of CJK_CONTRASTS) if (i + 1 >= contrast.length && text.startsWith(contrast, i + 1 - contrast.length)) return true;
      // "没有变好就回退": the negation sits in the condition; the consequence after 就/则 stands.
      if (CJK_CONSEQUENCE.has(code)) return false;
      for (const neg of CJK_NEGATORS) {
        const from = i + 1 - neg.length;
        if (from >= 0 && text.startsWith(neg, from)) {
          const after = text.slice(i + 1, i + 3);
          if (!CJK_BOUND.some((b) => after.startsWith(b)) && !insideOtherHit(from, hits, hit)) return true;
        }
      }
      if (--cjkBudget <= 0) return false;
      i--;
      continue;
    }
    if (code === 32 || code === 40 || code === 41 || code === 42 || code === 34) {
      i--;
      continue;
    }
    // Read one word backwards.
    let j = i;
    while (j >= 0 && !isCjk(text.charCodeAt(j)) && (isWordCode(text.charCodeAt(j)) || text.charCodeAt(j) === 39)) j--;
    if (j === i) {
      i--;
      continue;
    }
    const word = text.slice(j + 1, i + 1);
    // "NDCG rather than accuracy", "int8 instead of fp32": the contrast denies what follows it.
    if ((word === 'than' || word === 'of') && CONTRAST_BEFORE[word].test(text.slice(Math.max(0, j - 9), j))) return true;
    if (NEGATORS.has(word) && !BOUND_WORDS.has(nextWord) && !insideOtherHit(j + 1, hits, hit)) {
      // "never ship without a canary": two negations in one clause affirm.
      return !hasEarlierNegator(text, j);
    }
    nextWord = word;
    words++;
    i = j;
  }
  return false;
}
