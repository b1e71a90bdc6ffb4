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

test('the timer survives a window reload; stopping records the session in the practice history', { timeout: 180_000 }, async () => {
  const s = await session.get();
  const timerText = () =>
    s.until('the timer in the status bar', async () => (await s.readStatusBar()).find((i) => /\b\d{1,3}:\d{2}\b/.test(i.text)), { timeout: 60_000 });
  await timerText();
  await s.runCommand('Developer: Reload Window');
  await s.page.waitForLoadState('load');
  await s.waitForWorkbench();
  const after = await timerText();
  assert.match(after.text, /\d{1,3}:\d{2}/, 'the timer is back after the reload');
  await s.runCommand('MLSD: Stop Interview Timer');
  await s.until('the timer to leave the status bar', async () => !(await s.readStatusBar()).some((i) => /\b\d{1,3}:\d{2}\b/.test(i.text)), { timeout: 30_000 });
  await s.runCommand('MLSD: Show Practice History');
  const { text } = await s.webviewText(/Practice history[\s\S]*1 session/, { what: 'the practice history page with one session', timeout: 30_000 });
  assert.match(text, /Duration/);
  await s.webviewWith('svg', { what: 'the coverage chart' });
  await s.screenshot('history');
});
