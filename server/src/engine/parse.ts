/**
 * Parses an answer into headings, blocks and step sections with exact line ranges, using markdown-it for the
 * Markdown and `yaml` (through safeYaml) for the frontmatter.
 */
import MarkdownIt from 'markdown-it';
import type StateBlock from 'markdown-it/lib/rules_block/state_block.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import frontMatter from 'markdown-it-front-matter';
import { headingOrdinal, HeadingClassifier } from './headings';
import { parseYamlSafely, YamlProblem } from './safeYaml';
import { hasRealContent } from './text';
import { STEP_IDS, StepId } from './types';

/** A heading of the answer. */
export interface Heading {
  line: number;
  level: number;
  /** Heading text with inline Markdown reduced to plain text. */
  text: string;
  /** Title with numbering removed. */
  title: string;
  steps: StepId[];
  nonTemplate: boolean;
  /** True for a document title (the first heading, shallower than all others). */
  isTitle: boolean;
  /** True when {@link steps} was read from the section's content because the title names no step. */
  inferred?: boolean;
  /** Marker characters, e.g. "##" (empty for setext headings). */
  markup: string;
}

/** A run of lines owned by one heading (or the preamble before the first heading). */
export interface Block {
  heading?: Heading;
  startLine: number;
  /** Exclusive. */
  endLine: number;
  /** Text of the lines after the heading line, with comments and frontmatter blanked. */
  body: string;
  /** {@link body} without unfilled prompt bullets ("- Drift detection: …"), which are not evidence. */
  evidence: string;
}

/** A template step's section: its heading block plus deeper non-step blocks below it. */
export interface Section {
  steps: StepId[];
  heading: Heading;
  startLine: number;
  endLine: number;
  /** Indices into {@link AnswerDocument.blocks}. */
  blocks: number[];
}

/** A fenced ```mermaid block. */
export interface MermaidBlock {
  /** Line of the opening fence. */
  fenceLine: number;
  /** First line of the diagram source. */
  contentLine: number;
  /** Line of the closing fence (or the last line when unclosed). */
  endLine: number;
  content: string;
  /** Index of the block the fence sits in. */
  block: number;
}

/** An inline control comment: `<!-- mlsd-disable RULE... -->` and friends. */
export interface Directive {
  kind: 'disable' | 'enable' | 'disable-next-line' | 'disable-line' | 'disable-file';
  rules: string[];
  line: number;
}

/** The YAML frontmatter of an answer. */
export interface Frontmatter {
  startLine: number;
  endLine: number;
  data: Record<string, unknown>;
  problems: YamlProblem[];
  /** True when the opening `---` has no closing fence. */
  unclosed: boolean;
}

/** A parsed answer. */
export interface AnswerDocument {
  text: string;
  lineCount: number;
  frontmatter?: Frontmatter;
  headings: Heading[];
  blocks: Block[];
  sections: Section[];
  mermaid: MermaidBlock[];
  directives: Directive[];
  /** Length of each line without its line break. */
  lineLengths: number[];
}

/**
 * A sub-heading inside a step's section belongs to that section, whatever it is called: "### Model" under
 * "## 6. Monitoring" is about monitoring the model, and "### KPIs" under "## 1. Business goal" is part of step 1.
 * Only headings below a non-step heading (or at the top) can start a step of their own.
 */
function demoteSubheadings(headings: Heading[]): void {
  // Ancestors as a stack of (level, has steps); a heading's ancestors are the entries with a smaller level.
  const stack: { level: number; steps: StepId[] }[] = [];
  for (const h of headings) {
    if (h.isTitle) continue;
    while (stack.length > 0 && stack[stack.length - 1].level >= h.level) stack.pop();
    const outer = stack.flatMap((a) => a.steps);
    // "### 6. Monitoring" numbered as its own template step still starts that step, wherever it sits.
    if (outer.length > 0 && h.steps.length > 0 && !(numberedAsStep(h) && !outer.includes(h.steps[0]))) h.steps = [];
    stack.push({ level: h.level, steps: h.steps });
  }
}

/** A heading named only by weak aliases ("Design", "Risks") is an extra section when a real one names its steps. */
function settleWeakHeadings(headings: Heading[], weak: Set<Heading>): void {
  if (weak.size === 0) return;
  const strong = new Set(headings.filter((h) => !weak.has(h)).flatMap((h) => h.steps));
  for (const h of weak) {
    if (h.steps.every((step) => strong.has(step))) {
      h.steps = [];
      h.nonTemplate = true;
    }
  }
}

