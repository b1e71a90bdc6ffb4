// End-to-end harness: drives the real VS Code workbench (code-server) in Debian's Chromium with playwright-core.
//
// A scenario file (test/e2e/*.test.mjs) does:
//
//   const session = lazySession('diagnostics');          // browser + workbench opened on first use
//   after(() => session.close());                          // screenshot to test-results/e2e/diagnostics.png
//   test('…', async () => { const s = await session.get(); await s.openFile('x.mlsd.md'); … });
//
// The server: `node test/e2e/run.mjs` starts one code-server for the whole run and passes its URL in
// MLSD_E2E_URL. A scenario file run on its own (`node --test test/e2e/diagnostics.test.mjs`) starts its own
// code-server with the extension that is already installed in the e2e profile (run run.mjs once first).
//
// Every session opens a fresh copy of examples/ (under .cache/e2e/workspaces/<name>/), so scenarios that edit or
// create files never touch the repository and never see each other's changes.
//
// Rule: never sleep a fixed time. Wait on a selector or a state with a timeout; on timeout the page is
// screenshotted (test-results/e2e/<session>-FAILED-<n>.png) and a readable error names what was awaited.

import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CACHE_DIR, REPO_ROOT, ensureCodeServer, ensureDebianPackages, profileDirs, startCodeServer } from '../../scripts/code-server.mjs';

export const RESULTS_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');
export const EXAMPLES_DIR = path.join(REPO_ROOT, 'examples');
export const WORKSPACES_DIR = path.join(CACHE_DIR, 'e2e', 'workspaces');
export const CHROMIUM = process.env.MLSD_CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Default time for one wait. Slow first loads (extension activation, language server start) get more. */
export const DEFAULT_TIMEOUT = Number(process.env.MLSD_E2E_TIMEOUT_MS || 20_000);

const MOD = process.platform === 'darwin' ? 'Meta' : 'Control';

/**
 * Makes sure Debian's Chromium and CJK fonts (for the Chinese example) are installed: apt-get as root on
 * Debian/Ubuntu, otherwise a clear message. MLSD_CHROMIUM=<binary> skips all this and uses that browser.
 */
export function ensureChromium() {
  if (process.env.MLSD_CHROMIUM) {
    if (!existsSync(CHROMIUM)) throw new Error(`MLSD_CHROMIUM=${CHROMIUM} does not exist`);
    return CHROMIUM;
  }
  ensureDebianPackages(['chromium', 'fonts-noto-cjk'], 'the e2e tests (browser and CJK fonts)');
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: install it (Debian: apt-get install chromium fonts-noto-cjk) or set MLSD_CHROMIUM`);
  }
  return CHROMIUM;
}

// -----------------------------------------------------------------------------------------------------------------
// server (shared per run via MLSD_E2E_URL, or private to this process)

let ownServer;
async function serverUrl() {
  if (process.env.MLSD_E2E_URL) return process.env.MLSD_E2E_URL;
  if (!ownServer) {
    const bin = ensureCodeServer();
    const dirs = profileDirs('e2e');
    if (!existsSync(dirs.extensionsDir)) {
      throw new Error('the e2e profile has no extension installed yet: run `npm run test:e2e` once (it builds and installs the .vsix)');
    }
    ownServer = await startCodeServer({ bin, dirs });
    process.once('exit', () => {
      try {
        process.kill(-ownServer.child.pid, 'SIGKILL');
      } catch {}
    });
  }
  return ownServer.url;
}

// -----------------------------------------------------------------------------------------------------------------
// session

/** A session whose browser and workbench are only started when a (non-skipped) test first asks for it. */
export function lazySession(name, options = {}) {
  let promise;
  let session;
  return {
    get() {
      if (!promise) promise = openSession(name, options).then((s) => (session = s));
      return promise;
    },
    async close() {
      if (promise) {
        try {
          await promise;
        } catch {}
      }
      if (session) await session.close();
      if (ownServer) {
        await ownServer.stop();
        ownServer = undefined;
      }
    },
  };
}

/** Opens Chromium on the workbench with a fresh copy of examples/ as the workspace folder. */
export async function openSession(name, { workspaceFrom = EXAMPLES_DIR, viewport = { width: 1400, height: 900 } } = {}) {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const workspace = path.join(WORKSPACES_DIR, name);
  rmSync(workspace, { recursive: true, force: true });
  mkdirSync(path.dirname(workspace), { recursive: true });
  cpSync(workspaceFrom, workspace, { recursive: true });

  const url = await serverUrl();
  const t0 = Date.now();
  const browser = await chromium.launch({
    executablePath: ensureChromium(),
    headless: true,
    args: CHROMIUM_ARGS,
  });
  const context = await browser.newContext({ viewport, locale: 'en-US' });
  const page = await context.newPage();
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  const s = new Session({ name, browser, context, page, workspace, consoleErrors });
  try {
    await page.goto(`${url}?folder=${encodeURIComponent(workspace)}`, { waitUntil: 'domcontentloaded' });
    await s.waitForWorkbench();
  } catch (err) {
    await s.close(); // never leave a browser behind: it would keep the test process alive
    throw err;
  }
  s.timings.workbenchMs = Date.now() - t0;
  return s;
}

let failureCounter = 0;
const DEBUG = process.env.MLSD_E2E_DEBUG === '1';
const T0 = Date.now();
/** MLSD_E2E_DEBUG=1 prints each harness step with a timestamp (as TAP comments, so reporters keep them). */
export function debug(msg) {
  if (DEBUG) console.log(`# [${((Date.now() - T0) / 1000).toFixed(1)}s] ${msg}`);
}

