/** The handbook page in headless Chromium: the entry arrives by postMessage, the filter narrows rows, insert asks the host. */
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { handbookHtml } from '../../client/src/pages';
import { fakeVsCodeApi, launch, servePage } from '../helpers/browser';

let browser: Browser;
let server: { url: string; close: () => Promise<void> };

before(async () => {
  server = await servePage(() => handbookHtml("'self'", 'handbookNonce123456789'));
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('renders a table entry as text only, filters rows and asks the host to insert the table', async () => {
  const page = await browser.newPage();
  const posted = await fakeVsCodeApi(page);
  await page.goto(server.url);
  await posted.wait('ready');
  const entry = {
    type: 'show',
    topic: 'Architecture & serving',
    title: 'Latency tiers',
    summary: 'Rules of thumb <img src=x onerror="window.__pwned=1">',
    columns: ['Budget', 'Typical serving'],
    rows: [['< 10 ms', 'In-memory model on CPU'], ['< 50 ms', 'Compiled or GPU model'], ['> 1 min', 'Batch scoring']],
  };
  await page.evaluate(`window.postMessage(${JSON.stringify(entry)}, '*')`);
  await page.locator('tbody tr').nth(2).waitFor();
  assert.equal(await page.locator('tbody tr').count(), 3);
  assert.equal(await page.locator('#summary img').count(), 0, 'text is never parsed as HTML');
  assert.equal(await page.evaluate('window.__pwned'), undefined);
  await page.locator('#filter').fill('gpu');
  assert.equal(await page.locator('tbody tr:visible').count(), 1);
  await page.evaluate(`window.postMessage({ type: 'show', title: 42 }, '*')`);
  assert.equal(await page.locator('#title').innerText(), 'Latency tiers', 'malformed messages are ignored');
  await page.locator('#insert').click();
  await posted.wait('insertTable');
  await page.close();
});
