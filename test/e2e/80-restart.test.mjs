// Scenario: the language server process dies; the client restarts it and diagnostics keep coming.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';

const session = lazySession('restart');
after(() => session.close());

/** PIDs of MLSD language servers started by this e2e profile's extension host. */
function serverPids() {
  try {
    return execFileSync('pgrep', ['-f', 'code-server-data/e2e/extensions/mlsd-studio.*dist/server.js'], { encoding: 'utf8' })
      .split('\n')
      .map((l) => Number(l.trim()))
      .filter((n) => n > 0);
  } catch {
    return [];
  }
}

test('a killed language server is restarted and diagnostics return', { timeout: 240_000 }, async () => {
  const s = await session.get();
  await s.openFile('missing-monitoring-governance.mlsd.md');
  await s.waitForProblem('monitoring.section', { timeout: 90_000 });
  const before = await s.until('a running MLSD language server process', async () => serverPids(), { accept: (p) => p.length > 0 });
  for (const pid of before) process.kill(pid, 'SIGKILL');
  const restarted = await s.until('a new MLSD language server process', async () => serverPids(), {
    accept: (p) => p.length > 0 && p.every((pid) => !before.includes(pid)),
    timeout: 60_000,
  });
  assert.ok(restarted.length > 0);
  // The new server analyses edits: adding a Governance section clears its finding.
  await s.goToEnd();
  await s.page.keyboard.type('\n\n## 7. Governance\n\nGDPR applies; access is role based and audited; fairness is checked across regions.\n');
  await s.waitForProblem('governance.section', { absent: true, timeout: 60_000 });
  await s.waitForProblem('monitoring.section', { timeout: 30_000 });
});