export class Session {
  constructor({ name, browser, context, page, workspace, consoleErrors }) {
    Object.assign(this, { name, browser, context, page, workspace, consoleErrors });
    this.timings = {};
  }

  // ---- diagnostics for humans -----------------------------------------------------------------------------------

  /** Saves test-results/e2e/<file>.png and returns its path. */
  async screenshot(file = this.name) {
    const p = path.join(RESULTS_DIR, `${file}.png`);
    try {
      await this.page.screenshot({ path: p });
    } catch {}
    return p;
  }

  /** Throws a readable error after taking a screenshot. */
  async fail(what, cause) {
    const shot = await this.screenshot(`${this.name}-FAILED-${++failureCounter}`);
    const detail = cause ? `\n  cause: ${String(cause.message || cause).split('\n')[0]}` : '';
    const err = new Error(`[${this.name}] ${what}${detail}\n  screenshot: ${path.relative(REPO_ROOT, shot)}`);
    err.screenshot = shot;
    throw err;
  }

  /** Waits until `selector` (or a Locator) is in `state`. */
  async waitFor(selector, { what, state = 'visible', timeout = DEFAULT_TIMEOUT, within } = {}) {
    debug(`wait for ${what || selector} (${state})`);
    const loc = typeof selector === 'string' ? (within || this.page).locator(selector).first() : selector.first();
    try {
      await loc.waitFor({ state, timeout });
    } catch (e) {
      await this.fail(`timed out after ${timeout / 1000} s waiting for ${what || selector} to be ${state}`, e);
    }
    return loc;
  }

  /**
   * Polls `probe()` until `accept(value)` is true (default: truthy); returns the value. Polling reads the page, it
   * does not sleep a fixed time before acting. On timeout, the last value is part of the error.
   */
  async until(what, probe, { accept = Boolean, timeout = DEFAULT_TIMEOUT, interval = 250, acceptPrompts = false } = {}) {
    debug(`until ${what}`);
    const end = Date.now() + timeout;
    let last;
    let lastErr;
    for (;;) {
      // A command may ask something first (a quick pick or an input box): take its default answer.
      if (acceptPrompts && (await this.quickInput.isVisible().catch(() => false))) {
        debug('accepting the default answer of a quick input');
        await this.page.keyboard.press('Enter');
      }
      try {
        last = await probe();
        lastErr = undefined;
        if (accept(last)) return last;
      } catch (e) {
        lastErr = e;
      }
      if (Date.now() > end) {
        const shown = JSON.stringify(last, null, 0);
        await this.fail(
          `timed out after ${timeout / 1000} s waiting for ${what}; last value: ${shown && shown.length > 600 ? shown.slice(0, 600) + '…' : shown}`,
          lastErr,
        );
      }
      await this.page.waitForTimeout(interval);
    }
  }

