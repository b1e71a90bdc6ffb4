/**
 * Turns the errors Mermaid's parsers throw into one readable sentence at the right place in the block.
 *
 * Mermaid has two kinds of parsers. The classic diagrams (flowchart, sequence, class, state, ER, gantt…) use jison
 * grammars: their errors carry `hash = {text, token, line, loc, expected}` and a message with a caret line
 * ("Parse error on line 3: … ---^ Expecting 'NODE_STRING', … got 'LINK'"). The newer diagrams (pie,
 * architecture, gitGraph, …) use Langium: their `MermaidParseError` carries `result.lexerErrors` and
 * `result.parserErrors` with 1-based lines and columns. Anything else (an unknown diagram type, a semantic error
 * thrown by a diagram's db) only has a message.
 */
import { BlockProblem } from './types';
import { positionAt, SourceMap } from './sourceMap';

/** Readable names of grammar tokens, shared by the jison grammars (quotes included where the token is literal). */
const TOKEN_NAMES: Record<string, string> = {
  NODE_STRING: 'a node id',
  ACTOR: 'a participant name',
  ID: 'a name',
  ALPHA: 'a name',
  EDGE_STATE: 'a state',
  STATE_ID: 'a state',
  STR: 'a quoted string',
  MD_STR: 'a quoted string',
  TXT: "':' and a message",
  TEXT: 'label text',
  UNICODE_TEXT: 'text',
  TESTSTR: 'text',
  NUM: 'a number',
  NUMBER: 'a number',
  NUMBER_PIE: 'a number',
  STRING: 'a quoted string',
  SQE: "']'",
  PE: "')'",
  DIAMOND_STOP: "'}'",
  STADIUMEND: "'])'",
  SUBROUTINEEND: "']]'",
  CYLINDEREND: "')]'",
  DOUBLECIRCLEEND: "')))'",
  TRAPEND: "'/]'",
  INVTRAPEND: "'\\]'",
  TAGEND: "'>'",
  '-)': "'-)'",
  STRUCT_STOP: "'}'",
  PIPE: "'|'",
  COLON: "':'",
  SEMI: "';'",
  COMMA: "','",
  AMP: "'&'",
  LINK: 'an arrow',
  START_LINK: 'an arrow',
  ARROW: 'an arrow',
  SOLID_ARROW: 'an arrow',
  DOTTED_ARROW: 'an arrow',
  MEMBER: 'a class member',
  STYLE_SEPARATOR: "':::'",
  end: "'end'",
  subgraph: "'subgraph'",
  DIR: 'a direction (TB, TD, BT, RL or LR)',
  direction_tb: 'a direction (TB, TD, BT, RL or LR)',
  NEWLINE: 'a line break',
  NL: 'a line break',
  EOF: 'the end of the diagram',
};

/** Tokens that say "a name goes here": when one is expected the others are grammar detail. */
const PRIMARY = new Set(['NODE_STRING', 'ACTOR', 'ID', 'EDGE_STATE', 'STATE_ID', 'NUMBER_PIE']);
/** Tokens that close a node shape in a flowchart. */
const CLOSERS = new Set(['SQE', 'PE', 'DIAMOND_STOP', 'STADIUMEND', 'SUBROUTINEEND', 'CYLINDEREND', 'DOUBLECIRCLEEND', 'TRAPEND', 'INVTRAPEND', '-)']);
const END_TOKENS = new Set(['1', 'EOF', '$end', 'EOF_IN_STRUCT']);
const BREAK_TOKENS = new Set(['NEWLINE', 'NL']);

/** Shortens `text` to one sentence of at most `max` characters, ending in a full stop. */
export function oneSentence(text: string, max = 180): string {
  let s = text.replace(/\s+/g, ' ').trim();
  const stop = s.search(/[.!?](\s|$)/);
  if (stop >= 0) s = s.slice(0, stop);
  if (s.length > max) s = `${s.slice(0, max - 1).trimEnd()}…`;
  return /[.!?…]$/.test(s) ? s : `${s}.`;
}

function quote(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return `'${t.length > 24 ? `${t.slice(0, 23)}…` : t}'`;
}

