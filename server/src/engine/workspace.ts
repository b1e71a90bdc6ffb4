/**
 * File-system side of configuration, shared by the language server and the CLI: finds the `.mlsd.yaml` that
 * governs an answer (walking up from it), reads team templates, and caches engines per template.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE_NAMES, ConfigFile, EngineConfig, parseConfigText } from './config';
import { compileContent, mergeTeamTemplate } from './content';
import { createEngine, Engine } from './analyze';
import { parseYamlSafely, YamlProblem } from './safeYaml';
import { ContentBundle } from './types';

/** A configuration problem located in a file. */
export interface FileProblem extends YamlProblem {
  file: string;
}

/** What governs one answer: the config file (if any), its settings, the engine to use, and problems found. */
export interface ResolvedConfig {
  file?: string;
  config: Partial<EngineConfig>;
  engine: Engine;
  problems: FileProblem[];
}

/** Options for {@link ConfigResolver}. */
export interface ResolverOptions {
  /** Refuse team templates outside these folders (untrusted workspaces); undefined = allow anywhere. */
  templateRoots?: string[];
  /** Stop walking up at these folders (workspace roots); undefined = walk to the file-system root. */
  stopAt?: string[];
}

/** Byte limits checked before reading (the YAML parser refuses more than this anyway). */
const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_TEMPLATE_BYTES = 2 * 1024 * 1024;

interface CachedFile {
  mtimeMs: number;
  size: number;
  parsed: ConfigFile;
}

/** Resolves and caches configuration for answers on disk. */
export class ConfigResolver {
  private readonly files = new Map<string, CachedFile | null>();
  private readonly engines = new Map<string, { stamp: string; engine: Engine; problems: FileProblem[] }>();
  private readonly builtinEngine: Engine;

  constructor(
    private readonly builtin: ContentBundle,
    private options: ResolverOptions = {},
  ) {
    this.builtinEngine = createEngine(compileContent(builtin));
  }

  /** The engine for the built-in template. */
  get defaultEngine(): Engine {
    return this.builtinEngine;
  }

  /** Changes trust/stop options and forgets cached engines. */
  setOptions(options: ResolverOptions): void {
    this.options = options;
    this.engines.clear();
  }

  /** Forgets cached files (call when a config or template changes on disk). */
  invalidate(): void {
    this.files.clear();
    this.engines.clear();
  }

  /** Finds the nearest config file for an answer path, walking up. */
  findConfigFile(answerPath: string): string | undefined {
    let dir = path.dirname(path.resolve(answerPath));
    const stops = (this.options.stopAt ?? []).map((s) => path.resolve(s));
    for (;;) {
      for (const name of CONFIG_FILE_NAMES) {
        const candidate = path.join(dir, name);
        if (this.readFile(candidate) !== null) return candidate;
      }
      const parent = path.dirname(dir);
      if (parent === dir || stops.includes(dir)) return undefined;
      dir = parent;
    }
  }

