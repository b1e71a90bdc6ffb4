/** View models and webview pages of the client, tested without VS Code. */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { analyze } from '../../server/src/engine';
import { practiceAnswer } from '../../server/src/shared/skeleton';
import { addSession, historyChartSvg, MAX_SESSIONS, sanitizeSessions } from '../../client/src/models/history';
import { RenderWatchdog } from '../../client/src/models/renderWatchdog';
import { dueNotices, formatClock, nextPhase, pauseTimer, planPhases, resumeTimer, snapshot, startTimer } from '../../client/src/models/timer';
import { checklist, groupPrompts, markdownTable, topicsForStep } from '../../client/src/models/trees';
import { handbookHtml, historyHtml } from '../../client/src/pages';
import { testEngine } from '../helpers/engine';

const MIN = 60_000;

test('phases follow the seed budgets and sum to the total', () => {
  const p45 = planPhases(45);
  assert.deepEqual(p45.map((p) => p.id), ['clarify', 'design', 'deep-dive', 'tradeoffs']);
  assert.equal(p45.reduce((a, p) => a + p.minutes, 0), 45);
  assert.ok(p45[0].minutes >= 5 && p45[0].minutes <= 10 && p45[1].minutes >= 10 && p45[1].minutes <= 15);
  assert.ok(p45[2].minutes >= 15 && p45[2].minutes <= 20 && p45[3].minutes >= 4 && p45[3].minutes <= 6);
  for (const total of [20, 30, 60, 90]) assert.equal(planPhases(total).reduce((a, p) => a + p.minutes, 0), total);
});

test('timer: phases, pause/resume, overrun and time-up notices with an injected clock', () => {
  const t0 = 1_000_000;
  let s = startTimer(t0, 45, 'fraud-detection', 'file:///a.mlsd.md');
  assert.equal(snapshot(s, t0).phase.id, 'clarify');
  const clarify = s.phases[0].minutes;
  assert.deepEqual(dueNotices(s, t0 + (clarify - 1) * MIN).notices, []);
  const over = dueNotices(s, t0 + (clarify + 1) * MIN);
  assert.deepEqual(over.notices, ['phase-overrun']);
  s = over.state;
  assert.deepEqual(dueNotices(s, t0 + (clarify + 2) * MIN).notices, [], 'an overrun is announced once');
  assert.ok(snapshot(s, t0 + (clarify + 1) * MIN).phaseRemainingMs < 0);
  s = nextPhase(s, t0 + (clarify + 2) * MIN);
  assert.equal(snapshot(s, t0 + (clarify + 2) * MIN).phase.id, 'design');
  assert.equal(snapshot(s, t0 + (clarify + 2) * MIN).phaseRemainingMs, s.phases[1].minutes * MIN);
  s = pauseTimer(s, t0 + 20 * MIN);
  assert.equal(snapshot(s, t0 + 40 * MIN).elapsedMs, 20 * MIN, 'paused time does not count');
  s = resumeTimer(s, t0 + 40 * MIN);
  assert.equal(snapshot(s, t0 + 41 * MIN).elapsedMs, 21 * MIN);
  const late = dueNotices(s, t0 + 70 * MIN);
  assert.ok(late.notices.includes('time-up'));
  assert.equal(JSON.parse(JSON.stringify(s)).phaseIndex, 1, 'state is plain JSON (survives reload)');
  assert.equal(formatClock(65_000), '01:05');
  assert.equal(formatClock(-5_000), '+00:05');
  assert.equal(formatClock(3_725_000), '1:02:05');
});

test('history keeps well-formed sessions and charts coverage over time', () => {
  let list = sanitizeSessions([{ title: 'x', startedAt: 1, durationSec: 60, coverage: 40 }, { bogus: true }, null]);
  assert.equal(list.length, 1);
  list = addSession(list, { title: '<b>y</b>', startedAt: 2, durationSec: 30, coverage: 80 });
  const svg = historyChartSvg(list);
  assert.match(svg, /<path d="M[^"]+L[^"]+"/);
  assert.ok(!svg.includes('<b>'), 'titles are escaped');
  assert.match(historyChartSvg([]), /No finished sessions yet/);
  let many = list;
  for (let i = 0; i < MAX_SESSIONS + 5; i++) many = addSession(many, { title: 't', startedAt: i, durationSec: 1 });
  assert.equal(many.length, MAX_SESSIONS);
});

