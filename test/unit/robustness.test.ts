/**
 * Fuzzing inside `npm test`: every saved failing input under test/fixtures/fuzz/ is replayed (engine and CLI), then
 * a short session with a fixed seed runs random and mutated answers through the engine and mlsd-lint. Both run in
 * a watched worker process (test/fuzz/harness.ts), so a hang or a native abort fails the test instead of killing
 * the runner. Failures of the fixed-seed session are written to test-results/fuzz/: once fixed, move the file to
 * test/fixtures/fuzz/ so it is replayed forever after. Longer sessions: `npm run fuzz -- --seconds 300`.
 */
import assert from 'node:assert/strict';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { ROOT } from '../fuzz/generate';
import { FuzzWorker, loadFixtures, replayFixture, runFuzz } from '../fuzz/harness';

const worker = new FuzzWorker();
after(() => worker.stop());

test('saved fuzz failures (test/fixtures/fuzz/) replay clean through the engine and the CLI', async () => {
  const fixtures = loadFixtures();
  assert.ok(fixtures.length > 0, 'test/fixtures/fuzz/ holds the inputs earlier sessions found');
  const failures: string[] = [];
  for (const fixture of fixtures) {
    for (const problem of await replayFixture(worker, fixture)) failures.push(`${fixture.name}: ${problem}`);
  }
  assert.deepEqual(failures, []);
});

test('a bounded fuzz session (fixed seed) finds no exception, slow analysis, hang or crash', async () => {
  const lines: string[] = [];
  const report = await runFuzz({
    seed: 20250607,
    cases: 200,
    seconds: 15,
    maxLen: 32 * 1024,
    cliBatch: 10,
    save: true,
    saveDir: path.join(ROOT, 'test-results/fuzz'),
    log: (line) => lines.push(line),
  });
  assert.ok(report.cases >= 40, `only ${report.cases} cases ran`);
  assert.equal(report.failures.length, 0, lines.join('\n'));
});
