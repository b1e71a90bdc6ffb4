// Scenario: "MLSD: Open Architecture Preview" renders the Mermaid diagram as SVG; breaking the Mermaid source shows
// an error in the preview and a `mermaid.syntax` finding in Problems.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';
import { skipUnless } from './features.mjs';

const session = lazySession('preview');
after(() => session.close());
const skip = skipUnless('preview');

test('the architecture preview shows the diagram as SVG', { skip, timeout: 180_000 }, async () => {
  const s = await session.get();
  await s.openFile('strong.mlsd.md');
  await s.runCommand('MLSD: Open Architecture Preview');
  const view = await s.webviewWith('svg', { what: 'an <svg> diagram in the preview webview', timeout: 60_000 });
  assert.ok((await view.locator('svg').count()) > 0);
});

test('a Mermaid syntax error shows in the preview and as mermaid.syntax in Problems', { skip, timeout: 180_000 }, async () => {
  const s = await session.get();
  // The preview opened beside the answer (previous test); go back to the answer's editor without hiding the preview.
  await s.runCommand('View: Focus First Editor Group');
  await s.waitForActiveEditor('strong.mlsd.md');
  // Break the diagram with a doubled arrow (checked: Mermaid 11 rejects it with "Parse error on line 3").
  // insertText, not type(): typing brackets would trigger the editor's auto-closing.
  await s.goToText('API[Checkout API] --> RS[Risk service]');
  await s.page.keyboard.insertText('API[Checkout API] --> --> RS[Risk service]');
  await s.webviewText(/error|syntax|parse/i, { what: 'an error message in the preview', timeout: 60_000 });
  await s.waitForProblem('mermaid.syntax', { timeout: 60_000 });
});