/** Marks the first heading as the document's title when it is a real heading shallower than all the others. */
function markTitle(headings: Heading[]): void {
  const top = headings[0];
  if (headings.length < 2 || top.isTitle || top.markup === '**') return;
  // A loop, not Math.min(...levels): spreading 100,000+ arguments overflows the call stack.
  let minOther = Infinity;
  for (let i = 1; i < headings.length; i++) minOther = Math.min(minOther, headings[i].level);
  if (top.level < minOther) {
    top.isTitle = true;
    top.steps = [];
  }
}

function numberedAsStep(h: Heading): boolean {
  const n = headingOrdinal(h.text);
  return h.steps.length === 1 && n !== undefined && n === STEP_IDS.indexOf(h.steps[0]) + 1;
}

/** Groups blocks into step sections: a step heading's block plus the deeper non-step blocks right below it. */
export function buildSections(blocks: Block[]): Section[] {
  const sections: Section[] = [];
  for (let b = 0; b < blocks.length; b++) {
    const h = blocks[b].heading;
    if (!h || h.steps.length === 0) continue;
    const owned = [b];
    let end = blocks[b].endLine;
    for (let c = b + 1; c < blocks.length; c++) {
      const child = blocks[c].heading;
      if (!child || child.steps.length > 0 || child.level <= h.level) break;
      owned.push(c);
      end = blocks[c].endLine;
    }
    sections.push({ steps: h.steps, heading: h, startLine: h.line, endLine: end, blocks: owned });
  }
  return sections;
}

const BOLD_LINE = /^\s*(?:\*\*|__)([^*_\n]{1,80}?)(?:\*\*|__)\s*[:：]?\s*$/;

/** Block nesting (markdown-it levels: two per list, one per quote) below markdown-it's own `maxNesting`. */
const NESTING_GUARD = 100;

/**
 * Past `maxNesting`, markdown-it drops everything up to the end of the enclosing list, which for a list at the top
 * is the rest of the answer (21 nested `- ` swallowed every later heading). This rule runs first and, that deep,
 * takes one line at a time as flat text, so the containers above it end normally and nothing after is lost.
 */
function nestingGuard(state: StateBlock, startLine: number, _endLine: number, silent: boolean): boolean {
  if (silent || state.level < NESTING_GUARD) return false;
  state.line = startLine + 1;
  return true;
}

function createParser(withFrontMatter: boolean): MarkdownIt {
  const md = new MarkdownIt('commonmark', { html: true });
  (md.options as { maxNesting?: number }).maxNesting = NESTING_GUARD * 2;
  // Only block structure is needed; inline parsing is done for heading text alone, which keeps parsing cheap.
  md.core.ruler.disable(['inline', 'text_join'], true);
  md.block.ruler.before('table', 'nesting_guard', nestingGuard);
  if (withFrontMatter) md.use(frontMatter, () => undefined);
  return md;
}

const withFm = createParser(true);
const withoutFm = createParser(false);
const inlineMd = new MarkdownIt('commonmark');

// A prompt bullet the author has not filled in yet: "- Drift detection: …" (label, colon, nothing or an ellipsis).
const UNFILLED_PROMPT = /^[ \t]*(?:[-*+]|\d+[.)])[ \t]+[^:：\n]{1,60}[:：][ \t]*(?:…|\.\.\.|_+|\?)?[ \t]*$/;

const DIRECTIVE_START = /<!--\s*mlsd-(disable-next-line|disable-line|disable-file|disable|enable)\b/g;

/**
 * Headings longer than this are read from their first characters only: no real heading is that long, and
 * markdown-it's inline parser grows slightly faster than linearly on nested emphasis (10× the text, ~20× the time).
 */
const MAX_HEADING_CHARS = 1000;

