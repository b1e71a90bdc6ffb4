/**
 * `mlsd-lint`: runs the MLSD engine over answers from the shell and in CI.
 *
 *   mlsd-lint [--format text|json|sarif] [--config FILE] PATH...
 *
 * PATH is a file, a folder (searched for *.mlsd.md) or a glob. Exit 0: no error-severity finding; 1: at least one;
 * 2: usage, I/O or configuration error (the other files are still checked).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AnalysisResult,
  allRuleMeta,
  analyze,
  ConfigResolver,
  EngineDiagnostic,
  loadBuiltinContent,
  isSymlink,
  mergeConfig,
  readAnswerFile,
  ruleDocsUrl,
} from './engine';
import { answerDiagrams } from './mermaid/answer';
import { MermaidValidator } from './mermaid/validator';
import { ANSWER_SUFFIX } from './protocol';

const VERSION = '0.1.0';
const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];

const USAGE = `Usage: mlsd-lint [--format text|json|sarif] [--config FILE] PATH...

Checks ML system design answers (*.mlsd.md) against the seven-step template.
PATH may be a file, a folder (searched for *${ANSWER_SUFFIX}) or a glob such as "answers/**/*.mlsd.md".

Options:
  -f, --format FORMAT  text (default), json or sarif (SARIF 2.1.0)
  -c, --config FILE    use this .mlsd.yaml instead of looking one up beside each answer
  -h, --help           show this help
  -v, --version        print the version

Exit status: 0 no errors, 1 error-severity findings, 2 usage, I/O or configuration problems.`;

class UsageError extends Error {}

interface Options {
  format: Format;
  config?: string;
  paths: string[];
}

function parseArgs(argv: string[]): Options | 'help' | 'version' {
  const options: Options = { format: 'text', paths: [] };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined || (inline === undefined && v.startsWith('-'))) throw new UsageError(`${flag} needs a value`);
      return v;
    };
    if (flag === '-h' || flag === '--help') return 'help';
    if (flag === '-v' || flag === '--version') return 'version';
    if (flag === '-f' || flag === '--format') {
      const format = value();
      if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`unknown format "${format}" (use text, json or sarif)`);
      options.format = format as Format;
    } else if (flag === '-c' || flag === '--config') options.config = value();
    else if (flag === '--') options.paths.push(...argv.slice(i + 1)), (i = argv.length);
    else if (flag.startsWith('-') && flag.length > 1) throw new UsageError(`unknown option ${flag}`);
    else options.paths.push(arg);
  }
  if (options.paths.length === 0) throw new UsageError('no PATH given');
  return options;
}

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', '.cache']);

function walk(dir: string, onFile: (file: string) => void, errors: string[]): void {
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (error) {
    errors.push(`${dir}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
    return;
  }
  entries.sort((a, b) => a.name.localeCompare(b.name));
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) walk(full, onFile, errors);
    } else onFile(full); // files, and symlinks, FIFOs etc. so that an unreadable answer is reported, not skipped silently
  }
}

