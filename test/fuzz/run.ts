/**
 * `npm run fuzz [-- --seconds N] [--seed S] [--max-kb K] [--cli-batch B] [--no-save]`
 * `npm run fuzz -- --replay` replays the saved failures in test/fixtures/fuzz/ and prints what each does now.
 * `npm run fuzz -- --seed S --case N` regenerates case N of seed S, checks it, and saves it under test-results/fuzz/.
 *
 * A longer fuzz session than the bounded one inside `npm test`: random and mutated answers through the engine and
 * through mlsd-lint, each in a watched worker process. Every failure (exception, invariant violation, analysis
 * slower than 50 ms + 2 ms/KB, hang or crash) is saved under test/fixtures/fuzz/ and replayed by
 * test/unit/robustness.test.ts from then on. Exit status 1 when anything failed.
 */
import * as path from 'node:path';
import { generateCase, loadSeeds, ROOT } from './generate';
import { Rng } from './rng';
import { checkEngine, FuzzWorker, loadFixtures, replayFixture, runFuzz, saveFailure } from './harness';

function parse(argv: string[]): { seconds: number; seed: number; maxKb: number; cliBatch: number; save: boolean; replay: boolean; case?: number } {
  const options: ReturnType<typeof parse> = { seconds: 60, seed: Date.now() % 2 ** 31, maxKb: 256, cliBatch: 8, save: true, replay: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = (): number => {
      const v = Number(inline ?? argv[++i]);
      if (!Number.isFinite(v)) throw new Error(`${flag} needs a number`);
      return v;
    };
    if (flag === '--seconds') options.seconds = value();
    else if (flag === '--seed') options.seed = value();
    else if (flag === '--max-kb') options.maxKb = value();
    else if (flag === '--cli-batch') options.cliBatch = value();
    else if (flag === '--no-save') options.save = false;
    else if (flag === '--replay') options.replay = true;
    else if (flag === '--case') options.case = value();
    else if (flag === '-h' || flag === '--help') {
      process.stdout.write('npm run fuzz -- [--seconds N (60)] [--seed S (time)] [--max-kb K (256)] [--cli-batch B (8)] [--no-save] | --replay | --seed S --case N\n');
      process.exit(0);
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

async function mainFuzz(): Promise<number> {
  const options = parse(process.argv.slice(2));
  const log = (line: string): void => void process.stdout.write(line + '\n');
  if (options.replay) {
    const worker = new FuzzWorker();
    let failed = 0;
    try {
      for (const fixture of loadFixtures()) {
        const t0 = Date.now();
        const problems = await replayFixture(worker, fixture);
        failed += problems.length > 0 ? 1 : 0;
        log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${fixture.name} (${Date.now() - t0} ms)${problems.map((p) => `\n     ${p}`).join('')}`);
      }
    } finally {
      worker.stop();
    }
    return failed > 0 ? 1 : 0;
  }
  if (options.case !== undefined) {
    // The same generator calls as the session (with the same --max-kb), so case N is reproduced exactly.
    const rng = new Rng(options.seed);
    const seeds = loadSeeds();
    let c = generateCase(rng, seeds, options.maxKb * 1024);
    for (let i = 0; i < options.case; i++) c = generateCase(rng, seeds, options.maxKb * 1024);
    const worker = new FuzzWorker();
    const result = await checkEngine(worker, c).finally(() => worker.stop());
    const file = saveFailure(
      {
        kind: result.ok ? 'timeout' : result.kind,
        message: result.ok ? `passes now (${result.ms.toFixed(0)} ms)` : result.message,
        where: 'engine',
        seed: options.seed,
        index: options.case,
        recipe: c.recipe,
        found: new Date().toISOString(),
        config: c.config,
        text: c.text,
        ...(c.bytes ? { bytesBase64: c.bytes.toString('base64') } : {}),
        ...(c.mlsdYaml !== undefined ? { mlsdYaml: c.mlsdYaml } : {}),
      },
      path.join(ROOT, 'test-results/fuzz'),
    );
    log(`case ${options.case} of seed ${options.seed} (${c.recipe.join('+')}, ${(c.text.length / 1024).toFixed(1)} KB): ${result.ok ? `ok, ${result.ms.toFixed(0)} ms` : `${result.kind}: ${result.message}`}\nsaved ${path.relative(ROOT, file)}`);
    return result.ok ? 0 : 1;
  }
  log(`mlsd fuzz: seed ${options.seed}, ${options.seconds} s, answers up to ${options.maxKb} KB, CLI every ${options.cliBatch} cases (replay: --seed ${options.seed})`);
  const report = await runFuzz({
    seed: options.seed,
    seconds: options.seconds,
    maxLen: options.maxKb * 1024,
    cliBatch: options.cliBatch,
    save: options.save,
    log,
  });
  log(`${report.cases} cases and ${report.cliRuns} CLI runs in ${(report.elapsedMs / 1000).toFixed(1)} s; ${report.failures.length} failure(s)`);
  if (report.worst) log(`slowest relative to its budget: ${report.worstRatio.toFixed(2)} × — ${report.worst}`);
  for (const { failure, file } of report.failures) {
    log(`  ${failure.where} ${failure.kind}: ${failure.message}${file ? ` → ${path.relative(ROOT, file)}` : ''}`);
  }
  return report.failures.length > 0 ? 1 : 0;
}

mainFuzz().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`fuzz: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(2);
  },
);
