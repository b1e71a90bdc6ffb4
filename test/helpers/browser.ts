/** Loads the real webview pages in headless Chromium, with a stand-in for the VS Code webview API. */
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { Browser, chromium, Page } from 'playwright-core';
import { ROOT } from './engine';

/** Chromium flags for this machine (no network, no sandbox as root). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

/** Launches Debian's Chromium. */
export function launch(): Promise<Browser> {
  return chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: CHROMIUM_ARGS, headless: true });
}

/** Serves `html` at / and the repository's dist/webview and media folders on 127.0.0.1; returns base URL and closer. */
export async function servePage(html: () => string): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(html());
      return;
    }
    const rel = path.normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    if (!rel.startsWith('dist' + path.sep + 'webview') && !rel.startsWith('media')) {
      res.writeHead(404).end();
      return;
    }
    const file = path.join(ROOT, rel);
    fs.readFile(file, (err, data) => {
      if (err) return void res.writeHead(404).end();
      res.writeHead(200, { 'content-type': file.endsWith('.js') ? 'text/javascript' : file.endsWith('.css') ? 'text/css' : 'application/octet-stream' });
      res.end(data);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

// In-page code is passed as strings: the test runner's TypeScript transform adds helpers (__name) that do not exist
// in the page.

/** Messages a page posted to the fake webview API, delivered to Node as events. */
export class PostedMessages {
  readonly all: { type: string; [key: string]: unknown }[] = [];
  private waiters: { match: (m: { type: string; [key: string]: unknown }) => boolean; resolve: (m: unknown) => void }[] = [];

  push(message: { type: string; [key: string]: unknown }): void {
    this.all.push(message);
    this.waiters = this.waiters.filter((w) => {
      if (!w.match(message)) return true;
      w.resolve(message);
      return false;
    });
  }

  /** Resolves with the first message of `type` (optionally with `generation`), past or future. */
  wait<T>(type: string, generation?: number, timeout = 30_000): Promise<T> {
    const match = (m: { type: string; [key: string]: unknown }): boolean => m.type === type && (generation === undefined || m.generation === generation);
    const seen = this.all.find(match);
    if (seen) return Promise.resolve(seen as T);
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no "${type}" message from the page within ${timeout} ms`)), timeout);
      this.waiters.push({ match, resolve: (m) => (clearTimeout(timer), resolve(m as T)) });
    });
  }
}

/**
 * Installs a fake `acquireVsCodeApi`; posted messages reach Node through an exposed binding (CDP, so the page's
 * CSP — which forbids eval — stays in force).
 */
export async function fakeVsCodeApi(page: Page): Promise<PostedMessages> {
  const posted = new PostedMessages();
  await page.exposeFunction('__mlsdPost', (m: { type: string }) => posted.push(m));
  await page.addInitScript({
    content: `window.acquireVsCodeApi = function () { return { postMessage: function (m) { window.__mlsdPost(JSON.parse(JSON.stringify(m))); }, setState: function () {}, getState: function () {} }; };`,
  });
  return posted;
}

/** Evaluates an expression (a string) in the page. */
export async function evalIn<T>(page: Page, expression: string): Promise<T> {
  return (await page.evaluate(expression)) as T;
}