  /** Reads and parses a config file (cached by mtime and size); null when absent. */
  readFile(file: string): ConfigFile | null {
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
      if (!stat.isFile()) return null;
    } catch {
      return null;
    }
    const cached = this.files.get(file);
    if (cached && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.parsed;
    let parsed: ConfigFile;
    try {
      // Never read more than the parser would accept (a huge file is refused without loading it).
      parsed = stat.size > MAX_CONFIG_BYTES
        ? { config: {}, problems: [{ message: `the configuration is larger than ${MAX_CONFIG_BYTES / 1024} KB and was not read`, line: 0, character: 0 }] }
        : parseConfigText(fs.readFileSync(file, 'utf8'));
    } catch (error) {
      parsed = { config: {}, problems: [{ message: `cannot read: ${(error as Error).message}`, line: 0, character: 0 }] };
    }
    this.files.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, parsed });
    return parsed;
  }

  /** Resolves what governs an answer; `explicitConfig` (the CLI's --config) replaces the lookup. */
  resolve(answerPath: string | undefined, explicitConfig?: string): ResolvedConfig {
    const file = explicitConfig ? path.resolve(explicitConfig) : answerPath ? this.findConfigFile(answerPath) : undefined;
    if (!file) return { config: {}, engine: this.builtinEngine, problems: [] };
    const parsed = this.readFile(file);
    if (!parsed) {
      return { file, config: {}, engine: this.builtinEngine, problems: [{ file, message: 'configuration file not found', line: 0, character: 0 }] };
    }
    const problems: FileProblem[] = parsed.problems.map((p) => ({ file, ...p }));
    let engine = this.builtinEngine;
    if (parsed.template) {
      const templatePath = path.resolve(path.dirname(file), parsed.template);
      const loaded = this.loadTemplate(templatePath, file, parsed);
      engine = loaded.engine;
      problems.push(...loaded.problems);
    }
    return { file, config: parsed.config, engine, problems };
  }

  private loadTemplate(templatePath: string, configFile: string, parsed: ConfigFile): { engine: Engine; problems: FileProblem[] } {
    const templateLine = (): number => 0;
    const roots = this.options.templateRoots;
    if (roots && !roots.some((root) => isInside(templatePath, root))) {
      return {
        engine: this.builtinEngine,
        problems: [{
          file: configFile,
          message: `team template ${parsed.template} is outside the workspace and the workspace is not trusted; using the built-in template`,
          line: templateLine(),
          character: 0,
        }],
      };
    }
    let stamp: string;
    let text: string;
    try {
      const stat = fs.statSync(templatePath);
      // Only regular files of a sane size: a FIFO would block the read forever, /dev/zero would never end.
      if (!stat.isFile()) throw new Error('not a regular file');
      if (stat.size > MAX_TEMPLATE_BYTES) throw new Error(`larger than ${MAX_TEMPLATE_BYTES / 1024} KB`);
      stamp = `${stat.mtimeMs}:${stat.size}`;
      const cached = this.engines.get(templatePath);
      if (cached && cached.stamp === stamp) return cached;
      text = fs.readFileSync(templatePath, 'utf8');
    } catch (error) {
      return {
        engine: this.builtinEngine,
        problems: [{ file: configFile, message: `cannot read team template ${parsed.template}: ${(error as Error).message}`, line: 0, character: 0 }],
      };
    }
    const result = parseYamlSafely(text);
    if (result.problems.length > 0 || typeof result.value !== 'object' || result.value === null) {
      const problems = result.problems.length > 0
        ? result.problems.map((p) => ({ file: templatePath, ...p }))
        : [{ file: templatePath, message: 'a team template must be a mapping with steps: and/or checks:', line: 0, character: 0 }];
      const entry = { stamp, engine: this.builtinEngine, problems };
      this.engines.set(templatePath, entry);
      return entry;
    }
    let engine: Engine;
    try {
      engine = createEngine(compileContent(mergeTeamTemplate(this.builtin, result.value)));
    } catch (error) {
      // Defensive: whatever a template holds, the answer is still checked with the built-in template.
      const entry = { stamp, engine: this.builtinEngine, problems: [{ file: templatePath, message: `team template could not be used: ${(error as Error).message}`, line: 0, character: 0 }] };
      this.engines.set(templatePath, entry);
      return entry;
    }
    const entry = { stamp, engine, problems: [] };
    this.engines.set(templatePath, entry);
    return entry;
  }
}

function isInside(file: string, root: string): boolean {
  const rel = path.relative(path.resolve(root), path.resolve(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** True when `file` is a symbolic link (broken or not). */
export function isSymlink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Bytes inspected for NUL when deciding whether a file is text (the same heuristic as git). */
const BINARY_SNIFF_BYTES = 8000;

/**
 * Reads an answer, or explains why it cannot be checked: not a regular file (a FIFO would block forever, a
 * directory or a broken link cannot be read), unreadable, or binary. Invalid UTF-8 is decoded to U+FFFD and a
 * leading byte order mark is dropped, as the editor does.
 */
export function readAnswerFile(file: string): { text: string } | { problem: string } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' && isSymlink(file) ? 'broken symbolic link' : `cannot read (${code ?? (error as Error).message})` };
  }
  if (!stat.isFile()) return { problem: `not a regular file (${stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a FIFO' : 'a device or socket'}); skipped` };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (error) {
    return { problem: `cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
  }
  if (bytes.subarray(0, BINARY_SNIFF_BYTES).includes(0)) return { problem: 'looks like a binary file (it contains NUL bytes); skipped' };
  let text: string;
  try {
    text = bytes.toString('utf8');
  } catch (error) {
    return { problem: `cannot read (${(error as Error).message})` };
  }
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text };
}
