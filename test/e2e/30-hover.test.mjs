// Scenario: hovering a glossary term (PSI) in an answer shows its definition.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';

const session = lazySession('hover');
after(() => session.close());

test('hovering the glossary term "PSI" shows a definition', { timeout: 180_000 }, async () => {
  const s = await session.get();
  await s.openFile('strong.mlsd.md');
  await s.goToText('PSI per top feature');
  // goToText selects the whole phrase; put the cursor inside "PSI".
  await s.page.keyboard.press('ArrowLeft');
  await s.page.keyboard.press('ArrowRight');
  const text = await s.until('a hover that defines PSI', () => s.hoverAtCursor(), {
    accept: (t) => /population stability|stability index/i.test(t),
    timeout: 60_000,
  });
  assert.match(text, /population stability/i);
});
