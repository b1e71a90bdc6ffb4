// LSP measurements against the built server (`node dist/server.js --stdio`), spoken to over stdio with
// vscode-languageserver-protocol exactly as an editor would: spawn → initialize, didOpen → first diagnostics,
// didChange → publishDiagnostics round trips, Mermaid results, and the server process's memory (/proc/<pid>/status).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ROOT } from './engine.mjs';
import { answerSet, documentFor } from './docs.mjs';
import { flowchart, generateAnswer } from './gen.mjs';
import { median, procStatus, sleep, summarizeRounds } from './stats.mjs';

const require = createRequire(import.meta.url);
const P = require('vscode-languageserver-protocol/node');

const SERVER = join(ROOT, 'dist/server.js');
export const MERMAID_WORKER = join(ROOT, 'dist/mermaid.worker.js');
const log = (msg) => process.stderr.write(`  [lsp] ${msg}\n`);

/** Spawns the server and initializes it; `initMs` is spawn → initialize response. */
export async function startServer(settings, nodeArgs = []) {
  const t0 = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-4000)));
  const connection = P.createProtocolConnection(new P.StreamMessageReader(child.stdout), new P.StreamMessageWriter(child.stdin));
  const listeners = new Set();
  connection.onNotification(P.PublishDiagnosticsNotification.type, (params) => {
    const t = performance.now();
    for (const l of [...listeners]) l(params, t);
  });
  connection.onRequest('workspace/configuration', (params) => params.items.map(() => settings));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification(() => undefined);
  connection.listen();
  await connection.sendRequest(P.InitializeRequest.type, {
    processId: process.pid,
    rootUri: null,
    workspaceFolders: null,
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { workspaceTrusted: true },
  });
  const initMs = performance.now() - t0;
  await connection.sendNotification(P.InitializedNotification.type, {});
  /** Resolves with { params, t } for the first publish that satisfies `pred` (registered before the trigger). */
  const waitFor = (pred, timeoutMs = 20_000) => {
    let listener;
    const promise = new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for diagnostics${stderr ? `; server stderr: ${stderr}` : ''}`));
      }, timeoutMs);
      listener = (params, t) => {
        if (!pred(params)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolve({ params, t });
      };
      listeners.add(listener);
    });
    return promise;
  };
  return {
    connection,
    child,
    initMs,
    waitFor,
    open: (uri, text) => connection.sendNotification(P.DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'markdown', version: 1, text } }),
    change: (uri, version, contentChanges) => connection.sendNotification(P.DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges }),
    status: () => procStatus(child.pid),
    async stop() {
      try {
        await Promise.race([connection.sendRequest(P.ShutdownRequest.type), sleep(2000)]);
        await connection.sendNotification(P.ExitNotification.type);
      } catch {
        // already gone
      }
      connection.dispose();
      await Promise.race([new Promise((resolve) => child.once('exit', resolve)), sleep(2000)]);
      if (child.exitCode === null) child.kill();
    },
  };
}

const DELAY0 = { validate: { run: 'onType', delay: 0 } };
const uriOf = (name) => `file:///bench/${name}.mlsd.md`;

/** A line of plain prose in the Monitoring section (outside fences): where the simulated typing happens. */
function typingLine(text) {
  const lines = text.split('\n');
  let inFence = false;
  let inMonitoring = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('```')) inFence = !inFence;
    if (inFence) continue;
    if (/^## /.test(line)) inMonitoring = /monitoring|监控/i.test(line);
    else if (inMonitoring && /^[A-Z]/.test(line) && line.length > 20) return { line: i, character: line.length };
  }
  throw new Error('no prose line in the Monitoring section');
}

/** Fresh servers: spawn → initialize, then didOpen of the 50 KB answer → first diagnostics (sent right away). */
export async function startupRuns(count) {
  const text = documentFor('50k');
  const init = [];
  const first = [];
  const spawnToFirst = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const server = await startServer(DELAY0);
    const uri = uriOf(`first-${i}`);
    const pending = server.waitFor((p) => p.uri === uri);
    const tOpen = performance.now();
    await server.open(uri, text);
    const { t } = await pending;
    init.push(server.initMs);
    first.push(t - tOpen);
    spawnToFirst.push(t - t0);
    await server.stop();
  }
  log(`startup: initialize ${init.map((x) => x.toFixed(0)).join(', ')} ms; first diagnostics ${first.map((x) => x.toFixed(0)).join(', ')} ms`);
  const s = (list) => ({ median: median(list), min: Math.min(...list), max: Math.max(...list), runs: list });
  return { initialize: s(init), firstDiagnostics: s(first), spawnToFirstDiagnostics: s(spawnToFirst) };
}

