// Scenario: the MLSD activity-bar container — views Handbook, Checklist, Prompts; a handbook entry opens a webview
// with a rendered table; starting a practice from a prompt creates the answer file and opens it.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { lazySession } from './harness.mjs';

const session = lazySession('sidebar');
after(() => session.close());

test('the MLSD container shows Handbook, Checklist and Prompts', { timeout: 120_000 }, async () => {
  const s = await session.get();
  await s.openFile('strong.mlsd.md'); // activates the extension
  await s.openActivity(/MLSD/i);
  const views = await s.until('the three MLSD views', () => s.sideBarViews(), {
    accept: (v) => ['handbook', 'checklist', 'prompts'].every((n) => v.some((x) => x.toLowerCase() === n)),
  });
  assert.ok(views.length >= 3);
});

test('opening a handbook entry shows a rendered table', { timeout: 120_000 }, async () => {
  const s = await session.get();
  await s.openActivity(/MLSD/i);
  await s.expandView('Handbook');
  // Walk down the first branch of the tree until a leaf (an entry), then open it.
  let rows = await s.until('handbook rows', () => s.treeRows('Handbook'), { accept: (r) => r.length > 0, timeout: 30_000 });
  let row = rows[0];
  for (let depth = 0; row.expanded !== null && depth < 4; depth++) {
    if (row.expanded === 'false') await s.treeRow('Handbook', row.index).click();
    const parent = row;
    rows = await s.until('the handbook topic to expand', () => s.treeRows('Handbook'), {
      accept: (r) => r.some((x) => x.index === parent.index + 1 && x.level > parent.level),
    });
    row = rows.find((x) => x.index === parent.index + 1);
  }
  await s.treeRow('Handbook', row.index).click();
  const view = await s.webviewWith('table', { what: `a webview with a <table> for handbook entry "${row.label}"` });
  assert.ok((await view.locator('table tr').count()) > 1, 'the table has rows');
});

test('starting a practice from a prompt creates and opens a new answer file', { timeout: 120_000 }, async () => {
  const s = await session.get();
  const before = new Set(s.listWorkspace());
  await s.openActivity(/MLSD/i);
  await s.expandView('Prompts');
  const rows = await s.until('prompt rows', () => s.treeRows('Prompts'), { accept: (r) => r.length > 0, timeout: 30_000 });
  const leaf = rows.find((r) => r.expanded === null) || rows[0];
  const row = s.treeRow('Prompts', leaf.index);
  await row.hover();
  // An inline action ("Start practice"), else the context menu, else the item's own click command.
  const inline = row.locator('.actions .action-label[aria-label]').filter({ hasText: '' });
  const labels = await inline.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
  const i = labels.findIndex((l) => /practi[cs]e|start/i.test(l));
  if (i >= 0) {
    await inline.nth(i).click();
  } else {
    await row.click({ button: 'right' });
    const item = s.page.locator('.context-view .action-item .action-label').filter({ hasText: /practi[cs]e|start/i }).first();
    if (await item.isVisible({ timeout: 3000 }).catch(() => false)) await item.click();
    else {
      await s.page.keyboard.press('Escape');
      await row.click();
    }
  }
  const created = await s.until(
    'a new *.mlsd.md file in the workspace, open in the active editor',
    async () => {
      const fresh = s.listWorkspace().filter((f) => !before.has(f) && f.endsWith('.mlsd.md'));
      const tabs = await s.tabs();
      return fresh.find((f) => tabs.some((t) => t.active && (t.name === f || (t.label || '').startsWith(f)))) || { fresh, tabs };
    },
    { accept: (v) => typeof v === 'string', acceptPrompts: true, timeout: 30_000 },
  );
  assert.match(created, /\.mlsd\.md$/);
});
