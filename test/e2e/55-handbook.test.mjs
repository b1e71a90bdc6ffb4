// Scenario: the Handbook view follows the cursor (mlsd.handbook.followCursor) and "MLSD: Search Handbook" opens
// an entry from a quick pick.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';

const session = lazySession('handbook');
after(() => session.close());

test('with the cursor in the Monitoring section the Handbook view reveals the monitoring topic', { timeout: 180_000 }, async () => {
  const s = await session.get();
  await s.openFile('strong.mlsd.md');
  await s.waitForStatusBar(/MLSD \d+\/100/, { what: 'the language server to analyse the answer', timeout: 90_000 });
  await s.openActivity(/MLSD/i);
  await s.expandView('Handbook');
  await s.goToText('## 6. Monitoring');
  const rows = await s.until(
    'the "Monitoring & drift" topic to be revealed (expanded and selected) in the Handbook view',
    () => s.treeRows('Handbook'),
    { accept: (r) => r.some((x) => /monitoring/i.test(x.label) && x.expanded === 'true'), timeout: 30_000 },
  );
  assert.ok(rows.some((x) => /monitoring/i.test(x.label)));
});

test('MLSD: Search Handbook finds an entry and opens it', { timeout: 120_000 }, async () => {
  const s = await session.get();
  await s.runCommand('MLSD: Search Handbook');
  // The command palette closes first; wait for our own quick pick (its title) before typing into it.
  await s.waitFor(s.quickInput.locator('.quick-input-title', { hasText: 'Search handbook' }), { what: 'the "Search handbook" quick pick' });
  await s.quickInput.locator('input').first().fill('latency tiers');
  await s.until('a matching entry in the quick pick', () => s.page.locator('.quick-input-list .monaco-list-row').count(), { accept: (n) => n > 0 });
  await s.page.keyboard.press('Enter');
  const { text } = await s.webviewText(/latency/i, { what: 'the handbook panel showing the latency entry' });
  assert.match(text, /ms/);
});
