import { lint } from 'markdownlint/sync';
import { loadEngine } from './engine.mjs';
import { documentFor } from './docs.mjs';
import { median } from './stats.mjs';
const { mod, engine, config } = await loadEngine();
const t = documentFor('50k');
const time = (fn) => { const t0 = performance.now(); fn(); return performance.now() - t0; };
const eng = () => mod.analyze(engine, t, config);
const mdl = () => lint({ strings: { x: t } });
for (let i = 0; i < 10; i++) { eng(); mdl(); }
for (let rep = 0; rep < 2; rep++) {
const a = []; for (let i = 0; i < 30; i++) a.push(time(eng));
const b = [], bm = []; for (let i = 0; i < 12; i++) { bm.push(time(mdl)); b.push(time(eng)); }
const c = [], cm = []; for (let i = 0; i < 12; i++) { gc(); cm.push(time(mdl)); gc(); c.push(time(eng)); }
console.log('alone', median(a).toFixed(2), '| after mdl', median(b).toFixed(2), 'mdl', median(bm).toFixed(1), 'ratio', (median(b)/median(bm)).toFixed(3), '| gc-separated', median(c).toFixed(2), 'mdl', median(cm).toFixed(1), 'ratio', (median(c)/median(cm)).toFixed(3));
}
