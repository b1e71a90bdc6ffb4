/**
 * The fuzz driver: generates cases from a seed, runs each through the engine and, in batches, through `mlsd-lint`
 * (both inside a watched worker process), and saves failing inputs under test/fixtures/fuzz/ where the unit tests
 * replay them. Used by `npm run fuzz` (test/fuzz/run.ts) and by the bounded run in test/unit/robustness.test.ts.
 */
import { ChildProcess, fork } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { FUZZ_FIXTURES, FuzzCase, FuzzConfig, generateCase, loadSeeds, ROOT } from './generate';
import { budgetMs, CheckResult, ChildRequest, FailureKind } from './protocol';
import { Rng } from './rng';

type Request = Omit<Extract<ChildRequest, { type: 'analyze' }>, 'id'> | Omit<Extract<ChildRequest, { type: 'cli' }>, 'id'>;

/** A worker process that runs checks; restarted after a hang or a crash. */
export class FuzzWorker {
  private child?: ChildProcess;
  private starting?: Promise<void>;
  private nextId = 1;
  private stderrTail = '';
  private pending?: { id: number; resolve: (r: CheckResult) => void; timer: NodeJS.Timeout };

  private start(): Promise<void> {
    this.starting ??= new Promise((resolve, reject) => {
      this.stderrTail = '';
      const child = fork(path.join(__dirname, 'child.ts'), [], {
        cwd: ROOT,
        execArgv: ['--import', 'tsx', '--max-old-space-size=2048', '--expose-gc'],
        serialization: 'advanced',
        stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
      });
      this.child = child;
      child.stderr?.on('data', (chunk: Buffer) => {
        this.stderrTail = (this.stderrTail + chunk.toString('utf8')).slice(-4000);
      });
      const onStartExit = (code: number | null, signal: string | null): void => reject(new Error(`fuzz worker failed to start (${code ?? signal}): ${this.stderrTail}`));
      child.once('exit', onStartExit);
      child.on('message', (message: { ready?: boolean; id?: number; result?: CheckResult }) => {
        if (message.ready) {
          child.off('exit', onStartExit);
          child.on('exit', (code, signal) => {
            if (this.child === child) this.onExit(code, signal);
          });
          resolve();
        } else if (this.pending && message.id === this.pending.id && message.result) {
          const { resolve: done, timer } = this.pending;
          clearTimeout(timer);
          this.pending = undefined;
          done(message.result);
        }
      });
    });
    return this.starting;
  }

  private onExit(code: number | null, signal: string | null): void {
    this.child = undefined;
    this.starting = undefined;
    if (this.pending) {
      const { resolve, timer } = this.pending;
      clearTimeout(timer);
      this.pending = undefined;
      const fatal = this.stderrTail.split('\n').find((l) => /FATAL|Error|abort/i.test(l)) ?? '';
      resolve({ ok: false, kind: 'crash', message: `worker died (${code ?? signal}) ${fatal}`.trim(), ms: 0 });
    }
  }

  /** Runs one check; a check that does not answer within `hardTimeoutMs` is a hang and the worker is killed. */
  async run(request: Request, hardTimeoutMs: number): Promise<CheckResult> {
    await this.start();
    const child = this.child as ChildProcess;
    const id = this.nextId++;
    const t0 = Date.now();
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.pending = undefined;
        this.child = undefined;
        this.starting = undefined;
        child.kill('SIGKILL');
        resolve({ ok: false, kind: 'hang', message: `no answer after ${Date.now() - t0} ms (worker killed)`, ms: Date.now() - t0 });
      }, hardTimeoutMs);
      this.pending = { id, resolve, timer };
      child.send({ ...request, id });
    });
  }

  stop(): void {
    this.child?.kill('SIGKILL');
    this.child = undefined;
    this.starting = undefined;
  }
}

