/**
 * The fuzz worker: a child process that runs cases through the engine (`analyze`) and the CLI (`main`, in-process)
 * and checks them. It is a separate process so that a hang, an out-of-memory abort or a native crash (yaml can abort
 * Node on deep nesting) is caught by the parent's watchdog instead of killing the fuzzer or the test runner.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../server/src/cli';
import { analyze, DEFAULT_CONFIG, EngineConfig, mergeConfig } from '../../server/src/engine';
import { testEngine } from '../helpers/engine';
import type { FuzzConfig } from './generate';
import { budgetMs, CheckResult, ChildRequest, cliBudgetMs } from './protocol';
import { timed } from './timing';

const SEVERITIES = new Set(['error', 'warning', 'info', 'hint']);

function lineLengths(text: string): number[] {
  const out: number[] = [];
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      out.push(i - start);
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      start = i + 1;
    }
  }
  out.push(text.length - start);
  return out;
}

/** Invariants every analysis must satisfy; returns a description of the first violation. */
function violation(text: string, config: EngineConfig, run: () => ReturnType<typeof analyze>): string | undefined {
  const result = run();
  const limit = config.maxFileSizeKB * 1024;
  const analysed = text.length > limit ? text.slice(0, limit) : text;
  const lengths = lineLengths(analysed);
  for (const d of result.diagnostics) {
    if (typeof d.rule !== 'string' || d.rule.length === 0) return `diagnostic without a rule: ${JSON.stringify(d).slice(0, 200)}`;
    if (!SEVERITIES.has(d.severity)) return `${d.rule}: bad severity ${String(d.severity)}`;
    if (typeof d.message !== 'string' || d.message.length === 0) return `${d.rule}: empty message`;
    const { start, end } = d.range;
    const ok = (p: { line: number; character: number }): boolean =>
      Number.isInteger(p.line) && Number.isInteger(p.character) && p.line >= 0 && p.line < lengths.length && p.character >= 0 && p.character <= lengths[p.line];
    if (!ok(start) || !ok(end)) return `${d.rule}: range ${JSON.stringify(d.range)} outside the document (${lengths.length} lines)`;
    if (end.line < start.line || (end.line === start.line && end.character < start.character)) return `${d.rule}: inverted range ${JSON.stringify(d.range)}`;
  }
  const { total, readiness } = result.coverage;
  if (!Number.isFinite(total) || total < 0 || total > 100) return `coverage total ${total}`;
  if (!Number.isFinite(readiness) || readiness < 0 || readiness > 100) return `readiness ${readiness}`;
  const truncated = text.length > limit;
  const controlled = Object.keys(config.rules).length > 0 || text.includes('mlsd-');
  if (truncated && !controlled && !result.diagnostics.some((d) => d.rule === 'document.size')) return 'a truncated answer has no document.size diagnostic';
  let json: string;
  try {
    json = JSON.stringify(result);
  } catch (error) {
    return `result is not serialisable: ${(error as Error).message}`;
  }
  // Pure: analysing the same text again gives the same result.
  if (text.length < 64 * 1024 && JSON.stringify(run()) !== json) return 'analysis is not deterministic';
  return undefined;
}

function toEngineConfig(config: FuzzConfig): EngineConfig {
  return mergeConfig(DEFAULT_CONFIG, config as Partial<EngineConfig>);
}

function checkAnalyze(text: string, fuzzConfig: FuzzConfig): CheckResult {
  const engine = testEngine();
  const config = toEngineConfig(fuzzConfig);
  const budget = budgetMs(text.length);
  let best = Infinity;
  try {
    // Timing: a miss is retried twice and the fastest run counts, so a GC pause or a busy machine is not a bug.
    // A run counts the smaller of wall-clock and CPU time, so other processes competing for the CPU do not.
    best = timed(() => analyze(engine, text, config), budget).ms;
    const problem = violation(text, config, () => analyze(engine, text, config));
    if (problem) return { ok: false, kind: 'invariant', message: problem, ms: best };
  } catch (error) {
    return { ok: false, kind: 'exception', message: error instanceof Error ? `${error.name}: ${error.message}`.split('\n')[0] : String(error), stack: (error as Error)?.stack, ms: best };
  }
  if (best > budget) return { ok: false, kind: 'timeout', message: `analysis took ${best.toFixed(0)} ms; budget ${budget.toFixed(0)} ms for ${(text.length / 1024).toFixed(1)} KB`, ms: best };
  return { ok: true, ms: best };
}