function joinOr(items: string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

/** The readable "expected …" part for a list of grammar tokens (`'NODE_STRING'` quoted as jison gives them). */
export function describeExpected(expected: readonly string[]): string {
  const tokens = [...new Set(expected.map((e) => e.replace(/^'(.*)'$/, '$1')))];
  const primaries = tokens.filter((t) => PRIMARY.has(t));
  if (primaries.length > 0) return joinOr([...new Set(primaries.map((t) => TOKEN_NAMES[t]))]);
  const closers = tokens.filter((t) => CLOSERS.has(t));
  if (closers.length >= 3) return "the closing bracket of the node's shape, such as ']' or ')'";
  const named = [...new Set(tokens.filter((t) => TOKEN_NAMES[t] !== undefined).map((t) => TOKEN_NAMES[t]))];
  if (named.length > 0) return joinOr(named.slice(0, 3));
  return joinOr(tokens.slice(0, 3).map((t) => (/^[a-z]/.test(t) ? `'${t}'` : t)));
}

interface JisonHash {
  text?: string;
  token?: string | number | null;
  line?: number;
  loc?: { first_line: number; last_line: number; first_column: number; last_column: number };
  expected?: string[];
}

interface LangiumResult {
  lexerErrors?: { line?: number; column?: number; length?: number; message?: string }[];
  parserErrors?: { message?: string; token?: { image?: string; startLine?: number; startColumn?: number; endColumn?: number } }[];
}

/** Range of `length` characters at an original offset, clamped to the line; at a line end it covers the last character. */
function rangeAt(original: string, offset: number, length: number): Omit<BlockProblem, 'message'> {
  const start = positionAt(original, offset);
  const lineText = original.split('\n')[start.line] ?? '';
  let character = Math.min(start.character, lineText.length);
  let end = Math.min(character + Math.max(1, length), lineText.length);
  if (end <= character && character > 0) {
    character -= 1;
    end = character + 1;
  }
  return { line: start.line, character, endLine: start.line, endCharacter: Math.max(end, character) };
}

/** Offset just after the last non-blank character of the original block (where "the diagram ends" is reported). */
function endOfContent(original: string): number {
  let end = original.length;
  while (end > 0 && /\s/.test(original[end - 1])) end--;
  return end;
}

/**
 * Where jison's lookahead token starts in the parsed text. The caret line of the message is drawn under the end of
 * the consumed input (its last 20 characters, line breaks removed); the last shifted token's `loc` bounds the search.
 */
function lookaheadOffset(map: SourceMap, message: string, hash: JisonHash): number {
  const parsed = map.parsed;
  const lines = message.split('\n');
  const caretLine = lines.findIndex((l) => /^-*\^$/.test(l));
  let pre = '';
  if (caretLine > 0) {
    pre = lines[caretLine - 1].slice(0, lines[caretLine].length - 1);
    if (pre.startsWith('...')) pre = pre.slice(3);
  }
  let from = 0;
  if (hash.loc) from = map.offsetOf(hash.loc.last_line, hash.loc.last_column);
  else if (typeof hash.line === 'number') from = map.offsetOf(hash.line + 1, 0);
  if (pre.length === 0) return from;
  // Consumed text with line breaks removed, to compare with the caret's prefix.
  let flat = '';
  const flatAt: number[] = [];
  for (let i = 0; i <= parsed.length; i++) {
    flatAt.push(flat.length);
    if (i < parsed.length && parsed[i] !== '\n') flat += parsed[i];
  }
  for (let p = from; p <= parsed.length; p++) {
    const f = flatAt[p];
    if (f >= pre.length && flat.slice(f - pre.length, f) === pre) return p;
  }
  return from;
}

function skipBlanks(text: string, offset: number): number {
  let p = offset;
  while (p < text.length && (text[p] === ' ' || text[p] === '\t')) p++;
  return p;
}

/** Describes a jison parse or lexical error. */
function fromJison(error: Error & { hash: JisonHash }, map: SourceMap, original: string): BlockProblem {
  const hash = error.hash;
  const token = hash.token === null || hash.token === undefined ? '' : String(hash.token);
  const lexical = /^Lexical error/.test(error.message) || token === '';
  const parsedOffset = skipBlanks(map.parsed, lookaheadOffset(map, error.message, hash));
  let offset = map.toOriginalOffset(parsedOffset);
  let what: string;
  let length = 1;
  const text = (hash.text ?? '').trim();
  if (END_TOKENS.has(token) || (!BREAK_TOKENS.has(token) && parsedOffset >= map.parsed.trimEnd().length)) {
    offset = endOfContent(original);
    what = 'the diagram ends too early';
  } else if (lexical) {
    const word = /^\S+/.exec(map.parsed.slice(parsedOffset))?.[0] ?? '';
    what = word ? `unrecognised text ${quote(word)}` : 'unrecognised text';
    length = word.length;
  } else if (BREAK_TOKENS.has(token) || text === '') {
    what = BREAK_TOKENS.has(token) ? 'the line ends too early' : `unexpected ${TOKEN_NAMES[token] ?? token}`;
  } else {
    what = `unexpected ${quote(text)}`;
    length = text.length;
  }
  const range = rangeAt(original, offset, length);
  let expected = !lexical && hash.expected && hash.expected.length > 0 ? ` — expected ${describeExpected(hash.expected)}` : '';
  if (what === 'the diagram ends too early' && hash.expected?.includes("'end'")) expected = " — expected 'end' to close a subgraph";
  return { ...range, message: `Mermaid: ${what} on line ${range.line + 1}${expected}.` };
}

/** Describes a Langium (`@mermaid-js/parser`) error. */
function fromLangium(result: LangiumResult, map: SourceMap, original: string, fallback: string): BlockProblem {
  const lexer = result.lexerErrors?.[0];
  if (lexer && typeof lexer.line === 'number' && typeof lexer.column === 'number') {
    const offset = map.toOriginalOffset(map.offsetOf(lexer.line, lexer.column - 1));
    const bad = /->(.*)<-/s.exec(lexer.message ?? '')?.[1];
    const range = rangeAt(original, offset, lexer.length ?? 1);
    return { ...range, message: `Mermaid: unexpected character${bad ? ` ${quote(bad)}` : ''} on line ${range.line + 1}.` };
  }
  const parser = result.parserErrors?.[0];
  if (parser) {
    const t = parser.token;
    const expectedType = /Expecting token of type '([^']+)'/.exec(parser.message ?? '')?.[1];
    const expected = expectedType ? ` — expected ${TOKEN_NAMES[expectedType] ?? expectedType.toLowerCase().replace(/_/g, ' ')}` : '';
    let offset: number;
    let what: string;
    if (t && Number.isFinite(t.startLine) && Number.isFinite(t.startColumn)) {
      offset = map.toOriginalOffset(map.offsetOf(t.startLine as number, (t.startColumn as number) - 1));
      const image = (t.image ?? '').trim();
      what = image ? `unexpected ${quote(image)}` : 'the line ends too early';
    } else {
      offset = endOfContent(original);
      what = 'the diagram ends too early';
    }
    const range = rangeAt(original, offset, (t?.image ?? '').trim().length || 1);
    return { ...range, message: `Mermaid: ${what} on line ${range.line + 1}${expected}.` };
  }
  return atFirstLine(original, map, `Mermaid: ${oneSentence(fallback.replace(/^Parsing failed:\s*/, ''))}`);
}

