// Child process of scripts/bench.mjs: times the full engine analysis against markdownlint on the same documents,
// in one process, after warm-up, interleaved in rounds (see PLAN); prints one JSON object on stdout.
//   node --expose-gc scripts/bench/engine-worker.mjs [--quick]   engine vs markdownlint
//   node --expose-gc scripts/bench/engine-worker.mjs --peak      peak RSS of one 5 MB analysis in a fresh process
import { lint } from 'markdownlint/sync';
import { loadEngine } from './engine.mjs';
import { DOCS, documentFor } from './docs.mjs';
import { describe } from './gen.mjs';
import { median, procStatus, summarizeRounds } from './stats.mjs';

const quick = process.argv.includes('--quick');
const log = (msg) => process.stderr.write(`  [engine] ${msg}\n`);

// Runs per document size: `rounds` rounds of `cycles` cycles; a cycle is one markdownlint run followed by k engine
// runs, with k chosen after warm-up so that the k engine runs take about as long as the markdownlint run (3 ≤ k ≤
// kMax). Both tools are then sampled over equally long, adjacent stretches of time, so background load on a shared
// machine hits them alike, and the first engine run after markdownlint (which pays for collecting some of
// markdownlint's garbage) is one of several and does not set the median. markdownlint needs ~2 ms per KB here, so
// the 5 MB answer gets one markdownlint run; its rounds also time the 50 KB answer (`companion`, right after the
// 5 MB runs), for a second view of linearity measured under the same load.
const PLAN = {
  '5k': { warm: 20, rounds: 6, cycles: 20, kMax: 12 },
  '50k': { warm: 5, rounds: 6, cycles: 5, kMax: 20 },
  '500k': { warm: 2, rounds: 4, cycles: 2, kMax: 16 },
  '5m': { warm: 1, rounds: 3, cycles: 1, kMax: 3, mdlRounds: 1, companion: { id: '50k', runs: 20 } },
};
const QUICK = {
  '5k': { warm: 5, rounds: 3, cycles: 5, kMax: 6 },
  '50k': { warm: 2, rounds: 3, cycles: 2, kMax: 8 },
  '500k': { warm: 1, rounds: 2, cycles: 1, kMax: 4 },
  '5m': { warm: 0, rounds: 1, cycles: 1, kMax: 2, mdlRounds: 0, companion: { id: '50k', runs: 10 } },
};

function timeIt(fn) {
  const t0 = performance.now();
  fn();
  return performance.now() - t0;
}

function times(count, fn) {
  const out = [];
  for (let i = 0; i < count; i++) out.push(timeIt(fn));
  return out;
}

async function peak() {
  const { mod, engine, config } = await loadEngine();
  const text = documentFor('5m');
  globalThis.gc?.();
  const before = procStatus();
  const ms = timeIt(() => mod.analyze(engine, text, config));
  const after = procStatus();
  return { bytes: Buffer.byteLength(text), ms, rssBeforeMB: before?.rssMB, peakMB: after?.hwmMB };
}

async function compare() {
  const { mod, engine, config } = await loadEngine();
  const plan = quick ? QUICK : PLAN;
  const engineRun = (text) => mod.analyze(engine, text, config);
  const mdlRun = (text) => lint({ strings: { answer: text } });
  const results = {};
  for (const doc of DOCS) {
    const p = plan[doc.id];
    const text = documentFor(doc.id);
    const info = describe(text);
    const analysis = engineRun(text);
    const mdlRounds = p.mdlRounds ?? p.rounds;
    const mdlIssues = mdlRounds > 0 ? mdlRun(text).answer.length : undefined;
    const warmEngine = [];
    const warmMdl = [];
    for (let i = 0; i < p.warm; i++) {
      warmEngine.push(timeIt(() => engineRun(text)));
      if (mdlRounds > 0 && doc.id !== '5m') warmMdl.push(timeIt(() => mdlRun(text)));
    }
    const k = warmMdl.length > 0 ? Math.max(3, Math.min(p.kMax, Math.round(median(warmMdl.slice(-3)) / median(warmEngine.slice(-3))))) : p.kMax;
    const companion = p.companion ? documentFor(p.companion.id) : undefined;
    log(`${doc.id}: ${info.bytes} bytes, ${p.rounds} rounds × ${p.cycles} cycles × (${mdlRounds > 0 ? '1 markdownlint + ' : ''}${k} engine runs${companion ? ` + ${p.companion.runs} × ${p.companion.id}` : ''})`);
    const eng = [];
    const mdl = [];
    const ratios = [];
    const scale = [];
    for (let r = 0; r < p.rounds; r++) {
      const e = [];
      const m = [];
      const c50 = [];
      for (let c = 0; c < p.cycles; c++) {
        if (r < mdlRounds) m.push(timeIt(() => mdlRun(text)));
        e.push(...times(k, () => engineRun(text)));
        if (companion) c50.push(...times(p.companion.runs, () => engineRun(companion)));
      }
      eng.push(e);
      if (m.length > 0) {
        mdl.push(m);
        ratios.push(median(e) / median(m));
      }
      if (c50.length > 0) scale.push({ small: median(c50), ratio: median(e) / median(c50) });
    }
    results[doc.id] = {
      ...info,
      diagnostics: analysis.diagnostics.length,
      coverage: analysis.coverage.total,
      markdownlintIssues: mdlIssues,
      engine: summarizeRounds(eng),
      markdownlint: mdl.length > 0 ? summarizeRounds(mdl) : undefined,
      ratio: ratios.length > 0 ? { median: median(ratios), rounds: ratios } : undefined,
      k,
      companion: companion
        ? { id: p.companion.id, runs: p.companion.runs, bytes: Buffer.byteLength(companion), medianMs: median(scale.map((x) => x.small)), timeRatio: median(scale.map((x) => x.ratio)), rounds: scale.map((x) => x.ratio) }
        : undefined,
    };
  }
  results.edit = editRuns(mod, engine, config, quick);
  return results;
}

/**
 * What the server's analysis costs per keystroke: analyze() of the 50 KB answer after typing or deleting one
 * character in a prose line, with the per-block evidence cache on (as in the server), so only the edited block is
 * normalised and scanned again; parsing, rules and coverage still run on the whole answer.
 */
function editRuns(mod, engine, config, quick) {
  mod.setEvidenceCache(true);
  const lines = documentFor('50k').split('\n');
  const at = lines.findIndex((l, i) => i > lines.length / 2 && /^[A-Z]/.test(l) && l.length > 20);
  const variants = [' d', ' dr', ' dri', ' drif', ' drift', ' drif', ' dri', ' dr', ' d', ''].map((tail) => {
    const copy = [...lines];
    copy[at] += tail;
    return copy.join('\n');
  });
  let i = 0;
  const next = () => mod.analyze(engine, variants[i++ % variants.length], config);
  for (let w = 0; w < 20; w++) next();
  const rounds = [];
  for (let r = 0; r < (quick ? 2 : 5); r++) rounds.push(times(quick ? 20 : 40, next));
  mod.setEvidenceCache(false);
  return summarizeRounds(rounds);
}

const out = process.argv.includes('--peak') ? await peak() : await compare();
process.stdout.write(JSON.stringify(out));
