// Scenario: "MLSD: Start Interview Timer" shows a running timer in the status bar.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';

const session = lazySession('timer');
after(() => session.close());

test('the interview timer appears in the status bar', { timeout: 120_000 }, async () => {
  const s = await session.get();
  await s.openFile('strong.mlsd.md'); // activates the extension
  await s.runCommand('MLSD: Start Interview Timer');
  const item = await s.until(
    'a timer (mm:ss) in the status bar',
    async () => {
      const items = await s.readStatusBar();
      return items.find((i) => /\b\d{1,3}:\d{2}\b/.test(i.text)) || items.map((i) => i.text);
    },
    { accept: (v) => v && !Array.isArray(v), acceptPrompts: true, timeout: 30_000 },
  );
  assert.match(item.text, /\d{1,3}:\d{2}/);
});
