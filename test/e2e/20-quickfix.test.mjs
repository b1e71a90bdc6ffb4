// Scenario: the quick fix "Insert Monitoring section" (Ctrl+. at the finding) adds the heading and the finding goes.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';

const FILE = 'missing-monitoring-governance.mlsd.md';
const session = lazySession('quickfix');
after(() => session.close());

test('quick fix "Insert Monitoring section" inserts the heading and clears the finding', { timeout: 180_000 }, async () => {
  const s = await session.get();
  await s.openFile(FILE);
  await s.waitForProblem('monitoring.section', { timeout: 90_000 });
  // Jump to the finding (cursor on its range), then Ctrl+. → pick the fix.
  await s.revealProblem('monitoring.section');
  await s.applyQuickFix(/insert monitoring section/i);
  // VS Code saves files changed by a quick fix itself (files.refactoring.autoSave); save in case it did not.
  await s.save();
  const text = await s.waitForFileText(FILE, /^#{1,3}\s*(?:\d+[.)]?\s*|step\s*6\s*[-–:]?\s*)?monitoring\b/im, {
    what: 'a Monitoring heading in the file',
  });
  assert.ok(text.length > 0);
  await s.waitForProblem('monitoring.section', { absent: true, timeout: 30_000 });
  // The other finding is still there: the fix touched only its own rule.
  await s.waitForProblem('governance.section');
});
