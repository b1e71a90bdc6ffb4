/**
 * Engine configuration: `.mlsd.yaml` files, the CLI's `--config`, and the editor's `mlsd.rules` setting all
 * become one {@link EngineConfig}. Reading never throws; problems carry the line they refer to.
 */
import { isStepId } from './content';
import { parseYamlSafely, YamlProblem } from './safeYaml';
import { lastAtOrBefore } from './sorted';
import { Level, SeveritySetting, StepId } from './types';

/** Settings the analysis honours. */
export interface EngineConfig {
  /** Rule id (or `prefix.*`) → severity; later entries of a merge win. */
  rules: Record<string, SeveritySetting>;
  disabledSteps: StepId[];
  level?: Level;
  /** Answers larger than this are analysed only up to the limit. */
  maxFileSizeKB: number;
}

/** A configuration file as written, before the team template (if any) is resolved. */
export interface ConfigFile {
  config: Partial<EngineConfig>;
  /** `template:` as written (a path relative to the config file). */
  template?: string;
  problems: YamlProblem[];
}

/** Default configuration: every rule at its own severity. */
export const DEFAULT_CONFIG: EngineConfig = { rules: {}, disabledSteps: [], maxFileSizeKB: 2048 };

const SEVERITY_SETTINGS: readonly string[] = ['off', 'hint', 'info', 'warning', 'error'];
const KNOWN_KEYS = ['rules', 'disabledSteps', 'level', 'template', 'maxFileSizeKB'];

/** File names recognised as MLSD configuration, in lookup order. */
export const CONFIG_FILE_NAMES = ['.mlsd.yaml', '.mlsd.yml'];

const MAX_PROBLEMS = 100;

/** Finds the line a key is first written on; line starts are computed once per text, not once per lookup. */
function lineLocator(text: string): (needle: string) => number {
  let starts: number[] | undefined;
  return (needle) => {
    // Prefer the key as written before its colon ("a:" rather than the "a" inside "staff").
    let idx = -1;
    for (const candidate of [`${needle}:`, `"${needle}"`, `'${needle}'`, needle]) if ((idx = text.indexOf(candidate)) >= 0) break;
    if (idx < 0) return 0;
    if (!starts) {
      starts = [0];
      for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
    }
    return lastAtOrBefore(starts, idx);
  };
}

/** True when `value` is a valid severity setting. */
export function isSeveritySetting(value: unknown): value is SeveritySetting {
  return typeof value === 'string' && SEVERITY_SETTINGS.includes(value);
}

/** Validates a `rules` map, reporting bad values; `locate` finds the line a key is written on. */
export function readRulesMap(raw: unknown, locate: (key: string) => number, problems: YamlProblem[]): Record<string, SeveritySetting> {
  const rules: Record<string, SeveritySetting> = {};
  if (raw === undefined || raw === null) return rules;
  if (typeof raw !== 'object' || Array.isArray(raw)) {
    problems.push({ message: '`rules` must map rule ids to off, hint, info, warning or error', line: locate('rules'), character: 0 });
    return rules;
  }
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const setting = value === false ? 'off' : value;
    if (isSeveritySetting(setting)) rules[id] = setting;
    else {
      problems.push({
        message: `rule "${id}" has severity ${JSON.stringify(value)}; use off, hint, info, warning or error`,
        line: locate(id),
        character: 0,
      });
    }
  }
  return rules;
}