/** A failing input as stored in test/fixtures/fuzz/<name>.json. */
export interface SavedFailure {
  kind: FailureKind;
  message: string;
  where: 'engine' | 'cli';
  seed?: number;
  index?: number;
  recipe: string[];
  found: string;
  config: FuzzConfig;
  /** The exact answer text (JSON keeps lone surrogates and NULs intact). */
  text: string;
  /** Raw bytes (base64) written for the CLI instead of `text`. */
  bytesBase64?: string;
  mlsdYaml?: string;
  format?: string;
}

/** Hard limit for one engine check before the worker counts as hung. */
export function hardTimeoutMs(chars: number): number {
  return 10_000 + 10 * budgetMs(chars);
}

/** Runs a case through the engine. */
export function checkEngine(worker: FuzzWorker, c: Pick<FuzzCase, 'text' | 'config'>): Promise<CheckResult> {
  return worker.run({ type: 'analyze', text: c.text, config: c.config }, hardTimeoutMs(c.text.length));
}

/**
 * Runs a case through the engine; a slow result is a suspect until it is slow again twice, a moment later: a busy
 * machine (another process on the same core slows even CPU time) or a cold JIT must not be reported as a bug.
 */
export async function checkEngineConfirmed(worker: FuzzWorker, c: Pick<FuzzCase, 'text' | 'config'>): Promise<CheckResult> {
  let result = await checkEngine(worker, c);
  for (let i = 0; i < 2 && !result.ok && result.kind === 'timeout'; i++) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    const again = await checkEngine(worker, c);
    if (again.ok || again.kind !== 'timeout' || again.ms < result.ms) result = again;
  }
  return result;
}