  async close() {
    await this.screenshot(this.name);
    await this.browser.close().catch(() => {});
  }

  // ---- workbench ---------------------------------------------------------------------------------------------------

  async waitForWorkbench() {
    await this.waitFor('.monaco-workbench', { what: 'the workbench (.monaco-workbench)', timeout: 60_000 });
    // The explorer or at least the status bar shows once the workbench has restored its parts.
    await this.waitFor('#workbench\\.parts\\.statusbar', { what: 'the status bar', timeout: 60_000 });
    await this.dismissNotifications();
  }

  /** Closes any notification toasts (e.g. "extension X is recommended") so they do not cover the editor. */
  async dismissNotifications() {
    const toasts = this.page.locator('.notifications-toasts .notification-toast');
    const n = await toasts.count();
    for (let i = 0; i < n; i++) {
      const close = this.page.locator('.notifications-toasts .codicon-notifications-clear, .notifications-toasts .codicon-close').first();
      if (await close.isVisible().catch(() => false)) await close.click().catch(() => {});
    }
  }

  /**
   * Makes sure keybindings reach the workbench: if focus is nowhere (body) or in a find/quick input, focus the active
   * editor without moving its cursor. Focus already inside the workbench (editor, a view, a panel) is left alone.
   */
  async focusWorkbench() {
    await this.page.evaluate(() => {
      const a = document.activeElement;
      const stray = !a || a === document.body || a.closest('.quick-input-widget, .find-widget');
      if (!stray) return;
      const ed = document.querySelector('.editor-group-container.active .monaco-editor .native-edit-context, .editor-group-container.active .monaco-editor textarea');
      if (ed) ed.focus();
      else document.querySelector('.monaco-workbench')?.focus();
    });
  }

  get quickInput() {
    return this.page.locator('.quick-input-widget');
  }

  /** Opens the quick input with `key`, types `text`, waits for a row matching `match`, and accepts it. */
  async quickPick(key, text, { match, what, timeout = DEFAULT_TIMEOUT, accept = 'enter' } = {}) {
    await this.closeQuickInput();
    await this.page.keyboard.press(key);
    const input = await this.waitFor('.quick-input-widget .quick-input-box input', { what: `the quick input (${key})` });
    await input.fill(key === 'F1' ? `>${text}` : text);
    const rows = this.page.locator('.quick-input-widget .quick-input-list .monaco-list-row');
    const test = match || ((label) => label.toLowerCase().includes(text.toLowerCase()));
    // One loop, re-reading the list every time: results arrive in batches and rows get re-numbered, so the
    // matching row is looked up afresh until it is the focused one, then accepted.
    await this.until(
      what || `a quick-input row for "${text}"`,
      async () => {
        const list = await rows.evaluateAll((els) =>
          els.map((el) => ({
            label: el.getAttribute('aria-label') || el.textContent || '',
            index: Number(el.getAttribute('data-index')),
            focused: el.classList.contains('focused'),
          })),
        );
        const hit = list.find((l) => test(l.label));
        if (!hit) return list.map((l) => l.label);
        if (accept === 'click') {
          await rows.and(this.page.locator(`[data-index="${hit.index}"]`)).click();
          return true;
        }
        if (hit.focused) {
          await this.page.keyboard.press('Enter');
          return true;
        }
        const focused = list.find((l) => l.focused);
        await this.page.keyboard.press(focused && focused.index > hit.index ? 'ArrowUp' : 'ArrowDown');
        return `moving focus to row #${hit.index}`;
      },
      { accept: (v) => v === true, timeout, interval: 100 },
    );
  }

  async closeQuickInput() {
    if (await this.quickInput.isVisible().catch(() => false)) {
      await this.page.keyboard.press('Escape');
      await this.waitFor(this.quickInput, { state: 'hidden', what: 'the quick input to close' });
    }
  }

