// Scenario: the preview's Export SVG…/Export PNG… buttons go through VS Code's save dialog and write the file the user
// picked; a diagram whose Mermaid parse runs away (vetted by the server's time-limited parse) is shown as a message
// instead of being drawn, and the rest of the preview renders.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import { EXAMPLES_DIR, lazySession, WORKSPACES_DIR } from './harness.mjs';

// Mermaid's `style` regular expression backtracks for over a minute on this line (mermaid#6507). Drawn in the
// page, it would freeze the preview (and, in code-server, the whole workbench, which shares the page's thread).
const HOSTILE = `flowchart LR\n  A --> B\n  style A ${':#'.repeat(5000)}\n`;

// The workspace is examples/ plus an answer with that diagram, written before the editor starts (a file created
// while it runs may reach quick open only after its file watcher catches up).
const FIXTURE = path.join(WORKSPACES_DIR, '..', 'fixtures', 'preview-export');
rmSync(FIXTURE, { recursive: true, force: true });
mkdirSync(FIXTURE, { recursive: true });
cpSync(EXAMPLES_DIR, FIXTURE, { recursive: true });
writeFileSync(
  path.join(FIXTURE, 'hangs.mlsd.md'),
  `# Hanging diagram\n\n## 4. Architecture\n\n\`\`\`mermaid\nflowchart LR\n  K[Kafka] --> F[Feature store] --> M[Model server]\n\`\`\`\n\n\`\`\`mermaid\n${HOSTILE}\`\`\`\n`,
);

const session = lazySession('preview-export', { workspaceFrom: FIXTURE });
after(() => session.close());

/** Clicks a toolbar button of the first diagram card, answers the save dialog with `target`, waits for the file. */
async function exportTo(s, view, action, target) {
  await view.locator(`button[data-action="${action}"]`).first().click();
  const input = await s.waitFor('.quick-input-widget .quick-input-box input', { what: 'the save dialog (simple file dialog)' });
  // The dialog fills in its default name after it opens; typing earlier would be overwritten. The default is the
  // answer's name plus the diagram number.
  const suggested = await s.until('the save dialog to suggest a file name', () => input.inputValue(), { accept: (v) => /-diagram-1\.(svg|png)$/.test(v) });
  await input.fill(target);
  await s.page.keyboard.press('Enter');
  return { suggested, bytes: await s.until(`${path.basename(target)} written`, async () => (existsSync(target) ? readFileSync(target) : null), { timeout: 30_000 }) };
}

test('Export SVG… saves a well-formed SVG where the user chose', { timeout: 180_000 }, async () => {
  const s = await session.get();
  await s.openFile('strong.mlsd.md');
  await s.runCommand('MLSD: Open Architecture Preview');
  const view = await s.webviewWith('.card svg', { what: 'a rendered diagram in the preview', timeout: 60_000 });
  const target = path.join(s.workspace, 'exported-diagram.svg');
  const { suggested, bytes } = await exportTo(s, view, 'export-svg', target);
  assert.match(suggested, /strong-diagram-1\.svg$/, 'the dialog suggests a name next to the answer');
  const text = bytes.toString('utf8');
  const wellFormed = await s.page.evaluate((svg) => {
    const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
    return doc.getElementsByTagName('parsererror').length === 0 && doc.documentElement.nodeName === 'svg' && doc.querySelectorAll('g.node').length;
  }, text);
  assert.ok(wellFormed > 0, 'the exported file is an SVG document with the diagram nodes');
});

test('Export PNG… saves a PNG image of the diagram', { timeout: 180_000 }, async () => {
  const s = await session.get();
  const view = await s.webviewWith('.card svg', { what: 'a rendered diagram in the preview', timeout: 60_000 });
  const target = path.join(s.workspace, 'exported-diagram.png');
  const { suggested, bytes } = await exportTo(s, view, 'export-png', target);
  assert.match(suggested, /strong-diagram-1\.png$/);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  assert.equal(bytes.toString('latin1', 12, 16), 'IHDR');
  const [width, height] = [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
  assert.ok(width > 100 && height > 50, `a real picture, not an empty canvas (${width}×${height})`);
});

test('a diagram whose Mermaid parse runs away is not drawn (the panel stays responsive); the other diagram renders', { timeout: 180_000 }, async () => {
  const s = await session.get();
  await s.openFile('hangs.mlsd.md');
  const opened = Date.now();
  await s.runCommand('MLSD: Open Architecture Preview');
  const { text } = await s.webviewText(/more than 2 seconds/, { what: 'the "not drawn" message in the preview', timeout: 60_000 });
  assert.match(text, /Mermaid needs more than 2 seconds just to read this diagram/);
  const view = await s.webviewWith('.card svg', { what: 'the first diagram, drawn', timeout: 30_000 });
  assert.equal(await view.locator('.card').count(), 2);
  assert.equal(await view.locator('.card').nth(0).locator('svg').count(), 1);
  assert.equal(await view.locator('.card').nth(1).locator('svg').count(), 0);
  // The runaway parse takes over a minute; everything above finished well before that, so nothing drew it.
  assert.ok(Date.now() - opened < 50_000, `preview settled in ${Date.now() - opened} ms`);
  // The workbench still answers: the command palette opens and runs a command.
  await s.runCommand('View: Focus First Editor Group');
  await s.waitForActiveEditor('hangs.mlsd.md');
});
