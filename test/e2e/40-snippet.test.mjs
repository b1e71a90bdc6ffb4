// Scenario: in a new *.mlsd.md file, typing `mlsd` and accepting the full-answer snippet writes the seven headings.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';

const FILE = 'new-answer.mlsd.md';
const STEPS = [/business goal/i, /data\s*(?:&|and)\s*features/i, /modell?ing/i, /architecture/i, /mlops/i, /monitoring/i, /governance/i];
const session = lazySession('snippet');
after(() => session.close());

test('the `mlsd` snippet inserts the seven step headings', { timeout: 180_000 }, async () => {
  const s = await session.get();
  s.writeWorkspaceFile(FILE, '');
  await s.openFile(FILE);
  await s.goToEnd();
  await s.page.keyboard.type('mlsd');
  // Prefer the full-answer snippet over per-section ones if several start with "mlsd".
  await s.acceptSuggestion(
    (items) => {
      const mlsd = items.filter((x) => /\bmlsd\b/i.test(x.t));
      return mlsd.find((x) => /full|answer|seven|7|template|skeleton/i.test(x.t)) || mlsd[0];
    },
    { what: 'the `mlsd` full-answer snippet in the suggest widget' },
  );
  await s.page.keyboard.press('Escape'); // leave snippet placeholder mode
  await s.save();
  const headingsOf = (t) => t.split('\n').filter((l) => /^#{1,3}\s/.test(l));
  const text = await s.waitForFileText(FILE, (t) => STEPS.every((step) => headingsOf(t).some((h) => step.test(h))), {
    what: 'the seven step headings in the saved file',
  });
  assert.ok(headingsOf(text).length >= 7);
});
