/**
 * YAML parsing for anything a user or a repository supplies (frontmatter, `.mlsd.yaml`, team templates).
 * `yaml` can exhaust memory and abort the whole process on deeply nested flow collections, which no try/catch
 * can stop, so size and nesting are checked before the parser ever sees the text, and alias expansion is capped.
 */
import { parseDocument } from 'yaml';

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

/** Returns the first place where flow or block nesting exceeds `maxDepth`, or undefined. */
export function findExcessiveNesting(text: string, maxDepth: number): YamlProblem | undefined {
  let depth = 0;
  let line = 0;
  let lineStart = 0;
  let quote = 0;
  let inComment = false;
  let atLineStart = true;
  let indent = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 10) {
      line++;
      lineStart = i + 1;
      inComment = false;
      atLineStart = true;
      indent = 0;
      if (quote === 39 || quote === 34) continue;
      continue;
    }
    if (atLineStart) {
      if (code === 32 || code === 45) {
        indent++;
        if (indent / 2 > maxDepth * 2) {
          return { message: `YAML is indented more than ${maxDepth * 2} levels deep`, line, character: i - lineStart };
        }
        continue;
      }
      atLineStart = false;
    }
    if (inComment) continue;
    if (quote !== 0) {
      if (code === quote) quote = 0;
      else if (code === 92 && quote === 34) i++;
      continue;
    }
    if (code === 35) inComment = true;
    else if (code === 34 || code === 39) quote = code;
    else if (code === 91 || code === 123) {
      depth++;
      if (depth > maxDepth) {
        return { message: `YAML is nested more than ${maxDepth} levels deep`, line, character: i - lineStart };
      }
    } else if ((code === 93 || code === 125) && depth > 0) depth--;
  }
  return undefined;
}

/** Parses YAML after checking size and nesting; never throws. */
export function parseYamlSafely(text: string, limits: YamlLimits = DEFAULT_YAML_LIMITS): YamlResult {
  if (text.length > limits.maxBytes) {
    return {
      value: undefined,
      problems: [{ message: `YAML is larger than ${Math.round(limits.maxBytes / 1024)} KB and was not read`, line: 0, character: 0 }],
    };
  }
  const nesting = findExcessiveNesting(text, limits.maxDepth);
  if (nesting) return { value: undefined, problems: [nesting] };
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
    const problems: YamlProblem[] = doc.errors.map((error) => ({
      message: error.message.split('\n')[0],
      line: error.linePos ? error.linePos[0].line - 1 : 0,
      character: error.linePos ? error.linePos[0].col - 1 : 0,
    }));
    if (problems.length > 0) return { value: undefined, problems };
    const value: unknown = doc.toJS({ maxAliasCount: limits.maxAliases });
    return { value, problems: [] };
  } catch (error) {
    // toJS throws when alias expansion exceeds maxAliasCount (a "billion laughs" document).
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    return { value: undefined, problems: [{ message, line: 0, character: 0 }] };
  }
}