/** Parses the text of a `.mlsd.yaml` file. */
export function parseConfigText(text: string): ConfigFile {
  const parsed = parseYamlSafely(text, { maxBytes: 256 * 1024, maxDepth: 16, maxAliases: 50 });
  const problems = [...parsed.problems];
  const config: Partial<EngineConfig> = {};
  if (parsed.value === undefined || parsed.value === null) return { config, problems };
  if (typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    problems.push({ message: 'the configuration must be a mapping (keys: rules, disabledSteps, level, template)', line: 0, character: 0 });
    return { config, problems };
  }
  const raw = parsed.value as Record<string, unknown>;
  // A config with thousands of bad entries is reported as the first MAX_PROBLEMS of them plus a count; the rest
  // are not located (each lookup scans the text).
  const find = lineLocator(text);
  const locate = (key: string): number => (problems.length < MAX_PROBLEMS ? find(key) : 0);
  for (const key of Object.keys(raw)) {
    if (!KNOWN_KEYS.includes(key)) {
      problems.push({ message: `unknown key "${key}"; known keys are ${KNOWN_KEYS.join(', ')}`, line: locate(key), character: 0 });
    }
  }
  config.rules = readRulesMap(raw.rules, locate, problems);
  if (raw.disabledSteps !== undefined) {
    const steps = Array.isArray(raw.disabledSteps) ? raw.disabledSteps : [raw.disabledSteps];
    config.disabledSteps = [];
    for (const step of steps) {
      if (isStepId(step)) config.disabledSteps.push(step);
      else problems.push({ message: `${JSON.stringify(step) ?? String(step)} is not a step id (business, data, modeling, architecture, mlops, monitoring, governance)`, line: locate('disabledSteps'), character: 0 });
    }
  }
  if (raw.level !== undefined) {
    if (raw.level === 'senior' || raw.level === 'staff') config.level = raw.level;
    else problems.push({ message: `level must be senior or staff, not ${JSON.stringify(raw.level)}`, line: locate('level'), character: 0 });
  }
  if (raw.maxFileSizeKB !== undefined) {
    if (typeof raw.maxFileSizeKB === 'number' && raw.maxFileSizeKB > 0) config.maxFileSizeKB = raw.maxFileSizeKB;
    else problems.push({ message: 'maxFileSizeKB must be a positive number', line: locate('maxFileSizeKB'), character: 0 });
  }
  let template: string | undefined;
  if (raw.template !== undefined) {
    if (typeof raw.template === 'string' && raw.template.length > 0) template = raw.template;
    else problems.push({ message: 'template must be a path to a YAML file', line: locate('template'), character: 0 });
  }
  if (problems.length > MAX_PROBLEMS) {
    const more = problems.length - MAX_PROBLEMS;
    problems.length = MAX_PROBLEMS;
    problems.push({ message: `${more} more problem(s) not shown`, line: 0, character: 0 });
  }
  return { config, template, problems };
}

/** Merges configs left to right (later wins; rule maps are merged key by key). */
export function mergeConfig(...parts: (Partial<EngineConfig> | undefined)[]): EngineConfig {
  const result: EngineConfig = { ...DEFAULT_CONFIG, rules: {}, disabledSteps: [] };
  for (const part of parts) {
    if (!part) continue;
    if (part.rules) result.rules = { ...result.rules, ...part.rules };
    if (part.disabledSteps) result.disabledSteps = [...part.disabledSteps];
    if (part.level) result.level = part.level;
    if (part.maxFileSizeKB) result.maxFileSizeKB = part.maxFileSizeKB;
  }
  return result;
}

/**
 * `*` matches any run of characters. Iterative, O(pattern × id) at worst: the RegExp this replaces backtracked
 * exponentially on patterns such as `************q`, which an answer can write in a directive.
 */
function globMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let star = -1;
  let resume = 0;
  while (t < text.length) {
    if (p < pattern.length && pattern[p] !== '*' && pattern[p] === text[t]) {
      p++;
      t++;
    } else if (p < pattern.length && pattern[p] === '*') {
      star = p++;
      resume = t;
    } else if (star >= 0) {
      p = star + 1;
      t = ++resume;
    } else return false;
  }
  while (p < pattern.length && pattern[p] === '*') p++;
  return p === pattern.length;
}

/** True when a rule id matches a pattern: the exact id, `all`, a glob with `*` (`consistency.*`, `*.section`), or a bare family/step id. */
export function ruleMatches(pattern: string, id: string): boolean {
  if (pattern === id || pattern === 'all') return true;
  if (pattern.includes('*')) return globMatches(pattern, id);
  return !pattern.includes('.') && id.startsWith(pattern + '.');
}

/** The configured severity of a rule: the most specific matching pattern wins. */
export function severityFor(id: string, fallback: SeveritySetting, rules: Record<string, SeveritySetting>): SeveritySetting {
  if (rules[id] !== undefined) return rules[id];
  let best: string | undefined;
  for (const pattern of Object.keys(rules)) {
    if (ruleMatches(pattern, id) && (best === undefined || pattern.length > best.length)) best = pattern;
  }
  return best === undefined ? fallback : rules[best];
}