/** didChange → publishDiagnostics on the 50 KB answer with validate.delay = 0: simulated typing, in rounds. */
export async function roundTrips({ warm, rounds, perRound, baseline = 0, text = documentFor('50k'), name = 'typing', nodeArgs = [] }) {
  const server = await startServer(DELAY0, nodeArgs);
  const uri = uriOf(name);
  const opened = server.waitFor((p) => p.uri === uri);
  await server.open(uri, text);
  await opened;
  await sleep(300); // the settings pull re-validates once; let it pass
  const at = typingLine(text);
  const word = ' drift';
  let version = 1;
  let typed = 0; // characters of `word` currently inserted
  let forward = true;
  const edit = async () => {
    let change;
    if (forward) {
      change = { range: { start: { line: at.line, character: at.character + typed }, end: { line: at.line, character: at.character + typed } }, text: word[typed] };
      typed++;
      if (typed === word.length) forward = false;
    } else {
      change = { range: { start: { line: at.line, character: at.character + typed - 1 }, end: { line: at.line, character: at.character + typed } }, text: '' };
      typed--;
      if (typed === 0) forward = true;
    }
    version++;
    const v = version;
    const pending = server.waitFor((p) => p.uri === uri && p.version === v, 10_000);
    const t0 = performance.now();
    await server.change(uri, v, [change]);
    const { t } = await pending;
    return t - t0;
  };
  for (let i = 0; i < warm; i++) await edit();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    const round = [];
    for (let i = 0; i < perRound; i++) round.push(await edit());
    samples.push(round);
  }
  // Transport and scheduling alone: a request the server answers from its cache (same version, no analysis).
  const requests = [];
  for (let i = 0; i < baseline; i++) {
    const t0 = performance.now();
    await server.connection.sendRequest('mlsd/coverage', { uri });
    requests.push(performance.now() - t0);
  }
  const status = server.status();
  await server.stop();
  const summary = summarizeRounds(samples);
  log(`didChange→diagnostics (${name}): p50 ${summary.median.toFixed(2)} ms, p95 ${summary.p95.toFixed(2)} ms over ${summary.runs} edits${baseline ? `; cached request ${median(requests).toFixed(2)} ms` : ''}`);
  return { ...summary, rssMB: status?.rssMB, threads: status?.threads, cachedRequest: baseline ? { median: median(requests), runs: requests.length } : undefined };
}

/** Server memory: idle after initialize, then after opening `count` answers of `bytes` each. */
export async function memoryRuns(count, bytes) {
  const server = await startServer(DELAY0);
  await sleep(1000);
  const idle = server.status();
  const answers = answerSet(count, bytes);
  const t0 = performance.now();
  for (let i = 0; i < answers.length; i++) {
    const uri = uriOf(`set-${i}`);
    const pending = server.waitFor((p) => p.uri === uri);
    await server.open(uri, answers[i]);
    await pending;
  }
  const openMs = performance.now() - t0;
  await sleep(1500);
  const after = server.status();
  await server.stop();
  log(`memory: idle ${idle?.rssMB.toFixed(1)} MB; after ${count} answers ${after?.rssMB.toFixed(1)} MB (peak ${after?.hwmMB.toFixed(1)}, ${after?.threads} threads)`);
  return { idle, after, count, bytes, openMs, idleThreads: idle?.threads };
}