  /**
   * Runs a command through the command palette: F1, type the title, Enter. `title` is what the palette shows, e.g.
   * "MLSD: Start Interview Timer". The row must match exactly (case-insensitive) unless `fuzzy` is set.
   */
  async runCommand(title, { fuzzy = false, timeout } = {}) {
    debug(`run command: ${title}`);
    await this.focusWorkbench();
    const want = title.toLowerCase();
    await this.quickPick('F1', title, {
      what: `the command "${title}" in the command palette`,
      match: (label) => {
        const l = label.toLowerCase();
        return fuzzy ? l.includes(want) : l === want || l.startsWith(want + ',') || l.startsWith(want + ' ');
      },
      timeout,
    });
  }

  /** Opens a workspace file via quick open (Ctrl+P) and waits for its editor tab to be active. */
  async openFile(relPath, { timeout = 30_000 } = {}) {
    debug(`open file: ${relPath}`);
    await this.focusWorkbench();
    const base = path.basename(relPath);
    await this.quickPick(`${MOD}+P`, relPath, {
      what: `"${relPath}" in quick open`,
      match: (label) => label.split(/[,\s]/)[0] === base || label.startsWith(base),
      timeout,
    });
    await this.waitForActiveEditor(base);
    return this.editor();
  }

  /** Waits until the active editor tab is `fileName`, and its text is rendered. */
  async waitForActiveEditor(fileName, { timeout = DEFAULT_TIMEOUT } = {}) {
    await this.waitFor(`.tabs-container .tab.active[data-resource-name="${fileName}"], .tabs-container .tab.active[aria-label^="${fileName}"]`, {
      what: `the active editor tab "${fileName}"`,
      timeout,
    });
    await this.waitFor('.editor-group-container.active .monaco-editor .view-lines', { what: 'the editor text', timeout });
  }

  /** The active text editor. */
  editor() {
    return this.page.locator('.editor-group-container.active .monaco-editor').first();
  }

