/**
 * Maps a heading's title to template steps: strips numbering ("1.", "Step 1 –", "6)", "第六步："), cuts a focus
 * suffix ("Data & features → batch/stream"), then looks for step aliases covering most of what is left.
 */
import { normalize } from './text';
import { TermMatcher } from './termMatcher';
import { StepId, TemplateDef } from './types';

const NUMBERING: RegExp[] = [
  /^(?:step|part|phase|stage|section)\s*(?:\d+|[ivx]+)?\s*[.):：、\-–—]*\s*/i,
  /^\d+(?:\.\d+)*\s*[.):：、\-–—]*\s*/,
  /^(?:[ivx]+|[a-g])[.)]\s*/i,
  /^第\s*[\d一二三四五六七八九十]+\s*(?:步|章|节|部分)?\s*[：:.、\-–—]?\s*/,
  /^步骤\s*[\d一二三四五六七八九十]+\s*[：:.、\-–—]?\s*/,
  /^[一二三四五六七八九十]+\s*[、.．:：]\s*/,
];
const LEADING_SYMBOLS = /^[^\p{L}\p{N}]+/u;
// No leading \s*: an unanchored search with one is quadratic on long runs of spaces; the head is trimmed instead.
const FOCUS_CUT = /→|->|=>|:|：|\(|（|\||—|–|\s-\s/;
const STOPWORDS = new Set(['and', 'the', 'of', 'for', 'with', 'to', 'our', 'a', 'an', 'in', 'on', 'amp', '与', '和', '及', '的', '&']);

/** How a heading relates to the template. */
export interface HeadingClass {
  /** Steps the heading introduces (usually one, two for "MLOps & Monitoring"). */
  steps: StepId[];
  /** True for recognised extra sections such as "Clarifying questions". */
  nonTemplate: boolean;
  /** True when only weak aliases ("Design", "Risks") named the steps. */
  weak?: boolean;
  /** The title with numbering removed. */
  title: string;
}

/** Removes list-style numbering and decoration from the start of a heading title. */
export function stripNumbering(raw: string): string {
  let title = raw.trim().replace(LEADING_SYMBOLS, '');
  for (const pattern of NUMBERING) {
    const stripped = title.replace(pattern, '');
    if (stripped !== title && stripped.length > 0) {
      title = stripped.replace(LEADING_SYMBOLS, '');
      break;
    }
  }
  return title.trim();
}

const CJK_DIGITS: Record<string, number> = {
  一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10,
  壹: 1, 贰: 2, 貳: 2, 叁: 3, 參: 3, 参: 3, 肆: 4, 伍: 5, 陆: 6, 陸: 6, 柒: 7, 捌: 8, 玖: 9, 拾: 10,
};
const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4, v: 5, vi: 6, vii: 7, viii: 8, ix: 9, x: 10 };
const ORDINAL_PATTERNS: { re: RegExp; read: (m: string) => number | undefined }[] = [
  { re: /^(?:step|part|phase|stage|section)\s*(\d{1,2}|[ivx]{1,4})\b/i, read: (m) => Number(m) || ROMAN[m.toLowerCase()] },
  { re: /^(\d{1,2})(?:[.):：、\-–—]|\s)/, read: Number },
  { re: /^([ivx]{1,4})[.):]\s/i, read: (m) => ROMAN[m.toLowerCase()] },
  { re: /^(?:第|步骤|步驟)\s*(\d{1,2}|[一二三四五六七八九十]{1,2})/, read: (m) => Number(m) || CJK_DIGITS[m] },
  { re: /^([一二三四五六七八九十壹贰貳叁參参肆伍陆陸柒捌玖拾])\s*[、.．:：]/, read: (m) => CJK_DIGITS[m] },
];

/** The ordinal a heading is numbered with ("3)", "Part 3", "III.", "第三步", "參、"), if any. */
export function headingOrdinal(raw: string): number | undefined {
  const text = raw.trim().replace(LEADING_SYMBOLS, '');
  for (const { re, read } of ORDINAL_PATTERNS) {
    const m = re.exec(text);
    if (m) return read(m[1]);
  }
  return undefined;
}

/** Compiled alias tables of a template. */
export class HeadingClassifier {
  private readonly matcher = new TermMatcher();
  private readonly aliasStep: (StepId | undefined)[] = [];
  private readonly nonTemplate = new Set<string>();
  private readonly weakIds = new Set<number>();

