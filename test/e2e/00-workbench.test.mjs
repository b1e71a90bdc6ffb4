// Smoke: the workbench loads with the examples folder open and the extension installed. Always runs.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';
import { installedExtension } from './features.mjs';

const session = lazySession('workbench');
after(() => session.close());

test('workbench loads with examples/ and the extension installed', { timeout: 120_000 }, async () => {
  assert.ok(installedExtension.dir, 'the extension is installed in the e2e profile');
  const s = await session.get();
  // The explorer lists the sample answers.
  await s.openFile('strong.mlsd.md');
  const text = await s.visibleEditorText();
  assert.match(text, /Real-time card fraud scoring/);
  console.log(`# workbench loaded in ${(s.timings.workbenchMs / 1000).toFixed(1)} s`);
});