/** Writes cases into a fresh folder (one sub-folder each, with its .mlsd.yaml) and runs mlsd-lint over them. */
export async function checkCli(worker: FuzzWorker, cases: Pick<FuzzCase, 'text' | 'bytes' | 'mlsdYaml'>[], format: string, mode: 'dir' | 'files' | 'glob'): Promise<CheckResult> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlsd-fuzz-'));
  try {
    const files: string[] = [];
    let totalChars = 0;
    cases.forEach((c, i) => {
      const sub = path.join(dir, `c${i}`);
      fs.mkdirSync(sub);
      const file = path.join(sub, `answer-${i}.mlsd.md`);
      fs.writeFileSync(file, c.bytes ?? c.text);
      if (c.mlsdYaml !== undefined) fs.writeFileSync(path.join(sub, '.mlsd.yaml'), c.mlsdYaml);
      files.push(file);
      totalChars += c.bytes?.length ?? c.text.length;
    });
    const targets = mode === 'dir' ? [dir] : mode === 'glob' ? [`${dir}/**/*.mlsd.md`] : files;
    return await worker.run({ type: 'cli', args: ['--format', format, ...targets], files, totalChars }, 120_000);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function sameFailure(a: CheckResult, b: CheckResult): boolean {
  const key = (r: CheckResult): string => (r.ok ? 'ok' : `${r.kind}:${r.message.replace(/\d+/g, '#').slice(0, 60)}`);
  return !a.ok && key(a) === key(b);
}

/** Shrinks a failing text while the same failure reproduces (exceptions and invariant violations only). */
export async function minimize(worker: FuzzWorker, c: FuzzCase, failure: CheckResult, deadline: number): Promise<string> {
  let text = c.text;
  let chunk = Math.ceil(text.length / 2);
  while (chunk >= 1 && Date.now() < deadline) {
    let reduced = false;
    for (let start = 0; start < text.length && Date.now() < deadline; start += chunk) {
      const candidate = text.slice(0, start) + text.slice(start + chunk);
      if (sameFailure(await checkEngine(worker, { text: candidate, config: c.config }), failure)) {
        text = candidate;
        reduced = true;
        start -= chunk;
      }
    }
    if (!reduced) chunk = Math.floor(chunk / 2);
  }
  return text;
}

/** Saves a failure under `dir` (default test/fixtures/fuzz/) and returns the file written. */
export function saveFailure(failure: SavedFailure, dir = FUZZ_FIXTURES): string {
  fs.mkdirSync(dir, { recursive: true });
  const hash = createHash('sha1').update(failure.text).update(failure.bytesBase64 ?? '').update(failure.mlsdYaml ?? '').digest('hex').slice(0, 10);
  const file = path.join(dir, `${failure.where}-${failure.kind}-${hash}.json`);
  fs.writeFileSync(file, JSON.stringify(failure, null, 1) + '\n');
  return file;
}

/** A stored failing input (a .json written by {@link saveFailure}, or a hand-written .mlsd.md). */
export interface Fixture {
  name: string;
  failure: SavedFailure;
}

/** Loads every fixture in test/fixtures/fuzz/. */
export function loadFixtures(dir = FUZZ_FIXTURES): Fixture[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .sort()
    .flatMap((name): Fixture[] => {
      const file = path.join(dir, name);
      if (name.endsWith('.json')) return [{ name, failure: JSON.parse(fs.readFileSync(file, 'utf8')) as SavedFailure }];
      if (name.endsWith('.mlsd.md')) {
        const bytes = fs.readFileSync(file);
        return [{ name, failure: { kind: 'exception', message: 'hand-written fixture', where: 'engine', recipe: [], found: '', config: {}, text: bytes.toString('utf8'), bytesBase64: bytes.toString('base64') } }];
      }
      return [];
    });
}

/** Replays a fixture through the engine and the CLI; returns the failures (none when it is fixed). */
export async function replayFixture(worker: FuzzWorker, fixture: Fixture): Promise<string[]> {
  const f = fixture.failure;
  const problems: string[] = [];
  const engine = await checkEngineConfirmed(worker, { text: f.text, config: f.config ?? {} });
  if (!engine.ok) problems.push(`engine ${engine.kind}: ${engine.message}`);
  const bytes = f.bytesBase64 ? Buffer.from(f.bytesBase64, 'base64') : undefined;
  let cli = await checkCli(worker, [{ text: f.text, bytes, mlsdYaml: f.mlsdYaml }], f.format ?? 'json', 'files');
  if (!cli.ok && cli.kind === 'timeout') cli = await checkCli(worker, [{ text: f.text, bytes, mlsdYaml: f.mlsdYaml }], f.format ?? 'json', 'files');
  if (!cli.ok) problems.push(`cli ${cli.kind}: ${cli.message}`);
  return problems;
}

/** Options of one fuzz session. */
export interface FuzzOptions {
  seed: number;
  /** Stop after this many cases… */
  cases?: number;
  /** …or after this many seconds, whichever comes first. */
  seconds?: number;
  /** Largest answer generated, in characters. */
  maxLen: number;
  /** Run the CLI over a batch of this many cases (0 = never). */
  cliBatch: number;
  /** Save failures to test/fixtures/fuzz/ (minimised when possible); otherwise only report them. */
  save: boolean;
  /** Where failures are saved (defaults to test/fixtures/fuzz/). */
  saveDir?: string;
  log: (line: string) => void;
}

/** What a session found. */
export interface FuzzReport {
  cases: number;
  cliRuns: number;
  failures: { failure: SavedFailure; file?: string }[];
  /** Largest time / budget ratio seen. */
  worstRatio: number;
  worst?: string;
  elapsedMs: number;
}

/** Runs a fuzz session. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzReport> {
  const rng = new Rng(options.seed);
  // CLI choices come from their own generator, so case N of a seed is the same with or without CLI runs
  // (`npm run fuzz -- --seed S --case N` regenerates it).
  const cliRng = new Rng(options.seed ^ 0x5bd1e995);
  const seeds = loadSeeds();
  const worker = new FuzzWorker();
  const started = Date.now();
  const deadline = options.seconds !== undefined ? started + options.seconds * 1000 : Infinity;
  const report: FuzzReport = { cases: 0, cliRuns: 0, failures: [], worstRatio: 0, elapsedMs: 0 };
  const seen = new Set<string>();
  let batch: { c: FuzzCase; index: number }[] = [];
  let lastLog = Date.now();

  const record = async (c: FuzzCase, index: number, result: CheckResult, where: 'engine' | 'cli', format?: string): Promise<void> => {
    if (result.ok) return;
    // Exceptions are told apart by message; slow cases by how they were made (their messages differ only in numbers).
    const key = result.kind === 'exception' || result.kind === 'invariant'
      ? `${where}:${result.kind}:${result.message.replace(/\d+/g, '#').slice(0, 80)}`
      : `${where}:${result.kind}:${[...new Set(c.recipe)].sort().join('+')}`;
    if (seen.has(key)) return;
    seen.add(key);
    let text = c.text;
    if (options.save && where === 'engine' && (result.kind === 'exception' || result.kind === 'invariant')) {
      text = await minimize(worker, c, result, Date.now() + 30_000);
    }
    const failure: SavedFailure = {
      kind: result.kind,
      message: result.message,
      where,
      seed: options.seed,
      index,
      recipe: c.recipe,
      found: new Date().toISOString(),
      config: c.config,
      text,
      ...(c.bytes && where === 'cli' ? { bytesBase64: c.bytes.toString('base64') } : {}),
      ...(c.mlsdYaml !== undefined && where === 'cli' ? { mlsdYaml: c.mlsdYaml } : {}),
      ...(format ? { format } : {}),
    };
    const file = options.save ? saveFailure(failure, options.saveDir) : undefined;
    report.failures.push({ failure, file });
    options.log(`FAIL ${where} ${result.kind} (case ${index}, ${c.recipe.join('+')}): ${result.message}${file ? `\n  saved ${path.relative(ROOT, file)}` : ''}`);
  };

  const flushCli = async (): Promise<void> => {
    if (batch.length === 0) return;
    const format = cliRng.pick(['json', 'json', 'sarif', 'text']);
    const mode = cliRng.pick(['dir', 'files', 'glob'] as const);
    const result = await checkCli(worker, batch.map((b) => b.c), format, mode);
    report.cliRuns++;
    if (!result.ok) {
      // Find the answer responsible by running each alone; a batch-only failure is recorded with its first case.
      let blamed = false;
      for (const b of batch) {
        const single = await checkCli(worker, [b.c], format, 'files');
        if (!single.ok) {
          await record(b.c, b.index, single, 'cli', format);
          blamed = true;
        }
      }
      if (!blamed) await record(batch[0].c, batch[0].index, result, 'cli', format);
    }
    batch = [];
  };

  try {
    for (let index = 0; (options.cases === undefined || index < options.cases) && Date.now() < deadline; index++) {
      const c = generateCase(rng, seeds, options.maxLen);
      const result = await checkEngineConfirmed(worker, c);
      report.cases++;
      const ratio = result.ms / budgetMs(c.text.length);
      if (ratio > report.worstRatio) {
        report.worstRatio = ratio;
        report.worst = `case ${index} (${c.recipe.join('+')}, ${(c.text.length / 1024).toFixed(1)} KB): ${result.ms.toFixed(0)} ms`;
      }
      await record(c, index, result, 'engine');
      if (options.cliBatch > 0) {
        batch.push({ c, index });
        if (batch.length >= options.cliBatch) await flushCli();
      }
      if (Date.now() - lastLog > 5000) {
        lastLog = Date.now();
        options.log(`… ${report.cases} cases, ${report.cliRuns} CLI runs, ${report.failures.length} failure(s), worst ${report.worstRatio.toFixed(2)} of budget`);
      }
    }
    await flushCli();
  } finally {
    worker.stop();
  }
  report.elapsedMs = Date.now() - started;
  return report;
}