function checkCli(args: string[], files: string[], totalChars: number): CheckResult {
  let out = '';
  let err = '';
  let code: number;
  let ms: number;
  const budget = cliBudgetMs(totalChars, files.length);
  try {
    // Retried once when over budget (output of the last run is checked).
    ({ value: code, ms } = timed(() => {
      out = '';
      err = '';
      return main(args, (t) => (out += t), (t) => (err += t));
    }, budget, 2));
  } catch (error) {
    return { ok: false, kind: 'exception', message: `mlsd-lint threw ${(error as Error)?.name}: ${(error as Error)?.message}`.split('\n')[0], stack: (error as Error)?.stack, ms: 0 };
  }
  const fail = (message: string): CheckResult => ({ ok: false, kind: 'invariant', message: `${message}; stderr: ${err.slice(0, 300)}`, ms });
  if (code !== 0 && code !== 1 && code !== 2) return fail(`exit code ${code}`);
  if (/internal error/.test(err)) return fail('the CLI reported an internal error');
  const format = args[args.indexOf('--format') + 1];
  let reported: string[] = [];
  try {
    if (format === 'json') {
      const parsed = JSON.parse(out) as { file: string; diagnostics: unknown[]; coverage: { total: number } }[];
      if (!Array.isArray(parsed)) return fail('json output is not an array');
      for (const entry of parsed) if (!Array.isArray(entry.diagnostics) || typeof entry.coverage?.total !== 'number') return fail('json entry lacks diagnostics/coverage');
      reported = parsed.map((p) => p.file);
    } else if (format === 'sarif') {
      const sarif = JSON.parse(out) as { version: string; runs: { results: { locations: { physicalLocation: { artifactLocation: { uri: string } } }[] }[] }[] };
      if (sarif.version !== '2.1.0') return fail('sarif version');
      reported = sarif.runs[0].results.map((r) => r.locations[0].physicalLocation.artifactLocation.uri);
    } else if (!/\d+ file\(s\): \d+ error\(s\), \d+ warning\(s\)\n$/.test(out)) return fail('text output lacks its summary line');
  } catch (error) {
    return fail(`output does not parse: ${(error as Error).message}`);
  }
  for (const file of files) {
    // Every answer is either in the results or named on stderr (unreadable, binary…).
    const base = file.split(/[\\/]/).pop() as string;
    if (format === 'json' && !reported.includes(file) && !err.includes(base)) return fail(`${base} is neither in the results nor reported`);
  }
  if ((format === 'sarif' || format === 'json') && code === 2 && !err) return fail('exit 2 without a message');
  if (ms > budget) return { ok: false, kind: 'timeout', message: `mlsd-lint took ${ms.toFixed(0)} ms; budget ${budget.toFixed(0)} ms`, ms };
  return { ok: true, ms };
}

// Build the engine and run the CLI once before the first case, so one-off costs (compiling the content, JIT
// warm-up) never count against a case.
const warmUp = path.join(__dirname, '..', 'fixtures', 'cli', 'missing-governance.mlsd.md');
main(['--format', 'json', warmUp], () => undefined, () => undefined);
const warmText = `---\nprompt: fraud-detection\nlevel: [staff\n${'\n'.repeat(2000)}---\n${fs.readFileSync(warmUp, 'utf8')}`;
for (let i = 0; i < 5; i++) analyze(testEngine(), warmText, DEFAULT_CONFIG);
process.on('message', (raw: unknown) => {
  const request = raw as ChildRequest;
  const result = request.type === 'analyze' ? checkAnalyze(request.text, request.config) : checkCli(request.args, request.files, request.totalChars);
  process.send?.({ id: request.id, result });
});
// Never outlive the parent (a killed test runner or fuzz session).
process.on('disconnect', () => process.exit(0));
process.send?.({ ready: true });
