// Scenario: an answer without Monitoring and Governance sections gets findings in Problems and squiggles.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';

const session = lazySession('diagnostics');
after(() => session.close());

test('missing sections are reported in Problems and squiggled in the editor', { timeout: 180_000 }, async () => {
  const s = await session.get();
  await s.openFile('missing-monitoring-governance.mlsd.md');
  // The first diagnostics wait covers extension activation and language-server start.
  const rows = await s.waitForProblem('monitoring.section', { timeout: 90_000 });
  assert.ok(rows.some((r) => /mlsd/.test(r)), `a Problems row names the source "mlsd": ${JSON.stringify(rows)}`);
  await s.revealProblem('monitoring.section');
  const sq = await s.until('squiggles in the editor', () => s.squiggles(), { accept: (q) => q.errors + q.warnings > 0 });
  assert.ok(sq.errors + sq.warnings > 0);
  // The status bar shows the answer's coverage, and the CodeLens the per-step counts.
  const status = await s.waitForStatusBar(/MLSD \d+\/100/, { what: 'the coverage item in the status bar' });
  assert.ok(status);
  const lens = await s.until(
    'a CodeLens ("… · n/m checks" or "Coverage n/100") in the editor',
    () => s.page.locator('.monaco-editor .codelens-decoration').allInnerTexts(),
    { accept: (texts) => texts.some((t) => /\d+\/\d+ checks|Coverage \d+\/100/.test(t)), timeout: 30_000 },
  );
  assert.ok(lens.length > 0);
});