function atFirstLine(original: string, map: SourceMap, message: string): BlockProblem {
  const offset = map.toOriginalOffset(0);
  const word = /^\S*/.exec(original.slice(offset))?.[0] ?? '';
  return { ...rangeAt(original, offset, word.length || 1), message };
}

/** True when the error is Mermaid's edge limit (`maxEdges`), which is a limit, not a syntax error. */
export function isEdgeLimitError(error: unknown): boolean {
  return error instanceof Error && /Edge limit exceeded/.test(error.message);
}

/** One readable sentence and a block-relative range for any error Mermaid threw while parsing `original`. */
export function describeMermaidError(error: unknown, map: SourceMap, original: string): BlockProblem {
  const err = error instanceof Error ? error : new Error(String(error));
  const withHash = err as Error & { hash?: JisonHash; result?: LangiumResult };
  if (withHash.hash && typeof withHash.hash === 'object') return fromJison(err as Error & { hash: JisonHash }, map, original);
  if (withHash.result && (withHash.result.lexerErrors || withHash.result.parserErrors)) {
    return fromLangium(withHash.result, map, original, err.message);
  }
  if (err.name === 'UnknownDiagramError' || /No diagram type detected/.test(err.message)) {
    const first = /^\S*/.exec(map.parsed)?.[0] ?? '';
    return atFirstLine(
      original,
      map,
      `Mermaid: unknown diagram type ${quote(first || '(empty)')} on line ${positionAt(original, map.toOriginalOffset(0)).line + 1} — start with a type such as flowchart LR, sequenceDiagram or classDiagram.`,
    );
  }
  return atFirstLine(original, map, `Mermaid: ${oneSentence(err.message.split('\n')[0] || err.name)}`);
}