test('prompts group by topic, senior before staff; checklist follows coverage', () => {
  const { content } = testEngine().compiled;
  const groups = groupPrompts(content.prompts);
  assert.equal(groups.reduce((a, g) => a + g.prompts.length, 0), content.prompts.length);
  for (const g of groups) {
    const levels = g.prompts.map((p) => p.level);
    assert.deepEqual(levels, [...levels].sort((a, b) => (a === b ? 0 : a === 'senior' ? -1 : 1)));
  }
  const prompt = content.prompts.find((p) => p.id === 'fraud-detection');
  assert.ok(prompt);
  const answer = practiceAnswer(prompt, content.template.steps, content.checks, 45);
  assert.match(answer, /^---\nprompt: fraud-detection\nlevel: (senior|staff)\ntimebox: 45\n---\n# /);
  const result = analyze(testEngine(), answer);
  assert.ok(!result.diagnostics.some((d) => d.rule.endsWith('.section') || d.rule.startsWith('structure.')), 'the skeleton has every step, in order');
  assert.ok(result.diagnostics.some((d) => d.rule === 'monitoring.drift'), 'unfilled prompt bullets are not evidence');
  assert.ok(!answer.includes('\n> '), 'the brief is kept out of the evidence (in a comment)');
  const rows = checklist(result.coverage, content.template.steps.map((s) => s.id));
  assert.equal(rows.length, 7);
  assert.equal(rows[0].label, '1. Business goal');
  assert.ok(rows.every((r) => r.status !== 'pass'), 'a skeleton passes no step');
  assert.ok(rows[0].checks.length > 0 && rows[0].checks.every((c) => !c.passed));
  assert.ok(topicsForStep(content.handbook, 'monitoring').length >= 1);
  assert.equal(markdownTable(['a', 'b|c'], [['1', '2\n3']]), '| a | b\\|c |\n| --- | --- |\n| 1 | 2 3 |\n');
});

function assertStrictPage(html: string, nonce: string): void {
  const cspTag = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html);
  assert.ok(cspTag, 'CSP meta tag');
  assert.match(cspTag[1], /default-src 'none'/);
  assert.ok(!/unsafe-(inline|eval)/.test(cspTag[1]));
  for (const script of html.match(/<script\b[^>]*>/g) ?? []) assert.ok(script.includes(`nonce="${nonce}"`), script);
  assert.ok(!/(src|href)="https?:/i.test(html), 'no remote resources');
}

test('webview pages have a strict CSP, a nonce on every script and no remote URL', () => {
  const nonce = 'TESTNONCE123';
  assertStrictPage(handbookHtml('vscode-webview://abc', nonce), nonce);
  const history = historyHtml([{ title: '<script>alert(1)</script>', startedAt: 0, durationSec: 5, coverage: 10 }], 'vscode-webview://abc', nonce);
  assertStrictPage(history, nonce);
  assert.ok(!history.includes('<script>alert'), 'session titles are escaped');
});

test('the built-in preview plugin adds a coverage badge beside each step heading of *.mlsd.md only', async () => {
  const MarkdownIt = (await import('markdown-it')).default;
  const { mlsdPreviewPlugin } = await import('../../client/src/markdownPreview');
  const text = '# Title\n\n## 1. Business goal\nGrow <b>revenue</b>.\n\n## 6. Monitoring\nPSI on features.\n';
  const { coverage } = analyze(testEngine(), text);
  const md = new MarkdownIt({ html: true });
  md.use(mlsdPreviewPlugin((uri) => (uri === 'file:///a.mlsd.md' ? coverage : undefined)) as unknown as (m: typeof md) => void);
  const html = md.render(text, { currentDocument: { toString: () => 'file:///a.mlsd.md' } });
  assert.match(html, /<h2>1\. Business goal <span class="mlsd-badge mlsd-badge-partial"[^>]*>Business goal \d+\/\d+<\/span><\/h2>/);
  assert.match(html, /Monitoring \d+\/\d+<\/span><\/h2>/);
  assert.ok(!/<h1>Title <span/.test(html), 'no badge on the title');
  const plain = md.render(text, { currentDocument: { toString: () => 'file:///notes.md' } });
  assert.ok(!plain.includes('mlsd-badge'));
});

test('the crash window restarts a dying server four times in three minutes, then stops', async () => {
  const { CrashWindow } = await import('../../client/src/models/crashes');
  const w = new CrashWindow(5, 3);
  const t = 1_000_000;
  assert.deepEqual([0, 1, 2, 3].map((i) => w.record(t + i * 1000)), [true, true, true, true]);
  assert.equal(w.record(t + 5000), false, 'the fifth crash within three minutes stops automatic restarts');
  assert.equal(w.record(t + 4 * MIN), true, 'old crashes leave the window');
  w.reset();
  assert.equal(w.record(t + 5 * MIN), true);
});

test('hover Markdown escapes everything, so no text can become a link or a command', async () => {
  const { escapeMarkdown } = await import('../../server/src/features/glossary');
  const hostile = '[run](command:workbench.action.terminal.new) <img src=x> `code` *x*';
  const escaped = escapeMarkdown(hostile);
  assert.ok(!/(^|[^\\])\[run\]\(/.test(escaped));
  assert.ok(!/(^|[^\\])</.test(escaped));
  const MarkdownIt = (await import('markdown-it')).default;
  const html = new MarkdownIt({ html: true, linkify: true }).render(escaped);
  assert.ok(!html.includes('<a '), html);
  assert.ok(!html.includes('<img'), html);
});

test('render watchdog: a diagram that does not finish in time is marked hung once; a finished one never is', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const hangs: string[] = [];
  const watchdog = new RenderWatchdog(5000, (code) => hangs.push(code));
  watchdog.started('flowchart LR\n  a --> b');
  t.mock.timers.tick(4999);
  watchdog.stop(); // rendered just in time
  t.mock.timers.tick(10_000);
  assert.deepEqual(hangs, []);
  assert.equal(watchdog.hasHung('flowchart LR\n  a --> b'), false);

  watchdog.started('first');
  watchdog.started('second'); // the page moved on to the next diagram: only the newest is watched
  t.mock.timers.tick(5000);
  assert.deepEqual(hangs, ['second']);
  assert.equal(watchdog.hasHung('second'), true);
  assert.equal(watchdog.hasHung('first'), false);
  assert.equal(watchdog.watching, false);
  t.mock.timers.tick(60_000);
  assert.deepEqual(hangs, ['second'], 'fires once per hang');
});