  constructor(template: TemplateDef) {
    for (const step of template.steps) {
      for (const alias of [step.title, step.zh, ...step.aliases]) {
        if (!alias) continue;
        const id = this.matcher.add(alias);
        this.aliasStep[id] ??= step.id;
      }
    }
    for (const alias of template.nonTemplate) this.nonTemplate.add(compact(normalize(alias).text));
    const weak = new Set((template.weakAliases ?? []).map((a) => compact(normalize(a).text)));
    for (let id = 0; id < this.aliasStep.length; id++) if (weak.has(compact(this.matcher.termText(id)))) this.weakIds.add(id);
    this.matcher.build();
  }

  /** Classifies one heading title (inline Markdown already reduced to text). */
  classify(rawTitle: string): HeadingClass {
    const title = stripNumbering(rawTitle);
    const cut = title.search(FOCUS_CUT);
    const head = cut > 0 ? title.slice(0, cut).trimEnd() : title;
    // Last resort, the words before a comma: "Data, revisited", "监控，告警与回滚".
    const comma = head.search(/[,，、]/);
    const candidates = head === title ? [title] : [head, title];
    if (comma > 0) candidates.push(head.slice(0, comma));
    for (const candidate of candidates) {
      const normalized = normalize(candidate).text.trim();
      if (this.nonTemplate.has(compact(normalized))) return { steps: [], nonTemplate: true, title };
      const { steps, weak } = this.stepsCovering(normalized);
      if (steps.length > 0) return { steps, nonTemplate: false, title, weak };
    }
    return { steps: [], nonTemplate: false, title };
  }

  /** Steps whose aliases a heading mentions at all, even when they cover too little of it to name the step. */
  mentionedSteps(rawTitle: string): StepId[] {
    const steps: StepId[] = [];
    this.matcher.scan(normalize(stripNumbering(rawTitle)).text, (hit) => {
      const step = this.aliasStep[hit.term];
      if (step && !steps.includes(step)) steps.push(step);
    });
    return steps;
  }

  private stepsCovering(text: string): { steps: StepId[]; weak: boolean } {
    const hits: { start: number; end: number; step: StepId; weak: boolean }[] = [];
    this.matcher.scan(text, (hit) => {
      const step = this.aliasStep[hit.term];
      if (step) hits.push({ start: hit.start, end: hit.end, step, weak: this.weakIds.has(hit.term) });
    });
    if (hits.length === 0) return { steps: [], weak: false };
    // Keep only maximal hits: "model serving" (architecture) wins over "model" (modeling). A hit is dropped when
    // another one contains it and is longer. One sweep in (start ascending, end descending) order instead of
    // comparing every pair, which is quadratic on a long heading full of aliases.
    const order = hits.map((_, i) => i).sort((a, b) => hits[a].start - hits[b].start || hits[b].end - hits[a].end);
    const dropped = new Uint8Array(hits.length);
    let maxEndBefore = -1; // largest end among hits that start strictly earlier
    for (let k = 0; k < order.length; ) {
      const start = hits[order[k]].start;
      const groupMaxEnd = hits[order[k]].end; // first of its start group has the largest end
      let g = k;
      for (; g < order.length && hits[order[g]].start === start; g++) {
        const h = hits[order[g]];
        if (maxEndBefore >= h.end || groupMaxEnd > h.end) dropped[order[g]] = 1;
      }
      maxEndBefore = Math.max(maxEndBefore, groupMaxEnd);
      k = g;
    }
    const kept = hits.filter((_, i) => dropped[i] === 0);
    const covered = new Uint8Array(text.length);
    for (const h of kept) covered.fill(1, h.start, h.end);
    let total = 0;
    let hit = 0;
    for (const token of tokens(text)) {
      if (STOPWORDS.has(token.text)) continue;
      total += token.text.length;
      for (let i = token.start; i < token.start + token.text.length; i++) hit += covered[i];
    }
    if (total === 0 || hit / total < 0.5) return { steps: [], weak: false };
    const steps: StepId[] = [];
    for (const h of kept.sort((a, b) => a.start - b.start)) if (!steps.includes(h.step)) steps.push(h.step);
    return { steps, weak: kept.every((h) => h.weak) };
  }
}

function compact(text: string): string {
  return text.replace(/[^\p{L}\p{N}]+/gu, '');
}

function tokens(text: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  const re = /[a-z0-9#]+|[\u3400-\u9fff]/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) out.push({ text: m[0], start: m.index });
  return out;
}
