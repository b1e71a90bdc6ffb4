/**
 * YAML parsing for anything a user or a repository supplies (frontmatter, `.mlsd.yaml`, team templates).
 * `yaml` can exhaust memory and abort the whole process on deeply nested collections, which no try/catch
 * can stop, so size is checked first and nesting is measured (with yaml's own iterative lexer and CST parser) before
 * its recursive composer sees a document; alias expansion is capped, self-referencing aliases are refused, and
 * duplicate keys, error positions and error objects are handled in linear time.
 */
import { Composer, isAlias, isCollection, Lexer, Parser, visit, YAMLParseError } from 'yaml';
import type { CST, Document, Node as YamlNode } from 'yaml';
import { lastAtOrBefore } from './sorted';

/** A problem found while reading YAML, with a zero-based line/column inside the YAML text. */
export interface YamlProblem {
  message: string;
  line: number;
  character: number;
}

/** Parsed value plus any problems; `value` is undefined when the text could not be used at all. */
export interface YamlResult {
  value: unknown;
  problems: YamlProblem[];
}

/** Limits for {@link parseYamlSafely}. */
export interface YamlLimits {
  maxBytes: number;
  maxDepth: number;
  maxAliases: number;
}

/** Defaults that comfortably fit any real config while keeping the parser far from its failure modes. */
export const DEFAULT_YAML_LIMITS: YamlLimits = { maxBytes: 512 * 1024, maxDepth: 64, maxAliases: 100 };

/**
 * Returns a function giving the zero-based line and column of a UTF-16 offset (YAML line breaks: LF, CRLF, CR).
 * Line starts are computed once, on first use; each lookup is a binary search (a scan per lookup made a document
 * with thousands of errors quadratic).
 */