function headingText(raw: string): string {
  const content = raw.length > MAX_HEADING_CHARS ? raw.slice(0, MAX_HEADING_CHARS) : raw;
  if (!/[*_`[\]<\\!&]/.test(content)) return content.trim();
  const tokens = inlineMd.parseInline(content, {});
  let text = '';
  const walk = (list: Token[] | null): void => {
    for (const t of list ?? []) {
      if (t.type === 'text' || t.type === 'code_inline') text += t.content;
      else if (t.type === 'softbreak' || t.type === 'hardbreak') text += ' ';
      walk(t.children);
    }
  };
  walk(tokens);
  return text.trim();
}

function lineStarts(text: string): number[] {
  const starts = [0];
  if (!text.includes('\r')) {
    // The common case (LF only): indexOf runs natively, far faster than a character loop.
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    return starts;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** Parses an answer. Never throws for any string input. */
export function parseAnswer(text: string, classifier: HeadingClassifier): AnswerDocument {
  const starts = lineStarts(text);
  const lineCount = starts.length;
  const lineLengths: number[] = [];
  for (let i = 0; i < lineCount; i++) {
    const end = i + 1 < lineCount ? starts[i + 1] : text.length;
    let len = end - starts[i];
    if (i + 1 < lineCount) len -= text.charCodeAt(end - 2) === 13 && text.charCodeAt(end - 1) === 10 ? 2 : 1;
    lineLengths.push(len);
  }
  const lineText = (line: number): string => text.substr(starts[line], lineLengths[line]);

  let tokens = withFm.parse(text, {});
  let frontmatter: Frontmatter | undefined;
  const fmToken = tokens.find((t) => t.type === 'front_matter');
  if (fmToken && fmToken.map) {
    const [startLine, endLine] = fmToken.map;
    const unclosed = endLine - 1 <= startLine || !/^(-{3,}|\.{3})\s*$/.test(lineText(endLine - 1));
    if (unclosed) {
      tokens = withoutFm.parse(text, {});
      frontmatter = {
        startLine,
        endLine: startLine + 1,
        data: {},
        problems: [{ message: 'frontmatter opened with --- is never closed', line: 0, character: 0 }],
        unclosed: true,
      };
    } else {
      const parsed = parseYamlSafely(fmToken.meta as string, { maxBytes: 64 * 1024, maxDepth: 16, maxAliases: 20 });
      const value = parsed.value;
      const data = typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
      const problems = parsed.problems.map((p) => ({ ...p, line: p.line + startLine + 1 }));
      if (parsed.problems.length === 0 && value !== null && value !== undefined && data !== value) {
        problems.push({ message: 'frontmatter must be a mapping of keys to values', line: startLine + 1, character: 0 });
      }
      frontmatter = { startLine, endLine, data, problems, unclosed: false };
    }
  }

  const headingByLine = new Map<number, Heading>();
  // Paragraphs that are one bold line ("**1. Biz goal**"): some answers use them instead of Markdown headings.
  const boldLines: { line: number; text: string }[] = [];
  const mermaidRaw: { fenceLine: number; endLine: number; content: string; closed: boolean }[] = [];
  const blankRanges: [number, number][] = [];
  const directives: Directive[] = [];
  const addDirectives = (source: string, line: number): void => {
    if (!source.includes('mlsd-')) return;
    // Linear in the source: line numbers are counted incrementally, and the end of each comment is found by
    // remembering the next '>' (a regex with a lazy body rescans the rest of the text after every unclosed
    // "<!-- mlsd-disable", which is quadratic).
    DIRECTIVE_START.lastIndex = 0;
    let counted = 0;
    let lines = 0;
    let nextGt = -1;
    let m: RegExpExecArray | null;
    while ((m = DIRECTIVE_START.exec(source)) !== null) {
      const bodyStart = m.index + m[0].length;
      if (nextGt < bodyStart) nextGt = source.indexOf('>', bodyStart);
      if (nextGt < 0) break;
      // Same as /<!--\s*mlsd-KIND\b([^>]*?)-->/: the body runs to the first '>', which must close "-->".
      if (nextGt - 2 < bodyStart || source.charCodeAt(nextGt - 1) !== 45 || source.charCodeAt(nextGt - 2) !== 45) continue;
      for (; counted < m.index; counted++) if (source.charCodeAt(counted) === 10) lines++;
      directives.push({
        kind: m[1] as Directive['kind'],
        rules: source.slice(bodyStart, nextGt - 2).split(/[\s,]+/).filter((r) => r.length > 0),
        line: line + lines,
      });
      DIRECTIVE_START.lastIndex = nextGt + 1;
    }
  };
  if (frontmatter) blankRanges.push([frontmatter.startLine, frontmatter.endLine]);
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (t.type === 'heading_open' && t.map) {
      const inline = tokens[i + 1];
      const content = inline && inline.type === 'inline' ? inline.content : '';
      const textOfHeading = headingText(content);
      headingByLine.set(t.map[0], {
        line: t.map[0],
        level: Number(t.tag.slice(1)) || 1,
        text: textOfHeading,
        title: textOfHeading,
        steps: [],
        nonTemplate: false,
        isTitle: false,
        markup: t.markup.startsWith('#') ? t.markup : '',
      });
    } else if (t.type === 'fence' && t.map) {
      const lang = t.info.trim().split(/\s+/)[0].toLowerCase();
      if (lang === 'mermaid') {
        const closed = t.map[1] - 1 > t.map[0] && /^\s*(`{3,}|~{3,})\s*$/.test(lineText(t.map[1] - 1));
        mermaidRaw.push({ fenceLine: t.map[0], endLine: closed ? t.map[1] - 1 : t.map[1] - 1, content: t.content, closed });
      }
    } else if (t.type === 'html_block' && t.map) {
      addDirectives(t.content, t.map[0]);
      if (t.content.trimStart().startsWith('<!--')) blankRanges.push([t.map[0], t.map[1]]);
    } else if (t.type === 'inline' && t.map && t.content.includes('<!--')) {
      addDirectives(t.content, t.map[0]);
    }
    if (t.type === 'paragraph_open' && t.level === 0 && t.map) {
      const inline = tokens[i + 1];
      const first = inline && inline.type === 'inline' ? inline.content.split('\n', 1)[0] : '';
      const bold = BOLD_LINE.exec(first);
      if (bold) boldLines.push({ line: t.map[0], text: bold[1].trim() });
    }
  }

  const headings = [...headingByLine.values()].sort((a, b) => a.line - b.line);
  markTitle(headings);
  const weak = new Set<Heading>();
  for (const h of headings) {
    if (h.isTitle) continue;
    const cls = classifier.classify(h.text);
    h.title = cls.title;
    h.steps = cls.steps;
    h.nonTemplate = cls.nonTemplate;
    if (cls.weak) weak.add(h);
  }
  // Bold lines stand in for headings only in an answer that names (almost) no step with a real heading; elsewhere
  // "**Monitoring**" is a label inside a section.
  if (boldLines.length > 0 && headings.filter((h) => h.steps.length > 0).length < 2) {
    const real = headings.filter((h) => !h.isTitle);
    let deepest = 1;
    for (const h of real) deepest = Math.max(deepest, h.level);
    const level = Math.min(6, real.length > 0 ? deepest + 1 : 2);
    let added = false;
    for (const b of boldLines) {
      const cls = classifier.classify(b.text);
      if (cls.steps.length === 0) continue;
      const pseudo: Heading = { line: b.line, level, text: b.text, title: cls.title, steps: cls.steps, nonTemplate: false, isTitle: false, markup: '**' };
      if (cls.weak) weak.add(pseudo);
      headings.push(pseudo);
      added = true;
    }
    if (added) {
      headings.sort((a, b) => a.line - b.line);
      // The one real heading above them may now be the document's title.
      markTitle(headings);
    }
  }
  settleWeakHeadings(headings, weak);
  demoteSubheadings(headings);

  // Blank out frontmatter and comments so they never count as evidence.
  const blanked = new Uint8Array(lineCount);
  for (const [a, b] of blankRanges) blanked.fill(1, a, Math.min(b, lineCount));
  const bodyOf = (from: number, to: number): string => {
    const parts: string[] = [];
    for (let line = from; line < to; line++) parts.push(blanked[line] ? '' : lineText(line));
    return parts.join('\n');
  };
  const evidenceOf = (body: string): string => {
    if (!body.includes(':') && !body.includes('\uff1a')) return body;
    const lines = body.split('\n');
    const indent = (l: string): number => l.length - l.trimStart().length;
    return lines
      .map((line, i) => {
        if (!UNFILLED_PROMPT.test(line)) return line;
        // "- Options:" followed by deeper lines is a filled label whose content is a nested list.
        const next = lines.slice(i + 1).find((l) => l.trim() !== '');
        return next !== undefined && indent(next) > indent(line) ? line : '';
      })
      .join('\n');
  };

  const blocks: Block[] = [];
  const firstHeadingLine = headings.length > 0 ? headings[0].line : lineCount;
  if (firstHeadingLine > 0) {
    const body = bodyOf(0, firstHeadingLine);
    blocks.push({ startLine: 0, endLine: firstHeadingLine, body, evidence: evidenceOf(body) });
  }
  headings.forEach((h, idx) => {
    const next = idx + 1 < headings.length ? headings[idx + 1].line : lineCount;
    const bodyStart = h.markup ? h.line + 1 : h.line + 2;
    const body = bodyOf(Math.min(bodyStart, next), next);
    // A sub-heading labels what its lines are about ("### Labels", "### Rollback"): with real content under it,
    // its words are evidence like a bold label would be. A step heading's own words never are ("Monitoring &
    // alerting" alone is not an alerting plan).
    const labelled = h.steps.length === 0 && !h.isTitle && hasRealContent(body);
    blocks.push({ heading: h, startLine: h.line, endLine: next, body, evidence: labelled ? `${h.text}\n${evidenceOf(body)}` : evidenceOf(body) });
  });

  const sections = buildSections(blocks);

  // Blocks are sorted by start line: binary search (a scan per Mermaid block is quadratic).
  const blockOfLine = (line: number): number => {
    let lo = 0;
    let hi = blocks.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (blocks[mid].startLine <= line) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  };
  const mermaid: MermaidBlock[] = mermaidRaw.map((m) => ({
    fenceLine: m.fenceLine,
    contentLine: m.fenceLine + 1,
    endLine: m.endLine,
    content: m.content,
    block: blockOfLine(m.fenceLine),
  }));

  return { text, lineCount, frontmatter, headings, blocks, sections, mermaid, directives, lineLengths };
}