/** The 5 MB answer in one server (size limit raised so all of it is analysed): first diagnostics and peak RSS. */
export async function bigDocument() {
  const mermaid = existsSync(MERMAID_WORKER);
  const server = await startServer({ ...DELAY0, maxFileSizeKB: 8192 });
  await sleep(500);
  const before = server.status();
  const text = documentFor('5m');
  const uri = uriOf('big');
  let publishes = 0;
  const pending = server.waitFor((p) => p.uri === uri && ++publishes === 1, 60_000);
  const t0 = performance.now();
  await server.open(uri, text);
  const { t } = await pending;
  const atFirst = server.status();
  // With Mermaid built, the worker then checks every block of the answer and the server publishes again.
  const second = mermaid ? await server.waitFor((p) => p.uri === uri, 60_000).catch(() => undefined) : undefined;
  const settled = server.status();
  await server.stop();
  log(`5 MB: first diagnostics ${(t - t0).toFixed(0)} ms, peak ${atFirst?.hwmMB.toFixed(1)} MB at first publish${second ? `, ${settled?.hwmMB.toFixed(1)} MB after the Mermaid pass (${(second.t - t0).toFixed(0)} ms)` : ''}`);
  return {
    mermaid,
    firstDiagnosticsMs: t - t0,
    rssBeforeMB: before?.rssMB,
    peakAtFirstMB: atFirst?.hwmMB,
    peakAfterMB: settled?.hwmMB,
    secondPublish: second !== undefined,
    secondPublishMs: second ? second.t - t0 : undefined,
  };
}

/**
 * Mermaid validation through the server (only when dist/mermaid.worker.js is built). A diagram block is appended
 * to the 50 KB answer; each edit rewrites the block's last line (a unique edge label, so the block's cache misses).
 * A valid edit is timed to the publish that carries the Mermaid pass (the second publish of that version); a broken
 * edit (junk on the last line, so Mermaid reads the whole diagram first) to the publish with its `mermaid.syntax`.
 */
export async function mermaidRuns({ nodes, edits }) {
  if (!existsSync(MERMAID_WORKER)) return undefined;
  const server = await startServer(DELAY0);
  const uri = uriOf(`mermaid-${nodes}`);
  const base = generateAnswer(50_000, 50);
  const diagram = flowchart(nodes).split('\n');
  const head = `${base}\n## Appendix: diagram\n\n\`\`\`mermaid\n`;
  const fenceLine = head.split('\n').length - 2;
  const lastLine = fenceLine + diagram.length; // the block's last content line (the feedback edge)
  const lastText = diagram[diagram.length - 1];
  const variant = (n, broken) => (broken ? `${lastText.replace('|feedback|', `|feedback ${n}|`)} ]]] -->` : lastText.replace('|feedback|', `|feedback ${n}|`));
  const text = `${head}${[...diagram.slice(0, -1), variant(0, true)].join('\n')}\n\`\`\`\n`;
  const inBlock = (d) => d.code === 'mermaid.syntax' && d.range.start.line > fenceLine && d.range.start.line <= lastLine + 1;
  const t0 = performance.now();
  const cold = server.waitFor((p) => p.uri === uri && p.diagnostics.some(inBlock), 60_000);
  await server.open(uri, text);
  const coldResult = await cold;
  const coldMs = coldResult.t - t0;
  let version = 1;
  const valid = [];
  const broken = [];
  for (let i = 1; i <= edits * 2; i++) {
    const isBroken = i % 2 === 0;
    version++;
    const v = version;
    let count = 0;
    const pending = isBroken
      ? server.waitFor((p) => p.uri === uri && p.version === v && p.diagnostics.some(inBlock), 20_000)
      : server.waitFor((p) => p.uri === uri && p.version === v && ++count === 2, 20_000);
    const change = { range: { start: { line: lastLine, character: 0 }, end: { line: lastLine + 1, character: 0 } }, text: `${variant(i, isBroken)}\n` };
    const tSend = performance.now();
    await server.change(uri, v, [change]);
    const { t } = await pending;
    (isBroken ? broken : valid).push(t - tSend);
    await sleep(20);
  }
  const status = server.status();
  await server.stop();
  const warmValid = valid.slice(2);
  const warmBroken = broken.slice(2);
  log(`mermaid ${nodes} nodes: cold ${coldMs.toFixed(0)} ms; valid edit p50 ${median(warmValid).toFixed(1)} ms; broken edit p50 ${median(warmBroken).toFixed(1)} ms`);
  return {
    nodes,
    coldMs,
    valid: { median: median(warmValid), max: Math.max(...warmValid), runs: warmValid.length },
    broken: { median: median(warmBroken), max: Math.max(...warmBroken), runs: warmBroken.length },
    rssMB: status?.rssMB,
    hwmMB: status?.hwmMB,
  };
}
