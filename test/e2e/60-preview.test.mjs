// Scenario: "MLSD: Open Architecture Preview" renders the Mermaid diagram as SVG; breaking the Mermaid source shows
// an error in the preview and a `mermaid.syntax` finding in Problems (the latter needs the server's Mermaid worker).
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';

const session = lazySession('preview');
after(() => session.close());

test('the architecture preview shows the diagram as SVG', { timeout: 180_000 }, async () => {
  const s = await session.get();
  await s.openFile('strong.mlsd.md');
  await s.runCommand('MLSD: Open Architecture Preview');
  const view = await s.webviewWith('svg', { what: 'an <svg> diagram in the preview webview', timeout: 60_000 });
  assert.ok((await view.locator('svg').count()) > 0);
  // The server classifies the diagram's nodes (Mermaid worker): the legend lists the components by step.
  await s.waitFor(view.locator('.legend .chip'), { what: 'the step legend under the diagram', timeout: 60_000 });
  await s.screenshot('preview-rendered');
});

let broken = false;

async function breakDiagram(s) {
  // Break the diagram with a doubled arrow (checked: Mermaid 11 rejects it with "Parse error on line 3").
  // insertText, not type(): typing brackets would trigger the editor's auto-closing.
  await s.goToText('API[Checkout API] --> RS[Risk service]');
  await s.page.keyboard.insertText('API[Checkout API] --> --> RS[Risk service]');
  broken = true;
}

test('breaking the Mermaid source shows the parse error in the preview', { timeout: 180_000 }, async () => {
  const s = await session.get();
  // The preview opened beside the answer (previous test); go back to the answer's editor without hiding the preview.
  await s.runCommand('View: Focus First Editor Group');
  await s.waitForActiveEditor('strong.mlsd.md');
  await breakDiagram(s);
  const { text } = await s.webviewText(/error|syntax|parse/i, { what: 'an error message in the preview', timeout: 60_000 });
  assert.match(text, /error|syntax|parse/i);
});

test('the broken Mermaid source is reported as mermaid.syntax in Problems', { timeout: 180_000 }, async () => {
  const s = await session.get();
  if (!broken) {
    await s.openFile('strong.mlsd.md');
    await breakDiagram(s);
  }
  const rows = await s.waitForProblem('mermaid.syntax', { timeout: 60_000 });
  assert.ok(rows.some((r) => r.includes('mermaid.syntax')));
});

test('the preview comes back after a window reload (serializer)', { timeout: 180_000 }, async () => {
  const s = await session.get();
  await s.runCommand('Developer: Reload Window');
  await s.page.waitForLoadState('load');
  await s.waitForWorkbench();
  const tabs = await s.until('the preview tab after the reload', async () => (await s.tabs()).find((t) => /Architecture/.test(t.label)), { timeout: 60_000 });
  assert.ok(tabs);
  await s.webviewWith('.card', { what: 'diagram cards in the restored preview', timeout: 60_000 });
});