  /** Text of the visible lines of the active editor (what the user sees, not the whole file). */
  async visibleEditorText() {
    return this.editor()
      .locator('.view-lines')
      .evaluate((el) => Array.from(el.querySelectorAll('.view-line')).sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top)).map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n'));
  }

  /** The file's text on disk in this session's workspace. */
  readWorkspaceFile(relPath) {
    return readFileSync(path.join(this.workspace, relPath), 'utf8');
  }

  writeWorkspaceFile(relPath, text) {
    writeFileSync(path.join(this.workspace, relPath), text);
  }

  listWorkspace() {
    return readdirSync(this.workspace);
  }

  /** Waits until the workspace file's text on disk satisfies `test` (RegExp or function); returns the text. */
  async waitForFileText(relPath, test, { timeout = DEFAULT_TIMEOUT, what } = {}) {
    const ok = typeof test === 'function' ? test : (t) => test.test(t);
    return this.until(what || `${relPath} on disk to match ${test}`, async () => {
      const t = this.readWorkspaceFile(relPath);
      return ok(t) ? t : null;
    }, { timeout });
  }

  /** Puts the cursor on the first match of `text` in the active editor (via Find, then Escape). */
  async goToText(text) {
    await this.editor().locator('.view-lines').click({ position: { x: 5, y: 5 } });
    await this.page.keyboard.press(`${MOD}+Home`);
    await this.page.keyboard.press(`${MOD}+F`);
    const input = await this.waitFor('.editor-group-container.active .find-widget.visible textarea, .editor-group-container.active .find-widget.visible input', {
      what: 'the find widget',
    });
    await input.fill(text);
    await this.until(`the find widget to find "${text}"`, async () => {
      const t = await this.page.locator('.editor-group-container.active .find-widget .matchesCount').first().textContent();
      return t && !/no result/i.test(t) && /\d/.test(t) ? t : null;
    });
    await this.page.keyboard.press('Enter'); // select the (next) match
    await this.page.keyboard.press('Escape'); // close find; the match stays selected
    await this.waitFor('.editor-group-container.active .find-widget.visible', { state: 'hidden', what: 'the find widget to close' });
  }

  /** Moves the cursor to the end of the document. */
  async goToEnd() {
    await this.editor().locator('.view-lines').click({ position: { x: 5, y: 5 } });
    await this.page.keyboard.press(`${MOD}+End`);
  }

  /**
   * Saves the active editor (Ctrl+S) if it has unsaved changes and waits until it is saved. (The e2e profile turns
   * auto-save off; a quick fix may still save by itself through files.refactoring.autoSave.) Callers that need the
   * text on disk should then use waitForFileText().
   */
  async save() {
    if (!(await this.page.locator('.tabs-container .tab.active.dirty').count())) return;
    await this.focusWorkbench();
    await this.page.keyboard.press(`${MOD}+S`);
    await this.waitFor('.tabs-container .tab.active.dirty', { state: 'detached', what: 'the editor to be saved' });
  }

  // ---- panels --------------------------------------------------------------------------------------------------

  /** Opens the Problems panel (if not open) and returns its rows' text: ["msg  mlsd(monitoring.section) [Ln 1, Col 1]", …]. */
  async readProblems({ filter } = {}) {
    const panel = this.page.locator('.markers-panel');
    if (!(await panel.isVisible().catch(() => false))) {
      await this.runCommand('View: Focus Problems', { fuzzy: true }).catch(async () => {
        await this.closeQuickInput();
        await this.page.keyboard.press(`${MOD}+Shift+M`);
      });
      await this.waitFor(panel, { what: 'the Problems panel (.markers-panel)' });
    }
    const input = this.page.locator('.markers-panel-action-filter input, .viewpane-filter input').first();
    if ((await input.isVisible().catch(() => false)) && (filter ?? '') !== (await input.inputValue().catch(() => ''))) {
      await input.fill(filter ?? '');
    }
    return panel.locator('.monaco-list-row').evaluateAll((rows) =>
      rows.map((r) => (r.getAttribute('aria-label') || '') + ' | ' + (r.innerText || '').replace(/\s+/g, ' ').trim()),
    );
  }

  /** Waits until some Problems row contains `text` (or, with `absent: true`, until none does). */
  async waitForProblem(text, { absent = false, timeout = 60_000 } = {}) {
    return this.until(
      absent ? `"${text}" to disappear from the Problems panel` : `a Problems row containing "${text}"`,
      async () => {
        const rows = await this.readProblems();
        const has = rows.some((r) => r.includes(text));
        return { ok: has !== absent, rows };
      },
      { accept: (v) => v && v.ok, timeout },
    ).then((v) => v.rows);
  }

  /** Clicks the first Problems row containing `text`, which reveals that location in the editor. */
  async revealProblem(text) {
    await this.waitForProblem(text);
    const row = this.page.locator('.markers-panel .monaco-list-row').filter({ hasText: text }).first();
    await row.click();
    await this.page.keyboard.press('Enter'); // open the location with focus in the editor
    await this.waitFor('.editor-group-container.active .monaco-editor.focused', { what: `the editor to focus the problem "${text}"` });
  }

  /** Status bar entries: [{ text, label, id }]. */
  async readStatusBar() {
    return this.page.locator('#workbench\\.parts\\.statusbar .statusbar-item').evaluateAll((items) =>
      items
        .map((el) => ({
          id: el.id || '',
          text: (el.innerText || '').replace(/\s+/g, ' ').trim(),
          label: el.getAttribute('aria-label') || el.querySelector('[aria-label]')?.getAttribute('aria-label') || '',
        }))
        .filter((i) => i.text || i.label),
    );
  }

  /** Waits until a status bar item's text or aria-label matches `re`; returns that item. */
  async waitForStatusBar(re, { timeout = DEFAULT_TIMEOUT, what } = {}) {
    return this.until(
      what || `a status bar item matching ${re}`,
      async () => {
        const items = await this.readStatusBar();
        return items.find((i) => re.test(i.text) || re.test(i.label)) || items.map((i) => i.text || i.label);
      },
      { accept: (v) => v && !Array.isArray(v), timeout },
    );
  }

  // ---- editor widgets --------------------------------------------------------------------------------------------

  /** Squiggles currently rendered in the active editor: { errors, warnings, infos }. */
  async squiggles() {
    return this.editor().evaluate((ed) => ({
      errors: ed.querySelectorAll('.squiggly-error').length,
      warnings: ed.querySelectorAll('.squiggly-warning').length,
      infos: ed.querySelectorAll('.squiggly-info').length,
    }));
  }

  /** Shows the hover for the word under the cursor (editor.action.showHover) and returns its text. */
  async hoverAtCursor({ timeout = 30_000 } = {}) {
    await this.runCommand('Show or Focus Hover', { fuzzy: true });
    const hover = await this.waitFor('.monaco-hover:not(.hidden) .monaco-hover-content, .monaco-hover:not(.hidden) .hover-contents', {
      what: 'the editor hover',
      timeout,
    });
    return this.until('hover text', async () => (await hover.innerText()).trim(), { timeout });
  }

  /**
   * Opens the quick-fix menu (Ctrl+.) at the cursor and applies the action whose title matches `title`
   * (string: case-insensitive substring; RegExp: test).
   */
  async applyQuickFix(title, { timeout = 30_000 } = {}) {
    const test = typeof title === 'string' ? (s) => s.toLowerCase().includes(title.toLowerCase()) : (s) => title.test(s);
    const widget = this.page.locator('.action-widget:not(.action-list-submenu-panel)').first();
    // Ctrl+. right after the cursor moved can be swallowed while the editor settles: press again until it opens.
    await this.until(
      'the quick-fix menu (Ctrl+.)',
      async () => {
        if (await widget.isVisible()) return true;
        await this.page.keyboard.press(`${MOD}+.`);
        return widget.isVisible();
      },
      { timeout, interval: 1500 },
    );
    const rows = widget.locator('.monaco-list-row');
    const index = await this.until(
      `a quick fix titled ${title}`,
      async () => {
        const labels = await rows.evaluateAll((els) => els.map((e) => (e.getAttribute('aria-label') || e.innerText || '').trim()));
        const i = labels.findIndex(test);
        return i >= 0 ? i : labels;
      },
      { accept: (v) => typeof v === 'number', timeout },
    );
    await rows.nth(index).click();
    await this.waitFor(widget, { state: 'hidden', what: 'the quick-fix menu to close' });
  }

  /**
   * Triggers suggestions (Ctrl+Space) and accepts the item whose label/description matches `match` (a RegExp, or a
   * function that gets [{ i, t }] and returns the chosen one).
   */
  async acceptSuggestion(match, { timeout = 30_000, what } = {}) {
    await this.page.keyboard.press(`${MOD}+Space`);
    const rows = this.page.locator('.editor-group-container.active .suggest-widget.visible .monaco-list-row');
    const index = await this.until(
      what || `a suggestion matching ${match}`,
      async () => {
        const labels = await rows.evaluateAll((els) =>
          els.map((e) => ({ i: Number(e.getAttribute('data-index')), t: (e.getAttribute('aria-label') || e.innerText || '').replace(/\s+/g, ' ') })),
        );
        const pick = typeof match === 'function' ? match : (ls) => ls.find((l) => match.test(l.t));
        const hit = pick(labels);
        return hit ? hit.i : labels.map((l) => l.t);
      },
      { accept: (v) => typeof v === 'number', timeout },
    );
    await this.page.locator(`.editor-group-container.active .suggest-widget.visible .monaco-list-row[data-index="${index}"]`).click();
    await this.waitFor('.editor-group-container.active .suggest-widget.visible', { state: 'hidden', what: 'the suggest widget to close' });
  }

  // ---- side bar and webviews ---------------------------------------------------------------------------------------

  /** Clicks the activity-bar entry whose label matches `re` (e.g. /MLSD/) and waits for its side bar. */
  async openActivity(re) {
    const items = this.page.locator('.activitybar .action-item .action-label, .activitybar .action-item a');
    const index = await this.until(
      `an activity bar entry matching ${re}`,
      async () => {
        const labels = await items.evaluateAll((els) => els.map((e) => e.getAttribute('aria-label') || ''));
        const i = labels.findIndex((l) => re.test(l));
        return i >= 0 ? i : labels;
      },
      { accept: (v) => typeof v === 'number' },
    );
    const item = items.nth(index);
    const checked = await item.evaluate((e) => e.closest('.action-item')?.classList.contains('checked'));
    if (!checked) await item.click();
    await this.waitFor('#workbench\\.parts\\.sidebar', { what: 'the side bar' });
  }

  /** Titles of the view panes in the side bar (e.g. ["HANDBOOK", "CHECKLIST", "PROMPTS"]). */
  async sideBarViews() {
    return this.page
      .locator('#workbench\\.parts\\.sidebar .pane-header')
      .evaluateAll((hs) => hs.map((h) => (h.querySelector('h3.title')?.textContent || h.getAttribute('aria-label') || '').trim()));
  }

  /** The pane (header + body) of the side-bar view titled `title` (case-insensitive). */
  viewPane(title) {
    return this.page
      .locator('#workbench\\.parts\\.sidebar .pane')
      .filter({ has: this.page.locator('.pane-header h3.title', { hasText: new RegExp(`^\\s*${title}\\s*$`, 'i') }) })
      .first();
  }

  /** Expands the view pane titled `title` if it is collapsed. */
  async expandView(title) {
    const pane = this.viewPane(title);
    await this.waitFor(pane, { what: `the side-bar view "${title}"` });
    const header = pane.locator('.pane-header').first();
    if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
    await this.until(`the view "${title}" to expand`, async () => (await header.getAttribute('aria-expanded')) === 'true');
    return pane;
  }

  /** Rows of a tree view: [{ index, label, level, expanded }]. */
  async treeRows(title) {
    return this.viewPane(title)
      .locator('.monaco-list-row')
      .evaluateAll((rows) =>
        rows.map((r) => ({
          index: Number(r.getAttribute('data-index')),
          label: (r.getAttribute('aria-label') || r.innerText || '').trim(),
          level: Number(r.getAttribute('aria-level') || 1),
          expanded: r.getAttribute('aria-expanded'),
        })),
      );
  }

  treeRow(title, index) {
    return this.viewPane(title).locator(`.monaco-list-row[data-index="${index}"]`);
  }

  /**
   * The frame of the most recently shown webview whose document matches `selector`. Webviews are nested iframes
   * (iframe.webview → #active-frame). Returns a Playwright FrameLocator.
   */
  async webviewWith(selector, { timeout = 30_000, what } = {}) {
    return this.until(
      what || `a webview containing ${selector}`,
      async () => {
        const outer = this.page.locator('iframe.webview.ready');
        const n = await outer.count();
        for (let i = n - 1; i >= 0; i--) {
          const inner = outer.nth(i).contentFrame().locator('iframe#active-frame').contentFrame();
          if ((await inner.locator(selector).count().catch(() => 0)) > 0) return inner;
        }
        return null;
      },
      { timeout },
    );
  }

  /** The webview frame whose body text satisfies `test` (RegExp or function); returns { frame, text }. */
  async webviewText(test, { timeout = 30_000, what } = {}) {
    const ok = typeof test === 'function' ? test : (t) => test.test(t);
    return this.until(
      what || `a webview whose text matches ${test}`,
      async () => {
        const outer = this.page.locator('iframe.webview.ready');
        const n = await outer.count();
        const seen = [];
        for (let i = n - 1; i >= 0; i--) {
          const frame = outer.nth(i).contentFrame().locator('iframe#active-frame').contentFrame();
          const text = await frame.locator('body').innerText({ timeout: 1000 }).catch(() => '');
          if (ok(text)) return { frame, text };
          seen.push(text.slice(0, 200));
        }
        return seen;
      },
      { accept: (v) => v && !Array.isArray(v), timeout },
    );
  }

  /** Active editor tab labels. */
  async tabs() {
    return this.page.locator('.tabs-container .tab').evaluateAll((ts) =>
      ts.map((t) => ({ label: t.getAttribute('aria-label') || t.innerText, active: t.classList.contains('active'), name: t.getAttribute('data-resource-name') })),
    );
  }
}
