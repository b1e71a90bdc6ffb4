/**
 * The architecture preview page in headless Chromium: the real HTML, the bundled mermaid and our page script.
 * Renders one SVG per block, reports broken diagrams in place, exports parseable SVG, and runs nothing hostile.
 */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { previewHtml } from '../../client/src/pages';
import { evalIn, fakeVsCodeApi, launch, PostedMessages, servePage } from '../helpers/browser';

let browser: Browser;
let server: { url: string; close: () => Promise<void> };
const NONCE = 'n0nceForTests1234567890';

before(async () => {
  server = await servePage(() =>
    previewHtml("'self'", NONCE, { mermaid: '/dist/webview/mermaid.min.js', script: '/dist/webview/preview.js', css: '/media/preview.css' }),
  );
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

async function openPreview(): Promise<{ page: Page; posted: PostedMessages; dialogs: string[] }> {
  const page = await browser.newPage();
  const dialogs: string[] = [];
  page.on('dialog', (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  const posted = await fakeVsCodeApi(page);
  await page.goto(server.url);
  await posted.wait('ready');
  return { page, posted, dialogs };
}

function post(page: Page, version: number, blocks: { line: number; code: string; section: string; blocked?: string }[]): Promise<unknown> {
  return page.evaluate(`window.postMessage(${JSON.stringify({ type: 'update', uri: 'file:///a.mlsd.md', version, blocks })}, '*')`);
}

async function show(page: Page, posted: PostedMessages, blocks: { line: number; code: string; section: string }[], version = 1): Promise<void> {
  await post(page, version, blocks);
  await posted.wait('done', version);
}

const PIPELINE = 'flowchart LR\n  A[Kafka events] --> B[Feature store]\n  B --> C[Training]\n  C --> D[Model registry]\n  D --> E[Model server]\n  E --> F[Monitoring]\n  F --> C\n';
const RECSYS = 'flowchart TD\n  U[User request] --> R[Candidate retrieval]\n  R --> K[Ranker]\n  K --> X[Re-ranker]\n';

test('renders one SVG per Mermaid block, labelled with its section, and reports broken blocks in place', async () => {
  const { page, posted } = await openPreview();
  await show(page, posted, [
    { line: 10, code: PIPELINE, section: '4. Architecture' },
    { line: 30, code: RECSYS, section: 'Appendix' },
    { line: 50, code: 'flowchart LR\n  A --> \n  --> B ((\n', section: '4. Architecture' },
  ]);
  assert.equal(await page.locator('#diagrams .card').count(), 3);
  assert.equal(await page.locator('#diagrams .card svg').count(), 2);
  assert.match(await page.locator('#diagrams .card').nth(0).locator('.title').innerText(), /4\. Architecture · line 11/);
  assert.match(await page.locator('#diagrams .card').nth(2).locator('.error').innerText(), /Mermaid could not draw this diagram/);
  assert.equal(await evalIn<string>(page, 'typeof window.mermaid.render'), 'function');
  await page.close();
});

test('export SVG posts a well-formed SVG; clicking a diagram asks to reveal its source', async () => {
  const { page, posted } = await openPreview();
  await show(page, posted, [{ line: 7, code: PIPELINE, section: 'Architecture' }]);
  await page.locator('button[data-action="export-svg"]').click();
  const exported = await posted.wait<{ svg: string }>('exportSvg');
  const parsedOk = await evalIn<boolean>(
    page,
    `(function (svg) { var doc = new DOMParser().parseFromString(svg, 'image/svg+xml'); return doc.getElementsByTagName('parsererror').length === 0 && doc.documentElement.nodeName === 'svg'; })(${JSON.stringify(exported.svg)})`,
  );
  assert.ok(parsedOk, 'exported SVG parses as XML');
  await page.locator('.viewport').click();
  const reveal = await posted.wait<{ line: number }>('reveal');
  assert.equal(reveal.line, 7);
  await page.locator('button[data-action="export-png"]').click();
  const png = await Promise.race([posted.wait<{ png: string }>('exportPng'), posted.wait<{ message: string }>('error').then((e) => { throw new Error(e.message); })]);
  assert.ok(Buffer.from(png.png, 'base64').subarray(1, 4).toString() === 'PNG');
  await page.close();
});

test('a newer update wins over an older render', async () => {
  const { page, posted } = await openPreview();
  await post(page, 1, [{ line: 1, code: PIPELINE, section: 'old' }]);
  await post(page, 2, [{ line: 2, code: RECSYS, section: 'new' }, { line: 3, code: RECSYS, section: 'new' }]);
  await posted.wait('done', 2);
  assert.equal(await page.locator('#diagrams .card').count(), 2);
  assert.match(await page.locator('#diagrams .card .title').first().innerText(), /^new/);
  await page.close();
});

test('hostile diagrams run no script and cannot loosen the security level', async () => {
  const { page, posted, dialogs } = await openPreview();
  const hostile = [
    'flowchart LR\n  A["<img src=x onerror=window.__pwned=1>"] --> B\n',
    'flowchart LR\n  A --> B\n  click A "javascript:window.__pwned=2"\n',
    'flowchart LR\n  A --> B\n  click A call alert(3)\n',
    '%%{init: {"securityLevel":"loose"}}%%\nflowchart LR\n  A["<b onmouseover=window.__pwned=4>x</b>"] --> B\n',
    'flowchart LR\n  A --> B\n  classDef x fill:#f00;} body{display:none\n  class A x\n',
    '%%{init:{"themeCSS":"* {display:none}"}}%%\nflowchart LR\n  A --> B\n',
    'flowchart LR\n  A["<script>window.__pwned=5</script>"] --> B\n',
  ];
  await show(page, posted, hostile.map((code, i) => ({ line: i * 10, code, section: 'Hostile' })));
  for (const node of await page.locator('#diagrams g.node').all()) await node.click({ force: true }).catch(() => undefined);
  await page.mouse.move(5, 5);
  const pwned = await evalIn<number | undefined>(page, 'window.__pwned');
  assert.equal(pwned, undefined);
  assert.deepEqual(dialogs, []);
  assert.equal(await page.locator('#diagrams script').count(), 0);
  assert.ok(await page.locator('body').isVisible(), 'diagram CSS did not hide the page');
  await page.close();
});

test('oversized diagrams are refused with a clear message', async () => {
  const { page, posted } = await openPreview();
  const huge = 'flowchart LR\n' + Array.from({ length: 6000 }, (_, i) => `  N${i} --> N${i + 1}\n`).join('');
  await show(page, posted, [{ line: 0, code: huge, section: 'Big' }]);
  assert.match(await page.locator('.error').innerText(), /characters; the preview renders up to 50000/);
  await page.close();
});

test('a block the host marked as blocked is never drawn: its reason shows in its place, the others render', async () => {
  const { page, posted } = await openPreview();
  const hostile = `flowchart LR\n  A --> B\n  style A ${':#'.repeat(5000)}\n`; // would hang this page for a minute
  const reason = 'Mermaid needs more than 2 seconds just to read this diagram.';
  await post(page, 1, [{ line: 2, code: PIPELINE, section: 'Architecture' }, { line: 20, code: hostile, section: 'Architecture', blocked: reason }]);
  await posted.wait('done', 1, 10_000);
  assert.equal(await page.locator('#diagrams .card').nth(0).locator('svg').count(), 1);
  assert.equal(await page.locator('#diagrams .card').nth(1).locator('svg').count(), 0);
  assert.equal(await page.locator('#diagrams .card').nth(1).locator('.error').innerText(), reason);
  assert.deepEqual(posted.all.filter((m) => m.type === 'rendering').map((m) => m.index), [0], 'no render started for the blocked block');
  await page.close();
});

test('classified diagrams colour nodes by step, with a legend and what is missing', async () => {
  const { page, posted } = await openPreview();
  await show(page, posted, [{ line: 4, code: PIPELINE, section: 'Architecture' }]);
  await page.evaluate(
    `window.postMessage(${JSON.stringify({
      type: 'diagrams',
      version: 1,
      diagrams: [{ line: 4, nodes: [{ id: 'F', component: 'monitoring', step: 'monitoring' }], legend: [{ title: 'Monitoring', step: 'monitoring' }], missing: ['Evaluation'], feedbackLoop: true }],
    })}, '*')`,
  );
  await page.locator('.legend .chip', { hasText: 'Monitoring' }).waitFor();
  assert.match(await page.locator('.legend').innerText(), /Missing from the diagram: Evaluation/);
  const stroke = await page.locator('g.node[id*="-flowchart-F-"] rect').first().evaluate('(r) => r.style.stroke');
  assert.ok(String(stroke).length > 0, 'monitoring node outlined in its step colour');
  await page.close();
});