function positions(text: string): (offset: number) => { line: number; character: number } {
  let starts: number[] | undefined;
  return (offset) => {
    if (!starts) {
      starts = [0];
      for (let i = 0; i < text.length; i++) {
        const code = text.charCodeAt(i);
        if (code === 10 || (code === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
    }
    const at = Math.max(0, Math.min(offset, text.length));
    const line = lastAtOrBefore(starts, at);
    return { line, character: at - starts[line] };
  };
}

/** Problems reported per YAML text; after the first few, errors are nearly always consequences of the first. */
const MAX_PROBLEMS = 20;

/**
 * The CST tokens of `text`, read with `yaml`'s own lexer and parser (both iterative, so safe on any depth), ending
 * early with `state.tooDeep` set as soon as nesting exceeds `maxDepth`. Every block or flow collection the recursive
 * composer would descend into counts, whatever quotes, comments or document markers surround it (a character scan
 * that tracks quotes by itself is fooled, e.g. by the apostrophe in `a: it's`). Only complete documents are
 * yielded, so a too-deep document never reaches the composer.
 */
function* depthCheckedTokens(text: string, maxDepth: number, state: { tooDeep?: YamlProblem }): Generator<CST.Token> {
  const parser = new Parser();
  for (const lexeme of new Lexer().lex(text)) {
    // A lexeme that completes a document never deepens it, so what next() yields was checked on earlier lexemes.
    yield* parser.next(lexeme);
    // The stack holds the document plus one entry per open collection (and the node being read).
    if (parser.stack.length - 1 > maxDepth) {
      state.tooDeep = { message: `YAML is nested more than ${maxDepth} levels deep and was not read`, ...positions(text)(parser.offset) };
      return;
    }
  }
  yield* parser.end();
}

/** Returns the first place where nesting exceeds `maxDepth`, or undefined. */
export function findExcessiveNesting(text: string, maxDepth: number): YamlProblem | undefined {
  const state: { tooDeep?: YamlProblem } = {};
  try {
    for (const token of depthCheckedTokens(text, maxDepth, state)) void token;
  } catch (error) {
    return { message: `YAML could not be scanned: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, line: 0, character: 0 };
  }
  return state.tooDeep;
}

/**
 * Duplicate keys in any mapping, found in one linear pass (yaml's own `uniqueKeys` compares every key with every
 * earlier one, which takes seconds on a config with thousands of keys). Same rule as yaml: scalar keys with equal
 * values are duplicates.
 */
function duplicateKeys(doc: Document, positionAt: (offset: number) => { line: number; character: number }): YamlProblem[] {
  const problems: YamlProblem[] = [];
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const pair of map.items) {
        const key = pair.key as YamlNode | null;
        if (!key || isCollection(key) || isAlias(key)) continue;
        const value = (key as { value?: unknown }).value;
        if (seen.has(value)) {
          const offset = key.range ? key.range[0] : 0;
          if (problems.length < MAX_PROBLEMS) problems.push({ message: 'Map keys must be unique', ...positionAt(offset) });
        } else seen.add(value);
      }
    },
  });
  return problems;
}

/** True when a value built by `toJS` contains itself (an alias inside the collection it names). */
function isCircular(root: unknown): boolean {
  if (typeof root !== 'object' || root === null) return false;
  const state = new Map<object, 1 | 2>(); // 1: on the current path; 2: finished
  const stack: { node: object; children: unknown[]; next: number }[] = [];
  const childrenOf = (node: object): unknown[] => {
    if (Array.isArray(node)) return node;
    if (ArrayBuffer.isView(node)) return [];
    if (node instanceof Map) return [...node.keys(), ...node.values()];
    if (node instanceof Set) return [...node.values()];
    return Object.values(node);
  };
  const enter = (node: object): boolean => {
    const seen = state.get(node);
    if (seen === 1) return true;
    if (seen === 2) return false;
    state.set(node, 1);
    stack.push({ node, children: childrenOf(node), next: 0 });
    return false;
  };
  if (enter(root)) return true;
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (typeof child === 'object' && child !== null && enter(child)) return true;
    } else {
      state.set(top.node, 2);
      stack.pop();
    }
  }
  return false;
}

/** Parses YAML after checking size and nesting; never throws. */
export function parseYamlSafely(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlResult {
  if (text.length > limits.maxBytes) {
    return {
      value: undefined,
      problems: [{ message: `YAML is larger than ${Math.round(limits.maxBytes / 1024)} KB and was not read`, line: 0, character: 0 }],
    };
  }
  // yaml reports each error as an Error object, and capturing a stack trace for each is most of the cost of a
  // document with thousands of errors (10,000 comma-less aliases: ~200 ms). Stack traces are never used here.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    // What parseDocument does, in one pass with the depth check in front of the composer. prettyErrors stays off:
    // its message excerpts are not needed, and positions come from `pos` instead.
    const state: { tooDeep?: YamlProblem } = {};
    // logLevel 'error': yaml would otherwise print warnings (e.g. collection keys) to the process's stderr.
    const composer = new Composer({ uniqueKeys: false, prettyErrors: false, logLevel: 'error' });
    let doc: Document.Parsed | undefined;
    for (const next of composer.compose(depthCheckedTokens(text, limits.maxDepth, state), true, text.length)) {
      if (state.tooDeep) break;
      if (!doc) doc = next;
      else {
        doc.errors.push(new YAMLParseError([next.range[0], next.range[1]], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
        break;
      }
    }
    if (state.tooDeep) return { value: undefined, problems: [state.tooDeep] };
    if (!doc) return { value: undefined, problems: [] };
    const positionAt = positions(text);
    const problems: YamlProblem[] = doc.errors.slice(0, MAX_PROBLEMS).map((error) => ({
      message: error.message.split('\n')[0],
      ...positionAt(error.pos ? error.pos[0] : 0),
    }));
    if (doc.errors.length > MAX_PROBLEMS) {
      problems.push({ message: `${doc.errors.length - MAX_PROBLEMS} more YAML error(s) not shown`, ...positionAt(doc.errors[MAX_PROBLEMS].pos?.[0] ?? 0) });
    }
    if (problems.length === 0) problems.push(...duplicateKeys(doc, positionAt));
    if (problems.length > 0) return { value: undefined, problems };
    const value: unknown = doc.toJS({ maxAliasCount: limits.maxAliases });
    if (isCircular(value)) {
      return { value: undefined, problems: [{ message: 'YAML alias refers to a collection that contains it (a circular structure)', line: 0, character: 0 }] };
    }
    return { value, problems: [] };
  } catch (error) {
    // toJS throws when alias expansion exceeds maxAliasCount (a "billion laughs" document).
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { value: undefined, problems: [{ message, line: 0, character: 0 }] };
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}
