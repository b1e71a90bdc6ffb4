/**
 * Maps positions in the text Mermaid's parser sees back to the block the author wrote.
 *
 * Before parsing, Mermaid 11 (`getDiagramFromText` → `preprocessDiagram`, then `Diagram.fromText`) normalises line
 * breaks, removes YAML frontmatter, `%%{…}%%` directives and `%%` comment lines, trims leading white space, encodes
 * `#…;` entities and appends a newline. Parse errors carry line/column in that text, so a comment line above the
 * error would otherwise shift the reported line. This module repeats the same steps with the same regular
 * expressions (copied from mermaid 11.17.2, src/preprocess.ts, diagram-api/frontmatter.ts, diagram-api/regexes.ts,
 * utils.ts `encodeEntities`) while tracking where every character came from.
 *
 * It runs inside the Mermaid worker only: some of these expressions backtrack heavily on hostile input
 * (mermaid#6507), and the worker's time limit covers them.
 */

interface Mapped {
  text: string;
  /** `origin[i]` is the offset in the original text of `text[i]`; one extra entry for the end. */
  origin: number[];
}

function identity(text: string): Mapped {
  const origin = new Array<number>(text.length + 1);
  for (let i = 0; i <= text.length; i++) origin[i] = i;
  return { text, origin };
}

/** `String.prototype.replace` with a global regular expression, keeping the origin of every character. */
function replaceMapped(input: Mapped, pattern: RegExp, replacer: (match: string) => string): Mapped {
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
  let text = '';
  const origin: number[] = [];
  let last = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(input.text)) !== null) {
    const start = m.index;
    const match = m[0];
    text += input.text.slice(last, start);
    for (let i = last; i < start; i++) origin.push(input.origin[i]);
    const replacement = replacer(match);
    text += replacement;
    const prefix = match.startsWith(replacement);
    for (let i = 0; i < replacement.length; i++) {
      origin.push(input.origin[start + (prefix ? i : Math.min(i, Math.max(0, match.length - 1)))]);
    }
    last = start + match.length;
    if (match.length === 0) re.lastIndex++;
  }
  text += input.text.slice(last);
  for (let i = last; i <= input.text.length; i++) origin.push(input.origin[i]);
  return { text, origin };
}

function sliceMapped(input: Mapped, from: number): Mapped {
  return { text: input.text.slice(from), origin: input.origin.slice(from) };
}

// The expressions below are Mermaid's own (see the module comment).
const FRONTMATTER = /^([^\S\n\r]*)-{3}\s*[\n\r](.*?)[\n\r]\1-{3}\s*[\n\r]+/s;
const DIRECTIVE = /%{2}{\s*(?:(\w+)\s*:|(\w+))\s*(?:(\w+)|((?:(?!}%{2}).|\r?\n)*))?\s*(?:}%{2})?/gi;
const COMMENT_LINE = /^\s*%%(?!{)[^\n]+\n?/gm;

/** The text Mermaid's diagram parser receives for `original`, and a way back to `original`. */
export interface SourceMap {
  /** The parser's input. */
  parsed: string;
  /** Maps a zero-based offset in {@link parsed} to one in the original text. */
  toOriginalOffset(offset: number): number;
  /** Maps a 1-based line and 0-based column of the parser's input to an original zero-based position. */
  toOriginal(line: number, column: number): { line: number; character: number };
  /** Zero-based offset in {@link parsed} of a 1-based line and 0-based column. */
  offsetOf(line: number, column: number): number;
}

/** Zero-based line and column of an offset. */
export function positionAt(text: string, offset: number): { line: number; character: number } {
  const clamped = Math.max(0, Math.min(offset, text.length));
  let line = 0;
  let lineStart = 0;
  for (let i = 0; i < clamped; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, character: clamped - lineStart };
}

/** Builds the map for one block's text. */
export function mermaidSourceMap(original: string): SourceMap {
  // cleanupText: line breaks (the tag-attribute rewrite keeps lengths).
  let m = replaceMapped(identity(original), /\r\n?/g, () => '\n');
  // processFrontmatter → extractFrontMatter: drops the whole block.
  const fm = m.text.match(FRONTMATTER);
  if (fm) m = sliceMapped(m, fm[0].length);
  // processDirectives → removeDirectives.
  m = replaceMapped(m, DIRECTIVE, () => '');
  // cleanupComments.
  m = replaceMapped(m, COMMENT_LINE, () => '');
  const lead = m.text.length - m.text.trimStart().length;
  if (lead > 0) m = sliceMapped(m, lead);
  // Diagram.fromText: encodeEntities(text) + "\n".
  m = replaceMapped(m, /style.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1));
  m = replaceMapped(m, /classDef.*:\S*#.*;/g, (s) => s.substring(0, s.length - 1));
  m = replaceMapped(m, /#\w+;/g, (s) => {
    const inner = s.substring(1, s.length - 1);
    return /^\+?\d+$/.test(inner) ? `\uFB02\xB0\xB0${inner}\xB6\xDF` : `\uFB02\xB0${inner}\xB6\xDF`;
  });
  const end = m.origin[m.origin.length - 1];
  const parsed = `${m.text}\n`;
  const origin = [...m.origin.slice(0, -1), end, end];

  const lineStarts = [0];
  for (let i = 0; i < parsed.length; i++) if (parsed.charCodeAt(i) === 10) lineStarts.push(i + 1);
  const offsetOf = (line: number, column: number): number => {
    const l = Math.max(1, Math.min(line, lineStarts.length));
    const start = lineStarts[l - 1];
    const lineEnd = l < lineStarts.length ? lineStarts[l] - 1 : parsed.length;
    return Math.min(start + Math.max(0, column), lineEnd);
  };
  const toOriginalOffset = (offset: number): number => origin[Math.max(0, Math.min(offset, origin.length - 1))];
  return {
    parsed,
    offsetOf,
    toOriginalOffset,
    toOriginal: (line, column) => positionAt(original, toOriginalOffset(offsetOf(line, column))),
  };
}