/** Converts a glob (`*`, `**`, `?`, `{a,b}`) to a regular expression over '/'-separated relative paths. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') {
      if (glob[i + 1] === '*') {
        re += glob[i + 2] === '/' ? '(?:[^/]*/)*' : '.*';
        i += glob[i + 2] === '/' ? 2 : 1;
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '{') {
      const end = glob.indexOf('}', i);
      if (end > i) {
        re += '(?:' + glob.slice(i + 1, end).split(',').map((s) => s.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('|') + ')';
        i = end;
      } else re += '\\{';
    } else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** Expands PATH arguments to answer files, reporting paths that match nothing. */
export function expandPaths(inputs: string[], errors: string[]): string[] {
  const files = new Set<string>();
  for (const input of inputs) {
    if (/[*?{]/.test(input)) {
      const normalized = input.split(path.sep).join('/');
      const firstWild = normalized.search(/[*?{]/);
      const baseEnd = normalized.lastIndexOf('/', firstWild);
      const base = baseEnd < 0 ? '.' : normalized.slice(0, baseEnd) || '/';
      const pattern = globToRegExp(baseEnd < 0 ? normalized : normalized.slice(baseEnd + 1));
      const before = files.size;
      walk(base, (file) => {
        const rel = path.relative(base, file).split(path.sep).join('/');
        if (pattern.test(rel)) files.add(file);
      }, errors);
      if (files.size === before) errors.push(`${input}: no files match`);
      continue;
    }
    let stat: fs.Stats;
    try {
      stat = fs.statSync(input);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      errors.push(`${input}: ${code === 'ENOENT' ? (isSymlink(input) ? 'broken symbolic link' : 'no such file or directory') : (error as Error).message}`);
      continue;
    }
    if (stat.isDirectory()) {
      const before = files.size;
      walk(input, (file) => {
        if (file.toLowerCase().endsWith(ANSWER_SUFFIX)) files.add(file);
      }, errors);
      if (files.size === before) process.stderr.write(`mlsd-lint: ${input}: no *${ANSWER_SUFFIX} files found\n`);
    } else files.add(input);
  }
  return [...files];
}

interface FileResult {
  file: string;
  result: AnalysisResult;
}

function formatText(results: FileResult[]): string {
  const lines: string[] = [];
  let errors = 0;
  let warnings = 0;
  for (const { file, result } of results) {
    lines.push(`${file}  (coverage ${result.coverage.total}/100)`);
    for (const d of result.diagnostics) {
      if (d.severity === 'error') errors++;
      else if (d.severity === 'warning') warnings++;
      lines.push(`  ${d.range.start.line + 1}:${d.range.start.character + 1}  ${d.severity.padEnd(7)}  ${d.message}  ${d.rule}`);
    }
    if (result.diagnostics.length === 0) lines.push('  no findings');
  }
  lines.push('', `${results.length} file(s): ${errors} error(s), ${warnings} warning(s)`);
  return lines.join('\n') + '\n';
}

function jsonDiagnostic(d: EngineDiagnostic): Record<string, unknown> {
  return {
    rule: d.rule,
    severity: d.severity,
    message: d.message,
    line: d.range.start.line + 1,
    column: d.range.start.character + 1,
    endLine: d.range.end.line + 1,
    endColumn: d.range.end.character + 1,
  };
}

function formatJson(results: FileResult[]): string {
  return JSON.stringify(results.map(({ file, result }) => ({ file, diagnostics: result.diagnostics.map(jsonDiagnostic), coverage: result.coverage })), null, 2) + '\n';
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note', hint: 'note' } as const;

function formatSarif(results: FileResult[], resolver: ConfigResolver): string {
  const meta = allRuleMeta(resolver.defaultEngine.compiled);
  const ruleIndex = new Map(meta.map((m, i) => [m.id, i]));
  const rules = meta.map((m) => ({
    id: m.id,
    shortDescription: { text: m.description.split(' — ')[0] },
    fullDescription: { text: m.description },
    helpUri: ruleDocsUrl(m.id),
    defaultConfiguration: { level: SARIF_LEVEL[m.severity] },
  }));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'mlsd-lint', version: VERSION, informationUri: 'https://github.com/mlsd-studio/mlsd-studio', rules } },
        results: results.flatMap(({ file, result }) =>
          result.diagnostics.map((d) => ({
            ruleId: d.rule,
            ...(ruleIndex.has(d.rule) ? { ruleIndex: ruleIndex.get(d.rule) } : {}),
            level: SARIF_LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: file.split(path.sep).join('/') },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

/** The Mermaid worker bundled beside the CLI (absent when running from source: diagrams are then not parsed). */
function mermaidValidator(): MermaidValidator | undefined {
  const workerPath = path.join(__dirname, 'mermaid.worker.js');
  return fs.existsSync(workerPath) ? new MermaidValidator({ workerPath }) : undefined;
}

type Writer = (text: string) => void;

interface Checked {
  options: Options;
  resolver: ConfigResolver;
  results: (FileResult & { text: string; engine: ReturnType<ConfigResolver['resolve']>['engine']; config: ReturnType<typeof mergeConfig> })[];
  ioProblem: boolean;
}

/** Parses arguments and analyses every file (synchronous engine rules); a number is an early exit code. */
function check(argv: string[], out: Writer, err: Writer): Checked | number {
  let options: ReturnType<typeof parseArgs>;
  try {
    options = parseArgs(argv);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`mlsd-lint: ${error.message}\n\n${USAGE}\n`);
      return 2;
    }
    throw error;
  }
  if (options === 'help') {
    out(USAGE + '\n');
    return 0;
  }
  if (options === 'version') {
    out(VERSION + '\n');
    return 0;
  }
  let ioProblem = false;
  if (options.config && !fs.existsSync(options.config)) {
    err(`mlsd-lint: --config ${options.config}: no such file\n`);
    return 2;
  }
  const resolver = new ConfigResolver(loadBuiltinContent());
  const errors: string[] = [];
  const files = expandPaths(options.paths, errors);
  const reportedConfigs = new Set<string>();
  const results: Checked['results'] = [];
  for (const file of files) {
    const read = readAnswerFile(file);
    if ('problem' in read) {
      errors.push(`${file}: ${read.problem}`);
      continue;
    }
    const text = read.text;
    const resolved = resolver.resolve(file, options.config);
    for (const p of resolved.problems) {
      const key = `${p.file}:${p.line}:${p.message}`;
      if (reportedConfigs.has(key)) continue;
      reportedConfigs.add(key);
      err(`mlsd-lint: ${p.file}:${p.line + 1}:${p.character + 1}: ${p.message} (using built-in defaults)\n`);
      ioProblem = true;
    }
    try {
      const config = mergeConfig(resolved.config);
      results.push({ file, result: analyze(resolved.engine, text, config), text, engine: resolved.engine, config });
    } catch (error) {
      // A bug in the engine must not stop the other files from being checked.
      errors.push(`${file}: internal error while analysing: ${error instanceof Error ? error.message.split('\n')[0] : String(error)} (please report it)`);
    }
  }
  for (const e of errors) err(`mlsd-lint: ${e}\n`);
  if (errors.length > 0) ioProblem = true;
  return { options, resolver, results, ioProblem };
}

/** Prints the results and returns the exit code. */
function finish(checked: Checked, out: Writer): number {
  const { options, results, resolver, ioProblem } = checked;
  if (options.format === 'json') out(formatJson(results));
  else if (options.format === 'sarif') out(formatSarif(results, resolver));
  else out(formatText(results));
  if (ioProblem) return 2;
  return results.some((r) => r.result.diagnostics.some((d) => d.severity === 'error')) ? 1 : 0;
}

/** Runs the CLI without parsing Mermaid diagrams (synchronous); returns the exit code. */
export function main(argv: string[], out: Writer = (t) => process.stdout.write(t), err: Writer = (t) => process.stderr.write(t)): number {
  const checked = check(argv, out, err);
  return typeof checked === 'number' ? checked : finish(checked, out);
}

/**
 * Runs the CLI as the `mlsd-lint` bin does: also parses ```mermaid blocks with Mermaid itself, in a worker, for
 * `mermaid.syntax`, `mermaid.limits` and the diagram checks (when the worker bundle sits beside the CLI).
 */
export async function mainWithDiagrams(argv: string[], out: Writer = (t) => process.stdout.write(t), err: Writer = (t) => process.stderr.write(t)): Promise<number> {
  const checked = check(argv, out, err);
  if (typeof checked === 'number') return checked;
  const validator = mermaidValidator();
  if (validator) {
    try {
      for (const r of checked.results) {
        const diagrams = answerDiagrams(validator, r.engine, r.text, r.config, r.file);
        if (!diagrams) continue;
        const pass = diagrams.later ? await diagrams.later : diagrams.now;
        r.result.diagnostics.push(...pass.diagnostics);
      }
    } finally {
      validator.dispose();
    }
  }
  return finish(checked, out);
}

if (require.main === module) {
  void mainWithDiagrams(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
